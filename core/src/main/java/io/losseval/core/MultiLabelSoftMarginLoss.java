package io.losseval.core;

import io.losseval.core.kernel.LossKernels;
import java.util.List;

/**
 * Multi-label one-versus-all logistic loss.
 *
 * <p>Per sample with {@code C} scores: {@code l = -1/C * sum_c w_c * (y_c * logsigmoid(x_c) + (1 - y_c) *
 * logsigmoid(-x_c))}, with {@code logsigmoid(v) = min(v, 0) - log1p(exp(-|v|))}. {@code sum} adds the
 * samples, {@code mean} divides by their number. Equivalent to {@code
 * torch.nn.MultiLabelSoftMarginLoss(weight=..., reduction=...)}.
 *
 * <p>Options: {@code weight} (length C, default none). Inputs: {@code input [C]}, {@code target [C]} of
 * 0/1 labels. Immutable and thread-safe.
 */
public final class MultiLabelSoftMarginLoss extends AbstractLoss {
  private final double[] weight;

  private MultiLabelSoftMarginLoss(Reduction reduction, double[] weight) {
    super("multilabel_soft_margin_loss", reduction, List.of("input", "target"));
    this.weight = checkFiniteVector("weight", weight);
  }

  public static MultiLabelSoftMarginLoss of(Reduction reduction, double[] weight) {
    return new MultiLabelSoftMarginLoss(reduction, weight);
  }

  static MultiLabelSoftMarginLoss create(LossOptions o) {
    return of(o.reduction(), o.getDoubles("weight"));
  }

  @Override
  protected Layout layout(Batch batch) {
    checkSameShape(batch, 0, 1);
    checkLastDimWeight(batch, 0, "weight", weight);
    return Layout.perRow(batch.rows());
  }

  static double logSigmoid(double v) {
    return Math.min(v, 0) - Math.log1p(Math.exp(-Math.abs(v)));
  }

  @Override
  protected void compute(Batch batch, LossKernels kernels, double[] out) {
    Column input = batch.column(0);
    Column target = batch.column(1);
    for (int i = 0; i < batch.rows(); i++) {
      int c = input.length(i);
      int x0 = input.start(i);
      int t0 = target.start(i);
      double sum = 0;
      for (int k = 0; k < c; k++) {
        double x = input.value(x0 + k);
        double y = target.value(t0 + k);
        double l = -(y * logSigmoid(x) + (1 - y) * logSigmoid(-x));
        sum += weight == null ? l : l * weight[k % weight.length];
      }
      out[i] = sum / c;
    }
  }
}
