package io.losseval.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SIMD kernels against the scalar ones, over lengths that hit every vector tail (for 2, 4 and 8
 * lanes, with 2 and 4 accumulators), at offsets that are not multiples of the lane count, on seeded
 * random rows of several scales and on rows full of, or sprinkled with, special values.
 *
 * <p>Elementwise kernels must give the same bits ({@link Double#doubleToLongBits}, so every NaN is equal
 * to every NaN and {@code -0.0} differs from {@code 0.0}). Reductions, and {@code klDiv} (vector {@code
 * exp}/{@code log}), must agree within {@code 1e-12} relative to the magnitude of the row's terms (for a
 * sum with cancellation that is the sum of the absolute values, not the result), and give exactly the
 * same value wherever the scalar result is NaN or infinite (except where finite terms of both signs
 * overflow in the sum: see {@link #orderDecidesOverflow}).
 */
final class KernelParityTest {

  private static final int[] SIZES = {
      0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 1000, 4095, 4096, 4098};
  private static final double[] SPECIALS = {
      Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
      -0.0};
  private static final double[] SCALES = {1e-3, 1, 30, 1e6};
  /** Offsets of the first input, the second input and the output. */
  private static final int AO = 3;
  private static final int BO = 5;
  private static final int OO = 1;
  /** Unused room after each row, to catch writes past {@code n}. */
  private static final int SLACK = 9;
  private static final double SENTINEL = -12345.678;
  private static final double REL = 1e-12;
  private static final double ABS = 1e-300;

  private final LossKernels scalar = KernelProvider.scalar();
  private LossKernels simd;

  @BeforeEach
  void loadSimd() {
    assumeTrue(KernelProvider.simd().isPresent(), "jdk.incubator.vector is not available");
    simd = KernelProvider.simd().get();
  }

  static IntStream sizes() {
    return Arrays.stream(SIZES);
  }

  @Test
  void simdKernelsAreAvailableWhenTheVectorModuleIsAdded() {
    assertTrue(KernelProvider.simd().isPresent(), "surefire runs with --add-modules jdk.incubator.vector");
    assertTrue(simd.name().matches("simd\\(\\d+-bit\\)"), simd.name());
  }

  // ---------------------------------------------------------------- elementwise: same bits

  @ParameterizedTest(name = "n={0}")
  @MethodSource("sizes")
  void squaredDiffDoubleHasTheSameBits(int n) {
    for (Pair p : pairs(n)) {
      assertSameBits(p, n, (k, out) -> k.squaredDiff(p.a, AO, p.b, BO, out, OO, n));
    }
  }

  @ParameterizedTest(name = "n={0}")
  @MethodSource("sizes")
  void squaredDiffFloatHasTheSameBits(int n) {
    for (Pair p : pairs(n)) {
      float[] a = toFloats(p.a);
      float[] b = toFloats(p.b);
      assertSameBits(p, n, (k, out) -> k.squaredDiff(a, AO, b, BO, out, OO, n));
    }
  }

  @ParameterizedTest(name = "n={0}")
  @MethodSource("sizes")
  void absDiffDoubleHasTheSameBits(int n) {
    for (Pair p : pairs(n)) {
      assertSameBits(p, n, (k, out) -> k.absDiff(p.a, AO, p.b, BO, out, OO, n));
    }
  }

  @ParameterizedTest(name = "n={0}")
  @MethodSource("sizes")
  void absDiffFloatHasTheSameBits(int n) {
    for (Pair p : pairs(n)) {
      float[] a = toFloats(p.a);
      float[] b = toFloats(p.b);
      assertSameBits(p, n, (k, out) -> k.absDiff(a, AO, b, BO, out, OO, n));
    }
  }

  @ParameterizedTest(name = "n={0}")
  @MethodSource("sizes")
  void smoothL1HasTheSameBits(int n) {
    for (double beta : new double[] {1, 0.25, 1e-3, 7}) {
      for (Pair p : pairs(n)) {
        assertSameBits(p.with("beta=" + beta), n, (k, out) -> k.smoothL1(p.a, AO, p.b, BO, beta, out, OO, n));
      }
    }
  }

  @ParameterizedTest(name = "n={0}")
  @MethodSource("sizes")
  void huberHasTheSameBits(int n) {
    for (double delta : new double[] {1, 0.25, 1e-3, 7}) {
      for (Pair p : pairs(n)) {
        assertSameBits(p.with("delta=" + delta), n, (k, out) -> k.huber(p.a, AO, p.b, BO, delta, out, OO, n));
      }
    }
  }

  // ---------------------------------------------------------------- klDiv: close, same special values

  @ParameterizedTest(name = "n={0}")
  @MethodSource("sizes")
  void klDivAgreesWithinRoundingAndHasTheSameSpecialValues(int n) {
    for (boolean logTarget : new boolean[] {false, true}) {
      for (Pair p : pairs(n)) {
        // Targets are probabilities (or their logs) in practice; also feed them raw random rows.
        for (double[] t : new double[][] {p.b, map(p.b, Math::abs)}) {
          double[] expected = run(scalar, (k, out) -> k.klDiv(p.a, AO, t, BO, logTarget, out, OO, n), n);
          double[] actual = run(simd, (k, out) -> k.klDiv(p.a, AO, t, BO, logTarget, out, OO, n), n);
          for (int i = 0; i < expected.length; i++) {
            double x = i >= OO && i < OO + n ? p.a[AO + i - OO] : 0;
            double y = i >= OO && i < OO + n ? t[BO + i - OO] : 0;
            double ylogy = y > 0 ? Math.abs(y * Math.log(y)) : 0;
            double scale = logTarget ? Math.abs(expected[i]) : ylogy + Math.abs(y * x);
            assertClose(expected[i], actual[i], scale, p.with("logTarget=" + logTarget + " i=" + i));
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------- reductions: close

  @ParameterizedTest(name = "n={0}")
  @MethodSource("sizes")
  void sumAgreesWithinRounding(int n) {
    for (Pair p : pairs(n)) {
      double[] terms = Arrays.copyOfRange(p.a, AO, AO + n);
      if (!orderDecidesOverflow(terms, true)) {
        assertClose(scalar.sum(p.a, AO, n), simd.sum(p.a, AO, n), sumAbs(terms), p);
      }
    }
  }

  @ParameterizedTest(name = "n={0}")
  @MethodSource("sizes")
  void dotAgreesWithinRounding(int n) {
    for (Pair p : pairs(n)) {
      double[] terms = new double[n];
      boolean finiteInputs = true;
      for (int i = 0; i < n; i++) {
        terms[i] = p.a[AO + i] * p.b[BO + i];
        finiteInputs &= Double.isFinite(p.a[AO + i]) && Double.isFinite(p.b[BO + i]);
      }
      if (!orderDecidesOverflow(terms, finiteInputs)) {
        assertClose(scalar.dot(p.a, AO, p.b, BO, n), simd.dot(p.a, AO, p.b, BO, n), sumAbs(terms), p);
      }
    }
  }

  @ParameterizedTest(name = "n={0}")
  @MethodSource("sizes")
  void maxIsExactlyTheSame(int n) {
    for (Pair p : pairs(n)) {
      assertBits(scalar.max(p.a, AO, n), simd.max(p.a, AO, n), p);
    }
  }

  @ParameterizedTest(name = "n={0}")
  @MethodSource("sizes")
  void logSumExpDoubleAgreesWithinRounding(int n) {
    for (Pair p : pairs(n)) {
      double expected = scalar.logSumExp(p.a, AO, n);
      assertClose(expected, simd.logSumExp(p.a, AO, n), Math.abs(scalar.max(p.a, AO, n)) + 1, p);
    }
  }

  @ParameterizedTest(name = "n={0}")
  @MethodSource("sizes")
  void logSumExpFloatAgreesWithinRounding(int n) {
    for (Pair p : pairs(n)) {
      float[] a = toFloats(p.a);
      double expected = scalar.logSumExp(a, AO, n);
      double m = Math.abs(scalar.max(toDoubles(a), AO, n));
      assertClose(expected, simd.logSumExp(a, AO, n), m + 1, p);
    }
  }

  @ParameterizedTest(name = "n={0}")
  @MethodSource("sizes")
  void logSumExpColumnsAgreeWithinRounding(int n) {
    // n columns down c classes: c = 1 and 3 cover the short cases, 10 a typical class count.
    for (int c : new int[] {1, 3, 10}) {
      for (Pair p : pairs(c * n)) {
        double[] expected = run(scalar, (k, out) -> k.logSumExpColumns(p.a, AO, c, n, out, OO), n);
        double[] actual = run(simd, (k, out) -> k.logSumExpColumns(p.a, AO, c, n, out, OO), n);
        for (int i = 0; i < expected.length; i++) {
          double m = 0;
          for (int k = 0; i >= OO && i < OO + n && k < c; k++) {
            m = Math.max(m, Math.abs(p.a[AO + k * n + i - OO]));
          }
          assertClose(expected[i], actual[i], m + 1, p.with("c=" + c + " column=" + (i - OO)));
        }
      }
    }
  }

  @ParameterizedTest(name = "n={0}")
  @MethodSource("sizes")
  void sumPowAbsDiffAgreesWithinRounding(int n) {
    for (double p : new double[] {2, 1, 3, 1.5, 0.5}) {
      for (double eps : new double[] {0, 1e-6}) {
        for (Pair pair : pairs(n)) {
          double expected = scalar.sumPowAbsDiff(pair.a, AO, pair.b, BO, eps, p, n);
          double actual = simd.sumPowAbsDiff(pair.a, AO, pair.b, BO, eps, p, n);
          assertClose(expected, actual, Math.abs(expected), pair.with("p=" + p + " eps=" + eps));
        }
      }
    }
  }

  // ---------------------------------------------------------------- data

  /** Two input rows with room for the offsets, and a description for failure messages. */
  private record Pair(double[] a, double[] b, String what) {
    Pair with(String more) {
      return new Pair(a, b, what + " " + more);
    }

    @Override
    public String toString() {
      return what;
    }
  }

  /**
   * For {@code n} elements: random rows at every scale against random rows, each special value as a full
   * row and sprinkled into a random row (once near the start, once in the middle, once in the tail),
   * on either side and on both.
   */
  private static List<Pair> pairs(int n) {
    Random random = new Random(31L * n + 7);
    int len = Math.max(AO, BO) + n + SLACK;
    List<Pair> pairs = new ArrayList<>();
    for (double scale : SCALES) {
      pairs.add(new Pair(random(random, len, scale), random(random, len, scale), "random*" + scale));
      pairs.add(new Pair(random(random, len, scale), near(random, random(random, len, scale), scale),
          "random*" + scale + " against a close row"));
    }
    for (double special : SPECIALS) {
      double[] fill = new double[len];
      Arrays.fill(fill, special);
      double[] sprinkled = random(random, len, 3);
      for (int i : new int[] {0, n / 2, n - 1}) {
        if (n > 0) {
          sprinkled[AO + i] = special;
          sprinkled[BO + i] = special;
        }
      }
      pairs.add(new Pair(fill, random(random, len, 3), "fill " + special + " against random"));
      pairs.add(new Pair(random(random, len, 3), fill, "random against fill " + special));
      pairs.add(new Pair(fill, fill.clone(), "fill " + special + " against itself"));
      pairs.add(new Pair(sprinkled, random(random, len, 3), "sprinkled " + special + " against random"));
      pairs.add(new Pair(random(random, len, 3), sprinkled, "random against sprinkled " + special));
    }
    return pairs;
  }

  private static double[] random(Random random, int len, double scale) {
    double[] a = new double[len];
    for (int i = 0; i < len; i++) {
      a[i] = (2 * random.nextDouble() - 1) * scale;
    }
    return a;
  }

  /** {@code a} moved by a tenth of {@code scale} or less: differences below and above thresholds. */
  private static double[] near(Random random, double[] a, double scale) {
    return map(a, x -> x + (2 * random.nextDouble() - 1) * scale * 0.1);
  }

  private static double[] map(double[] a, DoubleUnaryOperator f) {
    return Arrays.stream(a).map(f).toArray();
  }

  private static float[] toFloats(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = (float) a[i];
    }
    return f;
  }

  private static double[] toDoubles(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }

  /**
   * Whether the terms of a sum come from finite inputs, have both signs, and have magnitudes that add up
   * past {@code Double.MAX_VALUE}: then the order of the additions decides whether and where a partial
   * sum overflows ({@code MAX + MAX - MAX} is infinite in one order and {@code MAX} in another), so the
   * two implementations may rightly disagree and the row is not compared.
   */
  private static boolean orderDecidesOverflow(double[] terms, boolean finiteInputs) {
    boolean positive = Arrays.stream(terms).anyMatch(t -> t > 0);
    boolean negative = Arrays.stream(terms).anyMatch(t -> t < 0);
    return finiteInputs && positive && negative && Double.isInfinite(sumAbs(terms));
  }

  private static double sumAbs(double[] terms) {
    double s = 0;
    for (double t : terms) {
      s += Math.abs(t);
    }
    return s;
  }

  // ---------------------------------------------------------------- assertions

  /** A kernel call that writes {@code n} results at {@link #OO} of {@code out}. */
  private interface Call {
    void run(LossKernels kernels, double[] out);
  }

  /** {@code call} on {@code kernels} into a fresh output full of {@link #SENTINEL}. */
  private static double[] run(LossKernels kernels, Call call, int n) {
    double[] out = new double[OO + n + SLACK];
    Arrays.fill(out, SENTINEL);
    call.run(kernels, out);
    return out;
  }

  private void assertSameBits(Pair p, int n, Call call) {
    double[] expected = run(scalar, call, n);
    double[] actual = run(simd, call, n);
    for (int i = 0; i < expected.length; i++) {
      assertBits(expected[i], actual[i], p.with("i=" + i));
    }
  }

  private static void assertBits(double expected, double actual, Object what) {
    assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual),
        () -> what + ": expected " + expected + " but was " + actual);
  }

  /**
   * The same value if {@code expected} is NaN or infinite; otherwise a finite value within {@link #REL}
   * of {@code scale} (the magnitude of the terms) plus {@link #ABS}.
   */
  private static void assertClose(double expected, double actual, double scale, Object what) {
    if (!Double.isFinite(expected)) {
      assertBits(expected, actual, what);
      return;
    }
    if (!Double.isFinite(actual) || Math.abs(expected - actual) > REL * scale + ABS) {
      fail(what + ": expected " + expected + " but was " + actual + " (scale " + scale + ")");
    }
  }
}
