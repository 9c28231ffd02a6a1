package io.losseval.spark;

import static io.losseval.spark.Losses.crossEntropy;
import static io.losseval.spark.Losses.mseLoss;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.LossArgumentException;
import io.losseval.core.LossCatalog;
import io.losseval.core.LossOptions;
import io.losseval.core.NullPolicy;
import io.losseval.core.Reduction;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java ways in: the {@link Losses} columns give what the SQL text gives (same bits), validate
 * options where they are set, and take ML Vectors; the typed {@link LossAggregator} agrees with both.
 */
class DataFrameApiTest extends SparkTestSession {
  private static Dataset<Row> scores;

  @BeforeAll
  static void data() {
    List<Row> rows = new ArrayList<>();
    java.util.Random r = new java.util.Random(5);
    for (int i = 0; i < 500; i++) {
      float[] logits = new float[4];
      for (int k = 0; k < 4; k++) {
        logits[k] = (float) (r.nextGaussian() * 2);
      }
      rows.add(RowFactory.create(i % 3 == 0 ? "m1" : "m2", logits, r.nextInt(4),
          r.nextDouble(), r.nextDouble()));
    }
    StructType schema = new StructType()
        .add("model", DataTypes.StringType)
        .add("logits", DataTypes.createArrayType(DataTypes.FloatType, false))
        .add("label", DataTypes.IntegerType)
        .add("p", DataTypes.DoubleType)
        .add("t", DataTypes.DoubleType);
    scores = spark.createDataFrame(rows, schema);
    scores.createOrReplaceTempView("api_scores");
  }

  @Test
  void builderColumnGivesTheSqlCallsBits() {
    List<Row> api = scores.groupBy("model").agg(
        crossEntropy(col("logits"), col("label")).labelSmoothing(0.1).weight(1.0, 2.0, 0.5, 1.0)
            .reduction(Reduction.SUM).as("ce"),
        mseLoss(col("p"), col("t")).as("mse")).orderBy("model").collectAsList();
    List<Row> sql = spark.sql("SELECT model, cross_entropy(logits, label, 'reduction=sum, "
        + "label_smoothing=0.1, weight=[1.0,2.0,0.5,1.0]'), mse_loss(p, t) FROM api_scores "
        + "GROUP BY model ORDER BY model").collectAsList();
    assertEquals(sql, api);
  }

  @Test
  void customLossClassGivesTheBuiltInBitsOnEveryPartitioning() {
    for (int partitions : new int[] {1, 3, 7}) {
      Dataset<Row> d = scores.repartition(partitions);
      Row r = d.agg(
          Losses.customLoss("io.losseval.core.examples.CustomMSE", col("p"), col("t")).as("custom"),
          Losses.customLoss("io.losseval.core.examples.CustomMSE", col("p"), col("t"))
              .reduction(Reduction.SUM).as("custom_sum"),
          mseLoss(col("p"), col("t")).as("mse"),
          mseLoss(col("p"), col("t")).reduction(Reduction.SUM).as("mse_sum")).first();
      assertEquals(r.getDouble(2), r.getDouble(0), "partitions " + partitions);
      assertEquals(r.getDouble(3), r.getDouble(1), "partitions " + partitions);
    }
  }

  @Test
  void precomputedRowLossesReduceToTheBuiltInBitsAndCountNulls() {
    Row r = scores.agg(
        Losses.precomputedLoss(col("p").minus(col("t")).multiply(col("p").minus(col("t")))).as("pre"),
        mseLoss(col("p"), col("t")).as("mse"),
        Losses.precomputedLoss(org.apache.spark.sql.functions.when(col("label").equalTo(0), null)
            .otherwise(col("p"))).stats().as("stats")).first();
    assertEquals(r.getDouble(1), r.getDouble(0));
    long zeros = scores.filter(col("label").equalTo(0)).count();
    Row stats = r.getStruct(2);
    assertEquals(500 - zeros, stats.getLong(1));
    assertEquals(zeros, stats.getLong(2));
  }

  @Test
  void customLossOfAMissingClassFailsNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Losses.customLoss("com.example.Missing", col("p"), col("t")));
    assertTrue(e.getMessage().contains("com.example.Missing"), e.getMessage());
  }

  @Test
  void columnNameReadsLikeTheSqlCall() {
    String name = scores.agg(crossEntropy(col("logits"), col("label")).labelSmoothing(0.1))
        .columns()[0];
    assertEquals("cross_entropy(logits, label, label_smoothing=0.1)", name);
  }

  @Test
  void perRowAndStatsVariants() {
    Dataset<Row> perRow = scores.select(mseLoss(col("p"), col("t")).perRow().as("l"));
    frames.assertSameRows(scores.selectExpr("(p - t) * (p - t) AS l"), perRow);
    Row stats = scores.agg(mseLoss(col("p"), col("t")).stats()).first().getStruct(0);
    assertEquals(500L, stats.getLong(1));
  }

  @Test
  void rowLossOfParsedOptionsIsTheSqlRowFunction() {
    LossOptions options = LossOptions.parse(LossCatalog.spec("huber_loss"), "delta=0.5");
    List<Row> api = scores.select(col("p"), Losses.rowLoss(options, col("p"), col("t")).as("l"))
        .orderBy("p").collectAsList();
    List<Row> sql = spark.sql("SELECT p, row_huber_loss(p, t, 'delta=0.5') AS l FROM api_scores ORDER BY p")
        .collectAsList();
    assertEquals(sql, api);
    assertEquals("row_huber_loss(p, t, delta=0.5)",
        scores.select(Losses.rowLoss(options, col("p"), col("t"))).columns()[0]);
    assertEquals("row_mse_loss(p, t)", scores.select(mseLoss(col("p"), col("t")).perRow()).columns()[0]);
    LossOptions summed = LossOptions.parse(LossCatalog.spec("huber_loss"), "reduction=sum");
    assertThrows(Exception.class, () -> Losses.rowLoss(summed, col("p"), col("t")));
  }

  @Test
  void sampleWeightColumnMatchesTheSqlCall() {
    double api = scores.agg(crossEntropy(col("logits"), col("label")).sampleWeight(col("p"))
        .labelSmoothing(0.05)).first().getDouble(0);
    double sql = spark.sql("SELECT cross_entropy(logits, label, p, 'label_smoothing=0.05') FROM api_scores")
        .first().getDouble(0);
    assertEquals(sql, api);
  }

  @Test
  void optionsAreValidatedWhereTheyAreSet() {
    LossArgumentException e = assertThrows(LossArgumentException.class,
        () -> mseLoss(col("p"), col("t")).labelSmoothing(0.1));
    assertEquals("mse_loss: option label_smoothing is unknown: expected one of reduction, on_null,"
        + " found label_smoothing", e.getMessage());
    e = assertThrows(LossArgumentException.class,
        () -> Losses.loss("triplet_margin_loss", col("a"), col("b")));
    assertTrue(e.getMessage().startsWith("triplet_margin_loss: arguments have the wrong count"));
  }

  @Test
  void onNullErrorThroughTheBuilder() {
    Dataset<Row> withNull = spark.sql("SELECT CAST(NULL AS DOUBLE) AS p, 1.0D AS t");
    assertNull(withNull.agg(mseLoss(col("p"), col("t"))).first().get(0));
    Exception e = assertThrows(Exception.class,
        () -> withNull.agg(mseLoss(col("p"), col("t")).onNull(NullPolicy.ERROR)).collect());
    assertTrue(String.valueOf(e.getMessage()).contains("mse_loss: input is null"), e.getMessage());
  }

  @Test
  void mlVectorsDenseAndSparseReadAsArrays() {
    StructType schema = new StructType()
        .add("v", SQLDataTypes.VectorType())
        .add("a", DataTypes.createArrayType(DataTypes.DoubleType))
        .add("label", DataTypes.DoubleType);
    Dataset<Row> df = spark.createDataFrame(List.of(
        RowFactory.create(Vectors.dense(0.5, 1.5, -2.0), new double[] {0.5, 1.5, -2.0}, 1.0),
        RowFactory.create(Vectors.sparse(3, new int[] {1}, new double[] {3.0}),
            new double[] {0.0, 3.0, 0.0}, 2.0)), schema);
    Row r = df.agg(crossEntropy(col("v"), col("label")), crossEntropy(col("a"), col("label"))).first();
    assertEquals(r.getDouble(1), r.getDouble(0));
  }

  /** A typed element, as a Dataset of Java beans holds it. */
  public static final class Scored implements Serializable {
    private float[] logits;
    private int label;

    public float[] getLogits() {
      return logits;
    }

    public void setLogits(float[] logits) {
      this.logits = logits;
    }

    public int getLabel() {
      return label;
    }

    public void setLabel(int label) {
      this.label = label;
    }
  }

  @Test
  void typedAggregatorAgreesWithTheColumn() {
    Dataset<Scored> typed = scores.select("logits", "label").as(Encoders.bean(Scored.class));
    Double viaAggregator = typed.repartition(3).select(
        LossAggregator.<Scored>of("cross_entropy", "label_smoothing=0.1", Scored::getLogits,
            Scored::getLabel).toColumn()).first();
    double viaColumn = scores.agg(crossEntropy(col("logits"), col("label")).labelSmoothing(0.1))
        .first().getDouble(0);
    assertEquals(viaColumn, viaAggregator);
  }

  @Test
  void typedAggregatorRejectsReductionNone() {
    LossArgumentException e = assertThrows(LossArgumentException.class,
        () -> LossAggregator.<Scored>of("cross_entropy", "reduction=none", Scored::getLogits,
            Scored::getLabel));
    assertEquals("cross_entropy: reduction does not reduce: expected mean, sum, found none",
        e.getMessage());
  }

  @Test
  void vectorValuesInTheTypedAggregator() {
    Dataset<Vector> vs = spark.createDataset(
        List.of(Vectors.dense(1.0, 2.0), Vectors.dense(3.0, 5.0)),
        Encoders.kryo(Vector.class));
    Double mse = vs.select(LossAggregator.<Vector>of("mse_loss", null, v -> v,
        v -> new double[] {0.0, 0.0}).toColumn()).first();
    assertEquals((1 + 4 + 9 + 25) / 4.0, mse);
  }
}
