package io.losseval.core.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.losseval.core.Batch;
import io.losseval.core.Column;
import io.losseval.core.ColumnBuilder;
import io.losseval.core.Loss;
import io.losseval.core.LossCatalog;
import io.losseval.core.accum.AccumulatorFormatException;
import io.losseval.core.accum.LossAccumulator;
import io.losseval.core.kernel.KernelProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The replicates: each is the loss of the rows resampled by their Poisson counts, and together they
 * have the same bits for any partitioning, batching, row order and merge tree.
 */
class BootstrapAccumulatorTest {
  private static final int ROWS = 300;

  /** Row i: logits of 4 classes and a class index (-100, the ignore_index, every 13th row). */
  private static double[][] logits(Random r) {
    double[][] x = new double[ROWS][4];
    for (double[] row : x) {
      for (int c = 0; c < 4; c++) {
        row[c] = r.nextGaussian() * 2;
      }
    }
    return x;
  }

  private static long[] labels(Random r) {
    long[] y = new long[ROWS];
    for (int i = 0; i < ROWS; i++) {
      y[i] = i % 13 == 0 ? -100 : r.nextInt(4);
    }
    return y;
  }

  private static Batch batch(double[][] x, long[] y, int[] rows) {
    double[][] xs = new double[rows.length][];
    long[] ys = new long[rows.length];
    for (int i = 0; i < rows.length; i++) {
      xs[i] = x[rows[i]];
      ys[i] = y[rows[i]];
    }
    return Batch.of(Column.rows(xs), Column.integers(ys));
  }

  private static long[] keys(int[] rows) {
    return Arrays.stream(rows).mapToLong(i -> 1000L + i).toArray();
  }

  @Test
  void eachReplicateIsTheLossOfTheRowsRepeatedByTheirCounts() {
    Random r = new Random(3);
    double[][] x = logits(r);
    long[] y = labels(r);
    int[] all = java.util.stream.IntStream.range(0, ROWS).toArray();
    PoissonBootstrap bootstrap = new PoissonBootstrap(25, 17);
    for (String options : new String[] {"", "reduction=sum", "weight=[1.0,2.0,0.5,1.5]"}) {
      Loss ce = LossCatalog.create("cross_entropy", options);
      BootstrapAccumulator boot = BootstrapAccumulator.create(bootstrap);
      boot.add(bootstrap, ce, batch(x, y, all), null, keys(all), KernelProvider.kernels());
      double[] values = boot.values(ce);
      for (int b = 0; b < 25; b++) {
        List<Integer> resampled = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
          for (int c = bootstrap.count(1000L + i, b); c > 0; c--) {
            resampled.add(i);
          }
        }
        LossAccumulator direct = LossAccumulator.create();
        ce.accumulate(batch(x, y, resampled.stream().mapToInt(Integer::intValue).toArray()), direct);
        assertEquals(ce.result(direct), values[b], Math.abs(values[b]) * 1e-14,
            "cross_entropy(" + options + ") replicate " + b);
      }
    }
  }

  @Test
  void sameBitsForAnyPartitioningBatchingAndMergeOrder() {
    Random r = new Random(8);
    double[][] x = logits(r);
    long[] y = labels(r);
    PoissonBootstrap bootstrap = new PoissonBootstrap(50, 4);
    Loss ce = LossCatalog.create("cross_entropy", "label_smoothing=0.1");
    int[] all = java.util.stream.IntStream.range(0, ROWS).toArray();
    BootstrapAccumulator whole = BootstrapAccumulator.create(bootstrap);
    whole.add(bootstrap, ce, batch(x, y, all), null, keys(all), KernelProvider.kernels());

    for (long seed = 0; seed < 5; seed++) {
      Random split = new Random(seed);
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < ROWS; i++) {
        order.add(i);
      }
      Collections.shuffle(order, split);
      List<BootstrapAccumulator> parts = new ArrayList<>();
      int at = 0;
      while (at < ROWS) {
        BootstrapAccumulator part = BootstrapAccumulator.create(bootstrap);
        int partEnd = Math.min(ROWS, at + 1 + split.nextInt(90));
        while (at < partEnd) {
          int batchEnd = Math.min(partEnd, at + 1 + split.nextInt(20));
          int[] rows = order.subList(at, batchEnd).stream().mapToInt(Integer::intValue).toArray();
          part.add(bootstrap, ce, batch(x, y, rows), null, keys(rows), KernelProvider.kernels());
          at = batchEnd;
        }
        parts.add(BootstrapAccumulator.fromBytes(part.toByteArray()));
      }
      Collections.shuffle(parts, split);
      BootstrapAccumulator merged = parts.get(0);
      for (BootstrapAccumulator p : parts.subList(1, parts.size())) {
        merged.combine(p);
      }
      assertEquals(whole, merged, "split " + seed + " into " + parts.size() + " partitions");
      assertArrayEquals(whole.toByteArray(), merged.toByteArray());
      double[] a = whole.values(ce);
      double[] b = merged.values(ce);
      for (int i = 0; i < a.length; i++) {
        assertEquals(Double.doubleToRawLongBits(a[i]), Double.doubleToRawLongBits(b[i]));
      }
    }
  }

  @Test
  void sampleWeightsMultiplyTheCounts() {
    Loss mse = LossCatalog.create("mse_loss", "");
    PoissonBootstrap bootstrap = new PoissonBootstrap(10, 2);
    ColumnBuilder p = ColumnBuilder.create();
    ColumnBuilder t = ColumnBuilder.create();
    long[] keys = new long[40];
    double[] w = new double[40];
    for (int i = 0; i < 40; i++) {
      p.add(i * 0.25);
      t.add(1.0);
      keys[i] = i;
      w[i] = 1 + i % 3;
    }
    Batch batch = Batch.of(p.build(), t.build());
    BootstrapAccumulator boot = BootstrapAccumulator.create(bootstrap);
    boot.add(bootstrap, mse, batch, w, keys, KernelProvider.kernels());
    for (int b = 0; b < 10; b++) {
      double num = 0;
      double den = 0;
      for (int i = 0; i < 40; i++) {
        double k = bootstrap.count(i, b) * w[i];
        num += k * (i * 0.25 - 1) * (i * 0.25 - 1);
        den += k;
      }
      assertEquals(num / den, boot.values(mse)[b], 1e-12);
    }
  }

  @Test
  void bytesRoundTripAndCorruptBytesAreRejected() {
    PoissonBootstrap bootstrap = new PoissonBootstrap(3, 1);
    BootstrapAccumulator boot = BootstrapAccumulator.create(bootstrap);
    boot.add(bootstrap, LossCatalog.create("l1_loss", ""),
        Batch.of(Column.scalars(1.0, 2.0, 3.0), Column.scalars(0.0, 0.0, 0.0)), null,
        new long[] {1, 2, 3}, KernelProvider.kernels());
    byte[] bytes = boot.toByteArray();
    assertEquals(boot, BootstrapAccumulator.fromBytes(bytes));
    assertThrows(AccumulatorFormatException.class,
        () -> BootstrapAccumulator.fromBytes(Arrays.copyOf(bytes, bytes.length - 1)));
    assertThrows(AccumulatorFormatException.class,
        () -> BootstrapAccumulator.fromBytes(Arrays.copyOf(bytes, bytes.length + 1)));
    byte[] wrongMagic = bytes.clone();
    wrongMagic[0] = 'X';
    AccumulatorFormatException e = assertThrows(AccumulatorFormatException.class,
        () -> BootstrapAccumulator.fromBytes(wrongMagic));
    assertEquals("accumulator bytes: bootstrap magic and version: expected LEVB, 1, found other"
        + " bytes", e.getMessage());
  }

  @Test
  void replicateCountsMustMatch() {
    BootstrapAccumulator three = BootstrapAccumulator.create(new PoissonBootstrap(3, 1));
    BootstrapAccumulator four = BootstrapAccumulator.create(new PoissonBootstrap(4, 1));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> three.combine(four));
    assertEquals("bootstrap of 4 replicates does not match this one's 3", e.getMessage());
  }
}
