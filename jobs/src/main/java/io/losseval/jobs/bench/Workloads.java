package io.losseval.jobs.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import io.losseval.jobs.config.JobConfig;
import io.losseval.spark.Losses;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The lines of each workload: the loss through losseval (SQL, the reference; the DataFrame API; the
 * {@code evaluate} job), the same loss in Spark SQL built-in expressions, MLlib's evaluator where one
 * exists, the pair that compares losseval's exact mean with Spark's plain {@code avg} over the same
 * per-row values, and a scan floor.
 *
 * <p>Each built-in form computes what the losseval line computes, in double precision, with PyTorch's
 * default options: cross-entropy as {@code max + ln(sum(exp(x - max)))} minus the label's logit, the
 * triplet margin loss as {@code max(1 + ||a - p + eps||_2 - ||a - n + eps||_2, 0)} with {@code eps = 1e-6}
 * added to each difference.
 */
final class Workloads {
  /** Embedding length of the triplet workload. */
  static final int TRIPLET_DIM = 128;

  private final SparkSession spark;
  private final BenchData data;
  private final EvaluateJobQuery evaluate;
  private final BenchSettings settings;

  Workloads(SparkSession spark, BenchData data, EvaluateJobQuery evaluate, BenchSettings settings) {
    this.spark = spark;
    this.data = data;
    this.evaluate = evaluate;
    this.settings = settings;
  }

  /** The workload {@code kind}, its data generated or reused. */
  Workload build(WorkloadKind kind) {
    long rows = settings.rowsOf(kind);
    return switch (kind) {
      case MSE -> regression(kind, data.regression(rows), "MSE", "mse_loss", "Losses.mseLoss",
          Losses.mseLoss(col("p"), col("t")), "(p - t) * (p - t)", "mse");
      case L1 -> regression(kind, data.regression(rows), "L1", "l1_loss", "Losses.l1Loss",
          Losses.l1Loss(col("p"), col("t")), "abs(p - t)", "mae");
      case CE10 -> crossEntropy(kind, data.logits(rows, 10), 10);
      case CE1000 -> crossEntropy(kind, data.logits(rows, 1000), 1000);
      case TRIPLET -> triplet(kind, data.triplets(rows, TRIPLET_DIM));
    };
  }

  private Workload regression(WorkloadKind kind, DataSet set, String name, String function, String method,
      Column dataFrameLoss, String perRow, String mllibMetric) {
    VariantFactory f = new VariantFactory(spark, set);
    List<Variant> v = new ArrayList<>(losseval(kind, f, set, function, method + "(col(\"p\"), col(\"t\"))",
        dataFrameLoss, new JobConfig.Columns("p", "t", null, null)));
    v.add(f.sql("spark-builtin", Variant.Role.ALTERNATIVE,
        "Spark SQL built-in (plain sum): `avg(" + perRow + ")`",
        "SELECT avg(" + perRow + ") FROM " + VariantFactory.DATA, null));
    v.add(exactSum(f, perRow, "spark-builtin"));
    if (settings.mllib()) {
      RegressionEvaluator evaluator = new RegressionEvaluator().setMetricName(mllibMetric)
          .setPredictionCol("p").setLabelCol("t");
      v.add(f.compute("mllib", Variant.Role.ALTERNATIVE, "MLlib `RegressionEvaluator` (" + mllibMetric + ")",
          "new RegressionEvaluator().setMetricName(\"" + mllibMetric + "\").setPredictionCol(\"p\")"
              + ".setLabelCol(\"t\").evaluate(spark.read().parquet(" + VariantFactory.DATA + "))",
          evaluator::evaluate, null, settings.mllibLimitSeconds()));
    }
    v.add(f.sql("scan-floor", Variant.Role.SCAN_FLOOR, "scan floor: `sum(p + t)`",
        "SELECT sum(p + t) FROM " + VariantFactory.DATA, "reads both columns and adds them: no loss"));
    return new Workload(kind, name + ": " + count(set.rows()) + " rows of `" + set.schema() + "`", set, v,
        "exact-sum", "spark-builtin");
  }

  private Workload crossEntropy(WorkloadKind kind, DataSet set, int classes) {
    VariantFactory f = new VariantFactory(spark, set);
    List<Variant> v = new ArrayList<>(losseval(kind, f, set, "cross_entropy",
        "Losses.crossEntropy(col(\"logits\"), col(\"label\"))", Losses.crossEntropy(col("logits"), col("label")),
        new JobConfig.Columns("logits", "label", null, null)));
    v.add(f.sql("spark-builtin", Variant.Role.ALTERNATIVE,
        "Spark SQL built-in: higher-order functions (`array_max`, `aggregate` of `exp`, `element_at`)",
        "SELECT avg(m + ln(aggregate(logits, 0D, (s, x) -> s + exp(x - m))) - element_at(logits, label + 1))"
            + " FROM (SELECT logits, label, CAST(array_max(logits) AS DOUBLE) AS m FROM " + VariantFactory.DATA
            + ")", null));
    v.addAll(sumPair(f, "row_cross_entropy(logits, label)"));
    if (settings.mllib()) {
      v.add(logLoss(f));
    }
    v.add(f.sql("scan-floor", Variant.Role.SCAN_FLOOR, "scan floor: `sum(size(logits) + label)`",
        "SELECT sum(size(logits) + label) FROM " + VariantFactory.DATA,
        "reads both columns but computes on no logit: no loss"));
    return new Workload(kind, String.format(Locale.ROOT, "Cross-entropy, C = %d: %s rows of `%s`", classes,
        count(set.rows()), set.schema()), set, v, "exact-sum", "plain-sum");
  }

  private Workload triplet(WorkloadKind kind, DataSet set) {
    VariantFactory f = new VariantFactory(spark, set);
    List<Variant> v = new ArrayList<>(losseval(kind, f, set, "triplet_margin_loss",
        "Losses.tripletMarginLoss(col(\"anchor\"), col(\"positive\"), col(\"negative\"))",
        Losses.tripletMarginLoss(col("anchor"), col("positive"), col("negative")),
        new JobConfig.Columns("anchor", null, null, Map.of("positive", "positive", "negative", "negative"))));
    v.add(f.sql("spark-builtin", Variant.Role.ALTERNATIVE,
        "Spark SQL built-in: higher-order functions (`zip_with`, `aggregate`)",
        "SELECT avg(greatest(1.0D + " + distance("positive") + " - " + distance("negative") + ", 0D)) FROM "
            + VariantFactory.DATA, null));
    v.addAll(sumPair(f, "row_triplet_margin_loss(anchor, positive, negative)"));
    v.add(f.sql("scan-floor", Variant.Role.SCAN_FLOOR,
        "scan floor: `sum(size(anchor) + size(positive) + size(negative))`",
        "SELECT sum(size(anchor) + size(positive) + size(negative)) FROM " + VariantFactory.DATA,
        "reads the three columns but computes on no element: no loss"));
    return new Workload(kind, String.format(Locale.ROOT, "Triplet margin, D = %d: %s rows of `%s`",
        TRIPLET_DIM, count(set.rows()), set.schema()), set, v, "exact-sum", "plain-sum");
  }

  /** {@code F.pairwise_distance(anchor, other)} in SQL: {@code eps} added to each difference. */
  private static String distance(String other) {
    return "sqrt(aggregate(zip_with(anchor, " + other + ", (a, b) -> CAST(a AS DOUBLE) - CAST(b AS DOUBLE)"
        + " + 1e-6D), 0D, (s, d) -> s + d * d))";
  }

  /** The three losseval lines: SQL (the reference), DataFrame API, evaluate job. */
  private List<Variant> losseval(WorkloadKind kind, VariantFactory f, DataSet set, String function,
      String dataFrameCode, Column dataFrameLoss, JobConfig.Columns columns) {
    String arguments = String.join(", ", argumentsOf(columns));
    return List.of(
        f.sql("losseval-sql", Variant.Role.REFERENCE, "losseval SQL: `" + function + "(" + arguments + ")`",
            "SELECT " + function + "(" + arguments + ") FROM " + VariantFactory.DATA, null),
        f.dataFrame("losseval-dataframe", Variant.Role.LOSSEVAL, "losseval DataFrame API: `" + dataFrameCode
            + "`", "spark.read().parquet(" + VariantFactory.DATA + ").agg(" + dataFrameCode + ")", dataFrameLoss,
            null),
        f.query("losseval-evaluate", Variant.Role.LOSSEVAL, "losseval `evaluate` job: " + function + ", mean",
            "Main.run(\"evaluate\", \"--config\", <YAML config: input.path " + VariantFactory.DATA + ", "
                + function + ", reduction mean, output to a scratch directory>)",
            evaluate.query("bench-" + kind.key(), function, set, columns),
            "the whole job as `bin/losseval evaluate` runs it: config, checks, the aggregation, the printed"
                + " table and the atomic write of its one result row; the value is read back untimed"));
  }

  private static List<String> argumentsOf(JobConfig.Columns columns) {
    List<String> out = new ArrayList<>();
    out.add(columns.prediction());
    if (columns.target() != null) {
      out.add(columns.target());
    } else {
      out.add(columns.inputs().get("positive"));
      out.add(columns.inputs().get("negative"));
    }
    return out;
  }

  /** losseval's exact mean of a per-row SQL expression; {@code plainId} names its plain-sum partner. */
  private static Variant exactSum(VariantFactory f, String perRow, String plainId) {
    return f.dataFrame("exact-sum", Variant.Role.LOSSEVAL, "exact sum: losseval's exact mean of `" + perRow + "`",
        "spark.read().parquet(" + VariantFactory.DATA + ").agg(Losses.precomputedLoss(expr(\"" + perRow
            + "\")))", Losses.precomputedLoss(expr(perRow)),
        "compare with `" + plainId + "`: the same per-row values, reduced by losseval's exact mean instead of"
            + " Spark's avg (the difference includes losseval's aggregate machinery, not only the sum)");
  }

  /** The exact mean and Spark's plain {@code avg} of losseval's per-row loss. */
  private static List<Variant> sumPair(VariantFactory f, String perRow) {
    return List.of(
        exactSum(f, perRow, "plain-sum"),
        f.sql("plain-sum", Variant.Role.ALTERNATIVE, "plain sum: Spark's `avg(" + perRow + ")`",
            "SELECT avg(" + perRow + ") FROM " + VariantFactory.DATA, null));
  }

  /**
   * MLlib's {@code MulticlassClassificationEvaluator} (logLoss). It takes a probability vector, so the
   * query first turns the logits into one (a stable softmax in SQL higher-order functions, then {@code
   * array_to_vector}), and that is timed: like every other line, this one starts from the logits.
   */
  private Variant logLoss(VariantFactory f) {
    MulticlassClassificationEvaluator evaluator = new MulticlassClassificationEvaluator()
        .setMetricName("logLoss").setLabelCol("label").setPredictionCol("prediction")
        .setProbabilityCol("probability");
    String lse = "m + ln(aggregate(logits, 0D, (s, x) -> s + exp(x - m))) AS lse";
    String softmax = "zip_with(logits, array_repeat(lse, size(logits)), (x, l) -> exp(x - l))";
    return f.compute("mllib", Variant.Role.ALTERNATIVE,
        "MLlib `MulticlassClassificationEvaluator` (logLoss), softmax included",
        "evaluator.evaluate(spark.read().parquet(" + VariantFactory.DATA + ")"
            + ".selectExpr(\"CAST(label AS DOUBLE) AS label\", \"logits\","
            + " \"CAST(array_max(logits) AS DOUBLE) AS m\")"
            + ".selectExpr(\"label\", \"logits\", \"" + lse + "\")"
            + ".select(col(\"label\"), lit(0D).as(\"prediction\"), array_to_vector(expr(\"" + softmax
            + "\")).as(\"probability\")))",
        df -> evaluator.evaluate(probabilities(df, lse, softmax)),
        "timed with the softmax that turns the logits into MLlib's probability vector (SQL higher-order"
            + " functions, then `array_to_vector`), since every line starts from the same logits; the"
            + " prediction column is a constant, which logLoss does not read",
        settings.mllibLimitSeconds());
  }

  private static Dataset<Row> probabilities(Dataset<Row> df, String lse, String softmax) {
    return df.selectExpr("CAST(label AS DOUBLE) AS label", "logits", "CAST(array_max(logits) AS DOUBLE) AS m")
        .selectExpr("label", "logits", lse)
        .select(col("label"), lit(0D).as("prediction"),
            org.apache.spark.ml.functions.array_to_vector(expr(softmax)).as("probability"));
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
