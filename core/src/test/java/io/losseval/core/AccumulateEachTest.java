package io.losseval.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.losseval.core.accum.LossAccumulator;
import io.losseval.core.kernel.KernelProvider;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@link Loss#accumulateEach}, which computes a batch's losses once for many weightings (the bootstrap's
 * replicates), fills each accumulator exactly as a separate {@link Loss#accumulate} would.
 */
class AccumulateEachTest {

  @ParameterizedTest
  @ValueSource(strings = {"mse_loss", "cross_entropy", "nll_loss", "kl_div", "triplet_margin_loss",
      "ctc_loss", "binary_cross_entropy_with_logits", "gaussian_nll_loss", "multi_margin_loss"})
  void eachAccumulatorEqualsItsOwnAccumulateCall(String name) {
    Batch b = RandomBatches.forLoss(name, 37, 11);
    Random r = new Random(5);
    double[][] weights = new double[4][];
    for (int k = 1; k < weights.length; k++) {
      weights[k] = new double[37];
      for (int i = 0; i < 37; i++) {
        weights[k][i] = r.nextInt(4) * (k == 3 ? 0.75 : 1.0);
      }
    }
    for (Reduction reduction : LossCatalog.spec(name).reductions()) {
      if (reduction == Reduction.NONE) {
        continue;
      }
      Loss loss = LossCatalog.create(name, "reduction=" + reduction.torchName());
      LossAccumulator[] each = new LossAccumulator[weights.length];
      for (int k = 0; k < each.length; k++) {
        each[k] = LossAccumulator.createCompact();
      }
      loss.accumulateEach(b, weights, each, KernelProvider.kernels());
      loss.accumulateEach(b, weights, each, KernelProvider.kernels());
      for (int k = 0; k < each.length; k++) {
        LossAccumulator one = LossAccumulator.create();
        loss.accumulate(b, weights[k], one);
        loss.accumulate(b, weights[k], one);
        assertEquals(one, each[k], name + " " + reduction + " weighting " + k);
        assertEquals(Double.doubleToRawLongBits(loss.result(one)),
            Double.doubleToRawLongBits(loss.result(each[k])));
      }
    }
  }

  @Test
  void mismatchedArraysAndBadWeightsAreRejected() {
    Loss mse = LossCatalog.create("mse_loss", "");
    Batch b = Batch.of(Column.scalars(1.0, 2.0), Column.scalars(0.0, 4.0));
    LossAccumulator[] accs = {LossAccumulator.create()};
    assertThrows(IllegalArgumentException.class,
        () -> mse.accumulateEach(b, new double[2][], accs, KernelProvider.kernels()));
    LossArgumentException e = assertThrows(LossArgumentException.class, () -> mse.accumulateEach(
        b, new double[][] {{1, -2}}, accs, KernelProvider.kernels()));
    assertEquals("mse_loss: sample_weight is not a finite non-negative number (row 1): expected a"
        + " weight >= 0, found -2.0", e.getMessage());
  }
}
