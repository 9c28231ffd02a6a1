package io.losseval.core;

import io.losseval.core.kernel.LossKernels;

/**
 * Huber loss.
 *
 * <p>With {@code d = |x - y|}: {@code l = 0.5 * d^2} if {@code d < delta}, else {@code delta * (d - 0.5
 * * delta)}. {@code sum} adds the elements, {@code mean} divides by their count. Equivalent to {@code
 * torch.nn.HuberLoss(reduction=..., delta=...)}.
 *
 * <p>Options: {@code delta} (default 1.0, must be {@code > 0}). Immutable and thread-safe.
 */
public final class HuberLoss extends ElementwiseLoss {
  private final double delta;

  private HuberLoss(Reduction reduction, double delta) {
    super("huber_loss", reduction);
    if (!(delta > 0) || Double.isInfinite(delta)) {
      throw LossArgumentException.of(name(), "delta", "is out of range", "a finite number > 0", delta);
    }
    this.delta = delta;
  }

  public static HuberLoss of(Reduction reduction, double delta) {
    return new HuberLoss(reduction, delta);
  }

  static HuberLoss create(LossOptions o) {
    return of(o.reduction(), o.getDouble("delta"));
  }

  @Override
  protected double elementLoss(double input, double target) {
    double d = Math.abs(input - target);
    return d < delta ? 0.5 * d * d : delta * (d - 0.5 * delta);
  }

  @Override
  protected void computeElements(
      Column input, Column target, LossKernels kernels, double[] out, int n) {
    kernels.huber(
        input.doubles(), input.begin(), target.doubles(), target.begin(), delta, out, 0, n);
  }
}
