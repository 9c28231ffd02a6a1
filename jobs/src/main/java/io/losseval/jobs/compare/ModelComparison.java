package io.losseval.jobs.compare;

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
import io.losseval.jobs.report.ComparisonRow;
import io.losseval.jobs.report.HtmlReport;
import io.losseval.jobs.report.ReportDocument;
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
 * The {@code compare} command as a Java API: a baseline against a candidate on the same data, slice by
 * slice, with the differences' bootstrap intervals and the config's thresholds; written as {@code
 * comparison.json} and {@code report.html} under {@code compare.path}.
 */
public final class ModelComparison {
  private ModelComparison() {}

  /**
   * What a comparison found and wrote.
   *
   * @param rows one per slice and loss
   * @param passed whether every threshold holds
   * @param metadata what was compared
   * @param json the comparison as JSON
   * @param html the comparison as a self-contained page
   */
  public record Result(List<ComparisonRow> rows, boolean passed, Map<String, String> metadata,
      Path json, Path html) {}

  /**
   * Evaluates both sides (from the input grouped by {@code compare.by}, or from {@code
   * compare.results}), compares them and writes the outcome.
   *
   * @throws JobFailure for a config without a usable compare section (2), data that do not fit (3)
   */
  public static Result run(SparkSession spark, JobConfig config, ConfigLocations locations) {
    JobConfig.Compare settings = config.compare();
    if (settings == null || settings.baseline() == null || settings.candidate() == null) {
      throw JobFailure.badConfig(locations.error(settings == null ? "/compare" : "/compare",
          "needs baseline and candidate: the two values of compare.by (default: model; run_id when"
              + " compare.results is given) to compare"));
    }
    List<Threshold> thresholds = new ArrayList<>();
    for (int i = 0; i < settings.thresholds().size(); i++) {
      try {
        thresholds.add(Threshold.parse(settings.thresholds().get(i)));
      } catch (IllegalArgumentException e) {
        throw JobFailure.badConfig(locations.error("/compare/thresholds/" + i, e.getMessage()));
      }
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    List<ResultRow> results;
    if (settings.results() != null) {
      results = ResultsReader.read(spark, settings.results(), locations.where("/compare/results"));
      metadata.put("results", settings.results());
    } else {
      EvaluationPlan plan =
          EvaluationPlan.of(config.withGroupBy(List.of(settings.by())), locations);
      Evaluation evaluation = new Evaluation(spark, plan);
      results = evaluation.run(evaluation.input());
      metadata.put("run", plan.runId());
      metadata.put("input", evaluation.inputName());
    }
    metadata.put("baseline", settings.by() + " = " + settings.baseline());
    metadata.put("candidate", settings.by() + " = " + settings.candidate());
    if (config.bootstrap() != null) {
      metadata.put("intervals", "95% percentile bootstrap of the difference, "
          + config.bootstrap().replicates() + " Poisson replicates, seed " + config.bootstrap().seed()
          + (config.bootstrap().key() == null ? " (unpaired: rows keyed by their values)"
              : " (paired by " + config.bootstrap().key() + ")"));
    }
    metadata.put("generated", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    metadata.put("losseval", Main.version());

    List<ComparisonRow> rows =
        new ComparisonBuilder(settings.by(), settings.baseline(), settings.candidate(), thresholds)
            .compare(results);
    for (int i = 0; i < thresholds.size(); i++) {
      Threshold t = thresholds.get(i);
      if (rows.stream().noneMatch(t::appliesTo)) {
        Set<String> losses = new LinkedHashSet<>();
        rows.forEach(r -> losses.add(r.loss() + "." + r.reduction()));
        throw JobFailure.badConfig(locations.error("/compare/thresholds/" + i, "('" + t.text()
            + "') matches no result: the results have " + String.join(", ", losses)));
      }
    }
    boolean passed = rows.stream().noneMatch(ComparisonRow::failed);
    return write(Path.of(settings.path()), metadata, rows, passed);
  }

  private static Result write(Path dir, Map<String, String> metadata, List<ComparisonRow> rows,
      boolean passed) {
    try {
      Files.createDirectories(dir);
      Path json = dir.resolve("comparison.json");
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("passed", passed);
      doc.put("metadata", metadata);
      doc.put("rows", rows);
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), doc);
      Path html = dir.resolve("report.html");
      HtmlReport.write(new ReportDocument("Baseline vs candidate", metadata, List.of(), List.of(),
          new ReportDocument.Comparison(metadata.get("baseline"), metadata.get("candidate"), rows,
              passed)), html);
      return new Result(rows, passed, metadata, json, html);
    } catch (IOException e) {
      throw JobFailure.other("cannot write the comparison to " + dir + ": " + e.getMessage()
          + ": check that compare.path is a writable directory", e);
    }
  }
}
