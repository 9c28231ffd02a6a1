package io.losseval.jobs.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one HTML report shows, already computed: the run's metadata, a section per loss curve
 * (its chart as PNG bytes), the verdict rules, and optionally a baseline-vs-candidate comparison.
 *
 * @param title the page title
 * @param metadata the run's metadata in display order (run id, model, input, losseval version, ...)
 * @param sections one per loss curve (may be empty, for a comparison-only report)
 * @param verdictRules the rules behind the verdicts, one sentence per verdict, in display order
 * @param comparison the comparison (null: none)
 */
public record ReportDocument(
    String title,
    Map<String, String> metadata,
    List<Section> sections,
    List<String> verdictRules,
    Comparison comparison) {

  public ReportDocument {
    metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    sections = List.copyOf(sections);
    verdictRules = List.copyOf(verdictRules);
  }

  /**
   * One loss curve with its chart.
   *
   * @param curves the numbers and the verdict
   * @param chartPng the chart, a PNG image
   * @param chartFile the chart's file name next to the report ({@code cross_entropy-mean.png})
   */
  public record Section(LossCurves curves, byte[] chartPng, String chartFile) {}

  /**
   * A baseline against a candidate.
   *
   * @param baseline what the baseline is ({@code model=baseline} or {@code run nightly-41})
   * @param candidate what the candidate is
   * @param rows one per slice and loss
   * @param passed whether every threshold holds
   */
  public record Comparison(String baseline, String candidate, List<ComparisonRow> rows,
      boolean passed) {
    public Comparison {
      rows = List.copyOf(rows);
    }
  }
}
