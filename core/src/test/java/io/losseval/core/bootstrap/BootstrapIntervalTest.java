package io.losseval.core.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Percentile intervals with numpy's default (linear, type 7) quantiles. */
class BootstrapIntervalTest {

  @Test
  void quantilesInterpolateBetweenOrderStatisticsAsNumpyDoes() {
    // numpy.quantile([1..10], [0.025, 0.975]) = [1.225, 9.775]
    double[] values = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    BootstrapInterval ci = BootstrapInterval.percentile(values, 0.95);
    assertEquals(1.225, ci.lower(), 1e-15);
    assertEquals(9.775, ci.upper(), 1e-15);
    assertEquals(10, ci.replicates());
    // numpy.quantile([0, 1, 4], [0.05, 0.95]) = [0.1, 3.7]
    BootstrapInterval ninety = BootstrapInterval.percentile(new double[] {4, 0, 1}, 0.9);
    assertEquals(0.1, ninety.lower(), 1e-15);
    assertEquals(3.7, ninety.upper(), 1e-15);
    assertTrue(ninety.contains(0.11) && ninety.contains(3.69) && !ninety.contains(3.71));
  }

  @Test
  void nanReplicatesAreLeftOutAndCounted() {
    BootstrapInterval ci =
        BootstrapInterval.percentile(new double[] {Double.NaN, 2, Double.NaN, 2}, 0.95);
    assertEquals(2, ci.lower());
    assertEquals(2, ci.upper());
    assertEquals(2, ci.replicates());
    BootstrapInterval none = BootstrapInterval.percentile(new double[] {Double.NaN}, 0.95);
    assertTrue(Double.isNaN(none.lower()) && Double.isNaN(none.upper()));
    assertFalse(none.contains(0));
  }

  @Test
  void levelsOutsideZeroToOneAreRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> BootstrapInterval.percentile(new double[] {1}, 1.0));
    assertThrows(IllegalArgumentException.class,
        () -> BootstrapInterval.percentile(new double[] {1}, Double.NaN));
  }
}
