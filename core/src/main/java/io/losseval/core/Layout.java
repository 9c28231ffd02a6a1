package io.losseval.core;

/**
 * Where a batch's per-sample losses go: {@code count} values in row order, row {@code i}'s at {@code
 * [offsets[i] - base, offsets[i + 1] - base)}, or one per row when {@code offsets} is null.
 * {@code scalarRows} says whether PyTorch's per-sample output is a scalar or an array.
 */
record Layout(int count, int[] offsets, int base, boolean scalarRows) {

  /** One scalar loss per row. */
  static Layout perRow(int rows) {
    return new Layout(rows, null, 0, true);
  }

  /** The same shape as {@code column}: one loss per value. */
  static Layout like(Column column) {
    if (column.isScalar()) {
      return perRow(column.rows());
    }
    return new Layout(column.totalLength(), column.offsets(), column.begin(), false);
  }

  /** Row {@code i}'s first output. */
  int start(int i) {
    return offsets == null ? i : offsets[i] - base;
  }

  /** Offsets rebased to zero, {@code rows + 1} entries. */
  int[] zeroBasedOffsets(int rows) {
    int[] o = new int[rows + 1];
    for (int i = 0; i <= rows; i++) {
      o[i] = offsets == null ? i : offsets[i] - base;
    }
    return o;
  }
}
