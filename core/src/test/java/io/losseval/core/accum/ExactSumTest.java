package io.losseval.core.accum;

import static io.losseval.core.accum.Reference.bits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ExactSum} against a {@link BigDecimal} oracle; edge cases, special values, byte form. */
final class ExactSumTest {

  private static final double MAX = Double.MAX_VALUE;
  private static final double MIN = Double.MIN_VALUE;
  private static final double NAN = Double.NaN;
  private static final double INF = Double.POSITIVE_INFINITY;

  /** Adds one by one and, separately, with addAll; both must give {@code expected}'s bits. */
  private static void assertSum(double expected, double... xs) {
    double oneByOne = sumOneByOne(xs);
    double all = ExactSum.create().addAll(xs, 0, xs.length).value();
    assertEquals(
        bits(expected), bits(oneByOne), () -> "add " + Arrays.toString(xs) + " = " + oneByOne);
    assertEquals(bits(expected), bits(all), () -> "addAll " + Arrays.toString(xs) + " = " + all);
  }

  private static double sumOneByOne(double... xs) {
    ExactSum s = ExactSum.create();
    for (double x : xs) {
      s.add(x);
    }
    return s.value();
  }

  @Test
  void referenceRoundingAgreesWithBigDecimalDoubleValue() {
    Random random = new Random(1);
    for (int i = 0; i < 2000; i++) {
      double[] xs = new double[1 + random.nextInt(5)];
      for (int j = 0; j < xs.length; j++) {
        xs[j] = i % 2 == 0 ? Reference.wide(random) : Reference.scaled(random, -1080, -1000);
      }
      BigDecimal exact = Reference.exactSum(xs, 0, xs.length);
      double viaJdk = exact.signum() == 0 ? 0.0 : exact.doubleValue();
      assertEquals(bits(viaJdk), bits(Reference.round(exact)), () -> Arrays.toString(xs));
    }
  }

  @Test
  void matchesCorrectlyRoundedReferenceOnWideRangeMixedSignValues() {
    Random random = new Random(42);
    for (int trial = 0; trial < 40; trial++) {
      double[] xs = new double[1 + random.nextInt(3000)];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = Reference.wide(random);
      }
      assertSum(Reference.sum(xs), xs);
    }
  }

  @Test
  void matchesCorrectlyRoundedReferenceOnNarrowRangesWithCancellation() {
    Random random = new Random(7);
    int[][] ranges = {{-3, 3}, {-60, 10}, {1000, 1024}, {-1074, -1000}, {-1030, -1010}};
    for (int[] range : ranges) {
      for (int trial = 0; trial < 10; trial++) {
        double[] xs = new double[2 * (1 + random.nextInt(1500))];
        for (int i = 0; i < xs.length; i += 2) {
          xs[i] = Reference.scaled(random, range[0], range[1]);
          // an almost cancelling partner, so that the sum is far smaller than its terms
          xs[i + 1] = -xs[i] * (1 + Math.scalb(random.nextDouble() - 0.5, -40));
        }
        assertSum(Reference.sum(xs), xs);
      }
    }
  }

  @Test
  void catastrophicCancellationKeepsTheSmallTerm() {
    assertSum(1.0, 1e308, 1.0, -1e308);
    assertSum(1.0, 1.0, 1e308, -1e308);
    assertSum(-1e-300, 1e300, -1e-300, -1e300);
    assertSum(MIN, MAX, MIN, -MAX);
    assertSum(Math.ulp(1.0) / 2, 1.0, Math.ulp(1.0) / 2, -1.0);
    assertSum(3.0, 1e200, 1.0, 1e100, 2.0, -1e200, -1e100);
  }

  @Test
  void subnormalsAreExact() {
    assertSum(2 * MIN, MIN, MIN);
    assertSum(0.0, MIN, -MIN);
    assertSum(Double.MIN_NORMAL, Double.MIN_NORMAL - MIN, MIN);
    assertSum(Double.MIN_NORMAL - MIN, Double.MIN_NORMAL, -MIN);
    assertSum(-3 * MIN, -MIN, -MIN, -MIN);
    double[] many = new double[5000];
    Arrays.fill(many, MIN);
    assertSum(5000 * MIN, many);
    Random random = new Random(3);
    double[] xs = new double[4000];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = Reference.scaled(random, -1074, -1020);
    }
    assertSum(Reference.sum(xs), xs);
  }

  @Test
  void exactSumsBeyondTheRangeRoundToInfinityWithoutIntermediateOverflow() {
    assertSum(MAX, MAX, MAX, -MAX);
    assertSum(MAX, MAX, MAX, MAX, -MAX, -MAX);
    assertSum(INF, MAX, MAX);
    assertSum(-INF, -MAX, -MAX);
    assertSum(-MAX, -MAX, -MAX, MAX);
    // MAX_VALUE's significand is odd: half an ulp more is a tie, rounding to even: 2^1024 = +Inf
    double halfUlp = Math.ulp(MAX) / 2;
    assertSum(INF, MAX, halfUlp);
    assertSum(MAX, MAX, halfUlp, -MIN);
    assertSum(MAX, MAX, halfUlp, -halfUlp);
    double[] lots = new double[3000];
    Arrays.fill(lots, MAX);
    assertSum(INF, lots);
    double[] back = Arrays.copyOf(lots, 5999);
    Arrays.fill(back, 3000, 5999, -MAX);
    assertSum(MAX, back);
  }

  @Test
  void tiesRoundToEven() {
    double u = Math.ulp(1.0); // 2^-52
    assertSum(1.0, 1.0, u / 2);
    assertSum(Math.nextUp(1.0), 1.0, u / 2, MIN);
    assertSum(1.0 + 2 * u, 1.0 + u, u / 2);
    assertSum(-1.0, -1.0, -u / 2);
    assertSum(-(1.0 + 2 * u), -(1.0 + u), -u / 2);
    assertSum(9007199254740992.0, 9007199254740992.0, 1.0);
    assertSum(9007199254740996.0, 9007199254740994.0, 1.0);
    assertSum(9007199254740992.0, 9007199254740994.0, -1.0);
    assertSum(Math.nextDown(2.0), 2.0, -u / 2, -u / 4); // 2 - 3/4 ulp(1): rounds to 2 - ulp(1)
    // just above the subnormals, where the ulp is 2 * MIN_VALUE
    double twoPowMinus1021 = Math.scalb(1.0, -1021);
    assertSum(twoPowMinus1021, twoPowMinus1021, MIN);
    assertSum(twoPowMinus1021 + 4 * MIN, twoPowMinus1021, 3 * MIN);
    assertSum(twoPowMinus1021 + 2 * MIN, twoPowMinus1021, MIN, MIN);
  }

  @Test
  void specialValuesFollowIeeeRules() {
    assertSum(NAN, NAN);
    assertSum(NAN, 1.0, NAN, 2.0);
    assertSum(NAN, INF, -INF);
    assertSum(NAN, INF, NAN);
    assertSum(INF, INF, -MAX, -MAX);
    assertSum(INF, INF, INF);
    assertSum(-INF, 5.0, -INF);
    double otherNan = Double.longBitsToDouble(0xFFF0_0000_0000_0001L);
    assertSum(NAN, otherNan, 1.0);
    assertEquals(bits(NAN), bits(ExactSum.create().add(otherNan).value()), "canonical NaN");
  }

  @Test
  void emptyAndExactlyZeroSumsArePositiveZero() {
    assertEquals(bits(0.0), bits(ExactSum.create().value()));
    assertSum(0.0, -0.0);
    assertSum(0.0, -0.0, -0.0);
    assertSum(0.0, 1.0, -1.0);
    assertSum(0.0, -1.0, 1.0);
    assertSum(0.0, MAX, -MAX, MIN, -MIN);
  }

  @Test
  void overflowCheckPathOnManyAddsToOneEntryMatchesReference() {
    double[] values = {0.9999999999999999, Math.scalb(0.9999999999999999, 1000),
        Math.scalb(0.9999999999999999, -1000), Math.scalb(0.9999999999999999, 1023),
        Math.scalb(Math.nextDown(1.0), -1022) /* largest subnormal */};
    int n = 3_000_000;
    double[] block = new double[1_000_000];
    for (double x : values) {
      Arrays.fill(block, x);
      ExactSum byAddAll = ExactSum.create();
      for (int k = 0; k < n / block.length; k++) {
        byAddAll.addAll(block, 0, block.length);
      }
      ExactSum byAdd = ExactSum.create();
      for (int k = 0; k < n; k++) {
        byAdd.add(x);
      }
      double expected = Reference.round(new BigDecimal(x).multiply(BigDecimal.valueOf(n)));
      assertEquals(bits(expected), bits(byAddAll.value()), () -> "addAll " + x);
      assertEquals(bits(expected), bits(byAdd.value()), () -> "add " + x);
      assertEquals(byAdd, byAddAll);
      // merged halves, each with well-filled entries
      assertEquals(bits(Reference.round(new BigDecimal(x).multiply(BigDecimal.valueOf(2L * n)))),
          bits(byAdd.copy().combine(byAddAll).value()));
    }
    for (double x : values) {
      ExactSum alternating = ExactSum.create();
      ExactSum negativesFirst = ExactSum.create();
      for (int k = 0; k < n; k++) {
        alternating.add(k % 2 == 0 ? x : -x);
        negativesFirst.add(k < n / 2 ? -x : x);
      }
      alternating.add(x);
      negativesFirst.add(x);
      assertEquals(bits(x), bits(alternating.value()), () -> "alternating " + x);
      assertEquals(alternating, negativesFirst);
    }
  }

  @Test
  void valueDoesNotChangeTheObservableState() {
    Random random = new Random(11);
    ExactSum s = ExactSum.create();
    double[] xs = new double[5000];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = Reference.wide(random);
    }
    s.addAll(xs, 0, 2500);
    double first = s.value();
    assertEquals(bits(first), bits(s.value()));
    assertEquals(bits(Reference.round(Reference.exactSum(xs, 0, 2500))), bits(first));
    s.addAll(xs, 2500, 5000);
    assertEquals(bits(Reference.sum(xs)), bits(s.value()));
  }

  @Test
  void combineLeavesTheOtherUnchangedAndCopyIsIndependent() {
    ExactSum a = ExactSum.create().add(1.5).add(MIN);
    double[] many = new double[3000];
    Arrays.fill(many, 0.1);
    ExactSum b = ExactSum.create().addAll(many, 0, many.length).add(NAN);
    ExactSum bBefore = b.copy();
    a.combine(b);
    assertEquals(bBefore, b);
    assertEquals(bits(NAN), bits(a.value()));
    ExactSum c = ExactSum.create().add(2.0);
    ExactSum d = c.copy().add(3.0);
    assertEquals(bits(2.0), bits(c.value()));
    assertEquals(bits(5.0), bits(d.value()));
    assertEquals(bits(4.0), bits(c.combine(c).value()), "combine with itself doubles");
  }

  @Test
  void equalsAndHashCodeAreByExactValueAndSpecialCounts() {
    double[] xs = new double[3000];
    Random random = new Random(5);
    for (int i = 0; i < xs.length; i++) {
      xs[i] = Reference.scaled(random, -20, 20);
    }
    ExactSum oneByOne = ExactSum.create();
    for (double x : xs) {
      oneByOne.add(x);
    }
    ExactSum all = ExactSum.create().addAll(xs, 0, xs.length);
    ExactSum merged =
        ExactSum.create().addAll(xs, 0, 100).combine(ExactSum.create().addAll(xs, 100, 3000));
    assertEquals(oneByOne, all);
    assertEquals(all, merged);
    assertEquals(oneByOne.hashCode(), all.hashCode());
    assertEquals(all.hashCode(), merged.hashCode());
    assertEquals(ExactSum.create(), ExactSum.create().add(-0.0).add(1.0).add(-1.0));
    double otherNan = Double.longBitsToDouble(0x7FF0_0000_0000_0002L);
    assertEquals(ExactSum.create().add(NAN), ExactSum.create().add(otherNan));
    assertNotEquals(
        ExactSum.create().add(NAN), ExactSum.create().add(NAN).add(NAN), "NaN counts differ");
    assertNotEquals(ExactSum.create().add(INF).add(-INF), ExactSum.create().add(NAN),
        "same value, other counts");
    assertNotEquals(ExactSum.create().add(1.0), ExactSum.create().add(-1.0));
    assertNotEquals(ExactSum.create().add(1.0), ExactSum.create().add(1.0).add(MIN));
  }

  @Test
  void byteFormRoundTripsAndIsCanonical() throws IOException {
    Random random = new Random(9);
    double[] xs = new double[2000];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = Reference.wide(random);
    }
    ExactSum[] sums = {
        ExactSum.create(),
        ExactSum.create().add(1.0),
        ExactSum.create().add(-MIN),
        ExactSum.create().add(MAX).add(MAX),
        ExactSum.create().add(NAN).add(INF).add(-INF).add(INF).add(-3.25),
        ExactSum.create().addAll(xs, 0, xs.length),
    };
    for (ExactSum s : sums) {
      byte[] bytes = write(s);
      ExactSum back = ExactSum.readFrom(new DataInputStream(new ByteArrayInputStream(bytes)));
      assertEquals(s, back);
      assertEquals(bits(s.value()), bits(back.value()));
      assertEquals(Arrays.toString(bytes), Arrays.toString(write(back)));
    }
    ExactSum shuffledOrder = ExactSum.create();
    for (int i = xs.length - 1; i >= 0; i--) {
      shuffledOrder.add(xs[i]);
    }
    assertEquals(Arrays.toString(write(sums[5])), Arrays.toString(write(shuffledOrder)));
    assertEquals("[0]", Arrays.toString(write(ExactSum.create().add(-0.0))),
        "an empty sum is one zero byte");
  }

  @Test
  void readFromATruncatedStreamThrowsEofException() throws IOException {
    byte[] bytes = write(ExactSum.create().add(Math.PI));
    byte[] cut = Arrays.copyOf(bytes, bytes.length - 1);
    assertThrows(EOFException.class,
        () -> ExactSum.readFrom(new DataInputStream(new ByteArrayInputStream(cut))));
  }

  @Test
  void exceedingTheCapacityThrowsInsteadOfWrapping() {
    ExactSum s = ExactSum.create().add(MAX);
    for (int i = 0; i < 139; i++) {
      s.combine(s.copy());
    }
    assertEquals(bits(INF), bits(s.value()), "2^139 MAX_VALUE still fits");
    ExactSum big = s;
    assertThrows(ArithmeticException.class, () -> {
      for (int i = 0; i < 4; i++) {
        big.combine(big.copy());
      }
      big.value();
    });
  }

  @Test
  void addAllChecksTheRange() {
    double[] xs = new double[3];
    assertThrows(IndexOutOfBoundsException.class, () -> ExactSum.create().addAll(xs, 2, 4));
    assertThrows(IndexOutOfBoundsException.class, () -> ExactSum.create().addAll(xs, 2, 1));
    assertEquals(bits(0.0), bits(ExactSum.create().addAll(xs, 1, 1).value()));
  }

  private static byte[] write(ExactSum s) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      s.writeTo(out);
    }
    return bytes.toByteArray();
  }
}
