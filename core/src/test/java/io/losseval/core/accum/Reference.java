package io.losseval.core.accum;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;

/** The test oracle: exact sums in {@link BigDecimal}, rounded to double with {@link BigInteger}. */
final class Reference {

  private static final BigDecimal TWO_POW_1074 = new BigDecimal(BigInteger.ONE.shiftLeft(1074));

  private Reference() {}

  /** The exact sum of finite values. */
  static BigDecimal exactSum(double[] xs, int from, int to) {
    BigDecimal sum = BigDecimal.ZERO;
    for (int i = from; i < to; i++) {
      sum = sum.add(new BigDecimal(xs[i]));
    }
    return sum;
  }

  /** The correctly rounded (nearest, ties to even) sum of finite values; +0.0 for an exact zero. */
  static double sum(double... xs) {
    return round(exactSum(xs, 0, xs.length));
  }

  /**
   * {@code exact} (a multiple of 2^-1074, as every sum of doubles is) rounded to the nearest
   * double, ties to even, overflowing to infinity; zero gives +0.0.
   */
  static double round(BigDecimal exact) {
    BigInteger units = exact.multiply(TWO_POW_1074).toBigIntegerExact();
    BigInteger m = units.abs();
    int length = m.bitLength();
    double magnitude;
    if (length <= 53) {
      magnitude = m.longValueExact() * Double.MIN_VALUE; // exact: every such multiple is a double
    } else {
      int drop = length - 53;
      BigInteger q = m.shiftRight(drop);
      int c = m.subtract(q.shiftLeft(drop)).compareTo(BigInteger.ONE.shiftLeft(drop - 1));
      if (c > 0 || (c == 0 && q.testBit(0))) {
        q = q.add(BigInteger.ONE);
      }
      // exact, or overflows to infinity
      magnitude = Math.scalb((double) q.longValueExact(), drop - 1074);
    }
    return units.signum() < 0 ? -magnitude : magnitude;
  }

  /** A random finite double with a uniformly random sign, exponent field (0..2046) and fraction. */
  static double wide(Random random) {
    long sign = random.nextBoolean() ? Long.MIN_VALUE : 0;
    long exponent = random.nextInt(2047);
    long fraction = random.nextLong() & ((1L << 52) - 1);
    return Double.longBitsToDouble(sign | (exponent << 52) | fraction);
  }

  /** A random finite double of either sign with a binary exponent in {@code [lo, hi)}. */
  static double scaled(Random random, int lo, int hi) {
    double x = Math.scalb(1.0 + random.nextDouble(), lo + random.nextInt(hi - lo));
    return random.nextBoolean() ? -x : x;
  }

  static long bits(double x) {
    return Double.doubleToRawLongBits(x);
  }
}
