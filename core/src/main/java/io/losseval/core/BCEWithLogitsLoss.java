package io.losseval.core;

import io.losseval.core.kernel.LossKernels;

/**
 * Binary cross-entropy on logits, in the numerically stable form.
 *
 * <p>With {@code m = max(-x, 0)} and {@code lw = 1 + (pos_weight - 1) * y}: {@code l = w * ((1 - y) * x
 * + lw * (log(exp(-m) + exp(-x - m)) + m))} per element (without pos_weight, {@code ((1 - y) * x + m) +
 * log(exp(-m) + exp(-x - m))}: the terms are added in PyTorch's order, which keeps the precision of
 * small losses at large negative logits), which is {@code -w * (pos_weight * y *
 * log(sigmoid(x)) + (1 - y) * log(1 - sigmoid(x)))} without overflow for large {@code |x|}. {@code sum}
 * adds the elements, {@code mean} divides by their count. Equivalent to {@code
 * torch.nn.BCEWithLogitsLoss(weight=..., pos_weight=..., reduction=...)}.
 *
 * <p>Options: {@code weight} and {@code pos_weight} (default none), each broadcast over the rows' last
 * dimension (length 1 or the last dimension). Immutable and thread-safe.
 */
public final class BCEWithLogitsLoss extends ElementwiseLoss {
  private final double[] weight;
  private final double[] posWeight;

  private BCEWithLogitsLoss(Reduction reduction, double[] weight, double[] posWeight) {
    super("binary_cross_entropy_with_logits", reduction);
    this.weight = checkFiniteVector("weight", weight);
    this.posWeight = checkFiniteVector("pos_weight", posWeight);
  }

  public static BCEWithLogitsLoss of(Reduction reduction, double[] weight, double[] posWeight) {
    return new BCEWithLogitsLoss(reduction, weight, posWeight);
  }

  static BCEWithLogitsLoss create(LossOptions o) {
    return of(o.reduction(), o.getDoubles("weight"), o.getDoubles("pos_weight"));
  }

  @Override
  protected void checkValues(Batch batch) {
    checkLastDimWeight(batch, 0, "weight", weight);
    checkLastDimWeight(batch, 0, "pos_weight", posWeight);
  }

  @Override
  protected double elementLoss(double x, double y) {
    return withoutPosWeight(x, y);
  }

  /**
   * {@code ((1 - y) * x + m) + log(exp(-m) + exp(-x - m))}, added in PyTorch's order: for a large
   * negative {@code x} and {@code y = 0} the first sum is exactly 0, so the small log term keeps its
   * precision (adding {@code m} to the log first loses it to cancellation: 5e-6 relative at x = -22).
   */
  private static double withoutPosWeight(double x, double y) {
    double m = Math.max(-x, 0);
    return ((1 - y) * x + m) + Math.log(Math.exp(-m) + Math.exp(-x - m));
  }

  /** {@code (1 - y) * x + lw * (log(exp(-m) + exp(-x - m)) + m)}: PyTorch's order with a pos_weight. */
  private static double withPosWeight(double x, double y, double posWeight) {
    double m = Math.max(-x, 0);
    double logWeight = (posWeight - 1) * y + 1;
    return (1 - y) * x + logWeight * (Math.log(Math.exp(-m) + Math.exp(-x - m)) + m);
  }

  @Override
  protected void computeElements(
      Column input, Column target, LossKernels kernels, double[] out, int n) {
    double[] x = input.doubles();
    double[] y = target.doubles();
    int base = input.begin();
    int yShift = target.begin() - base;
    for (int i = 0; i < input.rows(); i++) {
      int start = input.start(i);
      int len = input.length(i);
      for (int p = 0; p < len; p++) {
        int k = start + p;
        out[k - base] = posWeight == null ? withoutPosWeight(x[k], y[k + yShift])
            : withPosWeight(x[k], y[k + yShift], posWeight[p % posWeight.length]);
      }
    }
    if (weight != null) {
      Weights.applyLastDim(input, weight, out);
    }
  }
}
