package io.losseval.core;

import java.util.List;

/**
 * The arguments of one loss for a batch of rows: one {@link Column} per argument, in PyTorch's order
 * ({@code input, target}; {@code input1, input2, target}; {@code anchor, positive, negative}; ...).
 *
 * <p>{@link #firstRow()} is the position of the batch's first row in the caller's stream, so that error
 * messages can name the row at fault; an {@linkplain #unnumbered unnumbered} batch (rows of a
 * distributed table, whose position means nothing to the user) has none, and errors name the value
 * instead. Not thread-safe (its columns are not).
 */
public final class Batch {
  private final List<Column> columns;
  private final int rows;
  private final long firstRow;

  private Batch(List<Column> columns, long firstRow) {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one column");
    }
    this.columns = columns;
    this.rows = columns.get(0).rows();
    this.firstRow = firstRow;
    for (Column c : columns) {
      if (c.rows() != rows) {
        throw new IllegalArgumentException(
            "batch columns: expected " + rows + " rows in every column, found " + c.rows());
      }
    }
  }

  /** A batch whose first row is row 0. */
  public static Batch of(Column... columns) {
    return new Batch(List.of(columns), 0);
  }

  /** A batch whose first row is row {@code firstRow} of the caller's stream. */
  public static Batch of(long firstRow, Column... columns) {
    if (firstRow < 0) {
      throw new IllegalArgumentException("batch first row: expected >= 0, found " + firstRow);
    }
    return new Batch(List.of(columns), firstRow);
  }

  /** A batch whose rows have no meaningful position; errors name the bad value but no row number. */
  public static Batch unnumbered(Column... columns) {
    return new Batch(List.of(columns), -1);
  }

  /** Whether {@link #firstRow()} is a real position (errors then name the row). */
  public boolean isNumbered() {
    return firstRow >= 0;
  }

  public int rows() {
    return rows;
  }

  public int columnCount() {
    return columns.size();
  }

  public Column column(int i) {
    return columns.get(i);
  }

  public long firstRow() {
    return firstRow;
  }
}
