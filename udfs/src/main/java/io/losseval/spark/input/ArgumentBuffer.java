package io.losseval.spark.input;

import io.losseval.core.Column;
import java.util.Arrays;

/**
 * The rows of one loss argument collected since the last batch, in growing primitive arrays: one value
 * per row, or array rows in CSR form (values, offsets and, for nested rows, the inner size). Float data
 * stays float so that the float kernels read it directly.
 *
 * <p>{@link #column()} wraps the arrays without copying; the column is valid until the next {@link
 * #clear()}. Buffers start small and grow by doubling, so an aggregation with many groups holds little
 * per group; the value arrays stop doubling at {@value #BATCH_VALUES} values (past it they grow only to
 * what the current row needs), as a batch is computed once it holds that many: a buffer of array rows
 * peaks at {@value #BATCH_VALUES} values plus one row, not at twice that. Not thread-safe.
 */
public final class ArgumentBuffer {
  /** Rows a batch holds before it is computed (see {@code LossBuffer}). */
  public static final int BATCH_ROWS = 2048;
  /** Values of one argument a batch holds before it is computed (see {@code LossBuffer}). */
  public static final int BATCH_VALUES = 1 << 15;

  private final ArgumentShape shape;
  private final boolean floats;
  private final boolean integral;
  private double[] doubles;
  private float[] floatValues;
  private int[] offsets;
  private int[] inner;
  private int rows;
  private int size;

  ArgumentBuffer(ArgumentShape shape, boolean floats, boolean integral) {
    this.shape = shape;
    this.floats = floats;
    this.integral = integral;
    if (floats) {
      floatValues = new float[16];
    } else {
      doubles = new double[16];
    }
    if (shape != ArgumentShape.SCALAR) {
      offsets = new int[17];
      inner = new int[16];
    }
  }

  /** Rows held. */
  public int rows() {
    return rows;
  }

  /** Values held (one per scalar row; the elements of array rows). */
  public int size() {
    return size;
  }

  /** Empties the buffer and keeps its arrays. */
  public void clear() {
    rows = 0;
    size = 0;
  }

  /** The rows as a core column over this buffer's arrays (no copy). */
  public Column column() {
    if (shape == ArgumentShape.SCALAR) {
      return integral ? Column.integers(doubles, rows) : Column.scalars(doubles, rows);
    }
    if (shape == ArgumentShape.NESTED) {
      return floats
          ? Column.nested(floatValues, offsets, inner, rows)
          : Column.nested(doubles, offsets, inner, rows);
    }
    if (floats) {
      return Column.arrays(floatValues, offsets, rows);
    }
    return integral ? Column.integerArrays(doubles, offsets, rows) : Column.arrays(doubles, offsets, rows);
  }

  // ------------------------------------------------------------------------------ appending (readers)

  void addScalar(double value) {
    if (rows == doubles.length) {
      doubles = Arrays.copyOf(doubles, rows * 2);
    }
    doubles[rows++] = value;
    size++;
  }

  /**
   * Makes room for {@code n} more scalar rows and returns where they go: the caller writes their values
   * to {@link #doubleValues()} from there.
   */
  int reserveScalars(int n) {
    if (rows + n > doubles.length) {
      doubles = Arrays.copyOf(doubles, Math.max(rows + n, Math.min(doubles.length * 2, BATCH_ROWS)));
    }
    int at = rows;
    rows += n;
    size += n;
    return at;
  }

  /** Makes room for {@code n} more values of the current row and returns where they go. */
  int reserve(int n) {
    int need = size + n;
    if (floats) {
      if (need > floatValues.length) {
        floatValues = Arrays.copyOf(floatValues, grown(floatValues.length, need));
      }
    } else if (need > doubles.length) {
      doubles = Arrays.copyOf(doubles, grown(doubles.length, need));
    }
    int at = size;
    size = need;
    return at;
  }

  /** The new length of a value array of {@code length} that must hold {@code need} values. */
  private static int grown(int length, int need) {
    return Math.max(need, Math.min(length * 2, BATCH_VALUES));
  }

  double[] doubleValues() {
    return doubles;
  }

  float[] floatValues() {
    return floatValues;
  }

  boolean isFloat() {
    return floats;
  }

  /** Ends an array row whose values were written after the previous row's. */
  void endRow(int innerSize) {
    if (rows + 2 > offsets.length) {
      offsets = Arrays.copyOf(offsets, offsets.length * 2);
      inner = Arrays.copyOf(inner, offsets.length);
    }
    inner[rows] = innerSize;
    rows++;
    offsets[rows] = size;
  }

  /** Drops the values written since the last complete row (a row abandoned half-way). */
  void rollback() {
    size = shape == ArgumentShape.SCALAR ? rows : offsets[rows];
  }
}
