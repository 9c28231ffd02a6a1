package io.losseval.core;

import java.util.Arrays;

/**
 * The per-sample losses of a batch ({@code reduction='none'}): for each row, a single value (a scalar
 * sample) or an array (an elementwise loss over an array row, or the {@code [d1 * d2 * ...]} losses of
 * PyTorch's {@code N x C x d1 x ...} case, flattened row-major).
 *
 * <p>Immutable once built; the arrays are owned by this object.
 */
public final class RowLosses {
  private final double[] values;
  private final int[] offsets;
  private final int rows;
  private final boolean scalarRows;

  RowLosses(double[] values, int[] offsets, int rows, boolean scalarRows) {
    this.values = values;
    this.offsets = offsets;
    this.rows = rows;
    this.scalarRows = scalarRows;
  }

  public int rows() {
    return rows;
  }

  /** True when every row's loss is a single value ({@link #value(int)}); false for array outputs. */
  public boolean isScalarPerRow() {
    return scalarRows;
  }

  /** The loss of row {@code i} when rows are scalar. */
  public double value(int i) {
    if (!scalarRows) {
      throw new IllegalStateException("rows hold arrays of losses: use row(i)");
    }
    return values[i];
  }

  /** The losses of row {@code i} (one value for scalar rows). */
  public double[] row(int i) {
    return Arrays.copyOfRange(values, offsets[i], offsets[i + 1]);
  }

  /** Every loss value, flattened in row order. */
  public double[] flatValues() {
    return values.clone();
  }
}
