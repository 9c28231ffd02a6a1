package io.losseval.core;

/**
 * A read-only view of one row of a batch, handed to a {@link SampleLoss}: the row's values of each
 * argument, by argument position. One view object is reused for every row of a batch, so a custom loss
 * costs no object per row; do not keep it beyond the call.
 */
public final class RowView {
  private Batch batch;
  private int row;

  RowView() {}

  void moveTo(Batch batch, int row) {
    this.batch = batch;
    this.row = row;
  }

  /** Number of values argument {@code arg} has in this row (1 for a number). */
  public int length(int arg) {
    return batch.column(arg).length(row);
  }

  /** Value {@code k} of argument {@code arg} in this row. */
  public double get(int arg, int k) {
    Column c = batch.column(arg);
    if (k < 0 || k >= c.length(row)) {
      throw new IndexOutOfBoundsException(
          "value " + k + " of argument " + arg + " (row has " + c.length(row) + ")");
    }
    return c.value(c.start(row) + k);
  }

  /** The single value of argument {@code arg} (its first value if it is an array). */
  public double scalar(int arg) {
    return get(arg, 0);
  }
}
