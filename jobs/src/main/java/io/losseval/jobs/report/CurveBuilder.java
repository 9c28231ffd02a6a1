package io.losseval.jobs.report;

import io.losseval.jobs.JobFailure;
import io.losseval.jobs.evaluate.ResultRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns results sliced by epoch and split (from an evaluation grouped by them, or a results table) into
 * one {@link LossCurves} per loss, reduction, options and remaining slice, with its verdict.
 */
public final class CurveBuilder {
  private final String epochKey;
  private final String splitKey;
  private final String train;
  private final String validation;
  private final VerdictRule rule;

  /**
   * @param epochKey the slice key that holds the epoch
   * @param splitKey the slice key that holds the split
   * @param train the split value of the training data
   * @param validation the split value of the validation data
   * @param rule the verdict rule
   */
  public CurveBuilder(String epochKey, String splitKey, String train, String validation,
      VerdictRule rule) {
    this.epochKey = epochKey;
    this.splitKey = splitKey;
    this.train = train;
    this.validation = validation;
    this.rule = rule;
  }

  /**
   * The curves of {@code results}, in the order their losses first appear. Results of other splits are
   * left out.
   *
   * @throws JobFailure (exit 3) when a result has no epoch or split in its slice, or an epoch that is
   *     not an integer
   */
  public List<LossCurves> curves(List<ResultRow> results) {
    Map<List<String>, List<ResultRow>> groups = new LinkedHashMap<>();
    Set<String> drop = Set.of(epochKey, splitKey);
    for (ResultRow r : results) {
      if (!r.slice().containsKey(epochKey) || !r.slice().containsKey(splitKey)) {
        throw JobFailure.badInput("report: result " + r.loss() + " (" + r.reduction() + ") of run '"
            + r.runId() + "' has slice " + r.slice() + " without '" + epochKey + "' and '" + splitKey
            + "': expected results grouped by the epoch and split columns (report.epoch,"
            + " report.split)");
      }
      String split = r.slice().get(splitKey);
      if (!train.equals(split) && !validation.equals(split)) {
        continue;
      }
      groups.computeIfAbsent(List.of(r.loss(), r.reduction(), r.options(), r.sliceText(drop)),
          k -> new ArrayList<>()).add(r);
    }
    List<LossCurves> out = new ArrayList<>();
    for (Map.Entry<List<String>, List<ResultRow>> g : groups.entrySet()) {
      List<EpochValue> tr = new ArrayList<>();
      List<EpochValue> val = new ArrayList<>();
      for (ResultRow r : g.getValue()) {
        (train.equals(r.slice().get(splitKey)) ? tr : val).add(point(r));
      }
      tr.sort(Comparator.comparingInt(EpochValue::epoch));
      val.sort(Comparator.comparingInt(EpochValue::epoch));
      List<String> k = g.getKey();
      out.add(new LossCurves(k.get(0), k.get(1), k.get(2), k.get(3), tr, val, rule.decide(tr, val)));
    }
    return out;
  }

  private EpochValue point(ResultRow r) {
    String text = r.slice().get(epochKey);
    int epoch;
    try {
      epoch = Integer.parseInt(text.trim());
    } catch (RuntimeException e) {
      throw JobFailure.badInput("report: epoch '" + text + "' of result " + r.loss() + " is not an"
          + " integer: expected the epoch column (report.epoch: " + epochKey + ") to hold epoch"
          + " numbers");
    }
    return new EpochValue(epoch, r.value() == null ? Double.NaN : r.value(),
        r.ciLower() == null ? Double.NaN : r.ciLower(), r.ciUpper() == null ? Double.NaN : r.ciUpper(),
        r.rows());
  }
}
