package io.losseval.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The scalar kernels against values worked out by hand from the formulas of {@link LossKernels},
 * including the boundaries between branches and the special values the javadoc promises. Rows sit at
 * non-zero offsets, with neighbours that must not be read or written.
 */
final class ScalarKernelsTest {

  private static final double INF = Double.POSITIVE_INFINITY;
  private static final double NAN = Double.NaN;

  private final LossKernels k = ScalarKernels.INSTANCE;

  @Test
  void nameIsScalar() {
    assertEquals("scalar", k.name());
  }

  @Test
  void squaredDiffSquaresTheDifferenceAtTheOffsets() {
    double[] out = {9, 9, 9, 9};
    k.squaredDiff(new double[] {7, 3, -1.5}, 1, new double[] {1, 1, 7}, 0, out, 1, 2);
    assertArrayEquals(new double[] {9, 4, 6.25, 9}, out);
  }

  @Test
  void squaredDiffOfFloatsWidensBeforeSubtracting() {
    double[] out = new double[2];
    k.squaredDiff(new float[] {1e20f, 0.1f}, 0, new float[] {-1e20f, 0.2f}, 0, out, 0, 2);
    double d0 = (double) 1e20f + (double) 1e20f;
    double d1 = (double) 0.1f - (double) 0.2f;
    // In float arithmetic the first would overflow to infinity and the second would round differently.
    assertArrayEquals(new double[] {d0 * d0, d1 * d1}, out);
  }

  @Test
  void absDiffIsTheAbsoluteDifferenceAndClearsTheSignOfZero() {
    double[] out = new double[3];
    k.absDiff(new double[] {3, 5, -0.0}, 0, new double[] {5, 3, 0.0}, 0, out, 0, 3);
    assertArrayEquals(new double[] {2, 2, 0.0}, out);
    assertEquals(0L, Double.doubleToRawLongBits(out[2]));
    float[] fa = {0.1f};
    k.absDiff(fa, 0, new float[] {0.3f}, 0, out, 0, 1);
    assertEquals(Math.abs((double) 0.1f - (double) 0.3f), out[0]);
  }

  @Test
  void smoothL1IsQuadraticBelowBetaAndLinearFromBetaOn() {
    double[] a = {0, 0, 0, 0, 0};
    double[] b = {0.5, -1, 3, 2, 1};
    double[] out = new double[5];
    k.smoothL1(a, 0, b, 0, 1, out, 0, 5);
    // d = 0.5: 0.5 * 0.25 / 1; d == beta: 1 - 0.5; d = 3: 3 - 0.5; d = 2: 1.5; d = 1: 0.5.
    assertArrayEquals(new double[] {0.125, 0.5, 2.5, 1.5, 0.5}, out);
    k.smoothL1(a, 0, b, 0, 2, out, 0, 5);
    // beta = 2: d = 0.5: 0.5 * 0.25 / 2; d = 1: 0.25; d = 3: 3 - 1; d == beta: 2 - 1.
    assertArrayEquals(new double[] {0.0625, 0.25, 2, 1, 0.25}, out);
  }

  @Test
  void huberIsQuadraticBelowDeltaAndLinearFromDeltaOn() {
    double[] a = {0, 0, 0, 0};
    double[] b = {0.5, 1, -3, 4};
    double[] out = new double[4];
    k.huber(a, 0, b, 0, 1, out, 0, 4);
    // d = 0.5: 0.125; d == delta: 1 * (1 - 0.5); d = 3: 1 * 2.5; d = 4: 3.5.
    assertArrayEquals(new double[] {0.125, 0.5, 2.5, 3.5}, out);
    k.huber(a, 0, b, 0, 2, out, 0, 4);
    // delta = 2: d = 0.5: 0.125; d = 1: 0.5; d = 3: 2 * 2; d = 4: 2 * 3.
    assertArrayEquals(new double[] {0.125, 0.5, 4, 6}, out);
  }

  @Test
  void klDivUsesXlogyOfTheTarget() {
    double[] x = {5, -1, -1, -1, 2};
    double[] t = {0, 0.5, -0.5, NAN, -0.0};
    double[] out = new double[5];
    k.klDiv(x, 0, t, 0, false, out, 0, 5);
    // t == 0 gives 0 - 0 * x; t < 0 and NaN give NaN.
    assertArrayEquals(new double[] {0, 0.5 * Math.log(0.5) + 0.5, NAN, NAN, 0}, out);
  }

  @Test
  void klDivWithLogTargetIsExpOfTheTargetTimesTheDifference() {
    double[] out = new double[2];
    k.klDiv(new double[] {-1, -2}, 0, new double[] {Math.log(0.5), 0}, 0, true, out, 0, 2);
    assertArrayEquals(new double[] {0.5 * (Math.log(0.5) + 1), 2}, out);
  }

  @Test
  void sumDotAndMaxOfShortRows() {
    double[] a = {100, 1, 2, 3, 100};
    assertEquals(6, k.sum(a, 1, 3));
    assertEquals(0, k.sum(a, 1, 0));
    assertEquals(32, k.dot(a, 1, new double[] {4, 5, 6}, 0, 3));
    assertEquals(0, k.dot(a, 1, a, 0, 0));
    assertEquals(3, k.max(a, 1, 3));
  }

  @Test
  void maxIsNaNIfAnyIsNaNAndNegativeInfinityWhenEmpty() {
    assertEquals(NAN, k.max(new double[] {1, NAN, 3}, 0, 3));
    assertEquals(-INF, k.max(new double[] {1}, 0, 0));
    assertEquals(0L, Double.doubleToRawLongBits(k.max(new double[] {-0.0, 0.0}, 0, 2)));
  }

  @Test
  void logSumExpIsStableForLargeInputs() {
    assertEquals(1000 + Math.log(2), k.logSumExp(new double[] {1000, 1000}, 0, 2));
    assertEquals(1e4, k.logSumExp(new double[] {-1e4, 1e4}, 0, 2));
    assertEquals(Math.log(4), k.logSumExp(new double[] {7, 0, Math.log(3)}, 1, 2), 1e-15);
    assertEquals(1000 + Math.log(2), k.logSumExp(new float[] {1000f, 1000f}, 0, 2));
  }

  @Test
  void logSumExpSpecialValues() {
    assertEquals(-INF, k.logSumExp(new double[0], 0, 0));
    assertEquals(-INF, k.logSumExp(new double[] {-INF, -INF}, 0, 2));
    assertEquals(INF, k.logSumExp(new double[] {1, INF, -INF}, 0, 3));
    assertEquals(NAN, k.logSumExp(new double[] {NAN, INF}, 0, 2));
    assertEquals(NAN, k.logSumExp(new double[] {-INF, NAN}, 0, 2));
    assertEquals(-INF, k.logSumExp(new float[] {Float.NEGATIVE_INFINITY}, 0, 1));
    assertEquals(NAN, k.logSumExp(new float[] {1, Float.NaN}, 0, 2));
  }

  @Test
  void logSumExpColumnsReducesEachColumnOfA3By2Block() {
    // Row-major [3][2] after one leading element: columns (1, 2, 3) and (0, 0, -inf).
    double[] x = {99, 1, 0, 2, 0, 3, -INF};
    double[] out = {7, 7, 7, 7};
    k.logSumExpColumns(x, 1, 3, 2, out, 1);
    assertEquals(7, out[0]);
    assertEquals(3 + Math.log(1 + Math.exp(-1) + Math.exp(-2)), out[1], 1e-15);
    assertEquals(Math.log(2), out[2]);
    assertEquals(7, out[3]);
  }

  @Test
  void logSumExpColumnsSpecialValuesArePerColumn() {
    // Columns (-inf, -inf), (inf, 1), (NaN, 0) and (0, 0).
    double[] x = {-INF, INF, NAN, 0, -INF, 1, 0, 0};
    double[] out = new double[4];
    k.logSumExpColumns(x, 0, 2, 4, out, 0);
    assertArrayEquals(new double[] {-INF, INF, NAN, Math.log(2)}, out);
  }

  @Test
  void sumPowAbsDiffAddsEpsBeforeThePower() {
    double[] a = {1, 2};
    double[] b = {4, 0};
    // d = (-3, 2)
    assertEquals(13, k.sumPowAbsDiff(a, 0, b, 0, 0, 2, 2));
    assertEquals(5, k.sumPowAbsDiff(a, 0, b, 0, 0, 1, 2));
    assertEquals(35, k.sumPowAbsDiff(a, 0, b, 0, 0, 3, 2));
    assertEquals(Math.sqrt(3) + Math.sqrt(2), k.sumPowAbsDiff(a, 0, b, 0, 0, 0.5, 2));
    // eps = 0.5: d = (-2.5, 2.5)
    assertEquals(12.5, k.sumPowAbsDiff(a, 0, b, 0, 0.5, 2, 2));
    assertEquals(5, k.sumPowAbsDiff(a, 0, b, 0, 0.5, 1, 2));
    assertEquals(0, k.sumPowAbsDiff(a, 0, b, 0, 0.5, 3, 0));
  }
}
