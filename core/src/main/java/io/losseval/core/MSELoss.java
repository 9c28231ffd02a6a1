package io.losseval.core;

import io.losseval.core.kernel.LossKernels;

/**
 * Mean squared error.
 *
 * <p>{@code l(x, y) = (x - y)^2} per element; {@code sum} adds them, {@code mean} divides by the number
 * of elements. Equivalent to {@code torch.nn.MSELoss(reduction=...)} and {@code F.mse_loss}.
 *
 * <p>Inputs: {@code input} and {@code target} of the same shape (a number per row, or arrays of equal
 * length row by row). NaN and infinities propagate. Immutable and thread-safe.
 */
public final class MSELoss extends ElementwiseLoss {

  private MSELoss(Reduction reduction) {
    super("mse_loss", reduction);
  }

  public static MSELoss of(Reduction reduction) {
    return new MSELoss(reduction);
  }

  static MSELoss create(LossOptions o) {
    return of(o.reduction());
  }

  @Override
  protected double elementLoss(double input, double target) {
    double d = input - target;
    return d * d;
  }

  @Override
  protected void computeElements(
      Column input, Column target, LossKernels kernels, double[] out, int n) {
    if (input.isFloat() && target.isFloat()) {
      kernels.squaredDiff(input.floats(), input.begin(), target.floats(), target.begin(), out, 0, n);
    } else {
      kernels.squaredDiff(
          input.doubles(), input.begin(), target.doubles(), target.begin(), out, 0, n);
    }
  }
}
