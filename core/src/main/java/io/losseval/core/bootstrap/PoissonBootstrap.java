package io.losseval.core.bootstrap;

import java.io.Serializable;

/**
 * The settings of a one-pass Poisson bootstrap, and the resampling weights they give.
 *
 * <p>The classical bootstrap draws N rows with replacement from N; the Poisson bootstrap (Hanley and
 * MacGibbon 2006; Chamandy et al., "Estimating uncertainty for massive data streams", Google 2012) gives
 * each row an independent count {@code k ~ Poisson(1)} per replicate instead, which needs no knowledge
 * of N and no second pass, so a distributed aggregation can fill every replicate as it goes. Replicate
 * {@code b} of a loss is the loss computed with each row's sample weight multiplied by its count: for a
 * {@code mean}, {@code sum_i k_ib l_i / sum_i k_ib d_i} with {@code d_i} the row's share of the
 * denominator.
 *
 * <p>The counts are a pure function of ({@link #seed}, the row's key, {@code b}): the key is a 64-bit
 * hash of something that identifies the row (an id column, or the row's values), never its position, so
 * the replicates, and the interval, are the same bits whatever the partitioning, the row order or the
 * merge tree. Rows with equal keys get equal counts; two models' predictions for the same example,
 * keyed by the example's id, are resampled together, which makes their difference a paired bootstrap.
 *
 * <p>Counts come from SplitMix64's finaliser over the seed, the key and the replicate index, turned into
 * a Poisson(1) draw by inverting its distribution function (cumulative probabilities in double
 * precision; counts above 20, of probability below 1e-19, are not drawn).
 *
 * @param replicates the number of replicates B (1..10000); 200 is usual for a 95% interval
 * @param seed the seed: the same seed and keys give the same counts
 */
public record PoissonBootstrap(int replicates, long seed) implements Serializable {

  /** The most replicates allowed. */
  public static final int MAX_REPLICATES = 10_000;

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  /** CDF[k] = P(K <= k) for K ~ Poisson(1). */
  private static final double[] CDF = poissonOneCdf(20);

  public PoissonBootstrap {
    if (replicates < 1 || replicates > MAX_REPLICATES) {
      throw new IllegalArgumentException("bootstrap replicates must be in 1.." + MAX_REPLICATES
          + ", was " + replicates);
    }
  }

  /** The resampling count of the row with {@code key} in replicate {@code b}: a Poisson(1) draw. */
  public int count(long key, int b) {
    return poissonOne(uniform(mix(rowState(key) + (b + 1L) * GOLDEN)));
  }

  /**
   * Fills {@code out[0..rows)} with replicate {@code b}'s weights: the count of each row's key times its
   * sample weight ({@code sampleWeights} null: 1).
   */
  public void weights(long[] keys, double[] sampleWeights, int rows, int b, double[] out) {
    long step = (b + 1L) * GOLDEN;
    for (int i = 0; i < rows; i++) {
      int k = poissonOne(uniform(mix(rowState(keys[i]) + step)));
      out[i] = sampleWeights == null ? k : k * sampleWeights[i];
    }
  }

  private long rowState(long key) {
    return mix(key ^ mix(seed));
  }

  /** SplitMix64's finaliser (Steele, Lea and Flood 2014): a bijection that mixes every bit. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The top 53 bits as a double in [0, 1). */
  private static double uniform(long bits) {
    return (bits >>> 11) * 0x1.0p-53;
  }

  private static int poissonOne(double u) {
    int k = 0;
    while (k < CDF.length - 1 && u >= CDF[k]) {
      k++;
    }
    return k;
  }

  private static double[] poissonOneCdf(int max) {
    double[] cdf = new double[max + 1];
    double p = Math.exp(-1);
    double sum = 0;
    for (int k = 0; k <= max; k++) {
      sum += p;
      cdf[k] = sum;
      p /= k + 1;
    }
    cdf[max] = 1.0;
    return cdf;
  }
}
