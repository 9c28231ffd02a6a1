package io.losseval.jobs.report;

/**
 * One loss value of one split at one epoch.
 *
 * @param epoch the epoch
 * @param value the loss (NaN when no row was used)
 * @param lower the lower bound of its bootstrap interval (NaN: none computed)
 * @param upper the upper bound of its bootstrap interval (NaN: none computed)
 * @param rows the rows the value is over
 */
public record EpochValue(int epoch, double value, double lower, double upper, long rows) {

  /** Whether the value carries a bootstrap interval. */
  public boolean hasInterval() {
    return !Double.isNaN(lower) && !Double.isNaN(upper);
  }
}
