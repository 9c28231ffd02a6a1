package io.losseval.core;

import io.losseval.core.kernel.LossKernels;

/**
 * Mean absolute error.
 *
 * <p>{@code l(x, y) = |x - y|} per element; {@code sum} adds them, {@code mean} divides by the number of
 * elements. Equivalent to {@code torch.nn.L1Loss(reduction=...)} and {@code F.l1_loss}.
 *
 * <p>Inputs: {@code input} and {@code target} of the same shape. NaN and infinities propagate. Immutable
 * and thread-safe.
 */
public final class L1Loss extends ElementwiseLoss {

  private L1Loss(Reduction reduction) {
    super("l1_loss", reduction);
  }

  public static L1Loss of(Reduction reduction) {
    return new L1Loss(reduction);
  }

  static L1Loss create(LossOptions o) {
    return of(o.reduction());
  }

  @Override
  protected double elementLoss(double input, double target) {
    return Math.abs(input - target);
  }

  @Override
  protected void computeElements(
      Column input, Column target, LossKernels kernels, double[] out, int n) {
    if (input.isFloat() && target.isFloat()) {
      kernels.absDiff(input.floats(), input.begin(), target.floats(), target.begin(), out, 0, n);
    } else {
      kernels.absDiff(input.doubles(), input.begin(), target.doubles(), target.begin(), out, 0, n);
    }
  }
}
