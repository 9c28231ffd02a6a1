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
   * {@code min(d(a, n), d(p, n))} when {@code swap}: the loop both triplet losses share. Float rows are
   * widened one row at a time into a scratch array (exactly, so the distances are the ones of the
   * widened batch, without a double copy of it).
   */
  final void tripletLosses(
      Batch batch, LossKernels kernels, double margin, boolean swap, VectorDistance d, double[] out) {
    RowValues a = new RowValues(batch.column(0));
    RowValues pos = new RowValues(batch.column(1));
    RowValues neg = new RowValues(batch.column(2));
    for (int i = 0; i < batch.rows(); i++) {
      int n = a.at(i);
      pos.at(i);
      neg.at(i);
      double dPos = d.between(kernels, a.values, a.offset, pos.values, pos.offset, n);
      double dNeg = d.between(kernels, a.values, a.offset, neg.values, neg.offset, n);
      if (swap) {
        dNeg = Math.min(dNeg, d.between(kernels, pos.values, pos.offset, neg.values, neg.offset, n));
      }
      out[i] = Math.max(margin + dPos - dNeg, 0);
    }
  }

  /**
   * One array argument's rows as doubles: in place for a double column, widened into a scratch array
   * row by row for a float one.
   */
  private static final class RowValues {
    private final Column column;
    private final float[] floats;
    private double[] scratch;
    double[] values;
    int offset;

    RowValues(Column column) {
      this.column = column;
      this.floats = column.isFloat() ? column.floats() : null;
      this.values = floats == null ? column.doubles() : null;
    }

    /** Points {@link #values} and {@link #offset} at row {@code i}; returns its length. */
    int at(int i) {
      int n = column.length(i);
      if (floats == null) {
        offset = column.start(i);
        return n;
      }
      if (scratch == null || scratch.length < n) {
        scratch = new double[n];
        values = scratch;
      }
      int start = column.start(i);
      for (int k = 0; k < n; k++) {
        scratch[k] = floats[start + k];
      }
      offset = 0;
      return n;
    }
  }

  /** A distance between two vectors of one row. */
  @FunctionalInterface
  interface VectorDistance {
    double between(LossKernels kernels, double[] u, int uo, double[] v, int vo, int n);
  }
}
