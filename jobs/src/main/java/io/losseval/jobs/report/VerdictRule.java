package io.losseval.jobs.report;

import io.losseval.jobs.config.JobConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides what a train and a validation curve say, by rules stated in words in every report ({@link
 * #rules()}), applied in this order:
 *
 * <ol>
 *   <li><b>insufficient data</b>: fewer than 3 epochs with a validation value;
 *   <li><b>overfitting</b>: the validation loss reached its minimum at epoch b before the last epoch,
 *       ended more than the tolerance above it, and the train loss at the last epoch is below its value
 *       at b (training kept improving while validation got worse): overfitting from epoch b;
 *   <li><b>underfitting</b>: the train loss ended above {@code underfit} times its first value (it
 *       barely fell) and changed by less than the tolerance over the last {@code window} epochs;
 *   <li><b>plateaued</b>: the validation loss changed by less than the tolerance over the last {@code
 *       window} epochs (its range there, relative to its last value);
 *   <li><b>improving</b>: otherwise (validation is still falling).
 * </ol>
 *
 * <p>Bootstrap intervals, when present, are shown next to the verdict but do not change it.
 */
public final class VerdictRule {
  private final double tolerance;
  private final int window;
  private final double underfit;

  public VerdictRule(JobConfig.VerdictSettings settings) {
    this.tolerance = settings.tolerance();
    this.window = settings.window();
    this.underfit = settings.underfit();
  }

  /** The rules in words, for the report, with this rule's thresholds. */
  public List<String> rules() {
    String tol = percent(tolerance);
    return List.of(
        "insufficient data: fewer than 3 epochs have a validation value.",
        "overfitting: the validation loss reached its minimum at an epoch b before the last epoch and"
            + " ended more than " + tol + " above it, while the train loss at the last epoch is"
            + " below its value at b; overfitting from epoch b (the best validation epoch).",
        "underfitting: the train loss ended above " + percent(underfit) + " of its first value and"
            + " changed by less than " + tol + " over the last " + window + " epochs: the model"
            + " does not fit its own training data.",
        "plateaued: the validation loss changed by less than " + tol + " over the last " + window
            + " epochs.",
        "improving: none of the above; the validation loss is still falling.");
  }

  /** The verdict of {@code train} and {@code validation}, each by ascending epoch. */
  public Verdict decide(List<EpochValue> train, List<EpochValue> validation) {
    List<EpochValue> val = finite(validation);
    List<EpochValue> tr = finite(train);
    Integer best = null;
    EpochValue bestValue = null;
    for (EpochValue v : val) {
      if (bestValue == null || v.value() < bestValue.value()) {
        bestValue = v;
        best = v.epoch();
      }
    }
    if (val.size() < 3) {
      return new Verdict(Verdict.Kind.INSUFFICIENT_DATA, val.size() + " epoch(s) with a validation"
          + " value; at least 3 are needed to judge a trend.", best, null);
    }
    EpochValue lastVal = val.get(val.size() - 1);
    EpochValue trainAtBest = at(tr, best);
    EpochValue lastTrain = tr.isEmpty() ? null : tr.get(tr.size() - 1);
    if (best != lastVal.epoch() && lastVal.value() > bestValue.value() * (1 + tolerance)
        && trainAtBest != null && lastTrain != null && lastTrain.value() < trainAtBest.value()) {
      return new Verdict(Verdict.Kind.OVERFITTING, String.format(Locale.ROOT,
          "validation loss rose from %s at epoch %d (its minimum) to %s at epoch %d (%s), while the"
              + " train loss fell from %s to %s.",
          num(bestValue.value()), best, num(lastVal.value()), lastVal.epoch(),
          signedPercent(lastVal.value() / bestValue.value() - 1), num(trainAtBest.value()),
          num(lastTrain.value())), best, best);
    }
    if (tr.size() >= window && lastTrain.value() > underfit * tr.get(0).value()
        && relativeRange(tr) < tolerance) {
      return new Verdict(Verdict.Kind.UNDERFITTING, String.format(Locale.ROOT,
          "the train loss went from %s at epoch %d to only %s at epoch %d and is flat over the last"
              + " %d epochs.", num(tr.get(0).value()), tr.get(0).epoch(), num(lastTrain.value()),
          lastTrain.epoch(), window), best, null);
    }
    if (val.size() >= window && relativeRange(val) < tolerance) {
      return new Verdict(Verdict.Kind.PLATEAUED, String.format(Locale.ROOT,
          "the validation loss stayed within %s over the last %d epochs (ending at %s).",
          percent(relativeRange(val)), window, num(lastVal.value())), best, null);
    }
    return new Verdict(Verdict.Kind.IMPROVING, String.format(Locale.ROOT,
        "the validation loss went from %s at epoch %d to %s at epoch %d%s.",
        num(val.get(0).value()), val.get(0).epoch(), num(lastVal.value()), lastVal.epoch(),
        best == lastVal.epoch() ? ", its lowest" : " (lowest " + num(bestValue.value())
            + " at epoch " + best + ")"), best, null);
  }

  /** (max - min) / |last| over the last {@link #window} values. */
  private double relativeRange(List<EpochValue> values) {
    List<EpochValue> tail = values.subList(Math.max(0, values.size() - window), values.size());
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (EpochValue v : tail) {
      min = Math.min(min, v.value());
      max = Math.max(max, v.value());
    }
    return (max - min) / Math.abs(tail.get(tail.size() - 1).value());
  }

  private static List<EpochValue> finite(List<EpochValue> values) {
    List<EpochValue> out = new ArrayList<>();
    for (EpochValue v : values) {
      if (Double.isFinite(v.value())) {
        out.add(v);
      }
    }
    return out;
  }

  private static EpochValue at(List<EpochValue> values, Integer epoch) {
    for (EpochValue v : values) {
      if (epoch != null && v.epoch() == epoch) {
        return v;
      }
    }
    return null;
  }

  private static String num(double x) {
    return String.format(Locale.ROOT, "%.4g", x);
  }

  private static String percent(double x) {
    return String.format(Locale.ROOT, "%.3g%%", 100 * x);
  }

  private static String signedPercent(double x) {
    return String.format(Locale.ROOT, "%+.3g%%", 100 * x);
  }
}
