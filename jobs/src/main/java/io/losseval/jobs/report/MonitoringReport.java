package io.losseval.jobs.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.losseval.jobs.JobFailure;
import io.losseval.jobs.Main;
import io.losseval.jobs.config.ConfigLocations;
import io.losseval.jobs.config.JobConfig;
import io.losseval.jobs.evaluate.Evaluation;
import io.losseval.jobs.evaluate.EvaluationPlan;
import io.losseval.jobs.evaluate.ResultRow;
import io.losseval.jobs.evaluate.ResultsReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code report} command as a Java API: each configured loss per epoch and split, as train and
 * validation curves with a verdict; written as one PNG chart per curve, a self-contained {@code
 * report.html} and the numbers as {@code curves.json}.
 *
 * <pre>{@code
 * ConfigLoader.Loaded loaded = new ConfigLoader().load(Path.of("conf/examples/report.yaml"), List.of());
 * MonitoringReport.Result r = MonitoringReport.run(spark, loaded.config(), loaded.locations());
 * r.curves().get(0).verdict();   // OVERFITTING from epoch 7
 * }</pre>
 */
public final class MonitoringReport {
  private MonitoringReport() {}

  /**
   * What a report wrote.
   *
   * @param curves the curves, with their verdicts
   * @param html the report page
   * @param charts the PNG charts, one per curve
   * @param json the numbers as JSON
   */
  public record Result(List<LossCurves> curves, Path html, List<Path> charts, Path json) {}

  /**
   * Computes the curves (from the input grouped by epoch and split, or from {@code report.results})
   * and writes the report to {@code report.path}.
   *
   * @throws JobFailure for a config without a report section (2), input or results that do not fit (3),
   *     a report directory that cannot be written (1)
   */
  public static Result run(SparkSession spark, JobConfig config, ConfigLocations locations) {
    JobConfig.Report settings = config.report();
    if (settings == null) {
      throw JobFailure.badConfig(locations.error("/report", "is missing: give at least report.path,"
          + " or an empty 'report: {}' for the defaults (epoch and split columns, train and validation)"));
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    List<ResultRow> results;
    if (settings.results() != null) {
      results = ResultsReader.read(spark, settings.results(), locations.where("/report/results"));
      metadata.put("results", settings.results());
      Set<String> runs = new LinkedHashSet<>();
      results.forEach(r -> runs.add(r.runId()));
      metadata.put("runs", String.join(", ", runs));
    } else {
      EvaluationPlan plan = EvaluationPlan.of(
          config.withGroupBy(List.of(settings.split(), settings.epoch())), locations);
      Evaluation evaluation = new Evaluation(spark, plan);
      results = evaluation.run(evaluation.input());
      metadata.put("run", plan.runId());
      metadata.put("input", evaluation.inputName());
      metadata.put("run timestamp", plan.timestamp().toString());
    }
    if (config.run().model() != null) {
      metadata.put("model", config.run().model());
    }
    metadata.put("epoch / split columns", settings.epoch() + " / " + settings.split() + " ("
        + settings.train() + " vs " + settings.validation() + ")");
    if (config.bootstrap() != null) {
      metadata.put("intervals", "95% percentile bootstrap, " + config.bootstrap().replicates()
          + " Poisson replicates, seed " + config.bootstrap().seed()
          + (config.bootstrap().key() == null ? "" : ", keyed by " + config.bootstrap().key()));
    }
    metadata.put("generated", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    metadata.put("losseval", Main.version());

    VerdictRule rule = new VerdictRule(settings.verdict());
    List<LossCurves> curves = new CurveBuilder(settings.epoch(), settings.split(), settings.train(),
        settings.validation(), rule).curves(results);
    if (curves.isEmpty()) {
      throw JobFailure.badInput("report: no results for split '" + settings.train() + "' or '"
          + settings.validation() + "' in " + metadata.getOrDefault("input",
              metadata.get("results")) + ": check report.train and report.validation");
    }
    return write(Path.of(settings.path()), title(config), metadata, curves, rule);
  }

  /** Draws and writes the report of {@code curves} into {@code dir}. */
  public static Result write(Path dir, String title, Map<String, String> metadata,
      List<LossCurves> curves, VerdictRule rule) {
    try {
      Files.createDirectories(dir);
      List<ReportDocument.Section> sections = new ArrayList<>();
      List<Path> charts = new ArrayList<>();
      Set<String> names = new LinkedHashSet<>();
      for (LossCurves c : curves) {
        byte[] png = LossChart.png(c, LossChart.DEFAULT_WIDTH, LossChart.DEFAULT_HEIGHT);
        String file = fileName(c, names);
        Files.write(dir.resolve(file), png);
        charts.add(dir.resolve(file));
        sections.add(new ReportDocument.Section(c, png, file));
      }
      Path html = dir.resolve("report.html");
      HtmlReport.write(new ReportDocument(title, metadata, sections, rule.rules(), null), html);
      Path json = dir.resolve("curves.json");
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(json.toFile(), Map.of("metadata", metadata, "curves", curves));
      return new Result(curves, html, charts, json);
    } catch (IOException e) {
      throw JobFailure.other("cannot write the report to " + dir + ": " + e.getMessage()
          + ": check that report.path is a writable directory", e);
    }
  }

  private static String title(JobConfig config) {
    return "Loss report" + (config.run().model() == null ? "" : ": " + config.run().model());
  }

  /** {@code cross_entropy-mean.png}, made unique and safe for file systems. */
  private static String fileName(LossCurves c, Set<String> taken) {
    String base = (c.loss() + "-" + c.reduction() + (c.options().isEmpty() ? "" : "-" + c.options())
        + (c.slice().isEmpty() ? "" : "-" + c.slice())).replaceAll("[^A-Za-z0-9._-]+", "_");
    String name = base + ".png";
    for (int i = 2; !taken.add(name); i++) {
      name = base + "-" + i + ".png";
    }
    return name;
  }
}
