package io.losseval.core;

/**
 * One argument of a loss for a batch of rows, as primitive arrays: never one object per row.
 *
 * <p>Three layouts:
 *
 * <ul>
 *   <li><b>scalar</b>: one value per row, {@code values[i]} (PyTorch's {@code [N]} tensor);
 *   <li><b>array</b>: row {@code i} is {@code values[offsets[i] .. offsets[i+1])} (PyTorch's {@code [N,
 *       C]}), rows may differ in length where the loss allows it;
 *   <li><b>nested</b>: an array row that holds a row-major block {@code [k][inner]}, {@code inner =
 *       innerSizes[i]} (PyTorch's {@code [N, C, d1, ...]} taken one sample at a time, with {@code inner =
 *       d1 * d2 * ...}; or CTC's {@code [T][C]}).
 * </ul>
 *
 * <p>Offsets are contiguous (CSR form): {@code offsets} has {@code rows + 1} entries, row {@code i} ends
 * where row {@code i + 1} starts. Values are held as {@code double[]}, or as {@code float[]} for float
 * data (kernels with float variants read those directly; {@link #doubles()} widens once and keeps the
 * copy). {@link #isIntegral()} marks integer data (class indices, lengths), which a loss reads as
 * integers; a double column of whole numbers may also be read as integers where the loss allows.
 *
 * <p>Not thread-safe (the widened copy is cached); one column per batch per thread.
 */
public final class Column {
  private final int rows;
  private final double[] doubles0;
  private final float[] floats;
  private final int[] offsets;
  private final int[] innerSizes;
  private final boolean integral;
  private double[] widened;

  private Column(
      int rows, double[] doubles, float[] floats, int[] offsets, int[] innerSizes, boolean integral) {
    this.rows = rows;
    this.doubles0 = doubles;
    this.floats = floats;
    this.offsets = offsets;
    this.innerSizes = innerSizes;
    this.integral = integral;
    int needed = offsets == null ? rows : offsets[rows];
    int have = doubles != null ? doubles.length : floats.length;
    if (offsets != null && offsets.length < rows + 1) {
      throw new IllegalArgumentException(
          "column offsets: expected " + (rows + 1) + " entries, found " + offsets.length);
    }
    if (have < needed) {
      throw new IllegalArgumentException(
          "column values: expected at least " + needed + " values, found " + have);
    }
  }

  /** One double per row. */
  public static Column scalars(double... values) {
    return new Column(values.length, values, null, null, null, false);
  }

  /** One float per row. */
  public static Column scalars(float... values) {
    return new Column(values.length, null, values, null, null, false);
  }

  /** One integer per row (class indices, lengths). */
  public static Column integers(long... values) {
    double[] d = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      d[i] = values[i];
    }
    return new Column(values.length, d, null, null, null, true);
  }

  /** One integer per row held as doubles (whole numbers); the first {@code rows} values are used. */
  public static Column integers(double[] values, int rows) {
    return new Column(rows, values, null, null, null, true);
  }

  /** One double per row; the first {@code rows} values are used. */
  public static Column scalars(double[] values, int rows) {
    return new Column(rows, values, null, null, null, false);
  }

  /** Array rows: row {@code i} is {@code values[offsets[i] .. offsets[i+1])}. */
  public static Column arrays(double[] values, int[] offsets, int rows) {
    return new Column(rows, values, null, offsets, null, false);
  }

  /** Array rows of floats. */
  public static Column arrays(float[] values, int[] offsets, int rows) {
    return new Column(rows, null, values, offsets, null, false);
  }

  /** Array rows of integers held as doubles (class-index targets {@code [d1]}, CTC targets). */
  public static Column integerArrays(double[] values, int[] offsets, int rows) {
    return new Column(rows, values, null, offsets, null, true);
  }

  /**
   * Nested rows: row {@code i} is a row-major block {@code [length / innerSizes[i]][innerSizes[i]]} at
   * {@code values[offsets[i] ..]}.
   */
  public static Column nested(double[] values, int[] offsets, int[] innerSizes, int rows) {
    return new Column(rows, values, null, offsets, innerSizes, false);
  }

  /** Nested rows of floats. */
  public static Column nested(float[] values, int[] offsets, int[] innerSizes, int rows) {
    return new Column(rows, null, values, offsets, innerSizes, false);
  }

  /** Array rows of equal length {@code width}, given row by row. */
  public static Column rows(double[]... rows) {
    int[] offsets = new int[rows.length + 1];
    for (int i = 0; i < rows.length; i++) {
      offsets[i + 1] = offsets[i] + rows[i].length;
    }
    double[] values = new double[offsets[rows.length]];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, values, offsets[i], rows[i].length);
    }
    return arrays(values, offsets, rows.length);
  }

  public int rows() {
    return rows;
  }

  /** True for one value per row. */
  public boolean isScalar() {
    return offsets == null;
  }

  /** True for nested rows ({@code [k][inner]} blocks). */
  public boolean isNested() {
    return innerSizes != null;
  }

  /** True for integer data (class indices, lengths). */
  public boolean isIntegral() {
    return integral;
  }

  /** True when the values are held as floats ({@link #floats()} is not null). */
  public boolean isFloat() {
    return floats != null;
  }

  /** Index of row {@code i}'s first value. */
  public int start(int i) {
    return offsets == null ? i : offsets[i];
  }

  /** Number of values in row {@code i} (1 for a scalar column). */
  public int length(int i) {
    return offsets == null ? 1 : offsets[i + 1] - offsets[i];
  }

  /** Index one past the last value of the batch's last row. */
  public int end() {
    return offsets == null ? rows : offsets[rows];
  }

  /** Index of the batch's first value. */
  public int begin() {
    return offsets == null ? 0 : offsets[0];
  }

  /** Total number of values in the batch. */
  public int totalLength() {
    return end() - begin();
  }

  /** Size of the inner block of a nested row ({@code d1 * d2 * ...}); 1 for flat rows. */
  public int innerSize(int i) {
    return innerSizes == null ? 1 : innerSizes[i];
  }

  /** The values as doubles (float data is widened once and cached). */
  public double[] doubles() {
    if (doubles0 != null) {
      return doubles0;
    }
    if (widened == null) {
      widened = new double[floats.length];
      for (int i = begin(); i < end(); i++) {
        widened[i] = floats[i];
      }
    }
    return widened;
  }

  /** The float values, or null for double data. */
  public float[] floats() {
    return floats;
  }

  /** Value {@code j} of the flattened data. */
  public double value(int j) {
    return doubles0 != null ? doubles0[j] : floats[j];
  }

  /** The offsets (row {@code i} starts at {@code offsets[i]}), or null for a scalar column. */
  int[] offsets() {
    return offsets;
  }

  /** Row {@code i} as a new array (for messages and tests, not for loops). */
  public double[] row(int i) {
    double[] out = new double[length(i)];
    for (int j = 0; j < out.length; j++) {
      out[j] = value(start(i) + j);
    }
    return out;
  }

  @Override
  public String toString() {
    String layout = isScalar() ? "scalar" : isNested() ? "nested" : "array";
    return "Column[" + layout + ", rows=" + rows + (isFloat() ? ", float" : "")
        + (integral ? ", integral" : "") + "]";
  }
}
