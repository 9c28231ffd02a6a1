package io.losseval.jobs.compare;

import io.losseval.jobs.JobFailure;
import io.losseval.jobs.TextTable;
import io.losseval.jobs.config.ConfigLoader;
import io.losseval.jobs.config.ConfigOptions;
import io.losseval.jobs.report.ComparisonRow;
import io.losseval.jobs.spark.JobSessions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code losseval compare --config FILE}: a baseline against a candidate with thresholds; exits 4 when a
 * threshold fails, so a scheduled pipeline can block a worse model.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
        "Compare a baseline with a candidate (two values of a column such as model, or two runs of"
            + " earlier evaluate results) slice by slice: differences, their 95%% bootstrap intervals,"
            + " and the thresholds of compare.thresholds. Prints a table (or JSON with --json) and"
            + " writes compare.path/comparison.json and report.html.",
        "",
        "Exit codes: 0 every threshold holds, 4 a threshold failed, 2 bad config or arguments,"
            + " 3 bad input data, 1 anything else."},
    footer = {"", "Example:", "  bin/losseval compare --config conf/examples/compare.yaml"})
public final class CompareCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConfigOptions configOptions;

  @Option(names = "--json", description = "Print comparison.json on stdout instead of the table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ConfigLoader.Loaded loaded = configOptions.load();
    SparkSession spark = JobSessions.start("compare", loaded.config().spark());
    ModelComparison.Result result = ModelComparison.run(spark, loaded.config(), loaded.locations());
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Files.readString(result.json()));
    } else {
      print(result, out);
    }
    out.flush();
    if (!result.passed()) {
      spec.commandLine().getErr().println("compare: FAILED: a threshold does not hold for "
          + result.metadata().get("candidate") + " (exit " + JobFailure.THRESHOLD_FAILED + ")");
      spec.commandLine().getErr().flush();
      return JobFailure.THRESHOLD_FAILED;
    }
    return JobFailure.SUCCESS;
  }

  static void print(ModelComparison.Result result, PrintWriter out) {
    out.printf("baseline %s, candidate %s%n", result.metadata().get("baseline"),
        result.metadata().get("candidate"));
    TextTable table = new TextTable(List.of("slice", "loss", "reduction", "options", "baseline",
        "candidate", "difference", "relative", "95% interval", "threshold", "result"));
    for (ComparisonRow r : result.rows()) {
      table.add(List.of(r.slice().isEmpty() ? "all" : r.slice(), r.loss(), r.reduction(),
          r.options().isEmpty() ? "-" : r.options(), num(r.baseline()), num(r.candidate()),
          String.format(Locale.ROOT, "%+.6g", r.difference()),
          String.format(Locale.ROOT, "%+.2f%%", 100 * r.relativeDifference()),
          r.hasInterval() ? String.format(Locale.ROOT, "[%+.4g, %+.4g]", r.differenceLower(),
              r.differenceUpper()) : "-",
          r.threshold() == null ? "-" : r.threshold(),
          r.passed() == null ? "-" : r.passed() ? "pass" : "FAIL"));
    }
    table.print(out);
    out.println();
    out.println(result.passed() ? "PASSED: every threshold holds" : "FAILED: a threshold does not hold");
    out.println("report: " + result.html());
    out.println("json:   " + result.json());
  }

  private static String num(double x) {
    return String.format(Locale.ROOT, "%.6g", x);
  }
}
