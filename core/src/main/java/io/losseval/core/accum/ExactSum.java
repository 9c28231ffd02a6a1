package io.losseval.core.accum;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * An exact, order-independent, mergeable sum of {@code double}s.
 *
 * <p>{@link #value()} is the exact real sum of every finite value added, rounded once to the
 * nearest {@code double} (ties to even). Because nothing is rounded before that, the result has the
 * same bits whatever the order of the adds, however the values were split across instances and
 * whatever the tree of {@link #combine} calls.
 *
 * <h2>Edge cases</h2>
 *
 * <ul>
 *   <li>Special values are counted separately: any NaN gives NaN (the canonical {@link
 *       Double#NaN}); {@code +Inf} and {@code -Inf} both present give NaN; otherwise {@code +Inf}
 *       gives {@code +Inf}, {@code -Inf} gives {@code -Inf}.
 *   <li>Nothing overflows in between: an exact sum beyond the {@code double} range rounds to {@code
 *       ±Infinity}, but {@code MAX_VALUE + MAX_VALUE - MAX_VALUE} is {@code MAX_VALUE}.
 *   <li>The empty sum, and every sum that is exactly zero, is {@code +0.0}; in particular {@code
 *       -0.0} inputs give {@code +0.0} (unlike IEEE addition of {@code -0.0 + -0.0}).
 *   <li>Subnormal inputs and results are exact.
 *   <li>Capacity: the exact finite part must stay below 2<sup>1165</sup> in magnitude (about
 *       2<sup>141</sup> terms of {@code MAX_VALUE}); beyond that {@link #value()} (or a later add
 *       or combine) throws {@link ArithmeticException} rather than give a wrong answer.
 * </ul>
 *
 * <h2>Algorithm</h2>
 *
 * <p>After R. M. Neal, "Fast exact summation using small and large superaccumulators" (2015).
 * Every finite double is an integer multiple of 2<sup>-1074</sup>: with exponent field {@code e}
 * and 52-bit fraction {@code f}, {@code |x| = m · 2^(max(e, 1) - 1075)}, where {@code m = 2^52 + f}
 * for {@code e > 0} and {@code m = f} for zeros and subnormals ({@code e == 0}).
 *
 * <ul>
 *   <li><b>Large accumulator</b> ({@code long[4096]}, indexed by the 12 sign-and-exponent bits, so
 *       no negation is needed): an add is {@code large[bits >>> 52] += m}, an unsigned 64-bit
 *       integer sum of 53-bit significands that share one scale. When an entry reaches
 *       2<sup>63</sup> (its sign bit sets: after at least 1024 adds to that entry) it is flushed
 *       into the small accumulator and cleared. Cost per add: a few integer operations, one load,
 *       one store and two branches that are practically never taken (special value? flush?);
 *       about 1.5 ns per element in {@link #addAll}, roughly twice a plain {@code double} loop.
 *   <li><b>Small accumulator</b> ({@code long[70]}): an exact fixed-point number {@code S = Σ
 *       small[i] · 2^(32 i)} in units of 2<sup>-1074</sup> (2240 bits, up to 2<sup>1165</sup>).
 *       Each word is nominally a 32-bit digit but is kept in a {@code long}, so signed pieces are
 *       added without propagating carries. Carries are propagated ("normalised") only when
 *       2<sup>29</sup> pieces may have piled up, and before {@link #value()}, {@link #equals},
 *       {@link #hashCode} and serialisation. The normal form is sign-magnitude: all digits in
 *       {@code [0, 2^32)} for a positive sum, all in {@code (-2^32, 0]} for a negative one. It is
 *       unique, which makes equality and the byte form canonical.
 *   <li>{@link #value()} flushes the large accumulator, normalises, and rounds the magnitude's top
 *       54 bits plus a sticky bit to nearest-even. It costs O(4096 + 70) integer operations (about
 *       1.5 µs once the large accumulator exists) and allocates nothing.
 *   <li>{@link #combine} adds the other's small digits word by word (exact, no carries) and its
 *       non-zero large entries as pieces; the other instance is not touched.
 * </ul>
 *
 * <p>Memory: about 600 bytes, plus the 32 KiB large accumulator, which is allocated only once an
 * instance has received more than {@value #SMALL_ONLY_ADDS} values; until then values go straight
 * into the small accumulator (about 4 ns each). Merged and deserialised instances therefore stay
 * small, which keeps aggregations over many small groups cheap.
 *
 * <p>Not thread-safe; one instance per partition. Even {@link #value()}, {@link #equals} and
 * {@link #hashCode} rearrange internal state (never the observable value), so an instance must not
 * be read by several threads at once either.
 */
public final class ExactSum {

  /** Number of 32-bit digits in the small accumulator. */
  static final int WORDS = 70;
  /** Exclusive bound of the top digit's magnitude (the capacity limit). */
  static final long TOP_WORD_LIMIT = 1L << 31;

  private static final long WORD_MASK = 0xFFFF_FFFFL;
  private static final long FRACTION_MASK = (1L << 52) - 1;
  private static final int EXPONENT_MASK = 0x7FF;
  private static final int LARGE_ENTRIES = 1 << 12;
  private static final int SMALL_ONLY_ADDS = 1024;
  private static final int PENDING_LIMIT = 1 << 29;
  private static final long INFINITY_BITS = Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);

  private final long[] small = new long[WORDS];
  /** Pieces added to {@link #small} since it was normalised: each |word| < (pending + 1) · 2^32. */
  private int pending;
  /** Null until more than {@value #SMALL_ONLY_ADDS} values were added. */
  private long[] large;
  private int smallOnlyAdds;
  private long nanCount;
  private long positiveInfinityCount;
  private long negativeInfinityCount;
  /** Never allocates the large accumulator (see {@link #createCompact()}). */
  private final boolean compact;

  private ExactSum(boolean compact) {
    this.compact = compact;
  }

  /** A new, empty sum (value {@code +0.0}). */
  public static ExactSum create() {
    return new ExactSum(false);
  }

  /**
   * A new, empty sum that never allocates the 32 KiB large accumulator: every add goes to the small
   * one (about 4 ns instead of 1.5 ns), so it stays at about 600 bytes. For the many sums of a
   * bootstrap, where memory matters more than speed. The value, equality and byte form are those of
   * {@link #create()}'s; {@link #copy()} keeps the mode, {@link #readFrom} makes a normal sum.
   */
  public static ExactSum createCompact() {
    return new ExactSum(true);
  }

  /** Adds {@code x}; returns this. */
  public ExactSum add(double x) {
    long bits = Double.doubleToRawLongBits(x);
    long[] l = large;
    if (l == null) {
      addBeforeLarge(bits);
      return this;
    }
    int index = (int) (bits >>> 52);
    int exponent = index & EXPONENT_MASK;
    if (exponent == EXPONENT_MASK) {
      countSpecial(bits);
      return this;
    }
    long entry = l[index] + significand(bits, exponent);
    l[index] = entry;
    if (entry < 0) {
      flush(l, index);
    }
    return this;
  }

  /**
   * Adds {@code xs[from]} ... {@code xs[to - 1]}; returns this.
   *
   * @throws IndexOutOfBoundsException if the range is not within {@code xs}
   */
  public ExactSum addAll(double[] xs, int from, int to) {
    Objects.checkFromToIndex(from, to, xs.length);
    long[] l = largeFor(to - from);
    if (l == null) {
      for (int i = from; i < to; i++) {
        addToSmall(Double.doubleToRawLongBits(xs[i]));
      }
      return this;
    }
    for (int i = from; i < to; i++) {
      long bits = Double.doubleToRawLongBits(xs[i]);
      int index = (int) (bits >>> 52);
      int exponent = index & EXPONENT_MASK;
      if (exponent == EXPONENT_MASK) {
        countSpecial(bits);
        continue;
      }
      long entry = l[index] + significand(bits, exponent);
      l[index] = entry;
      if (entry < 0) {
        flush(l, index);
      }
    }
    return this;
  }

  /** Adds everything {@code other} holds; returns this. {@code other} is not modified. */
  public ExactSum combine(ExactSum other) {
    if (other == this) {
      return combine(other.copy());
    }
    nanCount = Math.addExact(nanCount, other.nanCount);
    positiveInfinityCount = Math.addExact(positiveInfinityCount, other.positiveInfinityCount);
    negativeInfinityCount = Math.addExact(negativeInfinityCount, other.negativeInfinityCount);
    // |small[i] + other.small[i]| < (pending + 1 + other.pending + 1) * 2^32
    for (int i = 0; i < WORDS; i++) {
      small[i] += other.small[i];
    }
    pending += other.pending + 1;
    if (pending >= PENDING_LIMIT) {
      normalise();
    }
    long[] ol = other.large;
    if (ol != null) {
      for (int index = 0; index < LARGE_ENTRIES; index++) {
        if (ol[index] != 0) {
          addEntry(index, ol[index]);
        }
      }
    }
    return this;
  }

  /**
   * The exact sum of everything added, correctly rounded to the nearest double (ties to even); see
   * the class comment for special values and zeros. Does not change the observable state.
   *
   * @throws ArithmeticException if the exact sum exceeds the capacity (see the class comment)
   */
  public double value() {
    if (nanCount > 0 || (positiveInfinityCount > 0 && negativeInfinityCount > 0)) {
      return Double.NaN;
    }
    if (positiveInfinityCount > 0) {
      return Double.POSITIVE_INFINITY;
    }
    if (negativeInfinityCount > 0) {
      return Double.NEGATIVE_INFINITY;
    }
    settle();
    int top = WORDS - 1;
    while (top >= 0 && small[top] == 0) {
      top--;
    }
    if (top < 0) {
      return 0.0;
    }
    long signBit = small[top] < 0 ? Long.MIN_VALUE : 0L;
    int bitLength = 32 * top + 64 - Long.numberOfLeadingZeros(digit(top));
    long bits;
    if (bitLength <= 53) {
      // exactly representable; the bits of a subnormal (or of the smallest binade) are the integer
      bits = digit(0) | (digit(1) << 32);
    } else if (bitLength - 52 >= EXPONENT_MASK) {
      bits = INFINITY_BITS;
    } else {
      int roundPosition = bitLength - 54;
      long window = bitsFrom(roundPosition) & ((1L << 54) - 1);
      long significand = window >>> 1;
      if ((window & 1) != 0 && ((significand & 1) != 0 || anyBitBelow(roundPosition))) {
        significand++;
      }
      // significand in [2^52, 2^53]; a carry out of the significand moves into the exponent field
      bits = Math.min(((long) (bitLength - 53) << 52) + significand, INFINITY_BITS);
    }
    return Double.longBitsToDouble(bits | signBit);
  }

  /** An independent copy. */
  public ExactSum copy() {
    ExactSum c = new ExactSum(compact);
    System.arraycopy(small, 0, c.small, 0, WORDS);
    c.pending = pending;
    c.large = large == null ? null : large.clone();
    c.smallOnlyAdds = smallOnlyAdds;
    c.nanCount = nanCount;
    c.positiveInfinityCount = positiveInfinityCount;
    c.negativeInfinityCount = negativeInfinityCount;
    return c;
  }

  /**
   * Writes the canonical byte form (the sum section of {@link AccumulatorFormat}): equal sums write
   * identical bytes.
   */
  public void writeTo(DataOutput out) throws IOException {
    AccumulatorFormat.writeSum(this, out);
  }

  /**
   * Reads what {@link #writeTo} wrote.
   *
   * @throws AccumulatorFormatException if the bytes are not a canonical sum section
   * @throws java.io.EOFException if the input ends early
   */
  public static ExactSum readFrom(DataInput in) throws IOException {
    return AccumulatorFormat.readSum(in);
  }

  /** Equal when the exact finite sums and the counts of NaN, +Inf and -Inf are equal. */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ExactSum)) {
      return false;
    }
    ExactSum other = (ExactSum) o;
    settle();
    other.settle();
    return nanCount == other.nanCount
        && positiveInfinityCount == other.positiveInfinityCount
        && negativeInfinityCount == other.negativeInfinityCount
        && Arrays.equals(small, other.small);
  }

  @Override
  public int hashCode() {
    settle();
    return Objects.hash(
        Arrays.hashCode(small), nanCount, positiveInfinityCount, negativeInfinityCount);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("ExactSum[").append(value());
    if ((nanCount | positiveInfinityCount | negativeInfinityCount) != 0) {
      sb.append(", NaN=").append(nanCount)
          .append(", +Inf=").append(positiveInfinityCount)
          .append(", -Inf=").append(negativeInfinityCount);
    }
    return sb.append(']').toString();
  }

  // ---------------------------------------------------- package-private, for AccumulatorFormat

  long nanCount() {
    return nanCount;
  }

  long positiveInfinityCount() {
    return positiveInfinityCount;
  }

  long negativeInfinityCount() {
    return negativeInfinityCount;
  }

  /** Whether the sum is exactly zero with no special values (the state of {@link #create()}). */
  boolean isZero() {
    if (nanCount != 0 || positiveInfinityCount != 0 || negativeInfinityCount != 0) {
      return false;
    }
    settle();
    for (long word : small) {
      if (word != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The normalised digits, read-only: {@code small[i]} is {@code ±digit_i}, all of one sign, and
   * the finite sum is {@code Σ small[i] · 2^(32 i - 1074)}.
   */
  long[] normalisedWords() {
    settle();
    return small;
  }

  /**
   * A sum from its canonical parts: digits {@code words[i]} (unsigned 32-bit) at positions {@code
   * offset + i}; the caller has checked the ranges.
   */
  static ExactSum of(long nan, long positiveInfinity, long negativeInfinity, boolean negative,
      int offset, int[] words) {
    ExactSum s = new ExactSum(false);
    s.nanCount = nan;
    s.positiveInfinityCount = positiveInfinity;
    s.negativeInfinityCount = negativeInfinity;
    for (int i = 0; i < words.length; i++) {
      long digit = words[i] & WORD_MASK;
      s.small[offset + i] = negative ? -digit : digit;
    }
    return s;
  }

  // ---------------------------------------------------------------------------- internals

  /** The large accumulator if {@code n} more values should go there; null: they go to small. */
  private long[] largeFor(int n) {
    if (large == null) {
      if (compact || n <= SMALL_ONLY_ADDS - smallOnlyAdds) {
        smallOnlyAdds += n;
        return null;
      }
      large = new long[LARGE_ENTRIES];
    }
    return large;
  }

  /** Adds a value while there is no large accumulator yet, and allocates it once enough arrived. */
  private void addBeforeLarge(long bits) {
    addToSmall(bits);
    if (!compact && ++smallOnlyAdds > SMALL_ONLY_ADDS) {
      large = new long[LARGE_ENTRIES];
    }
  }

  /** The integer significand {@code m} of a finite value (see the class comment). */
  private static long significand(long bits, int exponent) {
    // (exponent + 0x7FF) >>> 11 is 1 for exponent fields 1..2046 and 0 for zeros and subnormals
    return (bits & FRACTION_MASK) | ((long) ((exponent + 0x7FF) >>> 11) << 52);
  }

  private void addToSmall(long bits) {
    int exponent = (int) (bits >>> 52) & EXPONENT_MASK;
    if (exponent == EXPONENT_MASK) {
      countSpecial(bits);
      return;
    }
    long magnitude = exponent == 0 ? bits & FRACTION_MASK : (bits & FRACTION_MASK) | (1L << 52);
    addPiece(bits < 0 ? -magnitude : magnitude, shiftOf(exponent));
  }

  private void countSpecial(long bits) {
    if ((bits & FRACTION_MASK) != 0) {
      nanCount++;
    } else if (bits < 0) {
      negativeInfinityCount++;
    } else {
      positiveInfinityCount++;
    }
  }

  private void flush(long[] l, int index) {
    long entry = l[index];
    l[index] = 0;
    addEntry(index, entry);
  }

  /** Adds a large-accumulator entry (an unsigned 64-bit count of units at that entry's scale). */
  private void addEntry(int index, long entry) {
    int shift = shiftOf(index & EXPONENT_MASK);
    long low = entry & WORD_MASK;
    long high = entry >>> 32;
    boolean negative = index > EXPONENT_MASK;
    addPiece(negative ? -low : low, shift);
    addPiece(negative ? -high : high, shift + 32);
  }

  /** The bit position of a significand's unit, counted from 2^-1074, for an exponent field. */
  private static int shiftOf(int exponent) {
    return Math.max(exponent - 1, 0);
  }

  /** Adds {@code s · 2^shift} units (|s| < 2^63) as three pieces each below 2^32 in magnitude. */
  private void addPiece(long s, int shift) {
    int word = shift >>> 5;
    int bit = shift & 31;
    long carry = s >> (32 - bit); // floor(s · 2^bit / 2^32)
    small[word] += (s << bit) & WORD_MASK;
    small[word + 1] += carry & WORD_MASK;
    small[word + 2] += carry >> 32;
    if (++pending >= PENDING_LIMIT) {
      normalise();
    }
  }

  /** Empties the large accumulator into the small one and normalises. */
  private void settle() {
    if (large != null) {
      for (int index = 0; index < LARGE_ENTRIES; index++) {
        if (large[index] != 0) {
          flush(large, index);
        }
      }
    }
    if (pending > 0) {
      normalise();
    }
  }

  /** Propagates carries and brings the digits to sign-magnitude normal form (class comment). */
  private void normalise() {
    long carry = 0;
    for (int i = 0; i < WORDS - 1; i++) {
      long v = small[i] + carry;
      small[i] = v & WORD_MASK;
      carry = v >> 32;
    }
    long top = small[WORDS - 1] + carry;
    if (top < 0) {
      // two's complement to magnitude, stored as non-positive digits
      long borrow = 0;
      for (int i = 0; i < WORDS - 1; i++) {
        long v = -small[i] - borrow;
        borrow = v < 0 ? 1 : 0;
        small[i] = v < 0 ? -(v + (1L << 32)) : -v;
      }
      top += borrow;
    }
    if (Math.abs(top) >= TOP_WORD_LIMIT) {
      throw new ArithmeticException("exact sum out of range: magnitude >= 2^1165");
    }
    small[WORDS - 1] = top;
    pending = 0;
  }

  /** Digit {@code i} of the normalised magnitude (0 beyond the top). */
  private long digit(int i) {
    return i < WORDS ? Math.abs(small[i]) : 0L;
  }

  /** The 64 bits of the normalised magnitude starting at bit {@code position}. */
  private long bitsFrom(int position) {
    int word = position >>> 5;
    int bit = position & 31;
    long low = digit(word) | (digit(word + 1) << 32);
    return bit == 0 ? low : (low >>> bit) | (digit(word + 2) << (64 - bit));
  }

  /** Whether any bit of the normalised magnitude below {@code position} is set. */
  private boolean anyBitBelow(int position) {
    int word = position >>> 5;
    if ((digit(word) & ((1L << (position & 31)) - 1)) != 0) {
      return true;
    }
    for (int i = 0; i < word; i++) {
      if (small[i] != 0) {
        return true;
      }
    }
    return false;
  }
}
