package io.losseval.core;

import io.losseval.core.kernel.LossKernels;
import java.util.List;

/**
 * Cosine embedding loss: similar pairs ({@code y = 1}) pulled together, dissimilar ones ({@code y = -1})
 * pushed below a margin.
 *
 * <p>With {@code cos = x1.x2 / sqrt((|x1|^2 + 1e-12) * (|x2|^2 + 1e-12))} (PyTorch's form): {@code l = 1 -
 * cos} for {@code y = 1}, {@code max(0, cos - margin)} for {@code y = -1}, and 0 for any other target, as
 * in PyTorch. {@code sum} adds the pairs, {@code mean} divides by their number. Equivalent to {@code
 * torch.nn.CosineEmbeddingLoss(margin=..., reduction=...)}.
 *
 * <p>Options: {@code margin} (default 0.0). Inputs: {@code input1}, {@code input2} vectors of one length
 * per row, {@code target} a number per row. Immutable and thread-safe.
 */
public final class CosineEmbeddingLoss extends EmbeddingLoss {
  private static final double EPSILON = 1e-12;
  private final double margin;

  private CosineEmbeddingLoss(Reduction reduction, double margin) {
    super("cosine_embedding_loss", reduction, List.of("input1", "input2", "target"), 2);
    this.margin = margin;
  }

  public static CosineEmbeddingLoss of(Reduction reduction, double margin) {
    return new CosineEmbeddingLoss(reduction, margin);
  }

  static CosineEmbeddingLoss create(LossOptions o) {
    return of(o.reduction(), o.getDouble("margin"));
  }

  @Override
  protected Layout layout(Batch batch) {
    Layout layout = super.layout(batch);
    if (!batch.column(2).isScalar()) {
      throw LossArgumentException.of(
          name(), "target", "is not a number", "1 or -1 per row", "an array");
    }
    return layout;
  }

  @Override
  protected void compute(Batch batch, LossKernels kernels, double[] out) {
    Column a = batch.column(0);
    Column b = batch.column(1);
    Column y = batch.column(2);
    double[] av = a.doubles();
    double[] bv = b.doubles();
    for (int i = 0; i < batch.rows(); i++) {
      int n = a.length(i);
      double prod = kernels.dot(av, a.start(i), bv, b.start(i), n);
      double mag1 = kernels.dot(av, a.start(i), av, a.start(i), n) + EPSILON;
      double mag2 = kernels.dot(bv, b.start(i), bv, b.start(i), n) + EPSILON;
      double cos = prod / Math.sqrt(mag1 * mag2);
      double t = y.value(i);
      out[i] = t == 1 ? 1 - cos : t == -1 ? Math.max(0, cos - margin) : 0;
    }
  }
}
