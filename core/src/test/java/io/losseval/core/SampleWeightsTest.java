package io.losseval.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.losseval.core.accum.LossAccumulator;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Per-row sample weights: weighted sum, weighted sum over summed weights for {@code mean} and {@code
 * batchmean}; a weight of 2^j is the row repeated 2^j times to the bit (the product {@code w * loss}
 * is exact; other weights round it once), and weights of 1 are no weights at all.
 */
class SampleWeightsTest {

  private static double reduce(Loss loss, Batch batch, double[] w) {
    LossAccumulator acc = LossAccumulator.create();
    loss.accumulate(batch, w, acc);
    return loss.result(acc);
  }

  @Test
  void mseWeightedSumAndMeanByHand() {
    Batch b = Batch.of(Column.scalars(1.0, 2.0), Column.scalars(0.0, 4.0));
    double[] w = {2.0, 0.5};
    assertEquals(2 * 1.0 + 0.5 * 4.0, reduce(LossCatalog.create("mse_loss", "reduction=sum"), b, w));
    assertEquals((2 * 1.0 + 0.5 * 4.0) / 2.5, reduce(LossCatalog.create("mse_loss", ""), b, w));
  }

  @Test
  void arrayRowsWeighEveryElementOfTheRow() {
    Batch b = Batch.of(Column.rows(new double[] {1, 1}, new double[] {3, 3, 3}),
        Column.rows(new double[] {0, 0}, new double[] {0, 0, 0}));
    // row 0: 2 elements of 1, weight 3; row 1: 3 elements of 9, weight 1
    assertEquals((3 * 2 * 1.0 + 1 * 3 * 9.0) / (3 * 2 + 1 * 3),
        reduce(LossCatalog.create("mse_loss", ""), b, new double[] {3, 1}));
  }

  @Test
  void crossEntropyMeanDividesBySampleTimesClassWeights() {
    Batch b = Batch.of(Column.rows(new double[] {0, 0}, new double[] {0, 0}), Column.integers(0, 1));
    Loss ce = LossCatalog.create("cross_entropy", "weight=[1.0,3.0]");
    double l = Math.log(2);
    // sum: 2 * 1 * l + 1 * 3 * l; denominator: 2 * 1 + 1 * 3
    assertEquals((2 * l + 3 * l) / 5, reduce(ce, b, new double[] {2, 1}), 1e-15);
  }

  @Test
  void klDivBatchmeanDividesBySummedSampleWeights() {
    Batch b = Batch.of(Column.rows(new double[] {-1, -2}, new double[] {-1, -1}),
        Column.rows(new double[] {0.5, 0.5}, new double[] {0.25, 0.75}));
    Loss kl = LossCatalog.create("kl_div", "reduction=batchmean");
    Loss none = LossCatalog.create("kl_div", "reduction=none");
    RowLosses rows = none.forward(b);
    double s0 = Arrays.stream(rows.row(0)).sum();
    double s1 = Arrays.stream(rows.row(1)).sum();
    assertEquals((4 * s0 + 1 * s1) / 5, reduce(kl, b, new double[] {4, 1}), 1e-15);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mse_loss", "cross_entropy", "nll_loss", "kl_div", "triplet_margin_loss",
      "ctc_loss", "binary_cross_entropy_with_logits", "gaussian_nll_loss"})
  void wholeWeightEqualsTheRowRepeatedAndOnesEqualNoWeights(String name) {
    Batch b = RandomBatches.forLoss(name, 40, 3);
    double[] ones = new double[40];
    double[] w = new double[40];
    Arrays.fill(ones, 1.0);
    Batch[] repeated = new Batch[40 * 4];
    int k = 0;
    for (int i = 0; i < 40; i++) {
      w[i] = new double[] {0, 1, 2, 4}[i % 4];
      for (int c = 0; c < w[i]; c++) {
        repeated[k++] = ReductionOrderIndependenceTest.slice(b, i, i + 1);
      }
    }
    for (String reduction : name.equals("kl_div")
        ? new String[] {"sum", "mean", "batchmean"} : new String[] {"sum", "mean"}) {
      Loss loss = LossCatalog.create(name, "reduction=" + reduction);
      LossAccumulator acc = LossAccumulator.create();
      for (int i = 0; i < k; i++) {
        loss.accumulate(repeated[i], acc);
      }
      assertEquals(Double.doubleToRawLongBits(loss.result(acc)),
          Double.doubleToRawLongBits(reduce(loss, b, w)), name + " " + reduction + " weights");
      assertEquals(Double.doubleToRawLongBits(reduce(loss, b, null)),
          Double.doubleToRawLongBits(reduce(loss, b, ones)), name + " " + reduction + " ones");
    }
  }

  @Test
  void negativeOrNonFiniteWeightsAreRejected() {
    Batch b = Batch.of(3, Column.scalars(1.0, 2.0), Column.scalars(0.0, 4.0));
    Loss mse = LossCatalog.create("mse_loss", "");
    LossArgumentException e = assertThrows(LossArgumentException.class,
        () -> reduce(mse, b, new double[] {1.0, -1.0}));
    assertEquals("mse_loss: sample_weight is not a finite non-negative number (row 4): expected a"
        + " weight >= 0, found -1.0", e.getMessage());
    assertThrows(LossArgumentException.class, () -> reduce(mse, b, new double[] {Double.NaN, 1}));
    assertThrows(LossArgumentException.class, () -> reduce(mse, b, new double[] {1}));
  }
}
