package io.losseval.core;

import io.losseval.core.kernel.LossKernels;
import java.util.List;

/**
 * Triplet margin loss with the p-norm distance.
 *
 * <p>With {@code d(u, v) = ||u - v + eps||_p} ({@code F.pairwise_distance}, which adds {@code eps} to the
 * difference): {@code l = max(d(a, p) - d(a, n) + margin, 0)} per triplet; with {@code swap=true}, {@code
 * d(a, n)} is replaced by {@code min(d(a, n), d(p, n))}. {@code sum} adds the triplets, {@code mean}
 * divides by their number. Equivalent to {@code torch.nn.TripletMarginLoss(margin=..., p=..., eps=...,
 * swap=..., reduction=...)}.
 *
 * <p>Options: {@code margin} (default 1.0), {@code p} (default 2.0, finite and {@code > 0}), {@code eps}
 * (default 1e-6, {@code >= 0}), {@code swap} (default false). Inputs: {@code anchor}, {@code positive},
 * {@code negative}, vectors of one length per row. Immutable and thread-safe.
 */
public final class TripletMarginLoss extends EmbeddingLoss {
  private final double margin;
  private final double p;
  private final double eps;
  private final boolean swap;

  private TripletMarginLoss(
      Reduction reduction, double margin, double p, double eps, boolean swap) {
    super("triplet_margin_loss", reduction, List.of("anchor", "positive", "negative"), 3);
    if (!(p > 0) || Double.isInfinite(p)) {
      throw LossArgumentException.of(name(), "p", "is out of range", "a finite number > 0", p);
    }
    if (!(eps >= 0) || Double.isInfinite(eps)) {
      throw LossArgumentException.of(name(), "eps", "is out of range", "a finite number >= 0", eps);
    }
    this.margin = margin;
    this.p = p;
    this.eps = eps;
    this.swap = swap;
  }

  public static TripletMarginLoss of(
      Reduction reduction, double margin, double p, double eps, boolean swap) {
    return new TripletMarginLoss(reduction, margin, p, eps, swap);
  }

  static TripletMarginLoss create(LossOptions o) {
    return of(
        o.reduction(),
        o.getDouble("margin"),
        o.getDouble("p"),
        o.getDouble("eps"),
        o.getBoolean("swap"));
  }

  /** {@code ||u - v + eps||_p}, PyTorch's {@code pairwise_distance}. */
  static double pairwiseDistance(
      LossKernels kernels, double[] u, int uo, double[] v, int vo, int n, double p, double eps) {
    double s = kernels.sumPowAbsDiff(u, uo, v, vo, eps, p, n);
    if (p == 2) {
      return Math.sqrt(s);
    }
    return p == 1 ? s : Math.pow(s, 1 / p);
  }

  @Override
  protected void compute(Batch batch, LossKernels kernels, double[] out) {
    tripletLosses(batch, kernels, margin, swap,
        (k, u, uo, v, vo, n) -> pairwiseDistance(k, u, uo, v, vo, n, p, eps), out);
  }
}
