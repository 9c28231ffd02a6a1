package io.losseval.core;

import io.losseval.core.kernel.LossKernels;
import java.util.List;

/**
 * Connectionist Temporal Classification loss.
 *
 * <p>Per sample: {@code l = -log p(target | log_probs)}, the negative log of the summed probability of
 * every alignment of the target (with blanks and repeats) to the first {@code input_length} time steps,
 * computed by the forward algorithm in log space over the extended target {@code blank, y1, blank, y2,
 * ..., blank}. An impossible alignment gives {@code +Infinity} ({@code 0} with {@code
 * zero_infinity=true}). {@code sum} adds the samples; {@code mean} divides each sample's loss by its
 * target length (at least 1), then averages over samples, as PyTorch does. Equivalent to {@code
 * torch.nn.CTCLoss(blank=..., reduction=..., zero_infinity=...)} with the batch taken one sample per row.
 *
 * <p>Options: {@code blank} (default 0, in {@code [0, C)}), {@code zero_infinity} (default false).
 * Inputs: {@code log_probs [T][C]} (PyTorch's {@code (T, N, C)} tensor taken per sample), {@code targets
 * [S]} class indices padded to any length, {@code input_lengths} in {@code [0, T]}, {@code
 * target_lengths} in {@code [0, S]}. Immutable and thread-safe.
 */
public final class CTCLoss extends AbstractLoss {
  private final long blank;
  private final boolean zeroInfinity;

  private CTCLoss(Reduction reduction, long blank, boolean zeroInfinity) {
    super("ctc_loss", reduction, List.of("log_probs", "targets", "input_lengths", "target_lengths"));
    if (blank < 0) {
      throw LossArgumentException.of(name(), "blank", "is out of range", "an index >= 0", blank);
    }
    this.blank = blank;
    this.zeroInfinity = zeroInfinity;
  }

  public static CTCLoss of(Reduction reduction, long blank, boolean zeroInfinity) {
    return new CTCLoss(reduction, blank, zeroInfinity);
  }

  static CTCLoss create(LossOptions o) {
    return of(o.reduction(), o.getLong("blank"), o.getBoolean("zero_infinity"));
  }

  @Override
  protected Layout layout(Batch batch) {
    Column logProbs = batch.column(0);
    if (!logProbs.isNested()) {
      throw LossArgumentException.of(name(), "log_probs", "is not a [T][C] array",
          "an array of T arrays of C log-probabilities per row",
          logProbs.isScalar() ? "a number" : "a flat array");
    }
    if (batch.column(1).isScalar()) {
      throw LossArgumentException.of(
          name(), "targets", "is not an array", "an array of class indices per row", "a number");
    }
    if (!batch.column(2).isScalar() || !batch.column(3).isScalar()) {
      throw LossArgumentException.of(name(), "input_lengths", "or target_lengths is not a number",
          "one length per row", "an array");
    }
    for (int i = 0; i < batch.rows(); i++) {
      int c = logProbs.innerSize(i);
      if (blank >= c) {
        throw badRow(batch, i, "blank", "is out of range for " + c + " classes",
            "an index in [0, " + c + ")", blank);
      }
    }
    return Layout.perRow(batch.rows());
  }

  @Override
  protected void compute(Batch batch, LossKernels kernels, double[] out) {
    for (int i = 0; i < batch.rows(); i++) {
      double loss = sampleLoss(batch, i);
      out[i] = zeroInfinity && loss == Double.POSITIVE_INFINITY ? 0 : loss;
    }
  }

  @Override
  protected void computeForReduction(Batch batch, LossKernels kernels, double[] out) {
    compute(batch, kernels, out);
    if (reduction() == Reduction.MEAN) {
      for (int i = 0; i < batch.rows(); i++) {
        out[i] /= Math.max(integerAt(batch, 3, i, i), 1);
      }
    }
  }

  private double sampleLoss(Batch batch, int i) {
    Column logProbs = batch.column(0);
    Column targets = batch.column(1);
    int c = logProbs.innerSize(i);
    int maxT = logProbs.length(i) / c;
    long inputLength = integerAt(batch, 2, i, i);
    long targetLength = integerAt(batch, 3, i, i);
    if (inputLength < 0 || inputLength > maxT) {
      throw badRow(batch, i, "input_lengths", "is out of range",
          "a length in [0, " + maxT + "] (the time steps of log_probs)", inputLength);
    }
    if (targetLength < 0 || targetLength > targets.length(i)) {
      throw badRow(batch, i, "target_lengths", "is out of range",
          "a length in [0, " + targets.length(i) + "] (the entries of targets)", targetLength);
    }
    int len = (int) targetLength;
    int[] labels = new int[len];
    for (int s = 0; s < len; s++) {
      long y = integerAt(batch, 1, i, targets.start(i) + s);
      if (y < 0 || y >= c) {
        throw badRow(batch, i, "targets", "is out of range for " + c + " classes",
            "indices in [0, " + c + ")", y);
      }
      labels[s] = (int) y;
    }
    if (inputLength == 0) {
      return len == 0 ? 0 : Double.POSITIVE_INFINITY;
    }
    double[] lp = logProbs.doubles();
    int base = logProbs.start(i);
    int states = 2 * len + 1;
    double[] alpha = new double[states];
    double[] next = new double[states];
    java.util.Arrays.fill(alpha, Double.NEGATIVE_INFINITY);
    alpha[0] = lp[base + (int) blank];
    if (len > 0) {
      alpha[1] = lp[base + labels[0]];
    }
    for (int t = 1; t < inputLength; t++) {
      int row = base + t * c;
      for (int s = 0; s < states; s++) {
        int label = s % 2 == 0 ? (int) blank : labels[s / 2];
        double la1 = alpha[s];
        double lamax = la1;
        double la2 = Double.NEGATIVE_INFINITY;
        double la3 = Double.NEGATIVE_INFINITY;
        if (s > 0) {
          la2 = alpha[s - 1];
          lamax = Math.max(lamax, la2);
        }
        if (s > 1 && s % 2 == 1 && labels[s / 2 - 1] != label) {
          la3 = alpha[s - 2];
          lamax = Math.max(lamax, la3);
        }
        if (lamax == Double.NEGATIVE_INFINITY) {
          lamax = 0;
        }
        next[s] = Math.log(Math.exp(la1 - lamax) + Math.exp(la2 - lamax) + Math.exp(la3 - lamax))
            + lamax + lp[row + label];
      }
      double[] swap = alpha;
      alpha = next;
      next = swap;
    }
    double logLikelihood;
    if (len == 0) {
      logLikelihood = alpha[0];
    } else {
      double l1 = alpha[states - 1];
      double l2 = alpha[states - 2];
      double m = Math.max(l1, l2);
      if (m == Double.NEGATIVE_INFINITY) {
        m = 0;
      }
      logLikelihood = Math.log(Math.exp(l1 - m) + Math.exp(l2 - m)) + m;
    }
    return -logLikelihood;
  }
}
