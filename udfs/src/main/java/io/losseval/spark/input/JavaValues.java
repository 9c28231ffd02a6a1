package io.losseval.spark.input;

import io.losseval.core.LossArgumentException;
import org.apache.spark.ml.linalg.Vector;

/**
 * Reads plain Java values (what a typed {@code Dataset<T>}'s getters return) into {@link
 * ArgumentBuffer}s: a {@link Number}; {@code double[]}, {@code float[]}, {@code int[]} or {@code long[]}
 * (integer arrays are class indices); {@code double[][]} or {@code float[][]} ({@code [C][d]}); or an
 * ML {@link Vector}. The first value of an argument fixes its layout.
 */
public final class JavaValues {
  private static final String SUPPORTED =
      "a Number, double[], float[], int[], long[], double[][], float[][] or an ML Vector";

  private JavaValues() {}

  /** A buffer for an argument whose first value is {@code first}. */
  public static ArgumentBuffer newBuffer(String function, String argument, Object first) {
    if (first instanceof Number) {
      boolean integral = first instanceof Integer || first instanceof Long
          || first instanceof Short || first instanceof Byte;
      return new ArgumentBuffer(ArgumentShape.SCALAR, false, integral);
    } else if (first instanceof float[]) {
      return new ArgumentBuffer(ArgumentShape.ARRAY, true, false);
    } else if (first instanceof double[] || first instanceof Vector) {
      return new ArgumentBuffer(ArgumentShape.ARRAY, false, false);
    } else if (first instanceof int[] || first instanceof long[]) {
      return new ArgumentBuffer(ArgumentShape.ARRAY, false, true);
    } else if (first instanceof float[][]) {
      return new ArgumentBuffer(ArgumentShape.NESTED, true, false);
    } else if (first instanceof double[][]) {
      return new ArgumentBuffer(ArgumentShape.NESTED, false, false);
    }
    throw LossArgumentException.of(function, argument, "has an unsupported type", SUPPORTED,
        first.getClass().getSimpleName());
  }

  /**
   * Appends {@code value} as one row of a buffer made by {@link #newBuffer} for {@code first}.
   *
   * @throws LossArgumentException when {@code value}'s type differs from {@code first}'s, or a nested
   *     row's inner arrays differ in length
   */
  public static void append(
      String function, String argument, Object value, Object first, ArgumentBuffer into) {
    boolean same = value instanceof Number ? first instanceof Number
        : value instanceof Vector ? first instanceof Vector
        : value.getClass() == first.getClass();
    if (!same) {
      throw LossArgumentException.of(function, argument, "changes type between rows",
          "a " + first.getClass().getSimpleName() + " like the first row's",
          value.getClass().getSimpleName());
    }
    try {
      appendChecked(value, into);
    } catch (IllegalArgumentException e) {
      throw LossArgumentException.of(function, argument, "holds inner arrays of different lengths",
          "[k][d] with every inner array of the same length", e.getMessage());
    }
  }

  private static void appendChecked(Object value, ArgumentBuffer into) {
    if (value instanceof Number) {
      into.addScalar(((Number) value).doubleValue());
    } else if (value instanceof float[]) {
      float[] v = (float[]) value;
      int at = into.reserve(v.length);
      System.arraycopy(v, 0, into.floatValues(), at, v.length);
      into.endRow(1);
    } else if (value instanceof double[]) {
      double[] v = (double[]) value;
      int at = into.reserve(v.length);
      System.arraycopy(v, 0, into.doubleValues(), at, v.length);
      into.endRow(1);
    } else if (value instanceof Vector) {
      double[] v = ((Vector) value).toArray();
      int at = into.reserve(v.length);
      System.arraycopy(v, 0, into.doubleValues(), at, v.length);
      into.endRow(1);
    } else if (value instanceof int[]) {
      int[] v = (int[]) value;
      int at = into.reserve(v.length);
      double[] dst = into.doubleValues();
      for (int i = 0; i < v.length; i++) {
        dst[at + i] = v[i];
      }
      into.endRow(1);
    } else if (value instanceof long[]) {
      long[] v = (long[]) value;
      int at = into.reserve(v.length);
      double[] dst = into.doubleValues();
      for (int i = 0; i < v.length; i++) {
        dst[at + i] = v[i];
      }
      into.endRow(1);
    } else if (value instanceof float[][]) {
      float[][] v = (float[][]) value;
      int inner = v.length == 0 ? 0 : v[0].length;
      for (float[] row : v) {
        checkInner(row.length, inner, into);
        int at = into.reserve(row.length);
        System.arraycopy(row, 0, into.floatValues(), at, row.length);
      }
      into.endRow(inner);
    } else if (value instanceof double[][]) {
      double[][] v = (double[][]) value;
      int inner = v.length == 0 ? 0 : v[0].length;
      for (double[] row : v) {
        checkInner(row.length, inner, into);
        int at = into.reserve(row.length);
        System.arraycopy(row, 0, into.doubleValues(), at, row.length);
      }
      into.endRow(inner);
    }
  }

  private static void checkInner(int length, int inner, ArgumentBuffer into) {
    if (length != inner) {
      into.rollback();
      throw new IllegalArgumentException("an inner array of length " + length + " beside " + inner);
    }
  }
}
