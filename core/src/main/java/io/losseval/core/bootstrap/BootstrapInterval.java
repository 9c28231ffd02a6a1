package io.losseval.core.bootstrap;

import java.util.Arrays;

/**
 * A percentile bootstrap confidence interval: the {@code (1 - level) / 2} and {@code (1 + level) / 2}
 * quantiles of the replicates' values (Efron and Tibshirani, "An Introduction to the Bootstrap", ch.
 * 13), each interpolated linearly between order statistics (Hyndman and Fan's type 7, numpy's and R's
 * default). Replicates whose value is NaN (one that received no rows, for a mean) are left out and
 * counted.
 *
 * @param lower the lower bound (NaN when no replicate has a value)
 * @param upper the upper bound (NaN when no replicate has a value)
 * @param level the confidence level (0.95)
 * @param replicates the replicates with a value, of which the quantiles were taken
 */
public record BootstrapInterval(double lower, double upper, double level, int replicates) {

  /** The usual 95% level. */
  public static final double DEFAULT_LEVEL = 0.95;

  /**
   * The percentile interval of {@code values} at {@code level}.
   *
   * @throws IllegalArgumentException unless {@code 0 < level < 1}
   */
  public static BootstrapInterval percentile(double[] values, double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("confidence level must be in (0, 1), was " + level);
    }
    double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
    if (sorted.length == 0) {
      return new BootstrapInterval(Double.NaN, Double.NaN, level, 0);
    }
    double alpha = (1 - level) / 2;
    return new BootstrapInterval(
        quantile(sorted, alpha), quantile(sorted, 1 - alpha), level, sorted.length);
  }

  /** Whether {@code x} lies in {@code [lower, upper]}. */
  public boolean contains(double x) {
    return x >= lower && x <= upper;
  }

  /** Type-7 quantile {@code p} of ascending, NaN-free {@code sorted}. */
  static double quantile(double[] sorted, double p) {
    double h = (sorted.length - 1) * p;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    double a = sorted[lo];
    double b = sorted[hi];
    return a == b ? a : a + (h - lo) * (b - a);
  }
}
