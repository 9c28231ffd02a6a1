package io.losseval.core.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The resampling counts: Poisson(1) in distribution, a pure function of seed, key and replicate. */
class PoissonBootstrapTest {

  @Test
  void countsFollowPoissonOneAcrossKeysAndReplicates() {
    PoissonBootstrap bootstrap = new PoissonBootstrap(100, 7);
    int n = 0;
    long[] histogram = new long[21];
    for (long key = 0; key < 4000; key++) {
      for (int b = 0; b < 100; b++) {
        histogram[bootstrap.count(key, b)]++;
        n++;
      }
    }
    // P(K = k) = e^-1 / k!; 400,000 draws: the standard error of each share is below 0.0008
    double p = Math.exp(-1);
    for (int k = 0; k <= 5; k++) {
      assertEquals(p, histogram[k] / (double) n, 0.004, "P(K = " + k + ")");
      p /= k + 1;
    }
    double mean = 0;
    double square = 0;
    for (int k = 0; k < histogram.length; k++) {
      mean += k * histogram[k] / (double) n;
      square += (double) k * k * histogram[k] / n;
    }
    assertEquals(1.0, mean, 0.005, "mean");
    assertEquals(1.0, square - mean * mean, 0.01, "variance");
  }

  @Test
  void countsOfNeighbouringKeysAndReplicatesAreUncorrelated() {
    PoissonBootstrap bootstrap = new PoissonBootstrap(2, 1);
    double sxy = 0;
    double sxz = 0;
    int n = 100_000;
    for (long key = 0; key < n; key++) {
      double x = bootstrap.count(key, 0) - 1;
      sxy += x * (bootstrap.count(key + 1, 0) - 1);
      sxz += x * (bootstrap.count(key, 1) - 1);
    }
    // correlations of independent draws: standard error 1/sqrt(n) = 0.003
    assertEquals(0, sxy / n, 0.015, "neighbouring keys");
    assertEquals(0, sxz / n, 0.015, "neighbouring replicates");
  }

  @Test
  void weightsArePureFunctionsOfSeedKeyAndReplicate() {
    long[] keys = {42, -3, 42, Long.MIN_VALUE, 0};
    double[] a = new double[5];
    double[] b = new double[5];
    new PoissonBootstrap(10, 99).weights(keys, null, 5, 3, a);
    new PoissonBootstrap(10, 99).weights(keys, null, 5, 3, b);
    assertArrayEquals(a, b);
    assertEquals(a[0], a[2], "equal keys, equal counts");
    for (int i = 0; i < 5; i++) {
      assertEquals(new PoissonBootstrap(10, 99).count(keys[i], 3), a[i]);
    }
    int differ = 0;
    for (long key = 0; key < 100; key++) {
      if (new PoissonBootstrap(1, 1).count(key, 0) != new PoissonBootstrap(1, 2).count(key, 0)) {
        differ++;
      }
    }
    // two independent Poisson(1) draws differ with probability 1 - sum_k P(k)^2 = 0.69
    assertTrue(differ > 50, "another seed gives other counts: " + differ + " of 100 differ");
  }

  @Test
  void sampleWeightsMultiplyTheCounts() {
    long[] keys = {1, 2, 3, 4, 5, 6, 7, 8};
    double[] sw = {0.5, 2, 1, 0, 3, 1, 1, 4};
    double[] counts = new double[8];
    double[] weighted = new double[8];
    PoissonBootstrap bootstrap = new PoissonBootstrap(3, 5);
    bootstrap.weights(keys, null, 8, 2, counts);
    bootstrap.weights(keys, sw, 8, 2, weighted);
    for (int i = 0; i < 8; i++) {
      assertEquals(counts[i] * sw[i], weighted[i]);
    }
    assertNotEquals(0, java.util.Arrays.stream(counts).sum());
  }

  @Test
  void replicatesOutsideOneToTenThousandAreRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new PoissonBootstrap(0, 1));
    assertEquals("bootstrap replicates must be in 1..10000, was 0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new PoissonBootstrap(10_001, 1));
  }
}
