package io.losseval.core;

import io.losseval.core.kernel.LossKernels;
import java.util.List;

/**
 * Negative log-likelihood of a Gaussian target with predicted mean and variance.
 *
 * <p>{@code l = 0.5 * (log(max(var, eps)) + (x - y)^2 / max(var, eps))}, plus {@code 0.5 * log(2 * pi)}
 * with {@code full=true}, per element. {@code var} is given per element (the shape of {@code input}) or
 * once per row (PyTorch's homoscedastic {@code var} of shape {@code input.shape[:-1]}, or a trailing
 * dimension of 1), broadcast over the row. {@code sum} adds the elements, {@code mean} divides by their
 * count. Equivalent to {@code torch.nn.GaussianNLLLoss(full=..., eps=..., reduction=...)}.
 *
 * <p>Options: {@code full} (default false), {@code eps} (default 1e-6, must be {@code >= 0}). A negative
 * variance is an error, as in PyTorch. Immutable and thread-safe.
 */
public final class GaussianNLLLoss extends AbstractLoss {
  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
  private final boolean full;
  private final double eps;

  private GaussianNLLLoss(Reduction reduction, boolean full, double eps) {
    super("gaussian_nll_loss", reduction, List.of("input", "target", "var"));
    if (!(eps >= 0) || Double.isInfinite(eps)) {
      throw LossArgumentException.of(name(), "eps", "is out of range", "a finite number >= 0", eps);
    }
    this.full = full;
    this.eps = eps;
  }

  public static GaussianNLLLoss of(Reduction reduction, boolean full, double eps) {
    return new GaussianNLLLoss(reduction, full, eps);
  }

  static GaussianNLLLoss create(LossOptions o) {
    return of(o.reduction(), o.getBoolean("full"), o.getDouble("eps"));
  }

  /**
   * Whether row {@code i} gives one variance for the whole row (a number, or a single value beside an
   * input of several) rather than one per element.
   */
  private static boolean varPerRow(Column input, Column var, int i) {
    return var.isScalar() || (var.length(i) == 1 && input.length(i) != 1);
  }

  @Override
  protected Layout layout(Batch batch) {
    checkSameShape(batch, 0, 1);
    Column input = batch.column(0);
    Column var = batch.column(2);
    for (int i = 0; i < batch.rows(); i++) {
      int vl = var.length(i);
      if (!varPerRow(input, var, i) && vl != input.length(i)) {
        throw badRow(batch, i, "var", "does not match input's shape",
            input.length(i) + " values (one per element) or 1 (one per row)", vl + " values");
      }
      for (int j = var.start(i), e = j + vl; j < e; j++) {
        if (var.value(j) < 0) {
          throw badRow(batch, i, "var", "is negative", "variances >= 0", var.value(j));
        }
      }
    }
    return Layout.like(input);
  }

  @Override
  protected void compute(Batch batch, LossKernels kernels, double[] out) {
    Column input = batch.column(0);
    Column target = batch.column(1);
    Column var = batch.column(2);
    int base = input.begin();
    int yShift = target.begin() - base;
    for (int i = 0; i < batch.rows(); i++) {
      int start = input.start(i);
      int len = input.length(i);
      boolean perRow = varPerRow(input, var, i);
      for (int p = 0; p < len; p++) {
        int k = start + p;
        double v = Math.max(var.value(var.start(i) + (perRow ? 0 : p)), eps);
        double d = input.value(k) - target.value(k + yShift);
        double loss = 0.5 * (Math.log(v) + d * d / v);
        out[k - base] = full ? loss + HALF_LOG_2PI : loss;
      }
    }
  }
}
