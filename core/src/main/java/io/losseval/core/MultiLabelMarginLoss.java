package io.losseval.core;

import io.losseval.core.kernel.LossKernels;
import java.util.List;

/**
 * Multi-label hinge loss over class scores and a list of target class indices.
 *
 * <p>Per sample with {@code C} scores: the targets are the indices of {@code target} before the first
 * {@code -1}; {@code l = sum over targets j, non-targets i of max(0, 1 - (x_j - x_i)) / C}. {@code sum}
 * adds the samples, {@code mean} divides by their number. Equivalent to {@code
 * torch.nn.MultiLabelMarginLoss(reduction=...)}.
 *
 * <p>Inputs: {@code input [C]}, {@code target [C]} of integers, indices in {@code [0, C)} until the first
 * {@code -1} (what follows it is ignored, as in PyTorch). Immutable and thread-safe.
 */
public final class MultiLabelMarginLoss extends AbstractLoss {

  private MultiLabelMarginLoss(Reduction reduction) {
    super("multilabel_margin_loss", reduction, List.of("input", "target"));
  }

  public static MultiLabelMarginLoss of(Reduction reduction) {
    return new MultiLabelMarginLoss(reduction);
  }

  static MultiLabelMarginLoss create(LossOptions o) {
    return of(o.reduction());
  }

  @Override
  protected Layout layout(Batch batch) {
    checkSameShape(batch, 0, 1);
    return Layout.perRow(batch.rows());
  }

  @Override
  protected void compute(Batch batch, LossKernels kernels, double[] out) {
    Column input = batch.column(0);
    Column target = batch.column(1);
    boolean[] isTarget = new boolean[0];
    for (int i = 0; i < batch.rows(); i++) {
      int c = input.length(i);
      int x0 = input.start(i);
      int t0 = target.start(i);
      if (isTarget.length < c) {
        isTarget = new boolean[c];
      } else {
        java.util.Arrays.fill(isTarget, 0, c, false);
      }
      int count = 0;
      for (; count < c; count++) {
        long y = integerAt(batch, 1, i, t0 + count);
        if (y == -1) {
          break;
        }
        if (y < 0 || y >= c) {
          throw badRow(batch, i, "target", "is out of range for " + c + " classes",
              "indices in [0, " + c + "), ended by -1", y);
        }
        isTarget[(int) y] = true;
      }
      double sum = 0;
      for (int j = 0; j < count; j++) {
        double xj = input.value(x0 + (int) target.value(t0 + j));
        for (int k = 0; k < c; k++) {
          if (!isTarget[k]) {
            sum += Math.max(0, 1 - (xj - input.value(x0 + k)));
          }
        }
      }
      out[i] = c == 0 ? 0 : sum / c;
    }
  }
}
