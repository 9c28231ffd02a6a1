package io.losseval.spark.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.LossArgumentException;
import io.losseval.spark.LossFunctions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LossEvaluator gives the SQL aggregate's value and lets CrossValidator select models by a loss. */
class LossEvaluatorTest {
  private static SparkSession spark;
  private static Dataset<Row> regression;
  private static Dataset<Row> classes;

  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("losseval-ml-tests")
        .config("spark.sql.shuffle.partitions", "4").config("spark.ui.enabled", "false")
        .getOrCreate();
    LossFunctions.register(spark);
    Random r = new Random(3);
    StructType schema = new StructType().add("features", SQLDataTypes.VectorType())
        .add("label", DataTypes.DoubleType);
    List<Row> reg = new ArrayList<>();
    List<Row> cls = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      double x1 = r.nextGaussian();
      double x2 = r.nextGaussian();
      reg.add(RowFactory.create(Vectors.dense(x1, x2), 3 * x1 - 2 * x2 + 0.1 * r.nextGaussian()));
      int y = x1 + 0.5 * r.nextGaussian() > 0.5 ? 2 : x2 > 0 ? 1 : 0;
      cls.add(RowFactory.create(Vectors.dense(x1, x2), (double) y));
    }
    regression = spark.createDataFrame(reg, schema);
    classes = spark.createDataFrame(cls, schema);
  }

  @AfterAll
  static void stop() {
    spark.stop();
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }

  @Test
  void evaluateGivesTheSqlAggregatesValue() {
    Dataset<Row> scored = new LinearRegression().fit(regression).transform(regression);
    scored.createOrReplaceTempView("scored");
    double sql = spark.sql("SELECT huber_loss(prediction, label, 'delta=0.05') FROM scored").first()
        .getDouble(0);
    LossEvaluator eval = new LossEvaluator().setLossName("huber_loss").setOptions("delta=0.05");
    assertEquals(sql, eval.evaluate(scored));
    assertFalse(eval.isLargerBetter());
  }

  @Test
  void crossValidatorSelectsTheLeastRegularisedRegressionByMse() {
    LinearRegression lr = new LinearRegression();
    ParamMap[] grid = new ParamGridBuilder().addGrid(lr.regParam(), new double[] {10.0, 0.0, 1.0})
        .build();
    CrossValidatorModel model = new CrossValidator().setEstimator(lr).setEstimatorParamMaps(grid)
        .setEvaluator(new LossEvaluator().setLossName("mse_loss")).setNumFolds(2).setSeed(1)
        .fit(regression);
    double[] metrics = model.avgMetrics();
    assertTrue(metrics[1] < metrics[2] && metrics[2] < metrics[0], java.util.Arrays.toString(metrics));
    assertEquals(0.0, ((LinearRegression) model.bestModel().parent()).getRegParam());
  }

  @Test
  void crossEntropyOverRawPredictionVectorsAndDoubleLabels() {
    LogisticRegression lr = new LogisticRegression();
    ParamMap[] grid = new ParamGridBuilder().addGrid(lr.regParam(), new double[] {5.0, 0.0}).build();
    LossEvaluator ce = new LossEvaluator().setLossName("cross_entropy")
        .setPredictionCol("rawPrediction");
    CrossValidatorModel model = new CrossValidator().setEstimator(lr).setEstimatorParamMaps(grid)
        .setEvaluator(ce).setNumFolds(2).setSeed(1).fit(classes);
    assertTrue(model.avgMetrics()[1] < model.avgMetrics()[0]);
    // MLlib's own log loss over the probabilities is the same number for the unsmoothed model
    Dataset<Row> scored = model.bestModel().transform(classes);
    double mllib = new org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator()
        .setMetricName("logLoss").evaluate(scored);
    assertEquals(mllib, ce.evaluate(scored), 1e-9);
  }

  @Test
  void inputColsForLossesOfMoreArguments() {
    Dataset<Row> df = spark.sql("SELECT * FROM VALUES (1.0D, 2.0D, 0.5D), (0.0D, 1.0D, 2.0D) AS t(p, y, v)");
    LossEvaluator eval = new LossEvaluator().setLossName("gaussian_nll_loss").setInputCols("p", "y", "v");
    double expected = (0.5 * (Math.log(0.5) + 1 / 0.5) + 0.5 * (Math.log(2.0) + 1 / 2.0)) / 2;
    assertEquals(expected, eval.evaluate(df), 1e-15);
  }

  @Test
  void weightColGivesTheWeightedMean() {
    Dataset<Row> df = spark.sql("SELECT * FROM VALUES (1.0D, 0.0D, 3.0D), (2.0D, 0.0D, 1.0D) AS t(prediction, label, w)");
    assertEquals((3 * 1.0 + 1 * 4.0) / 4, new LossEvaluator().setWeightCol("w").evaluate(df));
  }

  @Test
  void badLossOrOptionsFailWhenSet() {
    assertThrows(LossArgumentException.class, () -> new LossEvaluator().setLossName("mse"));
    assertThrows(LossArgumentException.class,
        () -> new LossEvaluator().setLossName("mse_loss").setOptions("delta=1"));
  }

  @Test
  void savesAndLoadsWithItsParams() throws Exception {
    LossEvaluator eval = new LossEvaluator().setLossName("cross_entropy").setLabelCol("y")
        .setOptions("label_smoothing=0.1");
    String path = dir.resolve("evaluator").toString();
    eval.write().overwrite().save(path);
    LossEvaluator back = LossEvaluator.load(path);
    assertEquals("cross_entropy", back.getLossName());
    assertEquals("y", back.getLabelCol());
    assertEquals("label_smoothing=0.1", back.getOptions());
    assertEquals(eval.uid(), back.uid());
  }
}
