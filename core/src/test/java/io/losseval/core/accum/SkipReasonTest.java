package io.losseval.core.accum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

final class SkipReasonTest {

  @Test
  void codesAndDescriptionsAreStable() {
    assertEquals(1, SkipReason.NULL_VALUE.code());
    assertEquals(2, SkipReason.IGNORED_TARGET.code());
    assertEquals(3, SkipReason.EMPTY_ROW.code());
    assertEquals(4, SkipReason.NON_FINITE.code());
    assertEquals(5, SkipReason.INVALID_VALUE.code());
    assertEquals(5, SkipReason.values().length, "a new reason needs a new code and a format test");
    assertEquals("a null argument", SkipReason.NULL_VALUE.description());
    assertEquals("target equals ignore_index", SkipReason.IGNORED_TARGET.description());
    assertEquals("an empty array", SkipReason.EMPTY_ROW.description());
    assertEquals("a NaN or infinite value", SkipReason.NON_FINITE.description());
    assertEquals("a value outside the loss's domain", SkipReason.INVALID_VALUE.description());
  }

  @Test
  void fromCodeInvertsCode() {
    for (SkipReason reason : SkipReason.values()) {
      assertEquals(reason, SkipReason.fromCode(reason.code()));
    }
  }

  @Test
  void fromCodeRejectsUnknownCodesNamingThem() {
    for (int code : new int[] {0, 6, -1, 255, Integer.MAX_VALUE}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> SkipReason.fromCode(code));
      assertTrue(e.getMessage().contains(String.valueOf(code)), e.getMessage());
    }
  }
}
