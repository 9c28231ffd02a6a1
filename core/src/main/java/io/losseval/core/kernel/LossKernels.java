package io.losseval.core.kernel;

/**
 * The inner loops of the losses, over primitive arrays with offsets and lengths.
 *
 * <p>Two implementations sit behind this interface: {@link ScalarKernels}, plain Java loops, and
 * {@code SimdKernels}, the same loops on the JDK Vector API ({@code jdk.incubator.vector}). {@link
 * KernelProvider#kernels()} picks one once per JVM. Callers get the instance from the provider (or, in
 * tests, both instances) and never name an implementation.
 *
 * <p>Contract shared by every method:
 *
 * <ul>
 *   <li>Kernels never validate: offsets and lengths are the caller's responsibility (the losses check
 *       shapes and values before they call a kernel). {@code n == 0} is legal and does nothing, or
 *       returns the empty reduction documented on the method.
 *   <li>Arithmetic is in {@code double}; {@code float} inputs are widened element by element first.
 *   <li>The arithmetic elementwise methods ({@code squaredDiff}, {@code absDiff}, {@code smoothL1},
 *       {@code huber}: {@code out[oo + i] = f(a[ao + i], b[bo + i])}) give bit-identical results in
 *       both implementations: they use only {@code +, -, *, /, abs, min, max} in the order written on the
 *       method, with no fused multiply-add. {@code klDiv} uses {@code log}/{@code exp} and may differ by
 *       about 1 ulp. Reductions within one row ({@code sum}, {@code dot},
 *       {@code logSumExp}, ...) may differ between implementations in the last bits (different
 *       association order; vector {@code exp}/{@code log} are accurate to about 1 ulp), but each
 *       implementation is deterministic: the same row gives the same bits whatever else is in the batch.
 *   <li>NaN and infinities propagate as IEEE 754 arithmetic propagates them.
 * </ul>
 *
 * <p>Implementations are stateless and thread-safe.
 */
public interface LossKernels {

  /** A short name for logs: {@code "scalar"} or {@code "simd(512-bit)"}. */
  String name();

  // ---------------------------------------------------------------- elementwise

  /** {@code out[oo+i] = (a[ao+i] - b[bo+i]) * (a[ao+i] - b[bo+i])}. */
  void squaredDiff(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n);

  /** {@code out[oo+i] = d * d} with {@code d = (double) a[ao+i] - (double) b[bo+i]}. */
  void squaredDiff(float[] a, int ao, float[] b, int bo, double[] out, int oo, int n);

  /** {@code out[oo+i] = |a[ao+i] - b[bo+i]|}. */
  void absDiff(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n);

  /** {@code out[oo+i] = |(double) a[ao+i] - (double) b[bo+i]|}. */
  void absDiff(float[] a, int ao, float[] b, int bo, double[] out, int oo, int n);

  /**
   * Smooth L1 with {@code beta > 0}: with {@code d = |a - b|}, {@code out = d < beta ? 0.5 * d * d / beta
   * : d - 0.5 * beta}. (PyTorch's {@code smooth_l1_loss}; the caller handles {@code beta == 0} as
   * {@link #absDiff}.)
   */
  void smoothL1(double[] a, int ao, double[] b, int bo, double beta, double[] out, int oo, int n);

  /**
   * Huber with {@code delta > 0}: with {@code d = |a - b|}, {@code out = d < delta ? 0.5 * d * d : delta
   * * (d - 0.5 * delta)}. (PyTorch's {@code huber_loss}.)
   */
  void huber(double[] a, int ao, double[] b, int bo, double delta, double[] out, int oo, int n);

  /**
   * Pointwise KL divergence, PyTorch >= 1.12. {@code logTarget == false}: {@code out = xlogy(t, t) - t *
   * x}, where {@code xlogy(t, t)} is {@code 0} for {@code t == 0}, {@code NaN} for {@code t} NaN, and
   * {@code t * log(t)} otherwise (so {@code NaN} for {@code t < 0}). {@code logTarget == true}: {@code out
   * = exp(t) * (t - x)}. Here {@code x = input[io+i]}, {@code t = target[to+i]}. The vector form may
   * differ from the scalar one by about 1 ulp of {@code log}/{@code exp}.
   */
  void klDiv(double[] input, int io, double[] target, int to, boolean logTarget, double[] out, int oo,
      int n);

  // ---------------------------------------------------------------- reductions within one row

  /** {@code sum(a[off .. off+n))}; {@code 0} for {@code n == 0}. */
  double sum(double[] a, int off, int n);

  /** {@code sum(a[ao+i] * b[bo+i])}; {@code 0} for {@code n == 0}. */
  double dot(double[] a, int ao, double[] b, int bo, int n);

  /** {@code max(a[off .. off+n))} ({@code NaN} if any element is NaN); {@code -Infinity} for {@code n == 0}. */
  double max(double[] a, int off, int n);

  /**
   * {@code log(sum(exp(a[off+i])))}, computed stably as {@code m + log(sum(exp(a[off+i] - m)))} with
   * {@code m = max(a)}. If {@code m} is infinite the result is {@code m} (all {@code -Infinity} gives
   * {@code -Infinity}; any {@code +Infinity} gives {@code +Infinity}); NaN if any element is NaN.
   * {@code -Infinity} for {@code n == 0}.
   */
  double logSumExp(double[] a, int off, int n);

  /** {@link #logSumExp(double[], int, int)} over widened floats. */
  double logSumExp(float[] a, int off, int n);

  /**
   * {@link #logSumExp(double[], int, int)} of each of {@code rows} consecutive rows of {@code c} values:
   * {@code out[oo + r] = logSumExp(a, off + r * c, c)}. Each row's value depends on that row alone (the
   * same bits wherever the row is in the run and however long the run is), so that a loss over the
   * rows does not depend on how they were batched; it may differ from {@link #logSumExp(double[], int,
   * int)} in the last bits, within the same implementation, where short rows are computed across rows.
   */
  default void logSumExpRows(double[] a, int off, int c, int rows, double[] out, int oo) {
    for (int r = 0; r < rows; r++) {
      out[oo + r] = logSumExp(a, off + r * c, c);
    }
  }

  /** {@link #logSumExpRows(double[], int, int, int, double[], int)} over widened floats. */
  default void logSumExpRows(float[] a, int off, int c, int rows, double[] out, int oo) {
    for (int r = 0; r < rows; r++) {
      out[oo + r] = logSumExp(a, off + r * c, c);
    }
  }

  /**
   * Log-sum-exp down the columns of a row-major {@code [c][d]} block: for each {@code j} in {@code
   * [0, d)}, {@code out[oo + j] = logSumExp over k in [0, c) of x[off + k * d + j]}, with the same
   * stability and special values as {@link #logSumExp(double[], int, int)}. This is the class dimension
   * of PyTorch's {@code N x C x d1 x ...} input taken one sample at a time.
   */
  void logSumExpColumns(double[] x, int off, int c, int d, double[] out, int oo);

  /**
   * {@code sum over i of |a[ao+i] - b[bo+i] + eps| ^ p}: the p-th power of {@code F.pairwise_distance}'s
   * norm (PyTorch adds {@code eps} to the difference before the norm). {@code p == 2} and {@code p == 1}
   * are exact loops without {@code pow}; other {@code p > 0} use {@code Math.pow} (the vector form may
   * differ by about 1 ulp of {@code pow}). {@code 0} for {@code n == 0}.
   */
  double sumPowAbsDiff(double[] a, int ao, double[] b, int bo, double eps, double p, int n);
}
