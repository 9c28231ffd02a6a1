package io.losseval.core;

import io.losseval.core.kernel.LossKernels;

/**
 * Binary cross-entropy between probabilities and targets.
 *
 * <p>{@code l = -w * (y * max(log(x), -100) + (1 - y) * max(log(1 - x), -100))} per element, with each
 * log clamped at -100 as PyTorch does, so inputs of exactly 0 or 1 give finite losses. {@code sum} adds
 * the elements, {@code mean} divides by their count (the weight does not enter the denominator).
 * Equivalent to {@code torch.nn.BCELoss(weight=..., reduction=...)}.
 *
 * <p>Options: {@code weight} (default none), broadcast over the rows' last dimension (length 1 or the
 * last dimension). Inputs: {@code input} in {@code [0, 1]} (PyTorch refuses anything else, and so do
 * we), {@code target} of the same shape. Immutable and thread-safe.
 */
public final class BCELoss extends ElementwiseLoss {
  private final double[] weight;

  private BCELoss(Reduction reduction, double[] weight) {
    super("binary_cross_entropy", reduction);
    this.weight = checkFiniteVector("weight", weight);
  }

  public static BCELoss of(Reduction reduction, double[] weight) {
    return new BCELoss(reduction, weight);
  }

  static BCELoss create(LossOptions o) {
    return of(o.reduction(), o.getDoubles("weight"));
  }

  @Override
  protected void checkValues(Batch batch) {
    checkLastDimWeight(batch, 0, "weight", weight);
    Column input = batch.column(0);
    for (int i = 0; i < batch.rows(); i++) {
      for (int j = input.start(i), e = j + input.length(i); j < e; j++) {
        double x = input.value(j);
        if (!(x >= 0 && x <= 1)) {
          throw badRow(batch, i, "input", "is not a probability", "values in [0, 1]", x);
        }
      }
    }
  }

  @Override
  protected double elementLoss(double x, double y) {
    return (y - 1) * Math.max(Math.log1p(-x), -100) - y * Math.max(Math.log(x), -100);
  }

  @Override
  protected void computeElements(
      Column input, Column target, LossKernels kernels, double[] out, int n) {
    super.computeElements(input, target, kernels, out, n);
    if (weight != null) {
      Weights.applyLastDim(input, weight, out);
    }
  }
}
