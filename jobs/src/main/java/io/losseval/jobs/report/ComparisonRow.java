package io.losseval.jobs.report;

/**
 * One loss of one slice, baseline against candidate.
 *
 * @param slice the slice ({@code region=eu}), or empty for the whole input
 * @param loss the loss's SQL name
 * @param reduction its reduction
 * @param options its options in canonical text, or empty
 * @param baseline the baseline's value
 * @param candidate the candidate's value
 * @param difference {@code candidate - baseline}
 * @param relativeDifference {@code (candidate - baseline) / |baseline|} (NaN when the baseline is 0)
 * @param differenceLower the lower bound of the difference's bootstrap interval (NaN: none)
 * @param differenceUpper the upper bound of the difference's bootstrap interval (NaN: none)
 * @param threshold the threshold applied, as written in the config ({@code must not rise by more than
 *     1%}), or null when none applies
 * @param passed whether the threshold holds (null when none applies)
 */
public record ComparisonRow(
    String slice,
    String loss,
    String reduction,
    String options,
    double baseline,
    double candidate,
    double difference,
    double relativeDifference,
    double differenceLower,
    double differenceUpper,
    String threshold,
    Boolean passed) {

  /** Whether the difference carries a bootstrap interval. */
  public boolean hasInterval() {
    return !Double.isNaN(differenceLower) && !Double.isNaN(differenceUpper);
  }

  /** Whether a threshold applies and fails. */
  public boolean failed() {
    return Boolean.FALSE.equals(passed);
  }
}
