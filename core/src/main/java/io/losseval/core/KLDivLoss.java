package io.losseval.core;

import io.losseval.core.kernel.LossKernels;
import java.util.Locale;

/**
 * Kullback-Leibler divergence, with {@code input} holding log-probabilities.
 *
 * <p>Pointwise, as PyTorch >= 1.12 computes it: {@code l = xlogy(y, y) - y * x} ({@code 0} where {@code
 * y == 0}, NaN where {@code y < 0}); with {@code log_target=true}, {@code l = exp(y) * (y - x)}. {@code
 * sum} adds the elements, {@code mean} divides by their count, {@code batchmean} divides by the number of
 * samples {@code N} (the mathematically correct KL divergence). Equivalent to {@code
 * torch.nn.KLDivLoss(reduction=..., log_target=...)}.
 *
 * <p>Options: {@code log_target} (default false); {@code negative_target} (ours, for targets below 0 when
 * {@code log_target=false}): {@code nan} (default, PyTorch >= 1.12), {@code zero} (PyTorch <= 1.11,
 * which counted every element with {@code y <= 0} as 0; the seed article's 3.6046), or {@code error}.
 * Immutable and thread-safe.
 */
public final class KLDivLoss extends ElementwiseLoss {

  /** What a negative target gives when {@code log_target=false}. */
  public enum NegativeTarget {
    /** NaN, as PyTorch >= 1.12. */
    NAN,
    /** 0, as PyTorch <= 1.11. */
    ZERO,
    /** A {@link LossArgumentException}. */
    ERROR;

    static NegativeTarget of(String word) {
      return valueOf(word.toUpperCase(Locale.ROOT));
    }
  }

  private final boolean logTarget;
  private final NegativeTarget negativeTarget;

  private KLDivLoss(Reduction reduction, boolean logTarget, NegativeTarget negativeTarget) {
    super("kl_div", reduction);
    this.logTarget = logTarget;
    this.negativeTarget = negativeTarget;
  }

  public static KLDivLoss of(Reduction reduction, boolean logTarget, NegativeTarget negativeTarget) {
    return new KLDivLoss(reduction, logTarget, negativeTarget);
  }

  static KLDivLoss create(LossOptions o) {
    return of(
        o.reduction(),
        o.getBoolean("log_target"),
        NegativeTarget.of(o.getChoice("negative_target")));
  }

  @Override
  protected boolean allowsBatchmean() {
    return true;
  }

  @Override
  protected void checkValues(Batch batch) {
    if (logTarget || negativeTarget != NegativeTarget.ERROR) {
      return;
    }
    Column target = batch.column(1);
    for (int i = 0; i < batch.rows(); i++) {
      for (int j = target.start(i), e = j + target.length(i); j < e; j++) {
        if (target.value(j) < 0) {
          throw badRow(
              batch, i, "target", "is negative", "probabilities >= 0 (negative_target=error)",
              target.value(j));
        }
      }
    }
  }

  @Override
  protected double elementLoss(double x, double y) {
    if (logTarget) {
      return Math.exp(y) * (y - x);
    }
    if (negativeTarget == NegativeTarget.ZERO && y <= 0) {
      return 0;
    }
    double xlogy = y == 0 ? 0 : y * Math.log(y);
    return xlogy - y * x;
  }

  @Override
  protected void computeElements(
      Column input, Column target, LossKernels kernels, double[] out, int n) {
    kernels.klDiv(
        input.doubles(), input.begin(), target.doubles(), target.begin(), logTarget, out, 0, n);
    if (!logTarget && negativeTarget == NegativeTarget.ZERO) {
      double[] y = target.doubles();
      int yo = target.begin();
      for (int i = 0; i < n; i++) {
        if (y[yo + i] <= 0) {
          out[i] = 0;
        }
      }
    }
  }
}
