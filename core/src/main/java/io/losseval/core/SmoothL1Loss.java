package io.losseval.core;

import io.losseval.core.kernel.LossKernels;

/**
 * Smooth L1 loss.
 *
 * <p>With {@code d = |x - y|}: {@code l = 0.5 * d^2 / beta} if {@code d < beta}, else {@code d - 0.5 *
 * beta}; with {@code beta = 0} it is exactly {@link L1Loss}. {@code sum} adds the elements, {@code mean}
 * divides by their count. Equivalent to {@code torch.nn.SmoothL1Loss(reduction=..., beta=...)}.
 *
 * <p>Options: {@code beta} (default 1.0, must be {@code >= 0}). Immutable and thread-safe.
 */
public final class SmoothL1Loss extends ElementwiseLoss {
  private final double beta;

  private SmoothL1Loss(Reduction reduction, double beta) {
    super("smooth_l1_loss", reduction);
    if (!(beta >= 0) || Double.isInfinite(beta)) {
      throw LossArgumentException.of(name(), "beta", "is out of range", "a finite number >= 0", beta);
    }
    this.beta = beta;
  }

  public static SmoothL1Loss of(Reduction reduction, double beta) {
    return new SmoothL1Loss(reduction, beta);
  }

  static SmoothL1Loss create(LossOptions o) {
    return of(o.reduction(), o.getDouble("beta"));
  }

  public double beta() {
    return beta;
  }

  @Override
  protected double elementLoss(double input, double target) {
    double d = Math.abs(input - target);
    if (beta == 0) {
      return d;
    }
    return d < beta ? 0.5 * d * d / beta : d - 0.5 * beta;
  }

  @Override
  protected void computeElements(
      Column input, Column target, LossKernels kernels, double[] out, int n) {
    if (beta == 0) {
      kernels.absDiff(input.doubles(), input.begin(), target.doubles(), target.begin(), out, 0, n);
    } else {
      kernels.smoothL1(
          input.doubles(), input.begin(), target.doubles(), target.begin(), beta, out, 0, n);
    }
  }
}
