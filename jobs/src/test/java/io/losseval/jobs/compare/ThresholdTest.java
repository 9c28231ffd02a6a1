package io.losseval.jobs.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.jobs.report.ComparisonRow;
import org.junit.jupiter.api.Test;

/** Threshold sentences: what they accept, and when a comparison passes them. */
class ThresholdTest {

  private static ComparisonRow row(String loss, double base, double cand, double lo, double hi) {
    return new ComparisonRow("", loss, "mean", "", base, cand, cand - base, (cand - base) / base, lo, hi,
        null, null);
  }

  @Test
  void relativeAbsoluteAndSignificantFormsParse() {
    Threshold t = Threshold.parse("cross_entropy.mean must not rise by more than 1%");
    assertEquals("cross_entropy", t.loss());
    assertEquals("mean", t.reduction());
    assertEquals(0.01, t.limit());
    assertTrue(t.relative());
    assertFalse(t.significant());
    Threshold a = Threshold.parse("  mse_loss must not rise by more than 0.002 ");
    assertNull(a.reduction());
    assertEquals(0.002, a.limit());
    assertFalse(a.relative());
    Threshold s = Threshold.parse("kl_div.batchmean must not rise significantly");
    assertTrue(s.significant());
    assertEquals(0, s.limit());
  }

  @Test
  void aRelativeRiseAboveTheLimitFails() {
    Threshold t = Threshold.parse("cross_entropy.mean must not rise by more than 1%");
    assertTrue(t.passes(row("cross_entropy", 1.0, 1.0099, Double.NaN, Double.NaN)));
    assertFalse(t.passes(row("cross_entropy", 1.0, 1.0101, Double.NaN, Double.NaN)));
    assertEquals("+1.01%", t.describe(row("cross_entropy", 1.0, 1.0101, Double.NaN, Double.NaN)));
    assertTrue(t.passes(row("cross_entropy", 1.0, 0.5, Double.NaN, Double.NaN)), "a fall passes");
    assertFalse(t.passes(row("cross_entropy", 1.0, Double.NaN, Double.NaN, Double.NaN)),
        "a missing value fails");
    assertFalse(t.appliesTo(row("nll_loss", 1, 2, 0, 0)));
  }

  @Test
  void significantlyJudgesTheIntervalsLowerBound() {
    Threshold t = Threshold.parse("mse_loss must not rise significantly");
    assertTrue(t.passes(row("mse_loss", 1.0, 1.2, -0.01, 0.4)), "the interval holds 0");
    assertFalse(t.passes(row("mse_loss", 1.0, 1.2, 0.05, 0.4)), "the whole interval is a rise");
    assertFalse(t.passes(row("mse_loss", 1.0, 1.2, Double.NaN, Double.NaN)), "no interval: fails");
  }

  @Test
  void otherSentencesAreRejectedWithTheForm() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Threshold.parse("cross_entropy < 1%"));
    assertEquals("is 'cross_entropy < 1%': expected '<loss>[.<reduction>] must not rise"
        + " [significantly] [by more than <number>[%]]', such as 'cross_entropy.mean must not rise by"
        + " more than 1%'", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Threshold.parse("cross_entropy must not rise by more than %"));
  }
}
