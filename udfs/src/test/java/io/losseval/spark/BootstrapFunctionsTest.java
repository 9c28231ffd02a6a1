package io.losseval.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.apache.spark.sql.functions.col;

import io.losseval.core.Batch;
import io.losseval.core.Column;
import io.losseval.core.Loss;
import io.losseval.core.LossCatalog;
import io.losseval.core.LossOptions;
import io.losseval.core.bootstrap.BootstrapAccumulator;
import io.losseval.core.bootstrap.BootstrapInterval;
import io.losseval.core.bootstrap.PoissonBootstrap;
import io.losseval.core.kernel.KernelProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code <loss>_bootstrap}: its value is the plain aggregate's, its replicates are core's replicates of
 * the same rows keyed by their hash, and everything has the same bits for any partitioning; keyed by an
 * example id, two models are resampled together.
 */
class BootstrapFunctionsTest extends SparkTestSession {
  private static final int EXAMPLES = 1500;
  private static Dataset<Row> preds;

  /**
   * Two models' logits over 4 classes for the same examples (id), with labels (-100 now and then):
   * model b is model a a little better and a little noisier, so their losses per example correlate.
   */
  @BeforeAll
  static void data() {
    Random r = new Random(20261123);
    List<Row> rows = new ArrayList<>();
    for (int id = 0; id < EXAMPLES; id++) {
      int label = id % 17 == 0 ? -100 : r.nextInt(4);
      double[] a = new double[4];
      double[] b = new double[4];
      for (int c = 0; c < 4; c++) {
        a[c] = r.nextGaussian() + (c == label ? 1.0 : 0);
        b[c] = a[c] + (c == label ? 0.3 : 0) + 0.2 * r.nextGaussian();
      }
      rows.add(RowFactory.create((long) id, "a", a, label));
      rows.add(RowFactory.create((long) id, "b", b, label));
    }
    StructType schema = new StructType()
        .add("id", DataTypes.LongType)
        .add("model", DataTypes.StringType)
        .add("logits", DataTypes.createArrayType(DataTypes.DoubleType))
        .add("label", DataTypes.IntegerType);
    preds = spark.createDataFrame(rows, schema).cache();
    preds.createOrReplaceTempView("boot_preds");
  }

  @Test
  void valueIsThePlainAggregatesAndTheIntervalHoldsIt() {
    Row r = spark.sql("SELECT cross_entropy(logits, label) AS plain,"
        + " cross_entropy_bootstrap(logits, label, 200, 42) AS boot FROM boot_preds WHERE model = 'a'")
        .first();
    Row boot = r.getStruct(1);
    assertEquals(Double.doubleToRawLongBits(r.getDouble(0)),
        Double.doubleToRawLongBits(boot.getDouble(boot.fieldIndex("value"))));
    double lower = boot.getDouble(boot.fieldIndex("ci_lower"));
    double upper = boot.getDouble(boot.fieldIndex("ci_upper"));
    assertTrue(lower < r.getDouble(0) && r.getDouble(0) < upper, lower + " < value < " + upper);
    assertEquals(200, boot.getList(boot.fieldIndex("replicates")).size());
    assertEquals(EXAMPLES, boot.getLong(boot.fieldIndex("rows")));
  }

  @Test
  void replicatesEqualCoresForTheSameRowsKeyedByTheirHash() {
    List<Row> rows = preds.where("model = 'b'")
        .select(col("logits"), col("label"), functions.xxhash64(col("logits"), col("label")))
        .collectAsList();
    double[][] logits = new double[rows.size()][];
    long[] labels = new long[rows.size()];
    long[] keys = new long[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      logits[i] = rows.get(i).getList(0).stream().mapToDouble(x -> (Double) x).toArray();
      labels[i] = rows.get(i).getInt(1);
      keys[i] = rows.get(i).getLong(2);
    }
    PoissonBootstrap bootstrap = new PoissonBootstrap(50, 7);
    Loss ce = LossCatalog.create("cross_entropy", "label_smoothing=0.05");
    BootstrapAccumulator core = BootstrapAccumulator.create(bootstrap);
    core.add(bootstrap, ce, Batch.of(Column.rows(logits), Column.integers(labels)), null, keys,
        KernelProvider.kernels());
    double[] expected = core.values(ce);

    Row boot = spark.sql("SELECT cross_entropy_bootstrap(logits, label, 'label_smoothing=0.05', 50, 7)"
        + " FROM boot_preds WHERE model = 'b'").first().getStruct(0);
    List<Double> actual = boot.getList(boot.fieldIndex("replicates"));
    for (int b = 0; b < 50; b++) {
      assertEquals(Double.doubleToRawLongBits(expected[b]), Double.doubleToRawLongBits(actual.get(b)),
          "replicate " + b);
    }
    BootstrapInterval ci = BootstrapInterval.percentile(expected, 0.95);
    assertEquals(ci.lower(), boot.getDouble(boot.fieldIndex("ci_lower")));
    assertEquals(ci.upper(), boot.getDouble(boot.fieldIndex("ci_upper")));
  }

  @Test
  void sameBitsForAnyPartitioningAndRowOrder() {
    String q = "model, cross_entropy_bootstrap(logits, label, 100, 3) AS b,"
        + " mse_loss_bootstrap(logits, logits, 'reduction=sum', 20, 3) AS zero";
    List<Row> first = null;
    for (Dataset<Row> d : List.of(preds.repartition(1), preds.repartition(7),
        preds.orderBy(functions.rand(5)).repartition(3), preds.orderBy(functions.rand(6)).coalesce(2))) {
      d.createOrReplaceTempView("boot_parts");
      List<Row> rows = spark.sql("SELECT " + q + " FROM boot_parts GROUP BY model ORDER BY model")
          .collectAsList();
      if (first == null) {
        first = rows;
      } else {
        assertEquals(first, rows);
      }
    }
    Row zero = first.get(0).getStruct(2);
    assertEquals(0.0, zero.getDouble(zero.fieldIndex("ci_upper")));
  }

  @Test
  void keyedByTheExampleTwoModelsAreResampledTogether() {
    PoissonBootstrap bootstrap = new PoissonBootstrap(100, 11);
    LossOptions options = LossOptions.parse(LossCatalog.spec("cross_entropy"), "");
    Dataset<Row> both = preds.groupBy("model").agg(Losses.lossBootstrap(
        options, bootstrap, null, col("id"), col("logits"), col("label")).as("b"))
        .orderBy("model");
    // model a's rows copied under another name: the same examples, the same counts, so every
    // replicate of the difference is exactly 0
    Dataset<Row> copy = preds.where("model = 'a'").withColumn("model", functions.lit("a2"))
        .unionByName(preds.where("model = 'a'"));
    List<Row> same = copy.groupBy("model").agg(Losses.lossBootstrap(
        options, bootstrap, null, col("id"), col("logits"), col("label")).as("b"))
        .collectAsList();
    assertEquals(same.get(0).getStruct(1).getList(6), same.get(1).getStruct(1).getList(6));
    // a and b differ but their losses per example correlate: pairing by id makes the difference's
    // replicates vary far less than unpaired ones (hashing the arguments gives each model its own
    // counts)
    List<Row> paired = both.collectAsList();
    List<Row> unpaired = preds.groupBy("model").agg(Losses.lossBootstrap(
        options, bootstrap, null, null, col("logits"), col("label")).as("b"))
        .orderBy("model").collectAsList();
    double pairedSpread = spread(paired);
    double unpairedSpread = spread(unpaired);
    assertTrue(pairedSpread < unpairedSpread / 2,
        "paired " + pairedSpread + " < unpaired " + unpairedSpread);
  }

  /** The standard deviation of replicate(b) - replicate(a). */
  private static double spread(List<Row> modelsAB) {
    List<Double> a = modelsAB.get(0).getStruct(1).getList(6);
    List<Double> b = modelsAB.get(1).getStruct(1).getList(6);
    double s = 0;
    double s2 = 0;
    for (int i = 0; i < a.size(); i++) {
      double d = b.get(i) - a.get(i);
      s += d;
      s2 += d * d;
    }
    double mean = s / a.size();
    return Math.sqrt(s2 / a.size() - mean * mean);
  }

  @Test
  void anEmptyGroupGivesNulls() {
    Row boot = spark.sql("SELECT mse_loss_bootstrap(CAST(NULL AS DOUBLE), 1.0D, 10, 1)"
        + " FROM range(3)").first().getStruct(0);
    assertTrue(boot.isNullAt(0));
    assertEquals(3L, boot.getLong(2));
    assertNull(boot.get(boot.fieldIndex("ci_lower")));
    assertNull(boot.get(boot.fieldIndex("replicates")));
  }

  @Test
  void badSettingsAreAnalysisErrors() {
    Exception e = assertThrows(Exception.class,
        () -> spark.sql("SELECT mse_loss_bootstrap(id, id, 0, 1) FROM range(3)").first());
    assertTrue(e.getMessage().contains(
        "mse_loss_bootstrap: replicates is out of range: expected 1..10000 (200 is usual), found 0"),
        e.getMessage());
    e = assertThrows(Exception.class,
        () -> spark.sql("SELECT mse_loss_bootstrap(id, id, id, 1) FROM range(3)").first());
    assertTrue(e.getMessage().contains("found id where an integer literal belongs"), e.getMessage());
    e = assertThrows(Exception.class,
        () -> spark.sql("SELECT mse_loss_bootstrap(id, id) FROM range(3)").first());
    assertTrue(e.getMessage().contains("expected 4 to 6 arguments, found 2"), e.getMessage());
    e = assertThrows(Exception.class,
        () -> spark.sql("SELECT mse_loss_bootstrap(id, id, 'reduction=none', 10, 1) FROM range(3)")
            .first());
    assertTrue(e.getMessage().contains("mse_loss_bootstrap: reduction none does not reduce"),
        e.getMessage());
  }
}
