package io.losseval.core.kernel;

/**
 * The reference {@link LossKernels}: plain Java loops that spell out the formulas of the interface,
 * with {@link Math#exp}, {@link Math#log} and {@link Math#pow}.
 *
 * <p>This is the implementation every JVM can run, the one {@link KernelProvider} falls back to, and the
 * one the SIMD kernels are tested against. Get it through {@link KernelProvider#scalar()} or {@link
 * #INSTANCE}.
 */
public final class ScalarKernels implements LossKernels {

  /** The only instance: the class is stateless. */
  public static final ScalarKernels INSTANCE = new ScalarKernels();

  private ScalarKernels() {}

  @Override
  public String name() {
    return "scalar";
  }

  // ---------------------------------------------------------------- elementwise

  @Override
  public void squaredDiff(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    for (int i = 0; i < n; i++) {
      double d = a[ao + i] - b[bo + i];
      out[oo + i] = d * d;
    }
  }

  @Override
  public void squaredDiff(float[] a, int ao, float[] b, int bo, double[] out, int oo, int n) {
    for (int i = 0; i < n; i++) {
      double d = (double) a[ao + i] - (double) b[bo + i];
      out[oo + i] = d * d;
    }
  }

  @Override
  public void absDiff(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    for (int i = 0; i < n; i++) {
      out[oo + i] = Math.abs(a[ao + i] - b[bo + i]);
    }
  }

  @Override
  public void absDiff(float[] a, int ao, float[] b, int bo, double[] out, int oo, int n) {
    for (int i = 0; i < n; i++) {
      out[oo + i] = Math.abs((double) a[ao + i] - (double) b[bo + i]);
    }
  }

  @Override
  public void smoothL1(double[] a, int ao, double[] b, int bo, double beta, double[] out, int oo, int n) {
    for (int i = 0; i < n; i++) {
      double d = Math.abs(a[ao + i] - b[bo + i]);
      out[oo + i] = d < beta ? 0.5 * d * d / beta : d - 0.5 * beta;
    }
  }

  @Override
  public void huber(double[] a, int ao, double[] b, int bo, double delta, double[] out, int oo, int n) {
    for (int i = 0; i < n; i++) {
      double d = Math.abs(a[ao + i] - b[bo + i]);
      out[oo + i] = d < delta ? 0.5 * d * d : delta * (d - 0.5 * delta);
    }
  }

  @Override
  public void klDiv(double[] input, int io, double[] target, int to, boolean logTarget, double[] out,
      int oo, int n) {
    if (logTarget) {
      for (int i = 0; i < n; i++) {
        double t = target[to + i];
        out[oo + i] = Math.exp(t) * (t - input[io + i]);
      }
    } else {
      for (int i = 0; i < n; i++) {
        double t = target[to + i];
        double xlogy = t == 0 ? 0 : t * Math.log(t);
        out[oo + i] = xlogy - t * input[io + i];
      }
    }
  }

  // ---------------------------------------------------------------- reductions within one row

  @Override
  public double sum(double[] a, int off, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += a[off + i];
    }
    return s;
  }

  @Override
  public double dot(double[] a, int ao, double[] b, int bo, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += a[ao + i] * b[bo + i];
    }
    return s;
  }

  @Override
  public double max(double[] a, int off, int n) {
    double m = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      m = Math.max(m, a[off + i]);
    }
    return m;
  }

  @Override
  public double logSumExp(double[] a, int off, int n) {
    double m = max(a, off, n);
    if (Double.isNaN(m) || Double.isInfinite(m)) {
      return m;
    }
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += Math.exp(a[off + i] - m);
    }
    return m + Math.log(s);
  }

  @Override
  public double logSumExp(float[] a, int off, int n) {
    double m = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      m = Math.max(m, (double) a[off + i]);
    }
    if (Double.isNaN(m) || Double.isInfinite(m)) {
      return m;
    }
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += Math.exp((double) a[off + i] - m);
    }
    return m + Math.log(s);
  }

  @Override
  public void logSumExpColumns(double[] x, int off, int c, int d, double[] out, int oo) {
    for (int j = 0; j < d; j++) {
      out[oo + j] = logSumExpColumn(x, off + j, c, d);
    }
  }

  /**
   * Log-sum-exp of {@code x[start + k * stride]} for {@code k} in {@code [0, c)}; also the scalar tail
   * of {@code SimdKernels#logSumExpColumns}.
   */
  static double logSumExpColumn(double[] x, int start, int c, int stride) {
    double m = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < c; k++) {
      m = Math.max(m, x[start + k * stride]);
    }
    if (Double.isNaN(m) || Double.isInfinite(m)) {
      return m;
    }
    double s = 0;
    for (int k = 0; k < c; k++) {
      s += Math.exp(x[start + k * stride] - m);
    }
    return m + Math.log(s);
  }

  @Override
  public double sumPowAbsDiff(double[] a, int ao, double[] b, int bo, double eps, double p, int n) {
    double s = 0;
    if (p == 2) {
      for (int i = 0; i < n; i++) {
        double d = a[ao + i] - b[bo + i] + eps;
        s += d * d;
      }
    } else if (p == 1) {
      for (int i = 0; i < n; i++) {
        s += Math.abs(a[ao + i] - b[bo + i] + eps);
      }
    } else {
      for (int i = 0; i < n; i++) {
        s += Math.pow(Math.abs(a[ao + i] - b[bo + i] + eps), p);
      }
    }
    return s;
  }
}
