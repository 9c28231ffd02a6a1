package io.losseval.jobs.evaluate;

import io.losseval.jobs.JobFailure;
import io.losseval.jobs.Main;
import io.losseval.jobs.TextTable;
import io.losseval.jobs.config.ConfigLoader;
import io.losseval.jobs.config.ConfigOptions;
import io.losseval.jobs.config.JobConfig;
import io.losseval.jobs.spark.JobSessions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code losseval evaluate --config FILE [--set key=value ...]}: computes the config's losses over its
 * input, per slice, prints them as a table on stdout and writes them to the config's output.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
        "Compute the losses a config names over its input, per group_by slice; print them and write"
            + " them (one row per slice, loss and reduction) to output.path/run_id=<run.id>.",
        "",
        "Exit codes: 0 success, 2 bad config or arguments, 3 bad input data, 1 anything else."},
    footer = {"", "Example:", "  bin/losseval evaluate --config conf/evaluate.yaml --set run.id=nightly-42"})
public final class EvaluateCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger("io.losseval.progress");

  @Spec CommandSpec spec;

  @Mixin ConfigOptions configOptions;

  @Override
  public Integer call() {
    ConfigLoader.Loaded loaded = configOptions.load();
    EvaluationPlan plan = EvaluationPlan.of(loaded.config(), loaded.locations());
    SparkSession spark = JobSessions.start("evaluate " + plan.runId(), loaded.config().spark());
    ProgressListener progress = new ProgressListener(5_000);
    spark.sparkContext().addSparkListener(progress);
    try {
      ResultsWriter writer = plan.config().output() == null
          ? null
          : new ResultsWriter(spark, plan.config().output(), plan.locations());
      if (writer != null) {
        writer.prepare(plan.runId()); // recover from an interrupted earlier write of this run id
        writer.checkWritable(plan.runId());
      }
      Evaluation evaluation = new Evaluation(spark, plan);
      LOG.info("run {}: {} loss results per slice over {}", plan.runId(), plan.losses().size(),
          evaluation.inputName());
      Dataset<Row> input = evaluation.input();
      List<ResultRow> results = evaluation.run(input);
      print(plan, results, spec.commandLine().getOut());
      if (writer != null) {
        writer.write(plan.runId(), results, Main.version());
      }
      return JobFailure.SUCCESS;
    } finally {
      spark.sparkContext().removeSparkListener(progress);
    }
  }

  /**
   * The results as a table: slice columns, loss, reduction, options, value, rows used, and what was
   * skipped by reason ({@code null_value=19}: rows with a null argument; {@code ignored_target=19}:
   * targets equal to {@code ignore_index}, in rows that count as used).
   */
  static void print(EvaluationPlan plan, List<ResultRow> results, PrintWriter out) {
    JobConfig config = plan.config();
    boolean intervals = config.bootstrap() != null;
    List<String> header = new ArrayList<>(config.groupBy());
    header.addAll(List.of("loss", "reduction", "options", "value"));
    if (intervals) {
      header.add("95% interval");
    }
    header.addAll(List.of("rows", "skipped"));
    TextTable table = new TextTable(header);
    for (ResultRow r : results) {
      List<Object> cells = new ArrayList<>(r.slice().values());
      List<String> skipped = new ArrayList<>();
      r.skipped().forEach((reason, count) -> skipped.add(reason + "=" + count));
      cells.addAll(List.of(r.loss(), r.reduction(), r.options().isEmpty() ? "-" : r.options(),
          String.valueOf(r.value())));
      if (intervals) {
        cells.add(r.ciLower() == null ? "-"
            : String.format(java.util.Locale.ROOT, "[%.6g, %.6g]", r.ciLower(), r.ciUpper()));
      }
      cells.addAll(List.of(r.rows(), skipped.isEmpty() ? "-" : String.join(", ", skipped)));
      table.add(cells);
    }
    String model = config.run().model() == null ? "" : ", model " + config.run().model();
    out.printf("run %s%s, %s, input %s%n", plan.runId(), model, plan.timestamp(),
        results.isEmpty() ? "-" : results.get(0).input());
    table.print(out);
    if (results.isEmpty()) {
      out.println("(no slices: the input has no rows" + (config.input().filter() == null ? "" : " passing input.filter") + ")");
    }
    out.flush();
  }
}
