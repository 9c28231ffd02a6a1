package io.losseval.core;

import io.losseval.core.accum.LossAccumulator;
import io.losseval.core.kernel.LossKernels;

/**
 * Negative log-likelihood of class-index targets, given log-probabilities.
 *
 * <p>{@code l = -weight[y] * x[y]} per target ({@code x[y][j]} in the {@code [C][d]} case), 0 where {@code
 * y == ignore_index}. {@code sum} adds them; {@code mean} divides by the summed {@code weight[y]} of the
 * targets that are not ignored (NaN when all are). Equivalent to {@code torch.nn.NLLLoss(weight=...,
 * ignore_index=..., reduction=...)}.
 *
 * <p>Options: {@code weight} (default none: 1 per class; length C), {@code ignore_index} (default -100).
 * Shapes as in {@link ClassIndexLoss}. A target outside {@code [0, C)} that is not {@code ignore_index}
 * is an error. Immutable and thread-safe.
 */
public final class NLLLoss extends ClassIndexLoss {

  private NLLLoss(Reduction reduction, double[] weight, long ignoreIndex) {
    super("nll_loss", reduction, weight, ignoreIndex);
  }

  public static NLLLoss of(Reduction reduction, double[] weight, long ignoreIndex) {
    return new NLLLoss(reduction, weight, ignoreIndex);
  }

  static NLLLoss create(LossOptions o) {
    return of(o.reduction(), o.getDoubles("weight"), o.getLong("ignore_index"));
  }

  @Override
  protected Layout layout(Batch batch) {
    return classIndexLayout(batch);
  }

  @Override
  protected void compute(Batch batch, LossKernels kernels, double[] out) {
    Column input = batch.column(0);
    Column target = batch.column(1);
    int k = 0;
    for (int i = 0; i < batch.rows(); i++) {
      int d = spatial(target, i);
      int c = input.length(i) / d;
      int x0 = input.start(i);
      int t0 = target.start(i);
      for (int j = 0; j < d; j++) {
        int y = classAt(batch, i, t0 + j, c);
        out[k++] = y < 0 ? 0 : -(weight == null ? 1.0 : weight[y]) * input.value(x0 + y * d + j);
      }
    }
  }

  @Override
  protected void addMeanDenominator(
      Batch batch, Layout layout, double[] sampleWeights, LossAccumulator acc) {
    addClassWeights(batch, sampleWeights, acc);
  }
}
