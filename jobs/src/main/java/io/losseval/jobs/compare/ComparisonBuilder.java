package io.losseval.jobs.compare;

import io.losseval.core.bootstrap.BootstrapInterval;
import io.losseval.jobs.JobFailure;
import io.losseval.jobs.evaluate.ResultRow;
import io.losseval.jobs.report.ComparisonRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pairs a baseline's results with a candidate's, slice by slice and loss by loss, and applies the
 * thresholds. The two sides are told apart by a slice key (a model column) or, for {@code run_id}, by
 * the run. With bootstrap replicates on both sides, the difference's 95% interval is the percentile
 * interval of the replicate-by-replicate differences: keyed by an example id, both models' rows were
 * resampled together, so this is a paired bootstrap.
 */
public final class ComparisonBuilder {
  private final String by;
  private final String baseline;
  private final String candidate;
  private final List<Threshold> thresholds;

  public ComparisonBuilder(String by, String baseline, String candidate, List<Threshold> thresholds) {
    this.by = by;
    this.baseline = baseline;
    this.candidate = candidate;
    this.thresholds = List.copyOf(thresholds);
  }

  /**
   * One row per slice and loss that both sides have.
   *
   * @throws JobFailure (exit 3) when a side has no results, or a result of one side has no
   *     counterpart in the other (nothing is left out silently)
   */
  public List<ComparisonRow> compare(List<ResultRow> results) {
    Map<List<String>, ResultRow[]> pairs = new LinkedHashMap<>();
    Set<String> drop = Set.of(by);
    int[] seen = new int[2];
    for (ResultRow r : results) {
      String side = "run_id".equals(by) ? r.runId() : r.slice().get(by);
      int i = baseline.equals(side) ? 0 : candidate.equals(side) ? 1 : -1;
      if (i < 0) {
        continue;
      }
      seen[i]++;
      pairs.computeIfAbsent(List.of(r.sliceText(drop), r.loss(), r.reduction(), r.options()),
          k -> new ResultRow[2])[i] = r;
    }
    for (int i = 0; i < 2; i++) {
      if (seen[i] == 0) {
        throw JobFailure.badInput("compare: no results where " + by + " is '"
            + (i == 0 ? baseline : candidate) + "': check compare.by, compare.baseline and"
            + " compare.candidate against the data");
      }
    }
    List<ComparisonRow> out = new ArrayList<>();
    for (Map.Entry<List<String>, ResultRow[]> e : pairs.entrySet()) {
      ResultRow b = e.getValue()[0];
      ResultRow c = e.getValue()[1];
      if (b == null || c == null) {
        List<String> k = e.getKey();
        throw JobFailure.badInput("compare: " + k.get(1) + " (" + k.get(2) + ") of slice '"
            + (k.get(0).isEmpty() ? "all" : k.get(0)) + "' has a result for the "
            + (b == null ? "candidate but not the baseline" : "baseline but not the candidate")
            + ": expected both to be evaluated on the same slices");
      }
      out.add(row(e.getKey(), b, c));
    }
    return out;
  }

  private ComparisonRow row(List<String> key, ResultRow b, ResultRow c) {
    double base = b.value() == null ? Double.NaN : b.value();
    double cand = c.value() == null ? Double.NaN : c.value();
    double lower = Double.NaN;
    double upper = Double.NaN;
    if (b.replicates() != null && c.replicates() != null
        && b.replicates().size() == c.replicates().size()) {
      double[] diffs = new double[b.replicates().size()];
      for (int i = 0; i < diffs.length; i++) {
        diffs[i] = c.replicates().get(i) - b.replicates().get(i);
      }
      BootstrapInterval ci = BootstrapInterval.percentile(diffs, BootstrapInterval.DEFAULT_LEVEL);
      lower = ci.lower();
      upper = ci.upper();
    }
    ComparisonRow unjudged = new ComparisonRow(key.get(0), key.get(1), key.get(2), key.get(3), base,
        cand, cand - base, (cand - base) / Math.abs(base), lower, upper, null, null);
    List<String> applied = new ArrayList<>();
    Boolean passed = null;
    for (Threshold t : thresholds) {
      if (t.appliesTo(unjudged)) {
        boolean ok = t.passes(unjudged);
        passed = passed == null ? ok : passed && ok;
        applied.add(t.text() + " (" + t.describe(unjudged) + ")");
      }
    }
    return new ComparisonRow(key.get(0), key.get(1), key.get(2), key.get(3), base, cand, cand - base,
        (cand - base) / Math.abs(base), lower, upper,
        applied.isEmpty() ? null : String.join("; ", applied), passed);
  }
}
