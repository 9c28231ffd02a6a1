package io.losseval.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link LossKernels} on the JDK Vector API ({@code jdk.incubator.vector}), in the widest double
 * vectors the CPU prefers (8 lanes on AVX-512, 4 on AVX2).
 *
 * <p>Each method is its {@link ScalarKernels} twin, line by line, as a vector body over whole vectors
 * followed by a scalar tail for the last {@code n % lanes} elements. The elementwise methods do the same
 * IEEE operations in the same order, so they give the same bits. The reductions keep two to four
 * independent vector accumulators (so the adds overlap), add them up lane-wise and then across lanes,
 * and finish with the tail: a different association order from the scalar loop, and {@code exp},
 * {@code log} and {@code pow} come from the Vector API's math library, accurate to about 1 ulp. Lanes are
 * counted from the row's offset, so a row's result does not depend on where it sits in the array; {@link
 * #klDiv}, elementwise over a whole batch, sends its tail through a padded vector for the same reason.
 * {@code JitIndependenceTest} checks that these kernels give the same bits interpreted, compiled up
 * front and warmed up.
 *
 * <p>{@code float} inputs are loaded in float vectors of half the width and widened to double lanes
 * ({@code F2D}), so every float becomes exactly the double the scalar code converts it to.
 *
 * <p>NaN and infinities: {@link DoubleVector#max} follows {@link Math#max} (NaN wins, {@code -0.0 < 0.0}),
 * so {@link #max} and the first pass of the log-sum-exps need no separate NaN check; where a column's
 * maximum is infinite, {@link #logSumExpColumns} returns the maximum as the scalar code does.
 *
 * <p>This class is never named outside this package's reflection: {@link KernelProvider} loads it by
 * name only after it has checked that the module {@code jdk.incubator.vector} is there, so that a JVM
 * without the module never links it.
 */
final class SimdKernels implements LossKernels {

  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
  /**
   * Float lanes of half the width: widened, they fill one {@link #D} vector. (At least 64 bits, so that
   * the class loads on any CPU and the constructor can refuse narrow vectors with a clear message.)
   */
  private static final VectorSpecies<Float> F_HALF =
      VectorSpecies.of(float.class, VectorShape.forBitSize(Math.max(64, D.vectorBitSize() / 2)));
  /** Float lanes of the full width, for the maximum of a float row (widening keeps the order). */
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final int L = D.length();

  /**
   * Loaded by {@link KernelProvider} through reflection.
   *
   * @throws UnsupportedOperationException if the preferred vectors are narrower than 128 bits, where
   *     the Vector API gains nothing over the scalar loops
   */
  SimdKernels() {
    if (D.vectorBitSize() < 128) {
      throw new UnsupportedOperationException("the preferred vector size is " + D.vectorBitSize()
          + " bits, less than 128 (see -XX:MaxVectorSize and -XX:UseAVX)");
    }
  }

  @Override
  public String name() {
    return "simd(" + D.vectorBitSize() + "-bit)";
  }

  private static DoubleVector load(double[] a, int i) {
    return DoubleVector.fromArray(D, a, i);
  }

  private static DoubleVector widen(float[] a, int i) {
    return (DoubleVector) FloatVector.fromArray(F_HALF, a, i).convertShape(VectorOperators.F2D, D, 0);
  }

  // ---------------------------------------------------------------- elementwise

  @Override
  public void squaredDiff(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    int i = 0;
    for (int bound = D.loopBound(n); i < bound; i += L) {
      DoubleVector d = load(a, ao + i).sub(load(b, bo + i));
      d.mul(d).intoArray(out, oo + i);
    }
    for (; i < n; i++) {
      double d = a[ao + i] - b[bo + i];
      out[oo + i] = d * d;
    }
  }

  @Override
  public void squaredDiff(float[] a, int ao, float[] b, int bo, double[] out, int oo, int n) {
    int i = 0;
    for (int bound = D.loopBound(n); i < bound; i += L) {
      DoubleVector d = widen(a, ao + i).sub(widen(b, bo + i));
      d.mul(d).intoArray(out, oo + i);
    }
    for (; i < n; i++) {
      double d = (double) a[ao + i] - (double) b[bo + i];
      out[oo + i] = d * d;
    }
  }

  @Override
  public void absDiff(double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
    int i = 0;
    for (int bound = D.loopBound(n); i < bound; i += L) {
      load(a, ao + i).sub(load(b, bo + i)).abs().intoArray(out, oo + i);
    }
    for (; i < n; i++) {
      out[oo + i] = Math.abs(a[ao + i] - b[bo + i]);
    }
  }

  @Override
  public void absDiff(float[] a, int ao, float[] b, int bo, double[] out, int oo, int n) {
    int i = 0;
    for (int bound = D.loopBound(n); i < bound; i += L) {
      widen(a, ao + i).sub(widen(b, bo + i)).abs().intoArray(out, oo + i);
    }
    for (; i < n; i++) {
      out[oo + i] = Math.abs((double) a[ao + i] - (double) b[bo + i]);
    }
  }

  @Override
  public void smoothL1(double[] a, int ao, double[] b, int bo, double beta, double[] out, int oo, int n) {
    int i = 0;
    for (int bound = D.loopBound(n); i < bound; i += L) {
      DoubleVector d = load(a, ao + i).sub(load(b, bo + i)).abs();
      DoubleVector inside = d.mul(0.5).mul(d).div(beta);
      DoubleVector outside = d.sub(0.5 * beta);
      outside.blend(inside, d.compare(VectorOperators.LT, beta)).intoArray(out, oo + i);
    }
    for (; i < n; i++) {
      double d = Math.abs(a[ao + i] - b[bo + i]);
      out[oo + i] = d < beta ? 0.5 * d * d / beta : d - 0.5 * beta;
    }
  }

  @Override
  public void huber(double[] a, int ao, double[] b, int bo, double delta, double[] out, int oo, int n) {
    int i = 0;
    for (int bound = D.loopBound(n); i < bound; i += L) {
      DoubleVector d = load(a, ao + i).sub(load(b, bo + i)).abs();
      DoubleVector inside = d.mul(0.5).mul(d);
      DoubleVector outside = d.sub(0.5 * delta).mul(delta);
      outside.blend(inside, d.compare(VectorOperators.LT, delta)).intoArray(out, oo + i);
    }
    for (; i < n; i++) {
      double d = Math.abs(a[ao + i] - b[bo + i]);
      out[oo + i] = d < delta ? 0.5 * d * d : delta * (d - 0.5 * delta);
    }
  }

  /**
   * Elementwise over the whole batch, so the tail that does not fill a vector goes through a padded
   * vector too: every element gets the same lane arithmetic (vector {@code exp}, {@code log}) wherever
   * it sits in the batch, and the batch's boundaries never change its bits.
   */
  @Override
  public void klDiv(double[] input, int io, double[] target, int to, boolean logTarget, double[] out,
      int oo, int n) {
    int bound = D.loopBound(n);
    for (int i = 0; i < bound; i += L) {
      klDivLanes(load(input, io + i), load(target, to + i), logTarget).intoArray(out, oo + i);
    }
    if (bound < n) {
      int rest = n - bound;
      double[] x = new double[L];
      double[] t = new double[L];
      double[] y = new double[L];
      System.arraycopy(input, io + bound, x, 0, rest);
      System.arraycopy(target, to + bound, t, 0, rest);
      klDivLanes(load(x, 0), load(t, 0), logTarget).intoArray(y, 0);
      System.arraycopy(y, 0, out, oo + bound, rest);
    }
  }

  /** {@code exp(t) (t - x)} with a log target; else {@code xlogy(t, t) - t x}, 0 where {@code t = 0}. */
  private static DoubleVector klDivLanes(DoubleVector x, DoubleVector t, boolean logTarget) {
    if (logTarget) {
      return t.lanewise(VectorOperators.EXP).mul(t.sub(x));
    }
    DoubleVector xlogy =
        t.mul(t.lanewise(VectorOperators.LOG)).blend(0.0, t.compare(VectorOperators.EQ, 0.0));
    return xlogy.sub(t.mul(x));
  }

  // ---------------------------------------------------------------- reductions within one row

  @Override
  public double sum(double[] a, int off, int n) {
    DoubleVector s0 = DoubleVector.zero(D);
    DoubleVector s1 = s0;
    DoubleVector s2 = s0;
    DoubleVector s3 = s0;
    int i = 0;
    for (int bound = n - n % (4 * L); i < bound; i += 4 * L) {
      s0 = s0.add(load(a, off + i));
      s1 = s1.add(load(a, off + i + L));
      s2 = s2.add(load(a, off + i + 2 * L));
      s3 = s3.add(load(a, off + i + 3 * L));
    }
    for (int bound = D.loopBound(n); i < bound; i += L) {
      s0 = s0.add(load(a, off + i));
    }
    double s = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      s += a[off + i];
    }
    return s;
  }

  @Override
  public double dot(double[] a, int ao, double[] b, int bo, int n) {
    DoubleVector s0 = DoubleVector.zero(D);
    DoubleVector s1 = s0;
    DoubleVector s2 = s0;
    DoubleVector s3 = s0;
    int i = 0;
    for (int bound = n - n % (4 * L); i < bound; i += 4 * L) {
      s0 = s0.add(load(a, ao + i).mul(load(b, bo + i)));
      s1 = s1.add(load(a, ao + i + L).mul(load(b, bo + i + L)));
      s2 = s2.add(load(a, ao + i + 2 * L).mul(load(b, bo + i + 2 * L)));
      s3 = s3.add(load(a, ao + i + 3 * L).mul(load(b, bo + i + 3 * L)));
    }
    for (int bound = D.loopBound(n); i < bound; i += L) {
      s0 = s0.add(load(a, ao + i).mul(load(b, bo + i)));
    }
    double s = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      s += a[ao + i] * b[bo + i];
    }
    return s;
  }

  @Override
  public double max(double[] a, int off, int n) {
    DoubleVector m0 = DoubleVector.broadcast(D, Double.NEGATIVE_INFINITY);
    DoubleVector m1 = m0;
    DoubleVector m2 = m0;
    DoubleVector m3 = m0;
    int i = 0;
    for (int bound = n - n % (4 * L); i < bound; i += 4 * L) {
      m0 = m0.max(load(a, off + i));
      m1 = m1.max(load(a, off + i + L));
      m2 = m2.max(load(a, off + i + 2 * L));
      m3 = m3.max(load(a, off + i + 3 * L));
    }
    for (int bound = D.loopBound(n); i < bound; i += L) {
      m0 = m0.max(load(a, off + i));
    }
    double m = m0.max(m1).max(m2.max(m3)).reduceLanes(VectorOperators.MAX);
    for (; i < n; i++) {
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
    DoubleVector vm = DoubleVector.broadcast(D, m);
    DoubleVector s0 = DoubleVector.zero(D);
    DoubleVector s1 = s0;
    int i = 0;
    for (int bound = n - n % (2 * L); i < bound; i += 2 * L) {
      s0 = s0.add(load(a, off + i).sub(vm).lanewise(VectorOperators.EXP));
      s1 = s1.add(load(a, off + i + L).sub(vm).lanewise(VectorOperators.EXP));
    }
    for (int bound = D.loopBound(n); i < bound; i += L) {
      s0 = s0.add(load(a, off + i).sub(vm).lanewise(VectorOperators.EXP));
    }
    double s = s0.add(s1).reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      s += Math.exp(a[off + i] - m);
    }
    return m + Math.log(s);
  }

  @Override
  public double logSumExp(float[] a, int off, int n) {
    double m = maxWidened(a, off, n);
    if (Double.isNaN(m) || Double.isInfinite(m)) {
      return m;
    }
    DoubleVector vm = DoubleVector.broadcast(D, m);
    DoubleVector s0 = DoubleVector.zero(D);
    DoubleVector s1 = s0;
    int i = 0;
    for (int bound = n - n % (2 * L); i < bound; i += 2 * L) {
      s0 = s0.add(widen(a, off + i).sub(vm).lanewise(VectorOperators.EXP));
      s1 = s1.add(widen(a, off + i + L).sub(vm).lanewise(VectorOperators.EXP));
    }
    for (int bound = D.loopBound(n); i < bound; i += L) {
      s0 = s0.add(widen(a, off + i).sub(vm).lanewise(VectorOperators.EXP));
    }
    double s = s0.add(s1).reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      s += Math.exp((double) a[off + i] - m);
    }
    return m + Math.log(s);
  }

  /** The maximum of a float row, widened: full-width float lanes, since widening keeps the order. */
  private static double maxWidened(float[] a, int off, int n) {
    FloatVector m0 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
    FloatVector m1 = m0;
    int i = 0;
    for (int bound = n - n % (2 * F.length()); i < bound; i += 2 * F.length()) {
      m0 = m0.max(FloatVector.fromArray(F, a, off + i));
      m1 = m1.max(FloatVector.fromArray(F, a, off + i + F.length()));
    }
    for (int bound = F.loopBound(n); i < bound; i += F.length()) {
      m0 = m0.max(FloatVector.fromArray(F, a, off + i));
    }
    double m = m0.max(m1).reduceLanes(VectorOperators.MAX);
    for (; i < n; i++) {
      m = Math.max(m, (double) a[off + i]);
    }
    return m;
  }

  /**
   * Rows of at most this many classes go across rows ({@link #logSumExpRows}): one lane per row, where a
   * row alone would fill less than a few vectors and pay a horizontal reduction and a scalar tail.
   */
  private static final int ACROSS_ROWS_MAX_CLASSES = 4 * L;

  /**
   * Short rows ({@code c <= 4} lanes) are computed {@link #L} rows at a time, one row per lane, each
   * class's values gathered across the rows (the last rows padded with zeros, so every row goes through
   * the same lane arithmetic and its value never depends on its neighbours); the maximum, the sum of
   * {@code exp(x - max)} in class order and the {@code log} then run as in {@link #logSumExpColumns}.
   * Longer rows go one at a time through {@link #logSumExp(double[], int, int)}.
   */
  @Override
  public void logSumExpRows(double[] a, int off, int c, int rows, double[] out, int oo) {
    if (c > ACROSS_ROWS_MAX_CLASSES || c == 0) {
      LossKernels.super.logSumExpRows(a, off, c, rows, out, oo);
    } else {
      logSumExpAcrossRows(a, null, off, c, rows, out, oo);
    }
  }

  /** {@link #logSumExpRows(double[], int, int, int, double[], int)} over widened floats. */
  @Override
  public void logSumExpRows(float[] a, int off, int c, int rows, double[] out, int oo) {
    if (c > ACROSS_ROWS_MAX_CLASSES || c == 0) {
      LossKernels.super.logSumExpRows(a, off, c, rows, out, oo);
    } else {
      logSumExpAcrossRows(null, a, off, c, rows, out, oo);
    }
  }

  /**
   * The rows of {@code doubles}, or else of {@code floats}, {@link #L} at a time, one per lane: lane
   * {@code j} of the vector for class {@code k} is gathered from row {@code j}'s value {@code k}. The
   * last rows, fewer than {@code L}, are copied into a block padded with zeros first, so they go through
   * the same lanes and arithmetic.
   */
  private static void logSumExpAcrossRows(
      double[] doubles, float[] floats, int off, int c, int rows, double[] out, int oo) {
    int[] rowStarts = new int[L];
    for (int j = 0; j < L; j++) {
      rowStarts[j] = j * c;
    }
    int full = rows - rows % L;
    for (int r0 = 0; r0 < full; r0 += L) {
      acrossRows(doubles, floats, off + r0 * c, c, rowStarts).intoArray(out, oo + r0);
    }
    int n = rows - full;
    if (n > 0) {
      double[] padded = doubles == null ? null : new double[L * c];
      float[] paddedFloats = doubles == null ? new float[L * c] : null;
      if (doubles != null) {
        System.arraycopy(doubles, off + full * c, padded, 0, n * c);
      } else {
        System.arraycopy(floats, off + full * c, paddedFloats, 0, n * c);
      }
      double[] lanes = new double[L];
      acrossRows(padded, paddedFloats, 0, c, rowStarts).intoArray(lanes, 0);
      System.arraycopy(lanes, 0, out, oo + full, n);
    }
  }

  /**
   * Log-sum-exp of the {@link #L} rows of {@code c} values from {@code base} (row {@code j} at {@code
   * base + rowStarts[j]}), one per lane: the maximum, the sum of {@code exp(x - max)} in class order,
   * and the {@code log}; NaN where a row holds a NaN, the infinite maximum where it is infinite.
   */
  private static DoubleVector acrossRows(
      double[] doubles, float[] floats, int base, int c, int[] rowStarts) {
    DoubleVector m = DoubleVector.broadcast(D, Double.NEGATIVE_INFINITY);
    for (int k = 0; k < c; k++) {
      m = m.max(gather(doubles, floats, base + k, rowStarts));
    }
    DoubleVector s = DoubleVector.zero(D);
    for (int k = 0; k < c; k++) {
      s = s.add(gather(doubles, floats, base + k, rowStarts).sub(m).lanewise(VectorOperators.EXP));
    }
    VectorMask<Double> special = m.test(VectorOperators.IS_INFINITE).or(m.test(VectorOperators.IS_NAN));
    return m.add(s.lanewise(VectorOperators.LOG)).blend(m, special);
  }

  /** Lane {@code j}: {@code doubles[at + rowStarts[j]]}, or the widened float there. */
  private static DoubleVector gather(double[] doubles, float[] floats, int at, int[] rowStarts) {
    if (doubles != null) {
      return DoubleVector.fromArray(D, doubles, at, rowStarts, 0);
    }
    return (DoubleVector) FloatVector.fromArray(F_HALF, floats, at, rowStarts, 0)
        .convertShape(VectorOperators.F2D, D, 0);
  }

  @Override
  public void logSumExpColumns(double[] x, int off, int c, int d, double[] out, int oo) {
    int j = 0;
    for (int bound = D.loopBound(d); j < bound; j += L) {
      DoubleVector m = DoubleVector.broadcast(D, Double.NEGATIVE_INFINITY);
      for (int k = 0; k < c; k++) {
        m = m.max(load(x, off + k * d + j));
      }
      DoubleVector s = DoubleVector.zero(D);
      for (int k = 0; k < c; k++) {
        s = s.add(load(x, off + k * d + j).sub(m).lanewise(VectorOperators.EXP));
      }
      VectorMask<Double> infinite = m.test(VectorOperators.IS_INFINITE);
      m.add(s.lanewise(VectorOperators.LOG)).blend(m, infinite).intoArray(out, oo + j);
    }
    for (; j < d; j++) {
      out[oo + j] = ScalarKernels.logSumExpColumn(x, off + j, c, d);
    }
  }

  @Override
  public double sumPowAbsDiff(double[] a, int ao, double[] b, int bo, double eps, double p, int n) {
    DoubleVector s0 = DoubleVector.zero(D);
    DoubleVector s1 = s0;
    int i = 0;
    int bound2 = n - n % (2 * L);
    int bound = D.loopBound(n);
    double s;
    if (p == 2) {
      for (; i < bound2; i += 2 * L) {
        DoubleVector d0 = load(a, ao + i).sub(load(b, bo + i)).add(eps);
        DoubleVector d1 = load(a, ao + i + L).sub(load(b, bo + i + L)).add(eps);
        s0 = s0.add(d0.mul(d0));
        s1 = s1.add(d1.mul(d1));
      }
      for (; i < bound; i += L) {
        DoubleVector d0 = load(a, ao + i).sub(load(b, bo + i)).add(eps);
        s0 = s0.add(d0.mul(d0));
      }
      s = s0.add(s1).reduceLanes(VectorOperators.ADD);
      for (; i < n; i++) {
        double d = a[ao + i] - b[bo + i] + eps;
        s += d * d;
      }
    } else if (p == 1) {
      for (; i < bound2; i += 2 * L) {
        s0 = s0.add(load(a, ao + i).sub(load(b, bo + i)).add(eps).abs());
        s1 = s1.add(load(a, ao + i + L).sub(load(b, bo + i + L)).add(eps).abs());
      }
      for (; i < bound; i += L) {
        s0 = s0.add(load(a, ao + i).sub(load(b, bo + i)).add(eps).abs());
      }
      s = s0.add(s1).reduceLanes(VectorOperators.ADD);
      for (; i < n; i++) {
        s += Math.abs(a[ao + i] - b[bo + i] + eps);
      }
    } else {
      for (; i < bound2; i += 2 * L) {
        DoubleVector d0 = load(a, ao + i).sub(load(b, bo + i)).add(eps).abs();
        DoubleVector d1 = load(a, ao + i + L).sub(load(b, bo + i + L)).add(eps).abs();
        s0 = s0.add(d0.lanewise(VectorOperators.POW, p));
        s1 = s1.add(d1.lanewise(VectorOperators.POW, p));
      }
      for (; i < bound; i += L) {
        s0 = s0.add(load(a, ao + i).sub(load(b, bo + i)).add(eps).abs().lanewise(VectorOperators.POW, p));
      }
      s = s0.add(s1).reduceLanes(VectorOperators.ADD);
      for (; i < n; i++) {
        s += Math.pow(Math.abs(a[ao + i] - b[bo + i] + eps), p);
      }
    }
    return s;
  }
}
