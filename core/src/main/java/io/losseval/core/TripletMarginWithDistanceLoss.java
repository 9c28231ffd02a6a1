package io.losseval.core;

import io.losseval.core.kernel.LossKernels;
import java.util.List;
import java.util.Locale;

/**
 * Triplet margin loss with a chosen distance.
 *
 * <p>{@code l = max(d(a, p) - d(a, n) + margin, 0)} per triplet, with {@code swap} as in {@link
 * TripletMarginLoss}. {@code distance=pairwise} (default) is {@code F.pairwise_distance} ({@code p = 2},
 * {@code eps = 1e-6} added to the difference); {@code distance=cosine} is {@code 1 -
 * F.cosine_similarity(u, v)} with {@code cos = u.v / sqrt(max(|u|^2 * |v|^2, 1e-16))} ({@code eps =
 * 1e-8}, as PyTorch 1.13 computes it). {@code sum} adds the triplets, {@code mean} divides by their
 * number. Equivalent to {@code torch.nn.TripletMarginWithDistanceLoss(distance_function=...,
 * margin=..., swap=..., reduction=...)}.
 *
 * <p>Options: {@code distance} ({@code pairwise} or {@code cosine}), {@code margin} (default 1.0, {@code >
 * 0} as PyTorch requires), {@code swap} (default false). Immutable and thread-safe.
 */
public final class TripletMarginWithDistanceLoss extends EmbeddingLoss {

  /** The distance functions available by name. */
  public enum Distance {
    PAIRWISE,
    COSINE;

    static Distance of(String word) {
      return valueOf(word.toUpperCase(Locale.ROOT));
    }
  }

  private static final double PAIRWISE_EPS = 1e-6;
  private static final double COSINE_EPS = 1e-8;

  private final Distance distance;
  private final double margin;
  private final boolean swap;

  private TripletMarginWithDistanceLoss(
      Reduction reduction, Distance distance, double margin, boolean swap) {
    super(
        "triplet_margin_with_distance_loss",
        reduction,
        List.of("anchor", "positive", "negative"),
        3);
    if (!(margin > 0) || Double.isInfinite(margin)) {
      throw LossArgumentException.of(name(), "margin", "is out of range", "a finite number > 0", margin);
    }
    this.distance = distance;
    this.margin = margin;
    this.swap = swap;
  }

  public static TripletMarginWithDistanceLoss of(
      Reduction reduction, Distance distance, double margin, boolean swap) {
    return new TripletMarginWithDistanceLoss(reduction, distance, margin, swap);
  }

  static TripletMarginWithDistanceLoss create(LossOptions o) {
    return of(
        o.reduction(),
        Distance.of(o.getChoice("distance")),
        o.getDouble("margin"),
        o.getBoolean("swap"));
  }

  /** {@code F.cosine_similarity(u, v)} as PyTorch 1.13 computes it. */
  static double cosineSimilarity(
      LossKernels kernels, double[] u, int uo, double[] v, int vo, int n, double eps) {
    double w12 = kernels.dot(u, uo, v, vo, n);
    double w1 = kernels.dot(u, uo, u, uo, n);
    double w2 = kernels.dot(v, vo, v, vo, n);
    return w12 / Math.sqrt(Math.max(w1 * w2, eps * eps));
  }

  private double distance(LossKernels kernels, double[] u, int uo, double[] v, int vo, int n) {
    if (distance == Distance.COSINE) {
      return 1 - cosineSimilarity(kernels, u, uo, v, vo, n, COSINE_EPS);
    }
    return TripletMarginLoss.pairwiseDistance(kernels, u, uo, v, vo, n, 2, PAIRWISE_EPS);
  }

  @Override
  protected void compute(Batch batch, LossKernels kernels, double[] out) {
    tripletLosses(batch, kernels, margin, swap, this::distance, out);
  }
}
