package io.losseval.core;

/**
 * Negative log-likelihood of a Poisson-distributed target.
 *
 * <p>{@code log_input=true}: {@code l = exp(x) - y * x}; {@code log_input=false}: {@code l = x - y *
 * log(x + eps)}. With {@code full=true} the Stirling term {@code y * log(y) - y + 0.5 * log(2 * pi * y)}
 * is added where {@code y > 1} (0 elsewhere). {@code sum} adds the elements, {@code mean} divides by
 * their count. Equivalent to {@code torch.nn.PoissonNLLLoss(log_input=..., full=..., eps=...,
 * reduction=...)}.
 *
 * <p>Options: {@code log_input} (default true), {@code full} (default false), {@code eps} (default 1e-8,
 * must be {@code >= 0}). Immutable and thread-safe.
 */
public final class PoissonNLLLoss extends ElementwiseLoss {
  private final boolean logInput;
  private final boolean full;
  private final double eps;

  private PoissonNLLLoss(Reduction reduction, boolean logInput, boolean full, double eps) {
    super("poisson_nll_loss", reduction);
    if (!(eps >= 0) || Double.isInfinite(eps)) {
      throw LossArgumentException.of(name(), "eps", "is out of range", "a finite number >= 0", eps);
    }
    this.logInput = logInput;
    this.full = full;
    this.eps = eps;
  }

  public static PoissonNLLLoss of(Reduction reduction, boolean logInput, boolean full, double eps) {
    return new PoissonNLLLoss(reduction, logInput, full, eps);
  }

  static PoissonNLLLoss create(LossOptions o) {
    return of(o.reduction(), o.getBoolean("log_input"), o.getBoolean("full"), o.getDouble("eps"));
  }

  @Override
  protected double elementLoss(double x, double y) {
    double loss = logInput ? Math.exp(x) - y * x : x - y * Math.log(x + eps);
    if (full && y > 1) {
      loss += y * Math.log(y) - y + 0.5 * Math.log(2 * Math.PI * y);
    }
    return loss;
  }
}
