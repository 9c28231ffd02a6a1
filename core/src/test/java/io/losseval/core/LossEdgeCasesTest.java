package io.losseval.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.accum.LossAccumulator;
import io.losseval.core.accum.SkipReason;
import io.losseval.core.kernel.KernelProvider;
import io.losseval.core.kernel.LossKernels;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Hand-worked edge cases of each loss, from PyTorch's documented formulas, on both kernels. */
class LossEdgeCasesTest {

  static List<LossKernels> kernels() {
    return GoldenCasesTest.kernels();
  }

  private static double reduce(Loss loss, Batch batch, LossKernels k) {
    LossAccumulator acc = LossAccumulator.create();
    loss.accumulate(batch, acc, k);
    return loss.result(acc);
  }

  private static Column logits(double[]... rows) {
    return Column.rows(rows);
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void meanIsNaNAndSumIsZeroWhenEveryTargetIsIgnored(LossKernels k) {
    Batch b = Batch.of(logits(new double[] {1, 2, 3}, new double[] {0, 0, 1}), Column.integers(-100, -100));
    for (String name : List.of("nll_loss", "cross_entropy")) {
      assertTrue(Double.isNaN(reduce(LossCatalog.create(name, ""), b, k)), name + " mean");
      assertEquals(0.0, reduce(LossCatalog.create(name, "reduction=sum"), b, k), name + " sum");
      LossAccumulator acc = LossAccumulator.create();
      LossCatalog.create(name, "").accumulate(b, acc, k);
      assertEquals(2, acc.skipped(SkipReason.IGNORED_TARGET), name + " counts the ignored targets");
    }
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void meanIgnoresIgnoredTargetsInTheDenominator(LossKernels k) {
    // rows: log-probs; targets 0 (weight 2), ignored, 1 (weight 0.5): mean = (2*0.5 + 0.5*0.25) / 2.5
    Batch b = Batch.of(
        logits(new double[] {-0.5, -1}, new double[] {-3, -3}, new double[] {-2, -0.25}),
        Column.integers(0, 7, 1));
    Loss nll = LossCatalog.create("nll_loss", "weight=[2.0,0.5], ignore_index=7");
    assertEquals((2 * 0.5 + 0.5 * 0.25) / 2.5, reduce(nll, b, k), 1e-15);
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void crossEntropyIsExactForExtremeLogits(LossKernels k) {
    Batch b = Batch.of(
        logits(new double[] {1e4, -1e4}, new double[] {1e4, -1e4}, new double[] {-1e4, -1e4}),
        Column.integers(0, 1, 0));
    RowLosses r = LossCatalog.create("cross_entropy", "").forward(b, k);
    assertEquals(0.0, r.value(0));
    assertEquals(2e4, r.value(1));
    // log(2) after a shift by 1e4: within half an ulp of the shift (1.8e-12), as the class javadoc says
    assertEquals(Math.log(2), r.value(2), 1e-12);
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void binaryCrossEntropyWithLogitsKeepsThePrecisionOfSmallLossesAsPyTorchDoes(LossKernels k) {
    // F.binary_cross_entropy_with_logits(x, y) in float64 (PyTorch 1.13), without and with
    // pos_weight=[2.0]; found by the differential tests, where adding in another order gave 5e-6 relative
    Batch b = Batch.of(Column.scalars(-22.244001060076886, -30.5, 25.0, -22.244001060076886),
        Column.scalars(0.0, 0.0, 1.0, 0.3));
    RowLosses plain = LossCatalog.create("binary_cross_entropy_with_logits", "").forward(b, k);
    assertEquals(2.1855117713186348e-10, plain.value(0), 1e-9 * 2.1855117713186348e-10);
    assertEquals(5.68434188608064e-14, plain.value(1), 1e-9 * 5.68434188608064e-14);
    assertEquals(1.388800185954457e-11, plain.value(2), 1e-9 * 1.388800185954457e-11);
    assertEquals(6.673200318241618, plain.value(3), 1e-9 * 6.673200318241618);
    Batch arrays = Batch.of(Column.rows(new double[] {-22.244001060076886, 25.0}),
        Column.rows(new double[] {0.0, 1.0}));
    RowLosses weighted = LossCatalog.create("binary_cross_entropy_with_logits", "pos_weight=[2.0]")
        .forward(arrays, k);
    assertEquals(2.1855228737877042e-10, weighted.row(0)[0], 1e-9 * 2.1855228737877042e-10);
    assertEquals(2.777600371908914e-11, weighted.row(0)[1], 1e-9 * 2.777600371908914e-11);
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void binaryCrossEntropyClampsEachLogAtMinus100(LossKernels k) {
    Batch b = Batch.of(Column.scalars(0.0, 1.0, 0.0, 1.0), Column.scalars(1.0, 0.0, 0.0, 1.0));
    RowLosses r = LossCatalog.create("binary_cross_entropy", "").forward(b, k);
    assertEquals(100.0, r.value(0));
    assertEquals(100.0, r.value(1));
    assertEquals(0.0, r.value(2), 0.0);
    assertEquals(0.0, r.value(3), 0.0);
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void bceWithLogitsStaysFiniteForLargeLogits(LossKernels k) {
    Batch b = Batch.of(Column.scalars(1e4, -1e4, 800), Column.scalars(0.0, 1.0, 1.0));
    RowLosses r = LossCatalog.create("binary_cross_entropy_with_logits", "").forward(b, k);
    assertEquals(1e4, r.value(0));
    assertEquals(1e4, r.value(1));
    assertEquals(0.0, r.value(2));
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void tripletDistanceAddsEpsToTheDifference(LossKernels k) {
    double[] a = {1, 2, 3, 4};
    Batch b = Batch.of(Column.rows(a), Column.rows(a.clone()), Column.rows(new double[] {1, 2, 3, 6}));
    // d(a, p) = ||eps||_2 = 0.1 * 2; d(a, n) = ||(0, 0, 0, -2) + 0.1||_2 = sqrt(3 * 0.01 + 3.61)
    Loss loss = LossCatalog.create("triplet_margin_loss", "eps=0.1, margin=2.0");
    double expected = 2.0 + 0.2 - Math.sqrt(3 * 0.01 + 1.9 * 1.9);
    assertEquals(expected, loss.forward(b, k).value(0), 1e-15);
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void klDivNegativeTargetsFollowTheChosenPyTorchVersion(LossKernels k) {
    Batch b = Batch.of(Column.rows(new double[] {-1, -2}), Column.rows(new double[] {0.0, -0.5}));
    assertTrue(Double.isNaN(reduce(LossCatalog.create("kl_div", "reduction=sum"), b, k)));
    assertEquals(0.0, reduce(LossCatalog.create("kl_div", "reduction=sum, negative_target=zero"), b, k));
    LossArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        LossArgumentException.class,
        () -> reduce(LossCatalog.create("kl_div", "negative_target=error"), b, k));
    assertEquals(
        "kl_div: target is negative (row 0): expected probabilities >= 0 (negative_target=error), found -0.5",
        e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void klDivBatchmeanDividesBySamples(LossKernels k) {
    Batch b = Batch.of(
        Column.rows(new double[] {-1, -2}, new double[] {-0.5, -0.5}),
        Column.rows(new double[] {0.5, 0.5}, new double[] {1.0, 0.0}));
    double pointwise = (0.5 * Math.log(0.5) + 0.5) + (0.5 * Math.log(0.5) + 1.0) + (0.5) + 0;
    assertEquals(pointwise / 2, reduce(LossCatalog.create("kl_div", "reduction=batchmean"), b, k), 1e-15);
    assertEquals(pointwise / 4, reduce(LossCatalog.create("kl_div", ""), b, k), 1e-15);
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void smoothL1WithBetaZeroIsL1(LossKernels k) {
    Batch b = Batch.of(Column.scalars(0.1, -3, 2), Column.scalars(0.0, 0.5, 2));
    assertEquals(
        reduce(LossCatalog.create("l1_loss", ""), b, k),
        reduce(LossCatalog.create("smooth_l1_loss", "beta=0"), b, k));
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void hingeEmbeddingAddsBothTermsForTargetsOtherThanPlusMinusOne(LossKernels k) {
    Batch b = Batch.of(Column.scalars(0.25, 0.25, 0.25), Column.scalars(1.0, -1.0, 0.5));
    RowLosses r = LossCatalog.create("hinge_embedding_loss", "margin=1.0").forward(b, k);
    assertEquals(0.25, r.value(0));
    assertEquals(0.75, r.value(1));
    assertEquals(0.75 + 0.25, r.value(2));
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void gaussianNllClampsTheVarianceAtEps(LossKernels k) {
    Batch b = Batch.of(Column.scalars(1.0), Column.scalars(0.5), Column.scalars(0.0));
    double v = 1e-3;
    double expected = 0.5 * (Math.log(v) + 0.25 / v);
    assertEquals(expected, LossCatalog.create("gaussian_nll_loss", "eps=0.001").forward(b, k).value(0), 1e-12);
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void poissonFullAddsStirlingOnlyAboveOne(LossKernels k) {
    Batch b = Batch.of(Column.scalars(0.0, 0.0), Column.scalars(1.0, 3.0));
    RowLosses r = LossCatalog.create("poisson_nll_loss", "full=true").forward(b, k);
    assertEquals(1.0, r.value(0));
    assertEquals(1.0 + 3 * Math.log(3) - 3 + 0.5 * Math.log(2 * Math.PI * 3), r.value(1), 1e-15);
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void ctcImpossibleAlignmentIsInfiniteOrZero(LossKernels k) {
    // T = 1 time step cannot emit the 2 labels [1, 2]
    double[] lp = {Math.log(0.5), Math.log(0.25), Math.log(0.25)};
    Batch b = Batch.of(
        Column.nested(lp, new int[] {0, 3}, new int[] {3}, 1),
        Column.integerArrays(new double[] {1, 2}, new int[] {0, 2}, 1),
        Column.integers(1),
        Column.integers(2));
    assertEquals(Double.POSITIVE_INFINITY, LossCatalog.create("ctc_loss", "").forward(b, k).value(0));
    assertEquals(0.0, LossCatalog.create("ctc_loss", "zero_infinity=true").forward(b, k).value(0));
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void ctcWithOneStepAndOneLabelIsThatLabelsLogProbability(LossKernels k) {
    double[] lp = {Math.log(0.5), Math.log(0.3), Math.log(0.2)};
    Batch b = Batch.of(
        Column.nested(lp, new int[] {0, 3}, new int[] {3}, 1),
        Column.integerArrays(new double[] {2, 0}, new int[] {0, 2}, 1),
        Column.integers(1),
        Column.integers(1));
    assertEquals(-Math.log(0.2), LossCatalog.create("ctc_loss", "").forward(b, k).value(0), 1e-15);
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void cosineEmbeddingGivesZeroForTargetsOtherThanPlusMinusOne(LossKernels k) {
    Batch b = Batch.of(Column.rows(new double[] {1, 0}), Column.rows(new double[] {0, 1}), Column.scalars(0.0));
    assertEquals(0.0, LossCatalog.create("cosine_embedding_loss", "").forward(b, k).value(0));
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void multilabelMarginStopsAtTheFirstMinusOne(LossKernels k) {
    // targets {3}; non-targets {0, 1, 2}: sum max(0, 1 - (x3 - xi)) / 4
    Batch b = Batch.of(
        Column.rows(new double[] {0.1, 0.2, 0.4, 0.8}),
        Column.integerArrays(new double[] {3, -1, 0, 1}, new int[] {0, 4}, 1));
    double expected = ((1 - 0.7) + (1 - 0.6) + (1 - 0.4)) / 4;
    assertEquals(expected, LossCatalog.create("multilabel_margin_loss", "").forward(b, k).value(0), 1e-15);
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void customLossesInBothSeedFormsMatchTheBuiltIn(LossKernels k) {
    GoldenCase seed = GoldenCase.load("seeds").stream()
        .filter(c -> c.id.equals("seed_mse")).findFirst().orElseThrow();
    Loss lambda = CustomLosses.elementwise("custom_mse", Reduction.MEAN, (x, y) -> (x - y) * (x - y));
    Loss subclass = new CustomMse(Reduction.MEAN);
    double builtIn = reduce(MSELoss.of(Reduction.MEAN), seed.batch(), k);
    assertEquals(builtIn, reduce(lambda, seed.batch(), k));
    assertEquals(seed.expected.asDouble(), reduce(subclass, seed.batch(), k), 1e-3);
    assertEquals(builtIn, reduce(subclass, seed.batch(), k), 1e-15);
  }

  /** The seeds' class {@code Custom_MSE(nn.Module)}, as a user would write it. */
  static final class CustomMse extends SampleLoss {
    CustomMse(Reduction reduction) {
      super("custom_mse", reduction, List.of("input", "target"));
    }

    @Override
    protected double sampleLoss(RowView row) {
      double s = 0;
      for (int j = 0; j < row.length(0); j++) {
        double d = row.get(0, j) - row.get(1, j);
        s += d * d;
      }
      return s / row.length(0);
    }
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void floatColumnsGiveTheSameLossesAsDoubleColumns(LossKernels k) {
    float[] x = {0.1f, -2.5f, 3.25f, 1e-3f};
    float[] y = {0.0f, 1.5f, 3.0f, -1e-3f};
    double[] xd = new double[4];
    double[] yd = new double[4];
    for (int i = 0; i < 4; i++) {
      xd[i] = x[i];
      yd[i] = y[i];
    }
    int[] off = {0, 2, 4};
    for (String name : List.of("mse_loss", "l1_loss", "huber_loss", "kl_div")) {
      Loss loss = LossCatalog.create(name, "reduction=sum");
      assertEquals(
          reduce(loss, Batch.of(Column.arrays(xd, off, 2), Column.arrays(yd, off, 2)), k),
          reduce(loss, Batch.of(Column.arrays(x, off, 2), Column.arrays(y, off, 2)), k),
          name);
    }
    Loss ce = LossCatalog.create("cross_entropy", "");
    assertEquals(
        reduce(ce, Batch.of(Column.arrays(xd, off, 2), Column.integers(1, 0)), k),
        reduce(ce, Batch.of(Column.arrays(x, off, 2), Column.integers(1, 0)), k),
        1e-15);
  }
  @ParameterizedTest
  @MethodSource("kernels")
  void marginRankingIsZeroOnceTheOrderClearsTheMargin(LossKernels k) {
    // y = 1 wants x1 > x2 + margin; y = -1 wants x2 > x1 + margin
    Batch b = Batch.of(Column.scalars(2.0, 2.0, 0.0), Column.scalars(1.0, 1.0, 1.0),
        Column.scalars(1.0, -1.0, -1.0));
    RowLosses r = LossCatalog.create("margin_ranking_loss", "margin=0.5").forward(b, k);
    assertEquals(0.0, r.value(0));
    assertEquals(1.5, r.value(1));
    assertEquals(0.0, r.value(2));
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void softMarginsAreLogTwoAtZero(LossKernels k) {
    Batch b = Batch.of(Column.rows(new double[] {0, 0}), Column.rows(new double[] {1, 0}));
    assertEquals(Math.log(2), LossCatalog.create("soft_margin_loss", "").forward(b, k).row(0)[0], 1e-16);
    assertEquals(Math.log(2), LossCatalog.create("multilabel_soft_margin_loss", "").forward(b, k).value(0),
        1e-16);
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void multiMarginSumsTheViolatedMarginsOverC(LossKernels k) {
    // target 0 (score 1): others 0.5 (violates by 0.5), -1 (clears), 0.8 (violates by 0.8)
    Batch b = Batch.of(Column.rows(new double[] {1, 0.5, -1, 0.8}), Column.integers(0));
    assertEquals((0.5 + 0.8) / 4, LossCatalog.create("multi_margin_loss", "").forward(b, k).value(0), 1e-15);
    assertEquals((0.25 + 0.64) / 4 * 3,
        LossCatalog.create("multi_margin_loss", "p=2, weight=[3,1,1,1]").forward(b, k).value(0), 1e-15);
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void huberAndSmoothL1SwitchToLinearAtTheThreshold(LossKernels k) {
    Batch b = Batch.of(Column.scalars(2.0, 0.5), Column.scalars(0.0, 0.0));
    RowLosses huber = LossCatalog.create("huber_loss", "delta=2.0").forward(b, k);
    assertEquals(2.0 * (2.0 - 1.0), huber.value(0));
    assertEquals(0.125, huber.value(1));
    RowLosses smooth = LossCatalog.create("smooth_l1_loss", "beta=2.0").forward(b, k);
    assertEquals(2.0 - 1.0, smooth.value(0));
    assertEquals(0.0625, smooth.value(1));
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void nanAndInfinityPropagateIntoTheReduction(LossKernels k) {
    Batch b = Batch.of(Column.scalars(1.0, Double.NaN), Column.scalars(0.0, 0.0));
    assertTrue(Double.isNaN(reduce(LossCatalog.create("mse_loss", ""), b, k)));
    Batch inf = Batch.of(Column.scalars(1.0, Double.POSITIVE_INFINITY), Column.scalars(0.0, 0.0));
    assertEquals(Double.POSITIVE_INFINITY, reduce(LossCatalog.create("l1_loss", "reduction=sum"), inf, k));
  }
}
