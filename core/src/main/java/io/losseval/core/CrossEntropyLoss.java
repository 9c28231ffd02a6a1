package io.losseval.core;

import io.losseval.core.accum.LossAccumulator;
import io.losseval.core.kernel.LossKernels;

/**
 * Cross-entropy between unnormalised class scores (logits) and class-index or class-probability targets.
 *
 * <p>With {@code logp_c = x_c - logsumexp(x)} over the {@code C} classes of a sample (the class dimension
 * of {@code [C]} or {@code [C][d]}), and {@code ls = label_smoothing}:
 *
 * <ul>
 *   <li><b>class indices</b> (an integer target per sample, or {@code [d]}): {@code l = (1 - ls) *
 *       (-w_y * logp_y) + ls / C * (-sum_c w_c * logp_c)}, 0 where {@code y == ignore_index} ({@code w =
 *       1} without a weight). {@code mean} divides the sum by the summed {@code w_y} of the targets that
 *       are not ignored, exactly as PyTorch (the smoothing term is weighted too and shares that
 *       denominator); all ignored gives NaN.
 *   <li><b>class probabilities</b> (a floating-point target of the input's shape): {@code l = -sum_c w_c *
 *       t_c * logp_c} with {@code t = (1 - ls) * target + ls / C}. {@code mean} divides by the number of
 *       samples ({@code N * d}); the weight does not enter the denominator, as in PyTorch.
 * </ul>
 *
 * <p>Equivalent to {@code torch.nn.CrossEntropyLoss(weight=..., ignore_index=..., reduction=...,
 * label_smoothing=...)}. Options: {@code weight} (length C, default none), {@code ignore_index} (default
 * -100), {@code label_smoothing} (default 0.0, in {@code [0, 1]}).
 *
 * <p>Precision: logits as large as {@code +-1e4} are safe (the log-sum-exp is shifted by the row
 * maximum). Each sample's term is computed as {@code logsumexp(x) - x_y}, whose absolute error is about
 * half an ulp of the largest logit (1e-15 for logits near 10, 1e-12 near 1e4); PyTorch's {@code (x_y -
 * max) - log(sum(exp(x - max)))} keeps full relative precision for losses far below that (a confident,
 * correct prediction), where the two differ by at most that absolute error.
 *
 * <p>Non-finite logits give what PyTorch gives: a NaN logit makes the sample's loss NaN; a {@code +inf}
 * logit makes it NaN too (PyTorch's {@code log_softmax} computes {@code inf - inf}), whatever the
 * target; a {@code -inf} logit at the target class makes it {@code +inf}. Immutable and thread-safe.
 */
public final class CrossEntropyLoss extends ClassIndexLoss {
  private final double labelSmoothing;

  private CrossEntropyLoss(
      Reduction reduction, double[] weight, long ignoreIndex, double labelSmoothing) {
    super("cross_entropy", reduction, weight, ignoreIndex);
    if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
      throw LossArgumentException.of(
          name(), "label_smoothing", "is out of range", "a number in [0, 1]", labelSmoothing);
    }
    this.labelSmoothing = labelSmoothing;
  }

  public static CrossEntropyLoss of(
      Reduction reduction, double[] weight, long ignoreIndex, double labelSmoothing) {
    return new CrossEntropyLoss(reduction, weight, ignoreIndex, labelSmoothing);
  }

  static CrossEntropyLoss create(LossOptions o) {
    return of(
        o.reduction(),
        o.getDoubles("weight"),
        o.getLong("ignore_index"),
        o.getDouble("label_smoothing"));
  }

  /** Floating-point array targets are class probabilities, as PyTorch decides by dtype. */
  private static boolean probabilities(Batch batch) {
    Column target = batch.column(1);
    return !target.isIntegral() && !target.isScalar();
  }

  @Override
  protected Layout layout(Batch batch) {
    if (!probabilities(batch)) {
      return classIndexLayout(batch);
    }
    Column input = batch.column(0);
    Column target = batch.column(1);
    int[] offsets = new int[batch.rows() + 1];
    for (int i = 0; i < batch.rows(); i++) {
      int len = input.isScalar() ? 1 : input.length(i);
      if (input.isScalar() || len == 0) {
        throw badRow(batch, i, "input", "is not an array", "C class scores", len + " values");
      }
      if (target.length(i) != len) {
        throw badRow(batch, i, "target", "probabilities do not match input's shape",
            len + " entries (C class probabilities per sample, like input)",
            target.length(i) + " entries");
      }
      int c = len / input.innerSize(i);
      if (weight != null && weight.length != c) {
        throw badRow(batch, i, "weight", "length differs from the number of classes",
            c + " values (one per class)", weight.length + " values");
      }
      offsets[i + 1] = offsets[i] + input.innerSize(i);
    }
    return input.isNested()
        ? new Layout(offsets[batch.rows()], offsets, 0, false)
        : Layout.perRow(batch.rows());
  }

  @Override
  protected void compute(Batch batch, LossKernels kernels, double[] out) {
    if (probabilities(batch)) {
      computeProbabilities(batch, kernels, out);
    } else {
      computeIndices(batch, kernels, out);
    }
  }

  @Override
  protected void addMeanDenominator(
      Batch batch, Layout layout, double[] sampleWeights, LossAccumulator acc) {
    if (probabilities(batch)) {
      super.addMeanDenominator(batch, layout, sampleWeights, acc);
    } else {
      addClassWeights(batch, sampleWeights, acc);
    }
  }

  private void computeIndices(Batch batch, LossKernels kernels, double[] out) {
    Column input = batch.column(0);
    Column target = batch.column(1);
    if (target.isScalar()) {
      computeLabels(batch, kernels, out);
      return;
    }
    double[] lse = null;
    int k = 0;
    for (int i = 0; i < batch.rows(); i++) {
      int d = spatial(target, i);
      int c = input.length(i) / d;
      int x0 = input.start(i);
      int t0 = target.start(i);
      if (d == 1) {
        int y = classAt(batch, i, t0, c);
        double rowLse = input.isFloat()
            ? kernels.logSumExp(input.floats(), x0, c)
            : kernels.logSumExp(input.doubles(), x0, c);
        out[k++] = y < 0 ? 0 : sampleLoss(input, x0, 1, c, y, rowLse);
        continue;
      }
      if (lse == null || lse.length < d) {
        lse = new double[d];
      }
      kernels.logSumExpColumns(input.doubles(), x0, c, d, lse, 0);
      for (int j = 0; j < d; j++) {
        int y = classAt(batch, i, t0 + j, c);
        out[k++] = y < 0 ? 0 : sampleLoss(input, x0 + j, d, c, y, lse[j]);
      }
    }
  }

  /**
   * One class index per row ({@code N x C} input): the log-sum-exp of each run of consecutive rows with
   * the same number of classes in one kernel call ({@link LossKernels#logSumExpRows}, which computes
   * short rows across rows), then each row's loss.
   */
  private void computeLabels(Batch batch, LossKernels kernels, double[] out) {
    Column input = batch.column(0);
    Column target = batch.column(1);
    int rows = batch.rows();
    double[] lse = new double[rows];
    for (int i = 0; i < rows; ) {
      int c = input.length(i);
      int end = i + 1;
      while (end < rows && input.length(end) == c && input.start(end) == input.start(end - 1) + c) {
        end++;
      }
      if (input.isFloat()) {
        kernels.logSumExpRows(input.floats(), input.start(i), c, end - i, lse, i);
      } else {
        kernels.logSumExpRows(input.doubles(), input.start(i), c, end - i, lse, i);
      }
      i = end;
    }
    for (int i = 0; i < rows; i++) {
      int c = input.length(i);
      int y = classAt(batch, i, target.start(i), c);
      out[i] = y < 0 ? 0 : sampleLoss(input, input.start(i), 1, c, y, lse[i]);
    }
  }

  /**
   * The loss of one sample whose class scores are {@code input}'s values at {@code x0 + c * stride}; read
   * through the column so that float logits on the flat path are never widened as a whole.
   */
  private double sampleLoss(Column input, int x0, int stride, int c, int y, double lse) {
    if (lse == Double.POSITIVE_INFINITY) {
      // a +inf logit: PyTorch's log_softmax subtracts the row maximum, inf - inf is NaN, and every
      // log-probability of the sample is NaN, whatever the target
      return Double.NaN;
    }
    double wy = weight == null ? 1.0 : weight[y];
    double nll = wy * (lse - input.value(x0 + y * stride));
    if (labelSmoothing == 0) {
      return nll;
    }
    double smooth = 0;
    for (int k = 0; k < c; k++) {
      double wk = weight == null ? 1.0 : weight[k];
      smooth += wk * (lse - input.value(x0 + k * stride));
    }
    return (1 - labelSmoothing) * nll + labelSmoothing / c * smooth;
  }

  private void computeProbabilities(Batch batch, LossKernels kernels, double[] out) {
    Column input = batch.column(0);
    Column target = batch.column(1);
    double[] x = input.doubles();
    double[] t = target.doubles();
    double[] lse = null;
    int k = 0;
    for (int i = 0; i < batch.rows(); i++) {
      int d = input.innerSize(i);
      int c = input.length(i) / d;
      int x0 = input.start(i);
      int t0 = target.start(i);
      if (lse == null || lse.length < d) {
        lse = new double[d];
      }
      if (d == 1) {
        lse[0] = kernels.logSumExp(x, x0, c);
      } else {
        kernels.logSumExpColumns(x, x0, c, d, lse, 0);
      }
      for (int j = 0; j < d; j++) {
        double sum = 0;
        for (int cls = 0; cls < c; cls++) {
          double tc = t[t0 + cls * d + j];
          if (labelSmoothing != 0) {
            tc = tc * (1 - labelSmoothing) + labelSmoothing / c;
          }
          double wc = weight == null ? 1.0 : weight[cls];
          sum += wc * tc * (x[x0 + cls * d + j] - lse[j]);
        }
        out[k++] = -sum;
      }
    }
  }
}
