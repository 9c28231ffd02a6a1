package io.losseval.core;

import io.losseval.core.kernel.LossKernels;
import java.util.List;

/**
 * Margin ranking loss between two inputs and a ranking target of 1 or -1.
 *
 * <p>{@code l = max(0, -y * (x1 - x2) + margin)} per element. {@code sum} adds the elements, {@code mean}
 * divides by their count. Equivalent to {@code torch.nn.MarginRankingLoss(margin=..., reduction=...)}.
 *
 * <p>Options: {@code margin} (default 0.0). Inputs: {@code input1}, {@code input2}, {@code target} of the
 * same shape (usually a number per row). Immutable and thread-safe.
 */
public final class MarginRankingLoss extends AbstractLoss {
  private final double margin;

  private MarginRankingLoss(Reduction reduction, double margin) {
    super("margin_ranking_loss", reduction, List.of("input1", "input2", "target"));
    this.margin = margin;
  }

  public static MarginRankingLoss of(Reduction reduction, double margin) {
    return new MarginRankingLoss(reduction, margin);
  }

  static MarginRankingLoss create(LossOptions o) {
    return of(o.reduction(), o.getDouble("margin"));
  }

  @Override
  protected Layout layout(Batch batch) {
    checkSameShape(batch, 0, 1);
    checkSameShape(batch, 0, 2);
    return Layout.like(batch.column(0));
  }

  @Override
  protected void compute(Batch batch, LossKernels kernels, double[] out) {
    Column a = batch.column(0);
    Column b = batch.column(1);
    Column y = batch.column(2);
    double[] av = a.doubles();
    double[] bv = b.doubles();
    double[] yv = y.doubles();
    int n = a.totalLength();
    for (int i = 0; i < n; i++) {
      double v = -yv[y.begin() + i] * (av[a.begin() + i] - bv[b.begin() + i]) + margin;
      out[i] = Math.max(v, 0);
    }
  }
}
