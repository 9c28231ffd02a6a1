package io.losseval.jobs.report;

import io.losseval.jobs.JobFailure;
import io.losseval.jobs.TextTable;
import io.losseval.jobs.config.ConfigLoader;
import io.losseval.jobs.config.ConfigOptions;
import io.losseval.jobs.spark.JobSessions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code losseval report --config FILE}: train vs validation loss over epochs, as charts, an HTML
 * report and a verdict per loss (see {@link MonitoringReport}).
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
        "Compute each loss of a config per epoch and split (or read them from earlier evaluate"
            + " results), and write report.path/report.html (self-contained), a PNG chart per loss and"
            + " curves.json; print the verdicts (improving, plateaued, overfitting, underfitting).",
        "",
        "Exit codes: 0 success, 2 bad config or arguments, 3 bad input data, 1 anything else."},
    footer = {"", "Example:", "  bin/losseval report --config conf/examples/report.yaml"})
public final class ReportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConfigOptions configOptions;

  @Override
  public Integer call() {
    ConfigLoader.Loaded loaded = configOptions.load();
    SparkSession spark = JobSessions.start("report", loaded.config().spark());
    MonitoringReport.Result result = MonitoringReport.run(spark, loaded.config(), loaded.locations());
    print(result, spec.commandLine().getOut());
    return JobFailure.SUCCESS;
  }

  static void print(MonitoringReport.Result result, PrintWriter out) {
    TextTable table = new TextTable(List.of("loss", "verdict", "best epoch", "why"));
    for (LossCurves c : result.curves()) {
      Verdict v = c.verdict();
      table.add(List.of(c.title(), v.kind().label(),
          v.bestEpoch() == null ? "-" : String.valueOf(v.bestEpoch()), v.explanation()));
    }
    table.print(out);
    out.println();
    out.println("report: " + result.html());
    for (Path chart : result.charts()) {
      out.println("chart:  " + chart);
    }
    out.println("numbers: " + result.json());
    out.flush();
  }
}
