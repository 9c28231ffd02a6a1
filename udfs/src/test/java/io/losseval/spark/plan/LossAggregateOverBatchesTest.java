package io.losseval.spark.plan;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.spark.LossSessionExtensions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import scala.collection.JavaConverters;

/**
 * The columnar partial aggregate ({@link LossAggregateOverBatches}) against Spark's row path on the same
 * Parquet data: every loss and output form, grouped and global, weighted and bootstrapped, gives the
 * same bits both ways, over any number of input partitions; and the plan uses it exactly where it can.
 */
class LossAggregateOverBatchesTest {
  private static final int ROWS = 5000;
  private static final int CLASSES = 7;
  private static SparkSession spark;
  private static Path dir;
  private static String data;

  @BeforeAll
  static void startSpark() throws Exception {
    spark = SparkSession.builder()
        .master("local[2]")
        .appName("losseval-columnar-tests")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .withExtensions(new LossSessionExtensions())
        .getOrCreate();
    dir = Files.createTempDirectory("losseval-columnar");
    data = dir.resolve("data").toString();
    spark.createDataFrame(rows(), schema()).repartition(5).write().parquet(data);
    spark.read().parquet(data).createOrReplaceTempView("preds");
  }

  @AfterAll
  static void stopSpark() throws Exception {
    spark.stop();
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    }
  }

  private static StructType schema() {
    return new StructType()
        .add("model", DataTypes.StringType, true)
        .add("p", DataTypes.DoubleType, true)
        .add("t", DataTypes.DoubleType, true)
        .add("w", DataTypes.DoubleType, true)
        .add("sign", DataTypes.IntegerType, true)
        .add("logits", DataTypes.createArrayType(DataTypes.FloatType, true), true)
        .add("label", DataTypes.IntegerType, true)
        .add("probs", DataTypes.createArrayType(DataTypes.DoubleType, true), true)
        .add("anchor", DataTypes.createArrayType(DataTypes.DoubleType, true), true)
        .add("positive", DataTypes.createArrayType(DataTypes.DoubleType, true), true)
        .add("negative", DataTypes.createArrayType(DataTypes.DoubleType, true), true)
        .add("grid", DataTypes.createArrayType(
            DataTypes.createArrayType(DataTypes.FloatType, false), true), true)
        .add("grid_label", DataTypes.createArrayType(DataTypes.IntegerType, false), true)
        .add("vec", SQLDataTypes.VectorType(), true);
  }

  /** Seeded rows with a share of nulls in every column, ignored labels and sparse vectors. */
  private static List<Row> rows() {
    Random r = new Random(20261123);
    List<Row> rows = new ArrayList<>();
    String[] models = {"a", "b", "c", null};
    for (int i = 0; i < ROWS; i++) {
      float[] logits = new float[CLASSES];
      List<Float> logitList = new ArrayList<>();
      for (int c = 0; c < CLASSES; c++) {
        logits[c] = (float) (3 * r.nextGaussian());
        logitList.add(r.nextInt(200) == 0 ? null : logits[c]);
      }
      double[] probs = new double[CLASSES];
      double total = 0;
      for (int c = 0; c < CLASSES; c++) {
        probs[c] = r.nextDouble();
        total += probs[c];
      }
      List<Double> probList = new ArrayList<>();
      for (double p : probs) {
        probList.add(p / total);
      }
      List<List<Float>> grid = new ArrayList<>();
      List<Integer> gridLabel = new ArrayList<>();
      for (int c = 0; c < 3; c++) {
        List<Float> inner = new ArrayList<>();
        for (int d = 0; d < 2; d++) {
          inner.add((float) r.nextGaussian());
        }
        grid.add(inner);
      }
      gridLabel.add(r.nextInt(3));
      gridLabel.add(r.nextInt(3));
      double[] dense = new double[CLASSES];
      for (int c = 0; c < CLASSES; c++) {
        dense[c] = r.nextInt(3) == 0 ? 0.0 : r.nextGaussian();
      }
      rows.add(RowFactory.create(
          models[r.nextInt(models.length)],
          r.nextInt(50) == 0 ? null : r.nextGaussian() * 10,
          r.nextInt(50) == 0 ? null : r.nextGaussian() * 10,
          r.nextInt(50) == 0 ? null : (double) r.nextInt(4),
          r.nextBoolean() ? 1 : -1,
          r.nextInt(40) == 0 ? null : logitList,
          r.nextInt(30) == 0 ? -100 : r.nextInt(CLASSES),
          probList,
          embedding(r, 16), embedding(r, 16), embedding(r, 16),
          grid, gridLabel,
          r.nextInt(40) == 0 ? null
              : r.nextBoolean() ? Vectors.dense(dense) : Vectors.dense(dense).toSparse()));
    }
    return rows;
  }

  private static List<Double> embedding(Random r, int d) {
    List<Double> e = new ArrayList<>();
    for (int i = 0; i < d; i++) {
      e.add(r.nextGaussian());
    }
    return e;
  }

  /** The aggregates compared, each as SQL over the view {@code preds}. */
  static Stream<String> aggregates() {
    return Stream.of(
        "mse_loss(p, t)",
        "mse_loss(p * 2 + 1, t, 'reduction=sum')",
        "l1_loss(p, t, w)",
        "smooth_l1_loss(p, t, 'beta=0.5')",
        "huber_loss_stats(p, t, 'delta=2.0')",
        "cross_entropy(logits, label)",
        "cross_entropy_stats(logits, label, w, 'label_smoothing=0.1, weight=[1,2,1,1,3,1,1]')",
        "cross_entropy(logits, probs)",
        "cross_entropy(grid, grid_label)",
        "cross_entropy(vec, label)",
        "nll_loss(logits, label, 'reduction=sum')",
        "kl_div(logits, probs, 'reduction=batchmean')",
        "binary_cross_entropy_with_logits(p, cast(sign > 0 AS double), 'pos_weight=[2.0]')",
        "hinge_embedding_loss(p, sign)",
        "margin_ranking_loss(p, t, sign, 'margin=0.5')",
        "triplet_margin_loss(anchor, positive, negative, 'margin=0.3')",
        "cosine_embedding_loss(anchor, positive, sign)",
        "mse_loss_bootstrap(p, t, 50, 7)");
  }

  @ParameterizedTest
  @MethodSource("aggregates")
  void groupedAggregateHasTheBitsOfTheRowPath(String aggregate) {
    String query = "SELECT model, " + aggregate + " AS v FROM preds GROUP BY model ORDER BY model";
    List<String> columnar = run(query, true);
    List<String> rows = run(query, false);
    assertEquals(rows, columnar, query);
    assertEquals(4, columnar.size());
  }

  @ParameterizedTest
  @MethodSource("aggregates")
  void globalAggregateHasTheBitsOfTheRowPath(String aggregate) {
    String query = "SELECT " + aggregate + " AS v FROM preds";
    assertEquals(run(query, false), run(query, true), query);
  }

  @Test
  void manyLossesInOneQueryOverManySplitsKeepTheirBits() {
    String query = "SELECT model, mse_loss(p, t), cross_entropy_stats(logits, label), "
        + "triplet_margin_loss(anchor, positive, negative) FROM preds GROUP BY model ORDER BY model";
    List<String> reference = run(query, false);
    for (String maxBytes : List.of("4096", "65536", "134217728")) {
      spark.conf().set("spark.sql.files.maxPartitionBytes", maxBytes);
      spark.conf().set("spark.sql.files.openCostInBytes", "0");
      try {
        assertEquals(reference, run(query, true), "maxPartitionBytes " + maxBytes);
      } finally {
        spark.conf().unset("spark.sql.files.maxPartitionBytes");
        spark.conf().unset("spark.sql.files.openCostInBytes");
      }
    }
  }

  /**
   * Losses over batches without nulls, in files sorted by model: the aggregate reads runs of rows (a
   * whole batch without grouping, a run of one model with it) straight from the column vectors
   * (doubles, ints, a weight, float and double arrays, 333-class logits that fill a batch after 99
   * rows), yet gives the row path's bits, for batches of any size. Projected inputs and the bootstrap
   * (which read row by row) are checked beside them.
   */
  @ParameterizedTest
  @MethodSource("denseAggregates")
  void lossesOverBatchesWithoutNullsHaveTheBitsOfTheRowPath(String aggregate) {
    String dense = dense();
    for (String query : List.of(
        "SELECT " + aggregate + " AS v FROM parquet.`" + dense + "`",
        "SELECT model, " + aggregate + " AS v FROM parquet.`" + dense + "` GROUP BY model ORDER BY model")) {
      List<String> reference = run(query, false);
      for (String batchRows : List.of("300", "4096")) {
        spark.conf().set("spark.sql.parquet.columnarReaderBatchSize", batchRows);
        try {
          assertEquals(reference, run(query, true), query + ", batches of " + batchRows + " rows");
        } finally {
          spark.conf().unset("spark.sql.parquet.columnarReaderBatchSize");
        }
      }
    }
  }

  /** The rows without nulls, sorted by model within each file, with 333-class logits beside them. */
  private static String dense() {
    String dense = dir.resolve("dense").toString();
    if (!Files.exists(Path.of(dense))) {
      spark.read().parquet(data)
          .na().drop(new String[] {"p", "t", "w", "logits"})
          .filter("NOT exists(logits, x -> x IS NULL)")
          .withColumn("wide", expr("transform(sequence(0, 332), k -> cast(sin(k * 7 + p) * 3 AS float))"))
          .withColumn("wide_label", expr("cast(abs(p) * 1000 AS int) % 333"))
          .sortWithinPartitions("model")
          .write().parquet(dense);
    }
    return dense;
  }

  @Test
  void aRowErrorFromColumnsReadAsRunsNamesTheFunctionAndColumnAsTheRowPathDoes() {
    String query = "SELECT cross_entropy(logits, wide_label) FROM parquet.`" + dense() + "`";
    // which bad row is reported depends on which of the concurrent tasks fails first
    String columnar = errorOf(query, true).replaceAll("found \\d+", "found N");
    assertEquals(errorOf(query, false).replaceAll("found \\d+", "found N"), columnar);
    assertTrue(columnar.contains("out of range for 7 classes: expected an index in [0, 7)"), columnar);
    assertTrue(columnar.startsWith("cross_entropy: ") && columnar.contains("(column 'wide_label')"),
        columnar);
  }

  static Stream<String> denseAggregates() {
    return Stream.of(
        "mse_loss(p, t)",
        "mse_loss_stats(p, t, 'reduction=sum')",
        "l1_loss(p, t, w)",
        "huber_loss(p, t, 'delta=2.0')",
        "hinge_embedding_loss(p, sign)",
        "margin_ranking_loss(p, t, sign, 'margin=0.5')",
        "cross_entropy_stats(logits, label, w, 'label_smoothing=0.1, weight=[1,2,1,1,3,1,1]')",
        "cross_entropy(logits, probs)",
        "kl_div(logits, probs, 'reduction=batchmean')",
        "triplet_margin_loss(anchor, positive, negative, 'margin=0.3')",
        "cross_entropy_stats(wide, wide_label)",
        "mse_loss(p * 2 + 1, t)",
        "mse_loss_bootstrap(p, t, 20, 7)");
  }

  @Test
  void moreGroupsThanATaskHoldsAreFlushedAndMergedToTheSameBits() {
    String query = "SELECT model, sign, cross_entropy_stats(logits, label), mse_loss(p, t) FROM preds "
        + "GROUP BY model, sign ORDER BY model, sign";
    List<String> reference = run(query, false);
    spark.conf().set("spark.sql.objectHashAggregate.sortBased.fallbackThreshold", "2");
    try {
      assertEquals(reference, run(query, true));
      Dataset<Row> df = spark.sql(query);
      df.collect();
      long partialRows = exec(df.queryExecution().executedPlan()).metrics().apply("numOutputRows")
          .value();
      assertTrue(partialRows > 100, "states flushed as groups came and went: " + partialRows);
    } finally {
      spark.conf().unset("spark.sql.objectHashAggregate.sortBased.fallbackThreshold");
    }
    assertEquals(8, reference.size());
  }

  @Test
  void planUsesTheBatchesOnlyForLossAggregatesOverAColumnarScan() {
    assertTrue(plan("SELECT mse_loss(p, t) FROM preds").contains("LossAggregateOverBatches"));
    assertTrue(plan("SELECT model, cross_entropy(logits, label) FROM preds GROUP BY model")
        .contains("LossAggregateOverBatches"));
    // another aggregate, a FILTER clause, or a row-based input keep Spark's partial aggregate
    assertFalse(plan("SELECT mse_loss(p, t), count(*) FROM preds").contains("LossAggregateOverBatches"));
    assertFalse(plan("SELECT mse_loss(p, t) FILTER (WHERE w > 1) FROM preds")
        .contains("LossAggregateOverBatches"));
    assertFalse(plan("SELECT mse_loss(p, t) FROM preds WHERE w > 1")
        .contains("LossAggregateOverBatches"));
    assertFalse(plan("SELECT mse_loss(a, b) FROM VALUES (1.0D, 2.0D) AS v(a, b)")
        .contains("LossAggregateOverBatches"));
    spark.conf().set(LossAggregateOverBatches.ENABLED, "false");
    try {
      assertFalse(plan("SELECT mse_loss(p, t) FROM preds").contains("LossAggregateOverBatches"));
    } finally {
      spark.conf().unset(LossAggregateOverBatches.ENABLED);
    }
  }

  @Test
  void queriesTheRewriteLeavesAloneStillAgree() {
    String query = "SELECT mse_loss(p, t) FILTER (WHERE w > 1), mse_loss(p, t), count(*) FROM preds";
    assertEquals(run(query, false), run(query, true));
  }

  @Test
  void emptyInputGivesNullAndZeroCounts() {
    String empty = dir.resolve("empty").toString();
    spark.read().parquet(data).limit(0).write().parquet(empty);
    Row row = spark.sql("SELECT mse_loss(p, t), mse_loss_stats(p, t).rows FROM parquet.`" + empty
        + "`").first();
    assertNull(row.get(0));
    assertEquals(0L, row.getLong(1));
    assertTrue(plan("SELECT mse_loss(p, t) FROM parquet.`" + empty + "`")
        .contains("LossAggregateOverBatches"));
  }

  @Test
  void aRowErrorNamesTheFunctionAsTheRowPathDoes() {
    String query = "SELECT mse_loss(p, t, 'on_null=error') FROM preds";
    // p and t both hold nulls: which is reported depends on which of the concurrent tasks fails first
    String columnar = anyNullArgument(errorOf(query, true));
    assertEquals(anyNullArgument(errorOf(query, false)), columnar);
    assertTrue(columnar.startsWith("mse_loss: ") && columnar.contains(" is null"), columnar);
  }

  @Test
  void dataFrameApiTakesTheSamePath() {
    Dataset<Row> df = spark.read().parquet(data).groupBy(col("model"))
        .agg(io.losseval.spark.Losses.mseLoss(col("p"), col("t")));
    String plan = executedPlan(df);
    assertTrue(plan.contains("LossAggregateOverBatches"), plan);
    assertEquals(
        run("SELECT model, mse_loss(p, t) FROM preds GROUP BY model ORDER BY model", false),
        strings(df.orderBy(expr("model")).collectAsList()));
  }

  // ------------------------------------------------------------------------------------------ helpers

  private static List<String> run(String query, boolean columnar) {
    spark.conf().set(LossAggregateOverBatches.ENABLED, Boolean.toString(columnar));
    try {
      Dataset<Row> df = spark.sql(query);
      List<String> out = strings(df.collectAsList());
      assertEquals(columnar && !query.contains("count(*)"),
          executedPlan(df).contains("LossAggregateOverBatches"), query);
      return out;
    } finally {
      spark.conf().unset(LossAggregateOverBatches.ENABLED);
    }
  }

  private static String errorOf(String query, boolean columnar) {
    spark.conf().set(LossAggregateOverBatches.ENABLED, Boolean.toString(columnar));
    try {
      Exception e = assertThrows(Exception.class, () -> spark.sql(query).collect());
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      return cause.getMessage();
    } finally {
      spark.conf().unset(LossAggregateOverBatches.ENABLED);
    }
  }

  /** A null-argument message of {@code mse_loss(p, t)} with the argument and column left out. */
  private static String anyNullArgument(String message) {
    return message.replaceAll("(input|target) is null", "ARG is null").replaceAll("column '[pt]'", "column C");
  }

  /** Rows as text: doubles print as their shortest exact form, so equal text is equal bits. */
  private static List<String> strings(List<Row> rows) {
    List<String> out = new ArrayList<>();
    for (Row row : rows) {
      out.add(row.toString());
    }
    return out;
  }

  /** The columnar partial aggregate in an executed plan (through adaptive execution's stages). */
  private static LossAggregateOverBatchesExec exec(SparkPlan plan) {
    if (plan instanceof LossAggregateOverBatchesExec) {
      return (LossAggregateOverBatchesExec) plan;
    }
    List<SparkPlan> next = new ArrayList<>(JavaConverters.seqAsJavaList(plan.children()));
    if (plan instanceof AdaptiveSparkPlanExec) {
      next.add(((AdaptiveSparkPlanExec) plan).executedPlan());
    }
    if (plan instanceof QueryStageExec) {
      next.add(((QueryStageExec) plan).plan());
    }
    for (SparkPlan child : next) {
      LossAggregateOverBatchesExec found = exec(child);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static String plan(String query) {
    return executedPlan(spark.sql(query));
  }

  private static String executedPlan(Dataset<Row> df) {
    df.collect();
    return df.queryExecution().executedPlan().toString();
  }
}
