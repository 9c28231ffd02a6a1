package io.losseval.core;

import io.losseval.core.kernel.LossKernels;
import java.util.List;

/**
 * Multi-class hinge loss over class scores and a class-index target.
 *
 * <p>Per sample with {@code C} scores and target {@code y}: {@code l = sum over i != y of w_y * max(0,
 * margin - x_y + x_i)^p / C}. {@code sum} adds the samples, {@code mean} divides by their number.
 * Equivalent to {@code torch.nn.MultiMarginLoss(p=..., margin=..., weight=..., reduction=...)}.
 *
 * <p>Options: {@code p} (1 or 2, default 1), {@code margin} (default 1.0), {@code weight} (length C,
 * default none). Inputs: {@code input [C]}, {@code target} an index in {@code [0, C)}. Immutable and
 * thread-safe.
 */
public final class MultiMarginLoss extends AbstractLoss {
  private final int p;
  private final double margin;
  private final double[] weight;

  private MultiMarginLoss(Reduction reduction, long p, double margin, double[] weight) {
    super("multi_margin_loss", reduction, List.of("input", "target"));
    if (p != 1 && p != 2) {
      throw LossArgumentException.of(name(), "p", "is not supported", "1 or 2", p);
    }
    this.p = (int) p;
    this.margin = margin;
    this.weight = checkFiniteVector("weight", weight);
  }

  public static MultiMarginLoss of(Reduction reduction, long p, double margin, double[] weight) {
    return new MultiMarginLoss(reduction, p, margin, weight);
  }

  static MultiMarginLoss create(LossOptions o) {
    return of(o.reduction(), o.getLong("p"), o.getDouble("margin"), o.getDoubles("weight"));
  }

  @Override
  protected Layout layout(Batch batch) {
    Column input = batch.column(0);
    if (input.isScalar() || !batch.column(1).isScalar()) {
      throw LossArgumentException.of(name(), "input", "has the wrong shape",
          "input [C] scores and a class index per row",
          (input.isScalar() ? "a number" : "an array") + " and "
              + (batch.column(1).isScalar() ? "a number" : "an array"));
    }
    for (int i = 0; i < batch.rows(); i++) {
      int c = input.length(i);
      if (c == 0) {
        throw badRow(batch, i, "input", "is empty", "C >= 1 class scores", "[]");
      }
      if (weight != null && weight.length != c) {
        throw badRow(batch, i, "weight", "length differs from the number of classes",
            c + " values (one per class)", weight.length + " values");
      }
    }
    return Layout.perRow(batch.rows());
  }

  @Override
  protected void compute(Batch batch, LossKernels kernels, double[] out) {
    Column input = batch.column(0);
    double[] x = input.doubles();
    for (int i = 0; i < batch.rows(); i++) {
      int c = input.length(i);
      int x0 = input.start(i);
      long y = integerAt(batch, 1, i, i);
      if (y < 0 || y >= c) {
        throw badRow(batch, i, "target", "is out of range for " + c + " classes",
            "an index in [0, " + c + ")", y);
      }
      double xy = x[x0 + (int) y];
      double sum = 0;
      for (int k = 0; k < c; k++) {
        if (k == y) {
          continue;
        }
        double z = margin - xy + x[x0 + k];
        if (z > 0) {
          double h = p == 1 ? z : z * z;
          sum += weight == null ? h : h * weight[(int) y];
        }
      }
      out[i] = sum / c;
    }
  }
}
