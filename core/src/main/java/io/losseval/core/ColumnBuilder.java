package io.losseval.core;

import java.util.Arrays;

/**
 * Collects rows of one argument into a {@link Column}: numbers, arrays, or nested {@code [k][inner]}
 * blocks, appended row by row into growing primitive arrays (no object per row).
 *
 * <p>The layout is fixed by the first row appended; a row of another layout is an {@link
 * IllegalStateException}. {@link #clear()} empties the builder for the next batch and keeps its buffers.
 * Not thread-safe.
 */
public final class ColumnBuilder {
  private enum Kind { SCALAR, ARRAY, NESTED }

  private final boolean integral;
  private Kind kind;
  private double[] values = new double[64];
  private int[] offsets = new int[17];
  private int[] inner = new int[16];
  private int rows;
  private int size;

  private ColumnBuilder(boolean integral) {
    this.integral = integral;
  }

  /** A builder of floating-point data. */
  public static ColumnBuilder create() {
    return new ColumnBuilder(false);
  }

  /** A builder of integer data (class indices, lengths), held as whole doubles. */
  public static ColumnBuilder integers() {
    return new ColumnBuilder(true);
  }

  /** Appends a row holding one number. */
  public ColumnBuilder add(double value) {
    begin(Kind.SCALAR, 1);
    values[size++] = value;
    return end(1);
  }

  /** Appends an array row. */
  public ColumnBuilder add(double[] row) {
    return add(row, 0, row.length);
  }

  /** Appends an array row taken from {@code src[from .. from + length)}. */
  public ColumnBuilder add(double[] src, int from, int length) {
    begin(Kind.ARRAY, length);
    System.arraycopy(src, from, values, size, length);
    size += length;
    return end(1);
  }

  /**
   * Appends a nested row: a row-major block {@code [flat.length / innerSize][innerSize]} ({@code [C][d]}
   * class scores, {@code [T][C]} log-probabilities).
   */
  public ColumnBuilder addNested(double[] flat, int innerSize) {
    if (innerSize <= 0 || flat.length % innerSize != 0) {
      throw new IllegalArgumentException(
          "nested row: expected a multiple of " + innerSize + " values, found " + flat.length);
    }
    begin(Kind.NESTED, flat.length);
    System.arraycopy(flat, 0, values, size, flat.length);
    size += flat.length;
    return end(innerSize);
  }

  /** Rows appended so far. */
  public int rows() {
    return rows;
  }

  /** Empties the builder, keeping its buffers. */
  public void clear() {
    rows = 0;
    size = 0;
    kind = null;
  }

  /** A column of the rows appended so far (copies of the buffers; the builder can go on). */
  public Column build() {
    double[] v = Arrays.copyOf(values, size);
    if (kind == null || kind == Kind.SCALAR) {
      return integral ? Column.integers(v, rows) : Column.scalars(v, rows);
    }
    int[] o = Arrays.copyOf(offsets, rows + 1);
    if (kind == Kind.NESTED) {
      return Column.nested(v, o, Arrays.copyOf(inner, rows), rows);
    }
    return integral ? Column.integerArrays(v, o, rows) : Column.arrays(v, o, rows);
  }

  private void begin(Kind k, int length) {
    if (kind == null) {
      kind = k;
    } else if (kind != k) {
      throw new IllegalStateException(
          "row " + rows + " is " + describe(k) + " but earlier rows are " + describe(kind));
    }
    if (size + length > values.length) {
      values = Arrays.copyOf(values, Math.max(values.length * 2, size + length));
    }
    if (rows + 2 > offsets.length) {
      offsets = Arrays.copyOf(offsets, offsets.length * 2);
      inner = Arrays.copyOf(inner, offsets.length);
    }
  }

  private ColumnBuilder end(int innerSize) {
    inner[rows] = innerSize;
    rows++;
    offsets[rows] = size;
    return this;
  }

  private static String describe(Kind k) {
    return k == Kind.SCALAR ? "a number" : k == Kind.ARRAY ? "an array" : "a nested array";
  }
}
