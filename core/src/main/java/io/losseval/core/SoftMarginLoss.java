package io.losseval.core;

/**
 * Soft margin loss: two-class logistic loss.
 *
 * <p>{@code l = log(1 + exp(-y * x))} per element ({@code log1p(exp(-y * x))}, as PyTorch computes it).
 * {@code sum} adds the elements, {@code mean} divides by their count. Equivalent to {@code
 * torch.nn.SoftMarginLoss(reduction=...)}. Targets are meant to be 1 or -1; other values are used as
 * they are, as in PyTorch. Immutable and thread-safe.
 */
public final class SoftMarginLoss extends ElementwiseLoss {

  private SoftMarginLoss(Reduction reduction) {
    super("soft_margin_loss", reduction);
  }

  public static SoftMarginLoss of(Reduction reduction) {
    return new SoftMarginLoss(reduction);
  }

  static SoftMarginLoss create(LossOptions o) {
    return of(o.reduction());
  }

  @Override
  protected double elementLoss(double x, double y) {
    return Math.log1p(Math.exp(-y * x));
  }
}
