package io.losseval.core.accum;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The mergeable state of a loss reduction: one instance per partition (or per group), filled by a
 * loss, merged with {@link #combine}, shipped with {@link #toByteArray}, and finally read as {@code
 * lossSum().value()} (reduction {@code sum}), {@code lossSum / elements} (elementwise {@code mean})
 * or {@code lossSum / weightSum} (weighted means such as {@code nll_loss}'s).
 *
 * <p>State:
 *
 * <ul>
 *   <li>{@link #lossSum()}, {@link #weightSum()}: exact sums ({@link ExactSum}), so the final value
 *       has the same bits whatever the partitioning and the merge order;
 *   <li>{@link #rows()}: rows accepted (samples of PyTorch's batch dimension N);
 *   <li>{@link #elements()}: loss output elements accepted (N for per-sample losses, numel for
 *       elementwise ones);
 *   <li>a count per {@link SkipReason} of inputs left out.
 * </ul>
 *
 * <p>Counts are non-negative and never overflow silently: adding past {@code Long.MAX_VALUE} throws
 * {@link ArithmeticException}. Equality is by content (exact sum values and counts), and the byte
 * form ({@link AccumulatorFormat}) is canonical, so equal states serialise to identical bytes.
 *
 * <p>The {@link #scratch} buffers are reusable working space for callers, not part of the state.
 *
 * <p>Memory: about 1.3 KB, plus 32 KiB for each of the two sums that received more than 1024
 * values (see {@link ExactSum}).
 *
 * <p>Not thread-safe; one instance per partition.
 */
public final class LossAccumulator {

  private static final int SCRATCH_SLOTS = 4;
  private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

  private final ExactSum lossSum;
  private final ExactSum weightSum;
  private long rows;
  private long elements;
  /** Indexed by {@link SkipReason#ordinal()}. */
  private final long[] skipped;
  private double[][] scratch;

  private LossAccumulator(ExactSum lossSum, ExactSum weightSum, long rows, long elements,
      long[] skipped) {
    this.lossSum = lossSum;
    this.weightSum = weightSum;
    this.rows = rows;
    this.elements = elements;
    this.skipped = skipped;
  }

  /** A new, empty accumulator. */
  public static LossAccumulator create() {
    return new LossAccumulator(ExactSum.create(), ExactSum.create(), 0, 0,
        new long[SkipReason.values().length]);
  }

  /**
   * A new, empty accumulator whose sums never allocate their 32 KiB large accumulators ({@link
   * ExactSum#createCompact()}): about 1.3 KB whatever it receives, for the hundreds of accumulators of
   * a bootstrap. Same values, equality and bytes as {@link #create()}'s.
   */
  public static LossAccumulator createCompact() {
    return new LossAccumulator(ExactSum.createCompact(), ExactSum.createCompact(), 0, 0,
        new long[SkipReason.values().length]);
  }

  /** Used by {@link AccumulatorFormat}; takes ownership of the arguments. */
  static LossAccumulator of(ExactSum lossSum, ExactSum weightSum, long rows, long elements,
      long[] skippedByOrdinal) {
    return new LossAccumulator(lossSum, weightSum, rows, elements, skippedByOrdinal);
  }

  /** The exact sum of the loss contributions: the live instance, not a copy. */
  public ExactSum lossSum() {
    return lossSum;
  }

  /** The exact sum of the weights (denominator of weighted means): the live instance. */
  public ExactSum weightSum() {
    return weightSum;
  }

  /** Rows (samples of PyTorch's batch dimension N) accepted. */
  public long rows() {
    return rows;
  }

  /** Loss output elements accepted (N for per-sample losses, numel for elementwise ones). */
  public long elements() {
    return elements;
  }

  /** Adds one loss contribution; returns this. */
  public LossAccumulator addLoss(double x) {
    lossSum.add(x);
    return this;
  }

  /** Adds the loss contributions {@code xs[from..to)}; returns this. */
  public LossAccumulator addLosses(double[] xs, int from, int to) {
    lossSum.addAll(xs, from, to);
    return this;
  }

  /** Adds one weight; returns this. */
  public LossAccumulator addWeight(double w) {
    weightSum.add(w);
    return this;
  }

  /** Adds the weights {@code ws[from..to)}; returns this. */
  public LossAccumulator addWeights(double[] ws, int from, int to) {
    weightSum.addAll(ws, from, to);
    return this;
  }

  /**
   * Counts {@code n} more accepted rows; returns this.
   *
   * @throws IllegalArgumentException if {@code n < 0}
   * @throws ArithmeticException if the count would overflow
   */
  public LossAccumulator addRows(long n) {
    rows = Math.addExact(rows, nonNegative(n, "rows"));
    return this;
  }

  /**
   * Counts {@code n} more accepted loss elements; returns this.
   *
   * @throws IllegalArgumentException if {@code n < 0}
   * @throws ArithmeticException if the count would overflow
   */
  public LossAccumulator addElements(long n) {
    elements = Math.addExact(elements, nonNegative(n, "elements"));
    return this;
  }

  /**
   * Counts {@code count} inputs left out for {@code reason}; returns this.
   *
   * @throws IllegalArgumentException if {@code count < 0}
   * @throws ArithmeticException if the count would overflow
   */
  public LossAccumulator skip(SkipReason reason, long count) {
    int i = reason.ordinal();
    skipped[i] = Math.addExact(skipped[i], nonNegative(count, "skip count"));
    return this;
  }

  /** How many inputs were left out for {@code reason}. */
  public long skipped(SkipReason reason) {
    return skipped[reason.ordinal()];
  }

  /**
   * How many inputs were left out for any reason.
   *
   * @throws ArithmeticException if the total overflows
   */
  public long skippedTotal() {
    long total = 0;
    for (long s : skipped) {
      total = Math.addExact(total, s);
    }
    return total;
  }

  /** The non-zero skip counts by reason: an unmodifiable snapshot (of an {@link EnumMap}). */
  public Map<SkipReason, Long> skipCounts() {
    EnumMap<SkipReason, Long> counts = new EnumMap<>(SkipReason.class);
    for (SkipReason r : SkipReason.values()) {
      if (skipped[r.ordinal()] != 0) {
        counts.put(r, skipped[r.ordinal()]);
      }
    }
    return Collections.unmodifiableMap(counts);
  }

  /**
   * Adds everything {@code other} holds (sums, counts, skip counts); returns this. {@code other} is
   * not modified.
   *
   * @throws ArithmeticException if a count would overflow
   */
  public LossAccumulator combine(LossAccumulator other) {
    if (other == this) {
      return combine(other.copy());
    }
    rows = Math.addExact(rows, other.rows);
    elements = Math.addExact(elements, other.elements);
    for (int i = 0; i < skipped.length; i++) {
      skipped[i] = Math.addExact(skipped[i], other.skipped[i]);
    }
    lossSum.combine(other.lossSum);
    weightSum.combine(other.weightSum);
    return this;
  }

  /** An independent copy of the state (scratch buffers are not copied). */
  public LossAccumulator copy() {
    return new LossAccumulator(lossSum.copy(), weightSum.copy(), rows, elements, skipped.clone());
  }

  /** The canonical byte form; see {@link AccumulatorFormat}. */
  public byte[] toByteArray() {
    return AccumulatorFormat.toBytes(this);
  }

  /**
   * Reads what {@link #toByteArray} wrote.
   *
   * @throws AccumulatorFormatException if the bytes are not a valid, canonical accumulator
   */
  public static LossAccumulator fromBytes(byte[] bytes) {
    return AccumulatorFormat.fromBytes(bytes);
  }

  /**
   * Whether the state equals a fresh accumulator's: no counts, no skips and both sums exactly
   * {@code +0.0} with no special values (so adding only zero losses and weights leaves it empty).
   */
  public boolean isEmpty() {
    return rows == 0
        && elements == 0
        && noSkips()
        && lossSum.isZero()
        && weightSum.isZero();
  }

  /**
   * A reusable buffer for callers, so a partition's loop need not allocate per batch: the buffer
   * in {@code slot} (0..3), replaced by a larger one (at least double the length) when shorter than
   * {@code minLength}. Contents are undefined. Not part of the state: never copied, serialised or
   * compared.
   *
   * @throws IndexOutOfBoundsException if {@code slot} is not in 0..3
   * @throws IllegalArgumentException if {@code minLength < 0}
   */
  public double[] scratch(int slot, int minLength) {
    Objects.checkIndex(slot, SCRATCH_SLOTS);
    if (minLength < 0) {
      throw new IllegalArgumentException("minLength must be >= 0, was " + minLength);
    }
    if (scratch == null) {
      scratch = new double[SCRATCH_SLOTS][];
    }
    double[] buffer = scratch[slot];
    if (buffer == null || buffer.length < minLength) {
      int doubled = buffer == null ? 0 : (int) Math.min(2L * buffer.length, MAX_ARRAY_LENGTH);
      buffer = new double[Math.max(minLength, doubled)];
      scratch[slot] = buffer;
    }
    return buffer;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof LossAccumulator)) {
      return false;
    }
    LossAccumulator other = (LossAccumulator) o;
    return rows == other.rows
        && elements == other.elements
        && Arrays.equals(skipped, other.skipped)
        && lossSum.equals(other.lossSum)
        && weightSum.equals(other.weightSum);
  }

  @Override
  public int hashCode() {
    return Objects.hash(rows, elements, Arrays.hashCode(skipped), lossSum, weightSum);
  }

  @Override
  public String toString() {
    return "LossAccumulator{rows=" + rows
        + ", elements=" + elements
        + ", lossSum=" + lossSum.value()
        + ", weightSum=" + weightSum.value()
        + ", skipped=" + skipCounts()
        + '}';
  }

  private boolean noSkips() {
    for (long s : skipped) {
      if (s != 0) {
        return false;
      }
    }
    return true;
  }

  private static long nonNegative(long n, String what) {
    if (n < 0) {
      throw new IllegalArgumentException(what + " must be >= 0, was " + n);
    }
    return n;
  }
}
