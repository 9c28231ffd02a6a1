package io.losseval.core.accum;

import static io.losseval.core.accum.Reference.bits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class LossAccumulatorTest {

  private static LossAccumulator sample(double loss, double weight, long rows) {
    return LossAccumulator.create()
        .addLoss(loss)
        .addWeight(weight)
        .addRows(rows)
        .addElements(2 * rows);
  }

  @Test
  void combineSumsAllFieldsAndSkipCounts() {
    LossAccumulator a = sample(0.5, 1.0, 3).skip(SkipReason.NULL_VALUE, 2);
    LossAccumulator b = sample(0.25, 2.0, 4)
        .skip(SkipReason.NULL_VALUE, 1)
        .skip(SkipReason.INVALID_VALUE, 5);
    LossAccumulator bBefore = b.copy();
    assertSame(a, a.combine(b));
    assertEquals(bBefore, b, "the other is unchanged");
    assertEquals(bits(0.75), bits(a.lossSum().value()));
    assertEquals(bits(3.0), bits(a.weightSum().value()));
    assertEquals(7, a.rows());
    assertEquals(14, a.elements());
    assertEquals(3, a.skipped(SkipReason.NULL_VALUE));
    assertEquals(5, a.skipped(SkipReason.INVALID_VALUE));
    assertEquals(0, a.skipped(SkipReason.EMPTY_ROW));
    assertEquals(8, a.skippedTotal());
    LossAccumulator doubled = a.copy().combine(a.copy());
    assertEquals(doubled, a.copy().combine(a), "combine with itself equals combine with a copy");
  }

  @Test
  void batchAddsEqualSingleAdds() {
    double[] losses = {0.1, 0.2, 0.3, 1e-20, -0.05};
    double[] weights = {1, 2, 3};
    LossAccumulator batch =
        LossAccumulator.create().addLosses(losses, 0, 5).addWeights(weights, 1, 3);
    LossAccumulator single = LossAccumulator.create();
    for (double x : losses) {
      single.addLoss(x);
    }
    single.addWeight(2).addWeight(3);
    assertEquals(batch, single);
    assertEquals(batch.hashCode(), single.hashCode());
    assertEquals(bits(Reference.sum(losses)), bits(batch.lossSum().value()));
  }

  @Test
  void skipCountsMapIsUnmodifiableAndHoldsOnlyNonZeroCounts() {
    LossAccumulator acc = LossAccumulator.create()
        .skip(SkipReason.NON_FINITE, 3)
        .skip(SkipReason.EMPTY_ROW, 0)
        .skip(SkipReason.IGNORED_TARGET, 1);
    Map<SkipReason, Long> counts = acc.skipCounts();
    Map<SkipReason, Long> expected = new EnumMap<>(SkipReason.class);
    expected.put(SkipReason.IGNORED_TARGET, 1L);
    expected.put(SkipReason.NON_FINITE, 3L);
    assertEquals(expected, counts);
    assertEquals("{IGNORED_TARGET=1, NON_FINITE=3}", counts.toString(), "EnumMap order");
    assertThrows(UnsupportedOperationException.class, () -> counts.put(SkipReason.NULL_VALUE, 1L));
    assertTrue(LossAccumulator.create().skipCounts().isEmpty());
  }

  @Test
  void countsNeverOverflowSilentlyNorGoNegative() {
    LossAccumulator acc = LossAccumulator.create().addRows(Long.MAX_VALUE);
    assertThrows(ArithmeticException.class, () -> acc.addRows(1));
    assertEquals(Long.MAX_VALUE, acc.rows());
    LossAccumulator elements = LossAccumulator.create().addElements(Long.MAX_VALUE - 1);
    assertThrows(ArithmeticException.class, () -> elements.addElements(2));
    LossAccumulator skips = LossAccumulator.create().skip(SkipReason.EMPTY_ROW, Long.MAX_VALUE);
    assertThrows(ArithmeticException.class, () -> skips.skip(SkipReason.EMPTY_ROW, 1));
    assertThrows(ArithmeticException.class,
        () -> skips.copy().skip(SkipReason.NULL_VALUE, 1).skippedTotal());
    assertThrows(ArithmeticException.class, () -> acc.combine(LossAccumulator.create().addRows(1)));
    assertThrows(IllegalArgumentException.class, () -> LossAccumulator.create().addRows(-1));
    assertThrows(IllegalArgumentException.class, () -> LossAccumulator.create().addElements(-1));
    assertThrows(IllegalArgumentException.class,
        () -> LossAccumulator.create().skip(SkipReason.NULL_VALUE, -1));
  }

  @Test
  void isEmptyMeansEqualToAFreshAccumulator() {
    assertTrue(LossAccumulator.create().isEmpty());
    assertTrue(LossAccumulator.create().addLoss(0.0).addWeight(-0.0).addRows(0).isEmpty());
    assertFalse(LossAccumulator.create().addRows(1).isEmpty());
    assertFalse(LossAccumulator.create().addElements(1).isEmpty());
    assertFalse(LossAccumulator.create().addLoss(1e-300).isEmpty());
    assertFalse(LossAccumulator.create().addWeight(Double.NaN).isEmpty());
    assertFalse(LossAccumulator.create().skip(SkipReason.EMPTY_ROW, 1).isEmpty());
    assertEquals(LossAccumulator.create(), LossAccumulator.create().addLoss(1.0).addLoss(-1.0));
  }

  @Test
  void equalsComparesContentNotHistory() {
    LossAccumulator a = sample(0.5, 1.0, 3);
    assertEquals(a, sample(0.5, 1.0, 3));
    assertNotEquals(a, sample(0.5, 1.0, 4));
    assertNotEquals(a, sample(0.25, 1.0, 3));
    assertNotEquals(a, sample(0.5, 2.0, 3));
    assertNotEquals(a, sample(0.5, 1.0, 3).skip(SkipReason.NULL_VALUE, 1));
    assertNotEquals(a, sample(0.5, 1.0, 3).addElements(1));
    assertNotEquals(a, null);
    assertNotEquals(a, "a");
  }

  @Test
  void scratchBuffersGrowByDoublingAndAreReused() {
    LossAccumulator acc = LossAccumulator.create();
    double[] first = acc.scratch(0, 10);
    assertEquals(10, first.length);
    assertSame(first, acc.scratch(0, 10));
    assertSame(first, acc.scratch(0, 3));
    double[] grown = acc.scratch(0, 11);
    assertEquals(20, grown.length);
    assertEquals(100, acc.scratch(0, 100).length);
    double[] other = acc.scratch(3, 5);
    assertEquals(5, other.length);
    assertSame(acc.scratch(0, 1), acc.scratch(0, 100));
    assertThrows(IndexOutOfBoundsException.class, () -> acc.scratch(4, 1));
    assertThrows(IndexOutOfBoundsException.class, () -> acc.scratch(-1, 1));
    assertThrows(IllegalArgumentException.class, () -> acc.scratch(0, -1));
    LossAccumulator copy = acc.copy();
    assertEquals(acc, copy);
    assertEquals(1, copy.scratch(0, 1).length, "scratch space is not copied");
    assertEquals(LossAccumulator.create(), acc, "scratch space is not state");
  }

  @Test
  void toStringShowsTheState() {
    String s = sample(0.5, 1.0, 3).skip(SkipReason.NON_FINITE, 2).toString();
    assertEquals("LossAccumulator{rows=3, elements=6, lossSum=0.5, weightSum=1.0,"
        + " skipped={NON_FINITE=2}}", s);
  }
}
