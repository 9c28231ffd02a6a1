package io.losseval.core;

import io.losseval.core.kernel.LossKernels;
import java.util.List;

/**
 * What the losses over embedding vectors share: argument rows that are arrays of one common length per
 * row, one loss per row, {@code mean} over rows.
 */
abstract class EmbeddingLoss extends AbstractLoss {
  private final int vectorArguments;

  EmbeddingLoss(String name, Reduction reduction, List<String> arguments, int vectorArguments) {
    super(name, reduction, arguments);
    this.vectorArguments = vectorArguments;
  }

  @Override
  protected Layout layout(Batch batch) {
    if (batch.column(0).isScalar()) {
      throw LossArgumentException.of(
          name(), arguments().get(0), "is not an array", "a vector per row", "a number");
    }
    for (int a = 1; a < vectorArguments; a++) {
      checkSameShape(batch, 0, a);
    }
    return Layout.perRow(batch.rows());
  }

  /**
   * Writes {@code max(d(a, p) - d(a, n) + margin, 0)} per triplet row, with {@code d(a, n)} replaced by
   * {@code min(d(a, n), d(p, n))} when {@code swap}: the loop both triplet losses share.
   */
  final void tripletLosses(
      Batch batch, LossKernels kernels, double margin, boolean swap, VectorDistance d, double[] out) {
    Column a = batch.column(0);
    Column pos = batch.column(1);
    Column neg = batch.column(2);
    double[] av = a.doubles();
    double[] pv = pos.doubles();
    double[] nv = neg.doubles();
    for (int i = 0; i < batch.rows(); i++) {
      int n = a.length(i);
      double dPos = d.between(kernels, av, a.start(i), pv, pos.start(i), n);
      double dNeg = d.between(kernels, av, a.start(i), nv, neg.start(i), n);
      if (swap) {
        dNeg = Math.min(dNeg, d.between(kernels, pv, pos.start(i), nv, neg.start(i), n));
      }
      out[i] = Math.max(margin + dPos - dNeg, 0);
    }
  }

  /** A distance between two vectors of one row. */
  @FunctionalInterface
  interface VectorDistance {
    double between(LossKernels kernels, double[] u, int uo, double[] v, int vo, int n);
  }
}
