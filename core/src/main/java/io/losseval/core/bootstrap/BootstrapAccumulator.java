package io.losseval.core.bootstrap;

import io.losseval.core.Batch;
import io.losseval.core.Loss;
import io.losseval.core.accum.AccumulatorFormatException;
import io.losseval.core.accum.LossAccumulator;
import io.losseval.core.kernel.LossKernels;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The B replicates of a {@link PoissonBootstrap}: one {@link LossAccumulator} per replicate, filled
 * alongside a loss's main accumulator and merged like it, so one pass over the data gives the loss and
 * its bootstrap distribution.
 *
 * <p>Each batch's per-sample losses are computed once ({@link Loss#accumulateEach}); replicate {@code b}
 * adds them weighed by the rows' Poisson counts. The replicates' sums are exact, and the counts depend
 * only on the seed and the rows' keys, so every replicate, and anything computed from them, has the
 * same bits for any partitioning, row order or merge tree.
 *
 * <p>Memory: about 1.3 KB per replicate (the accumulators are {@link LossAccumulator#createCompact()
 * compact}; an add costs about 4 ns per value instead of 1.5), so 260 KB for B = 200, plus a per-thread
 * working array of B doubles per row of a batch. Serialised: about 60 bytes per replicate.
 *
 * <p>Not thread-safe; one instance per group per partition.
 */
public final class BootstrapAccumulator {
  private static final int MAGIC = 0x4C455642; // "LEVB"
  private static final byte VERSION = 1;
  /** Per-thread working space for the replicates' weights, reused across batches and groups. */
  private static final ThreadLocal<double[][]> WEIGHTS = new ThreadLocal<>();

  private final LossAccumulator[] replicates;

  private BootstrapAccumulator(LossAccumulator[] replicates) {
    this.replicates = replicates;
  }

  /** Empty replicates, {@code bootstrap.replicates()} of them. */
  public static BootstrapAccumulator create(PoissonBootstrap bootstrap) {
    LossAccumulator[] r = new LossAccumulator[bootstrap.replicates()];
    for (int b = 0; b < r.length; b++) {
      r[b] = LossAccumulator.createCompact();
    }
    return new BootstrapAccumulator(r);
  }

  /** The number of replicates. */
  public int replicates() {
    return replicates.length;
  }

  /** Replicate {@code b}'s accumulator: the live instance. */
  public LossAccumulator replicate(int b) {
    return replicates[b];
  }

  /**
   * Adds a batch to every replicate: row {@code i}, with key {@code keys[i]}, weighs {@code
   * bootstrap.count(keys[i], b) * sampleWeights[i]} in replicate {@code b} ({@code sampleWeights} null:
   * 1).
   *
   * @throws IllegalArgumentException if {@code bootstrap} has another number of replicates
   * @throws io.losseval.core.LossArgumentException for input the loss cannot take
   */
  public void add(PoissonBootstrap bootstrap, Loss loss, Batch batch, double[] sampleWeights,
      long[] keys, LossKernels kernels) {
    checkReplicates(bootstrap.replicates());
    int rows = batch.rows();
    double[][] weights = weights(replicates.length, rows);
    for (int b = 0; b < replicates.length; b++) {
      bootstrap.weights(keys, sampleWeights, rows, b, weights[b]);
    }
    loss.accumulateEach(batch, weights, replicates, kernels);
  }

  /** Adds {@code other}'s replicates to this one's, replicate by replicate; returns this. */
  public BootstrapAccumulator combine(BootstrapAccumulator other) {
    checkReplicates(other.replicates.length);
    for (int b = 0; b < replicates.length; b++) {
      replicates[b].combine(other.replicates[b]);
    }
    return this;
  }

  /**
   * Each replicate's reduced loss ({@link Loss#result}), in replicate order. A replicate that received
   * no rows is NaN for {@code mean} reductions, as an empty mean is.
   */
  public double[] values(Loss loss) {
    double[] out = new double[replicates.length];
    for (int b = 0; b < out.length; b++) {
      out[b] = loss.result(replicates[b]);
    }
    return out;
  }

  /**
   * The canonical bytes: magic {@code "LEVB"}, version 1, B (int32), then per replicate its {@link
   * LossAccumulator#toByteArray() accumulator bytes} preceded by their length (int32).
   */
  public byte[] toByteArray() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + 64 * replicates.length);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeByte(VERSION);
      out.writeInt(replicates.length);
      for (LossAccumulator r : replicates) {
        byte[] a = r.toByteArray();
        out.writeInt(a.length);
        out.write(a);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads what {@link #toByteArray} wrote.
   *
   * @throws AccumulatorFormatException if the bytes are not a valid bootstrap state
   */
  public static BootstrapAccumulator fromBytes(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      if (in.getInt() != MAGIC || in.get() != VERSION) {
        throw new AccumulatorFormatException("bootstrap magic and version", "LEVB, 1", "other bytes");
      }
      int n = in.getInt();
      if (n < 1 || n > PoissonBootstrap.MAX_REPLICATES) {
        throw new AccumulatorFormatException("bootstrap replicates", "1.." + PoissonBootstrap.MAX_REPLICATES, n);
      }
      LossAccumulator[] r = new LossAccumulator[n];
      for (int b = 0; b < n; b++) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
          throw new AccumulatorFormatException("replicate " + b + " length", "0.." + in.remaining(), length);
        }
        byte[] a = new byte[length];
        in.get(a);
        r[b] = LossAccumulator.fromBytes(a);
      }
      if (in.hasRemaining()) {
        throw new AccumulatorFormatException("end", "no bytes after the last replicate", in.remaining() + " bytes");
      }
      return new BootstrapAccumulator(r);
    } catch (java.nio.BufferUnderflowException e) {
      throw new AccumulatorFormatException("length", "a complete bootstrap state", bytes.length + " bytes");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BootstrapAccumulator
        && Arrays.equals(replicates, ((BootstrapAccumulator) o).replicates);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(replicates);
  }

  private void checkReplicates(int n) {
    if (n != replicates.length) {
      throw new IllegalArgumentException(
          "bootstrap of " + n + " replicates does not match this one's " + replicates.length);
    }
  }

  private static double[][] weights(int replicates, int rows) {
    double[][] w = WEIGHTS.get();
    if (w == null || w.length < replicates || w[0].length < rows) {
      int length = Math.max(rows, w == null ? 0 : w[0].length);
      w = new double[Math.max(replicates, w == null ? 0 : w.length)][length];
      WEIGHTS.set(w);
    }
    return w.length == replicates ? w : Arrays.copyOf(w, replicates);
  }
}
