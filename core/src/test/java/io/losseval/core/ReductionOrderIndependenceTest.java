package io.losseval.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.losseval.core.accum.LossAccumulator;
import io.losseval.core.kernel.KernelProvider;
import io.losseval.core.kernel.LossKernels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A reduced loss has the same bits whatever the order of the rows, the batch size, and the tree in which
 * partial accumulators (some of them serialised and read back) are merged.
 */
class ReductionOrderIndependenceTest {
  private static final int ROWS = 5000;
  private static final int[] CHUNKS = {1, 2, 3, 7, 64, 1000, 4096};

  @ParameterizedTest
  @ValueSource(strings = {"mse_loss", "cross_entropy", "kl_div", "triplet_margin_loss", "nll_loss"})
  void identicalBitsForAnyRowOrderChunkingAndMergeTree(String name) {
    LossKernels kernels = KernelProvider.kernels();
    Batch all = RandomBatches.forLoss(name, ROWS, 42);
    List<Batch> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      rows.add(slice(all, i, i + 1));
    }
    for (String options : List.of("reduction=sum", "reduction=mean")) {
      Loss loss = LossCatalog.create(name, options);
      LossAccumulator reference = LossAccumulator.create();
      loss.accumulate(all, reference, kernels);
      long expected = Double.doubleToRawLongBits(loss.result(reference));
      Random random = new Random(7);
      for (int chunk : CHUNKS) {
        List<Batch> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, random);
        List<LossAccumulator> parts = new ArrayList<>();
        for (int from = 0; from < ROWS; from += chunk) {
          LossAccumulator part = LossAccumulator.create();
          for (Batch row : shuffled.subList(from, Math.min(ROWS, from + chunk))) {
            loss.accumulate(row, part, kernels);
          }
          parts.add(random.nextBoolean() ? LossAccumulator.fromBytes(part.toByteArray()) : part);
        }
        LossAccumulator merged = mergeRandomly(parts, random);
        assertEquals(expected, Double.doubleToRawLongBits(loss.result(merged)),
            name + " " + options + " chunk " + chunk);
        assertEquals(reference.rows(), merged.rows());
        assertEquals(reference.elements(), merged.elements());
      }
    }
  }

  private static LossAccumulator mergeRandomly(List<LossAccumulator> parts, Random random) {
    List<LossAccumulator> pool = new ArrayList<>(parts);
    while (pool.size() > 1) {
      LossAccumulator a = pool.remove(random.nextInt(pool.size()));
      LossAccumulator b = pool.remove(random.nextInt(pool.size()));
      pool.add(a.combine(b));
    }
    return pool.get(0);
  }

  /** Rows {@code [from, to)} of a batch as a batch of its own. */
  static Batch slice(Batch batch, int from, int to) {
    Column[] cols = new Column[batch.columnCount()];
    for (int c = 0; c < cols.length; c++) {
      Column src = batch.column(c);
      ColumnBuilder b = src.isIntegral() ? ColumnBuilder.integers() : ColumnBuilder.create();
      for (int i = from; i < to; i++) {
        if (src.isScalar()) {
          b.add(src.value(i));
        } else if (src.isNested()) {
          b.addNested(src.row(i), src.innerSize(i));
        } else {
          b.add(src.row(i));
        }
      }
      cols[c] = b.build();
    }
    return Batch.of(from, cols);
  }
}
