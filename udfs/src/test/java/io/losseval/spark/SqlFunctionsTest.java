package io.losseval.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.JavaConverters;

/**
 * The SQL functions as a notebook user meets them: unqualified names, GROUP BY slices, files, nulls,
 * the _stats struct, and a clear error for every bad call and bad row. Expected values are PyTorch's
 * formulas worked by hand.
 */
class SqlFunctionsTest extends SparkTestSession {
  @TempDir static Path dir;

  @BeforeAll
  static void tables() {
    spark.sql("SELECT * FROM VALUES "
        + "('a', 1.0D, 0.0D), ('a', 2.0D, 4.0D), ('b', 0.5D, 0.0D), ('b', NULL, 1.0D), ('b', 3.0D, 1.0D)"
        + " AS t(model, p, y)").createOrReplaceTempView("preds");
    spark.sql("SELECT * FROM VALUES "
        + "(array(1.0D, 2.0D, 3.0D), 2), (array(0.0D, 0.0D, 0.0D), 0), (array(1.0D, -1.0D, 0.0D), 1)"
        + " AS t(logits, label)").createOrReplaceTempView("scores");
  }

  private static double sql(String query) {
    return spark.sql(query).first().getDouble(0);
  }

  private static String failure(String query) {
    Exception e = assertThrows(Exception.class, () -> spark.sql(query).collect());
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      sb.append(t.getMessage()).append('\n');
    }
    return sb.toString();
  }

  @Test
  void filterClauseSelectsTheRowsOfEachAggregate() {
    Row r = spark.sql("SELECT mse_loss(p, y) FILTER (WHERE model = 'a'), "
        + "mse_loss(p, y, 'reduction=sum') FILTER (WHERE model = 'b'), mse_loss(p, y) FROM preds").first();
    // a: (1 + 4) / 2; b (null row skipped): 0.25 + 4; all: (1 + 4 + 0.25 + 4) / 4
    assertEquals(2.5, r.getDouble(0));
    assertEquals(4.25, r.getDouble(1));
    assertEquals(9.25 / 4, r.getDouble(2));
  }

  @Test
  void groupBySlicesGiveEachSlicesMeanAndSkipNulls() {
    List<Row> rows = spark.sql(
        "SELECT model, mse_loss(p, y), l1_loss(p, y, 'reduction=sum') FROM preds GROUP BY model "
            + "ORDER BY model").collectAsList();
    // a: ((1-0)^2 + (2-4)^2) / 2 = 2.5; |1| + |-2| = 3.  b (null row skipped): (0.25 + 4) / 2; 0.5 + 2
    assertEquals(2.5, rows.get(0).getDouble(1));
    assertEquals(3.0, rows.get(0).getDouble(2));
    assertEquals(2.125, rows.get(1).getDouble(1));
    assertEquals(2.5, rows.get(1).getDouble(2));
  }

  @Test
  void statsReportRowsUsedAndSkipped() {
    Row s = spark.sql("SELECT mse_loss_stats(p, y) AS s FROM preds WHERE model = 'b'").first()
        .getStruct(0);
    assertEquals(2.125, s.getDouble(0));
    assertEquals(2L, s.getLong(1));
    assertEquals(1L, s.getLong(2));
    Map<Object, Object> skipped = JavaConverters.mapAsJavaMap(s.getMap(3));
    assertEquals(Map.of("null_value", 1L), skipped);
  }

  @Test
  void statsCountIgnoredTargets() {
    Row s = spark.sql(
        "SELECT cross_entropy_stats(logits, label, 'ignore_index=0') FROM scores").first().getStruct(0);
    assertEquals(3L, s.getLong(1));
    assertEquals(0L, s.getLong(2));
    assertEquals(Map.of("ignored_target", 1L), JavaConverters.mapAsJavaMap(s.getMap(3)));
  }

  @Test
  void onNullErrorFailsNamingTheArgument() {
    String m = failure("SELECT mse_loss(p, y, 'on_null=error') FROM preds");
    assertTrue(m.contains("mse_loss: input is null: expected a value (or the option on_null=skip"), m);
  }

  @Test
  void groupWithNoUsableRowIsNull() {
    assertTrue(spark.sql("SELECT mse_loss(p, y) FROM preds WHERE p IS NULL").first().isNullAt(0));
    assertTrue(spark.sql("SELECT mse_loss(p, y) FROM preds WHERE false").first().isNullAt(0));
  }

  @Test
  void crossEntropyIsLogSumExpMinusTheTargetLogit() {
    double lse1 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    double[] expected = {lse1 - 3, Math.log(3), Math.log(Math.E + Math.exp(-1) + 1) + 1};
    List<Row> rows = spark.sql("SELECT row_cross_entropy(logits, label) FROM scores").collectAsList();
    for (int i = 0; i < 3; i++) {
      assertEquals(expected[i], rows.get(i).getDouble(0), 1e-15);
    }
    assertEquals((expected[0] + expected[1] + expected[2]) / 3,
        sql("SELECT cross_entropy(logits, label) FROM scores"), 1e-15);
  }

  @Test
  void sumOfRowLossesEqualsTheSumReduction() {
    assertEquals(sql("SELECT sum(row_cross_entropy(logits, label, 'label_smoothing=0.2')) FROM scores"),
        sql("SELECT cross_entropy(logits, label, 'label_smoothing=0.2, reduction=sum') FROM scores"),
        1e-14);
  }

  @Test
  void elementwiseRowLossMirrorsTheInputShape() {
    Row r = spark.sql("SELECT row_mse_loss(array(array(1.0D, 2.0D), array(3.0D, 5.0D)),"
        + " array(array(0.0D, 0.0D), array(1.0D, 1.0D))) AS v,"
        + " row_l1_loss(array(1.0D, -2.0D), array(0.0D, 0.0D)) AS w,"
        + " row_huber_loss(3.0D, 1.0D) AS x").first();
    List<?> outer = JavaConverters.seqAsJavaList(r.getSeq(0));
    assertEquals(List.of(1.0, 4.0), JavaConverters.seqAsJavaList((scala.collection.Seq<?>) outer.get(0)));
    assertEquals(List.of(4.0, 16.0), JavaConverters.seqAsJavaList((scala.collection.Seq<?>) outer.get(1)));
    assertEquals(List.of(1.0, 2.0), JavaConverters.seqAsJavaList(r.getSeq(1)));
    assertEquals(1.5, r.getDouble(2)); // |d| = 2 > delta 1: delta * (|d| - delta / 2)
  }

  @Test
  void readsFilesThroughParquetAndJson() {
    String parquet = dir.resolve("scores.parquet").toString();
    String json = dir.resolve("scores.json").toString();
    spark.table("scores").write().parquet(parquet);
    spark.table("scores").write().json(json);
    double expected = sql("SELECT cross_entropy(logits, label) FROM scores");
    assertEquals(expected, sql("SELECT cross_entropy(logits, label) FROM parquet.`" + parquet + "`"));
    assertEquals(expected, sql("SELECT cross_entropy(logits, label) FROM json.`" + json + "`"));
  }

  @Test
  void mllibDoubleLabelsAreClassIndicesAndFractionsAreRejected() {
    assertEquals(sql("SELECT cross_entropy(logits, label) FROM scores"),
        sql("SELECT cross_entropy(logits, CAST(label AS DOUBLE)) FROM scores"));
    String m = failure("SELECT cross_entropy(logits, label + 0.5D) FROM scores");
    assertTrue(m.matches("(?s).*cross_entropy: target is not a whole number: expected an integer, found"
        + " [012]\\.5.*"), m);
  }

  @Test
  void classIndexOutOfRangeNamesTheRange() {
    String m = failure("SELECT cross_entropy(logits, label + 1) FROM scores");
    assertTrue(m.contains("cross_entropy: target is out of range for 3 classes: expected an index in [0, 3)"
        + " or ignore_index -100, found 3"), m);
  }

  @Test
  void arraysOfDifferentLengthsAreRejected() {
    String m = failure("SELECT mse_loss(array(1.0D, 2.0D), array(1.0D))");
    assertTrue(m.contains("mse_loss: target length differs from input's: expected 2 values, found 1 values"), m);
  }

  @Test
  void probabilityTargetOfTheWrongSizeIsRejected() {
    String m = failure("SELECT cross_entropy(array(1.0F, 2.0F, 3.0F), array(0.5F, 0.5F))");
    assertTrue(m.contains("cross_entropy: target"), m);
    assertTrue(m.contains("expected 3"), m);
  }

  @Test
  void nestedRowsWithRaggedInnerArraysAreRejected() {
    String m = failure("SELECT cross_entropy(array(array(1.0D, 2.0D), array(3.0D)), array(0, 1))");
    assertTrue(m.contains("cross_entropy: input holds inner arrays of different lengths: expected [k][d]"
        + " with every inner array of the same length 2, found an inner array of length 1 at position 1"), m);
  }

  @Test
  void unknownOptionNamesTheValidOnes() {
    AnalysisException e = assertThrows(AnalysisException.class,
        () -> spark.sql("SELECT cross_entropy(logits, label, 'label_smooth=0.1') FROM scores"));
    assertTrue(e.getMessage().contains("cross_entropy: option label_smooth is unknown: expected one of "
        + "reduction, weight, ignore_index, label_smoothing, on_null, found label_smooth"), e.getMessage());
  }

  @Test
  void malformedOptionsAreRejectedAtAnalysis() {
    AnalysisException e = assertThrows(AnalysisException.class,
        () -> spark.sql("SELECT cross_entropy(logits, label, 'weight=[1,2') FROM scores"));
    assertTrue(e.getMessage().contains("cross_entropy: options have unbalanced brackets"), e.getMessage());
  }

  @Test
  void reductionNoneOnTheAggregatePointsToTheRowFunction() {
    AnalysisException e = assertThrows(AnalysisException.class,
        () -> spark.sql("SELECT mse_loss(p, y, 'reduction=none') FROM preds"));
    assertTrue(e.getMessage().contains("mse_loss: reduction none does not reduce: expected one of mean, sum,"
        + " or row_mse_loss for a loss per row"), e.getMessage());
    e = assertThrows(AnalysisException.class,
        () -> spark.sql("SELECT row_mse_loss(p, y, 'reduction=sum') FROM preds"));
    assertTrue(e.getMessage().contains("row_mse_loss: reduction sum does not apply"), e.getMessage());
  }

  @Test
  void batchmeanOnlyForKlDiv() {
    AnalysisException e = assertThrows(AnalysisException.class,
        () -> spark.sql("SELECT mse_loss(p, y, 'reduction=batchmean') FROM preds"));
    assertTrue(e.getMessage().contains("mse_loss: reduction is not supported: expected one of mean, sum, none,"
        + " found batchmean"), e.getMessage());
  }

  @Test
  void wrongArgumentCountAndNonLiteralOptionsAreRejected() {
    AnalysisException e = assertThrows(AnalysisException.class,
        () -> spark.sql("SELECT margin_ranking_loss(p, y) FROM preds"));
    assertTrue(e.getMessage().contains("margin_ranking_loss takes 3 arguments (input1, input2, target), then"
        + " optionally a sample-weight column and a string of options: expected 3 to 5 arguments, found 2"),
        e.getMessage());
    e = assertThrows(AnalysisException.class,
        () -> spark.sql("SELECT mse_loss(p, y, model) FROM preds"));
    assertTrue(e.getMessage().contains("mse_loss: options must be a string literal"), e.getMessage());
  }

  @Test
  void unsupportedColumnTypeNamesTheAcceptedTypes() {
    AnalysisException e = assertThrows(AnalysisException.class,
        () -> spark.sql("SELECT mse_loss(p, y) FROM (SELECT CAST(p AS STRING) AS p, y FROM preds)"));
    assertTrue(e.getMessage().contains("mse_loss: input has an unsupported type: expected a number, an array"
        + " of numbers, an array of arrays of numbers, or an ML Vector, found string"), e.getMessage());
  }

  @Test
  void sampleWeightsGiveTheWeightedSumOverSummedWeights() {
    String t = "(SELECT * FROM VALUES (1.0D, 0.0D, 2.0D), (2.0D, 4.0D, 0.5D), (5.0D, 0.0D, NULL)"
        + " AS v(p, y, w))";
    // the row with a null weight is skipped: (2 * 1 + 0.5 * 4) / (2 + 0.5)
    assertEquals(1.6, sql("SELECT mse_loss(p, y, w) FROM " + t));
    assertEquals(4.0, sql("SELECT mse_loss(p, y, w, 'reduction=sum') FROM " + t));
    Row s = spark.sql("SELECT mse_loss_stats(p, y, w) FROM " + t).first().getStruct(0);
    assertEquals(2L, s.getLong(1));
    assertEquals(1L, s.getLong(2));
  }

  @Test
  void badSampleWeightsAreRejected() {
    String m = failure("SELECT mse_loss(p, y, -1.0D) FROM preds");
    assertTrue(m.contains("mse_loss: sample_weight is not a finite non-negative number: expected a weight"
        + " >= 0, found -1.0"), m);
    m = failure("SELECT mse_loss(p, y, CAST(NULL AS DOUBLE), 'on_null=error') FROM preds");
    assertTrue(m.contains("mse_loss: sample_weight is null"), m);
    AnalysisException e = assertThrows(AnalysisException.class,
        () -> spark.sql("SELECT row_mse_loss(p, y, 2.0D) FROM preds"));
    assertTrue(e.getMessage().contains("row_mse_loss: a sample weight does not apply to a loss per row"),
        e.getMessage());
    e = assertThrows(AnalysisException.class,
        () -> spark.sql("SELECT mse_loss(p, y, array(1.0D)) FROM preds"));
    assertTrue(e.getMessage().contains("mse_loss: sample_weight is not a number"), e.getMessage());
  }

  @Test
  void everyFunctionIsRegisteredAndDescribed() {
    assertEquals(4 * 21, LossFunctions.definitions().size());
    for (LossFunctions.Definition d : LossFunctions.definitions()) {
      assertTrue(spark.catalog().functionExists(d.name()), d.name());
    }
    String usage = spark.sql("DESCRIBE FUNCTION cross_entropy").collectAsList().toString();
    assertTrue(usage.contains("label_smoothing=0.0"), usage);
    String boot = spark.sql("DESCRIBE FUNCTION cross_entropy_bootstrap").collectAsList().toString();
    assertTrue(boot.contains("replicates, seed)"), boot);
  }
}
