package io.losseval.core;

/**
 * Hinge embedding loss, with PyTorch's formula for any target value.
 *
 * <p>{@code l = (y != 1 ? max(0, margin - x) : 0) + (y != -1 ? x : 0)} per element: for {@code y = 1}
 * it is {@code x}, for {@code y = -1} it is {@code max(0, margin - x)}, and for any other target PyTorch
 * adds both terms, as we do. {@code sum} adds the elements, {@code mean} divides by their count.
 * Equivalent to {@code torch.nn.HingeEmbeddingLoss(margin=..., reduction=...)}.
 *
 * <p>Options: {@code margin} (default 1.0). Immutable and thread-safe.
 */
public final class HingeEmbeddingLoss extends ElementwiseLoss {
  private final double margin;

  private HingeEmbeddingLoss(Reduction reduction, double margin) {
    super("hinge_embedding_loss", reduction);
    this.margin = margin;
  }

  public static HingeEmbeddingLoss of(Reduction reduction, double margin) {
    return new HingeEmbeddingLoss(reduction, margin);
  }

  static HingeEmbeddingLoss create(LossOptions o) {
    return of(o.reduction(), o.getDouble("margin"));
  }

  @Override
  protected double elementLoss(double x, double y) {
    double marginTerm = y != 1 ? Math.max(0, margin - x) : 0;
    double selfTerm = y != -1 ? x : 0;
    return marginTerm + selfTerm;
  }
}
