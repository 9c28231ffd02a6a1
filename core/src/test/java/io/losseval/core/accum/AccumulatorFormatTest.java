package io.losseval.core.accum;

import static io.losseval.core.accum.Reference.bits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The byte form of {@link LossAccumulator}: round trips, canonical bytes, validation, layout. */
final class AccumulatorFormatTest {

  private static final HexFormat HEX = HexFormat.of();

  /**
   * Version 1 bytes of {@link #fixture()}: "LEVA", version 1, flags 0, reserved 0, rows 3,
   * elements 5, loss sum (kind 0x08, offset 33, 2 digits), weight sum (kind 0x08, offset 33, 1
   * digit), 2 skip pairs.
   */
  private static final String FIXTURE_V1 =
      "4c45564101000000" + "0000000000000003" + "0000000000000005"
      + "08" + "2102" + "90068000" + "0009502f"
      + "08" + "2101" + "000b0000"
      + "02" + "01" + "0000000000000002" + "05" + "0000000000000001";

  /** Version 1 bytes of {@link #specialFixture()}: special counts, negative and subnormal sums. */
  private static final String SPECIAL_FIXTURE_V1 =
      "4c45564101000000" + "0000000000000005" + "0000000000000005"
      + "1f" + "0000000000000001" + "0000000000000002" + "0000000000000001" + "2101" + "001e0000"
      + "18" + "0001" + "00000001"
      + "01" + "04" + "0000000000000004";

  private static final String EMPTY_V1 = "4c45564101010000";

  private static LossAccumulator fixture() {
    return LossAccumulator.create()
        .addLosses(new double[] {0.5, 1.25, -0.125, 1e10}, 0, 4)
        .addWeight(1.0)
        .addWeight(2.0)
        .addWeight(-0.25)
        .addRows(3)
        .addElements(5)
        .skip(SkipReason.NULL_VALUE, 2)
        .skip(SkipReason.INVALID_VALUE, 1);
  }

  private static LossAccumulator specialFixture() {
    return LossAccumulator.create()
        .addLoss(Double.POSITIVE_INFINITY)
        .addLoss(Double.POSITIVE_INFINITY)
        .addLoss(Double.NEGATIVE_INFINITY)
        .addLoss(Double.NaN)
        .addLoss(-7.5)
        .addWeight(-Double.MIN_VALUE)
        .addRows(5)
        .addElements(5)
        .skip(SkipReason.NON_FINITE, 4);
  }

  private static LossAccumulator many(long seed) {
    Random random = new Random(seed);
    LossAccumulator acc = LossAccumulator.create();
    double[] losses = new double[3000];
    for (int i = 0; i < losses.length; i++) {
      losses[i] = Reference.scaled(random, -30, 10);
    }
    return acc.addLosses(losses, 0, losses.length)
        .addWeights(losses, 0, 100)
        .addRows(1000)
        .addElements(3000)
        .skip(SkipReason.EMPTY_ROW, 7);
  }

  @Test
  void version1FixtureStillDecodesToTheSameState() {
    LossAccumulator decoded = LossAccumulator.fromBytes(HEX.parseHex(FIXTURE_V1));
    assertEquals(fixture(), decoded);
    assertEquals(3, decoded.rows());
    assertEquals(5, decoded.elements());
    assertEquals(bits(1e10 + 1.625), bits(decoded.lossSum().value()));
    assertEquals(bits(2.75), bits(decoded.weightSum().value()));
    assertEquals(2, decoded.skipped(SkipReason.NULL_VALUE));
    assertEquals(1, decoded.skipped(SkipReason.INVALID_VALUE));
    assertEquals(FIXTURE_V1, HEX.formatHex(fixture().toByteArray()));

    LossAccumulator special = LossAccumulator.fromBytes(HEX.parseHex(SPECIAL_FIXTURE_V1));
    assertEquals(specialFixture(), special);
    assertEquals(bits(Double.NaN), bits(special.lossSum().value()));
    assertEquals(bits(-Double.MIN_VALUE), bits(special.weightSum().value()));
    assertEquals(SPECIAL_FIXTURE_V1, HEX.formatHex(specialFixture().toByteArray()));

    assertEquals(LossAccumulator.create(), LossAccumulator.fromBytes(HEX.parseHex(EMPTY_V1)));
    assertEquals(EMPTY_V1, HEX.formatHex(LossAccumulator.create().toByteArray()));
  }

  @Test
  void roundTripsAndReserialisesToIdenticalBytes() {
    List<LossAccumulator> states = List.of(
        LossAccumulator.create(),
        LossAccumulator.create().addLoss(0.1),
        LossAccumulator.create().addRows(1),
        LossAccumulator.create().skip(SkipReason.IGNORED_TARGET, 1),
        LossAccumulator.create().addLoss(Double.MAX_VALUE).addLoss(Double.MAX_VALUE),
        LossAccumulator.create().addLoss(-Double.MAX_VALUE).addLoss(-Double.MIN_VALUE),
        fixture(),
        specialFixture(),
        many(1),
        many(2).skip(SkipReason.NULL_VALUE, Long.MAX_VALUE).addRows(Long.MAX_VALUE - 1000));
    for (LossAccumulator state : states) {
      byte[] bytes = state.toByteArray();
      LossAccumulator back = LossAccumulator.fromBytes(bytes);
      assertEquals(state, back, state::toString);
      assertEquals(bits(state.lossSum().value()), bits(back.lossSum().value()));
      assertEquals(bits(state.weightSum().value()), bits(back.weightSum().value()));
      assertEquals(state.skipCounts(), back.skipCounts());
      assertArrayEquals(bytes, back.toByteArray(), state::toString);
    }
  }

  @Test
  void accumulatorsBuiltInDifferentOrdersSerialiseToIdenticalBytes() {
    Random random = new Random(99);
    double[] losses = new double[6000];
    for (int i = 0; i < losses.length; i++) {
      losses[i] = random.nextInt(5) == 0 ? Reference.wide(random) : random.nextDouble();
    }
    byte[] expected = null;
    for (int chunk : new int[] {1, 10, 999, 6000}) {
      List<LossAccumulator> parts = new ArrayList<>();
      for (int from = 0; from < losses.length; from += chunk) {
        int to = Math.min(losses.length, from + chunk);
        parts.add(LossAccumulator.create()
            .addLosses(losses, from, to)
            .addWeights(losses, from, to)
            .addRows(to - from)
            .addElements(2L * (to - from))
            // one skip per multiple of 3 in [from, to)
            .skip(SkipReason.NON_FINITE, (to + 2) / 3 - (from + 2) / 3));
      }
      for (boolean reversed : new boolean[] {false, true}) {
        LossAccumulator merged = LossAccumulator.create();
        for (int i = 0; i < parts.size(); i++) {
          merged.combine(parts.get(reversed ? parts.size() - 1 - i : i));
        }
        byte[] bytes = merged.toByteArray();
        if (expected == null) {
          expected = bytes;
        }
        assertArrayEquals(expected, bytes, () -> "chunk " + chunk + (reversed ? " reversed" : ""));
      }
    }
  }

  @Test
  void everyTruncationIsReportedAsTruncated() {
    for (LossAccumulator state : List.of(fixture(), specialFixture(), LossAccumulator.create())) {
      byte[] bytes = state.toByteArray();
      for (int length = 0; length < bytes.length; length++) {
        byte[] cut = Arrays.copyOf(bytes, length);
        AccumulatorFormatException e = assertFormatError(cut, "expected");
        assertTrue(e.getMessage().contains("(truncated)"), e.getMessage());
      }
    }
  }

  @Test
  void malformedHeadersAreRejectedWithExpectedAndFound() {
    byte[] good = fixture().toByteArray();
    assertFormatError(with(good, 0, 'X'),
        "accumulator bytes: magic: expected 0x4C455641 (\"LEVA\"), found 0x58455641");
    assertFormatError(with(good, 4, 2), "accumulator bytes: version: expected 1, found 2");
    assertFormatError(with(good, 5, 0x80),
        "accumulator bytes: flags: expected 0x00 or 0x01, found 0x80");
    assertFormatError(with(good, 7, 1), "accumulator bytes: reserved: expected 0, found 1");
    assertFormatError(with(good, 5, 1),
        "accumulator bytes: length: expected 8 bytes, found 61 bytes (trailing bytes)");
    assertFormatError(Arrays.copyOf(good, good.length + 1),
        "accumulator bytes: length: expected 61 bytes, found 62 bytes (trailing bytes)");
    assertFormatError(with(good, 8, 0xFF),
        "accumulator bytes: rows: expected >= 0, found -72057594037927933");
    byte[] emptyBody = HEX.parseHex("4c45564101000000" + "00".repeat(16) + "000000");
    assertFormatError(emptyBody,
        "accumulator bytes: flags: expected 0x01 (EMPTY) for an empty state, found 0x00");
    assertThrows(NullPointerException.class, () -> LossAccumulator.fromBytes(null));
  }

  @Test
  void malformedSkipPairsAreRejectedWithExpectedAndFound() {
    byte[] good = fixture().toByteArray(); // ... 02 | 01 count(8) | 05 count(8)
    int firstCode = good.length - 18;
    int secondCode = good.length - 9;
    assertFormatError(with(good, secondCode, 9),
        "accumulator bytes: skip code: expected one of 1, 2, 3, 4, 5, found 9");
    assertFormatError(with(good, firstCode, 0),
        "skip code: expected one of 1, 2, 3, 4, 5, found 0");
    assertFormatError(with(good, secondCode, 1),
        "skip code: expected > 1 (ascending codes), found 1");
    assertFormatError(with(good, secondCode + 1, 0x80),
        "accumulator bytes: skip count of INVALID_VALUE: expected > 0, found -9223372036854775807");
    assertFormatError(with(good, firstCode - 1, 6), "skip pair count: expected <= 5, found 6");
    byte[] zeroCount = with(good, secondCode + 8, 0);
    assertFormatError(zeroCount, "skip count of INVALID_VALUE: expected > 0, found 0");
  }

  @Test
  void nonCanonicalSumsAreRejectedWithExpectedAndFound() {
    String header = "4c45564101000000" + "0000000000000001" + "0000000000000001";
    String emptySum = "00";
    String noSkips = "00";
    assertFormatError(bytes(header, "20", emptySum, noSkips),
        "loss sum kind: expected bits 5..7 clear, found 0x20");
    assertFormatError(bytes(header, "10", emptySum, noSkips),
        "loss sum kind: expected negative bit 0x10 only with non-zero bit 0x08, found 0x10");
    assertFormatError(bytes(header, "01" + "0000000000000000", emptySum, noSkips),
        "loss sum NaN count: expected > 0, found 0");
    assertFormatError(bytes(header, emptySum, "04" + "ffffffffffffffff", noSkips),
        "weight sum -Inf count: expected > 0, found -1");
    assertFormatError(bytes(header, "08" + "4601" + "00000001", emptySum, noSkips),
        "loss sum digit offset: expected < 70, found 70");
    assertFormatError(bytes(header, "08" + "4502" + "00000001" + "00000001", emptySum, noSkips),
        "loss sum digit count: expected 1..1, found 2");
    assertFormatError(bytes(header, "08" + "0000", emptySum, noSkips),
        "loss sum digit count: expected 1..70, found 0");
    assertFormatError(bytes(header, "08" + "0002" + "00000000" + "00000001", emptySum, noSkips),
        "loss sum lowest digit: expected non-zero, found 0");
    assertFormatError(bytes(header, "08" + "0002" + "00000001" + "00000000", emptySum, noSkips),
        "loss sum highest digit: expected non-zero, found 0");
    assertFormatError(bytes(header, "08" + "4501" + "80000000", emptySum, noSkips),
        "loss sum highest digit: expected < 2^31 at index 69, found 2147483648");
    // the largest magnitude the format allows decodes (its value is infinite)
    LossAccumulator huge =
        LossAccumulator.fromBytes(bytes(header, "18" + "4501" + "7fffffff", emptySum, noSkips));
    assertEquals(bits(Double.NEGATIVE_INFINITY), bits(huge.lossSum().value()));
    assertArrayEquals(huge.toByteArray(), huge.copy().toByteArray());
  }

  private static AccumulatorFormatException assertFormatError(byte[] bytes, String message) {
    AccumulatorFormatException e =
        assertThrows(AccumulatorFormatException.class, () -> LossAccumulator.fromBytes(bytes));
    assertTrue(e.getMessage().startsWith("accumulator bytes: "), e.getMessage());
    String actual = e.getMessage();
    assertTrue(actual.contains(message), () -> "message: " + actual + "\nwanted: " + message);
    assertTrue(actual.contains(": expected ") && actual.contains(", found "), actual);
    return e;
  }

  private static byte[] with(byte[] bytes, int index, int value) {
    byte[] copy = bytes.clone();
    copy[index] = (byte) value;
    return copy;
  }

  private static byte[] bytes(String... hexParts) {
    return HEX.parseHex(String.join("", hexParts));
  }
}
