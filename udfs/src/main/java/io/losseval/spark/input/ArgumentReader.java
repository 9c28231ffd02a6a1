package io.losseval.spark.input;

import io.losseval.core.LossArgumentException;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecializedGetters;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.UserDefinedType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.unsafe.Platform;

/**
 * Reads one loss argument of a Spark row into an {@link ArgumentBuffer}: chosen once per query from the
 * column's type, then called per row with no object kept per row.
 *
 * <p>Column types taken:
 *
 * <ul>
 *   <li>any numeric scalar; integer types ({@code int}, {@code bigint}, ...) are read as integers (class
 *       indices, lengths), and doubles holding whole numbers are taken as class indices too (MLlib
 *       labels; a fractional one is rejected by the loss);
 *   <li>{@code array<float>} (kept as floats for the float kernels), {@code array<double>}, arrays of
 *       integers or decimals;
 *   <li>{@code array<array<...>>} of equal-length inner arrays: PyTorch's {@code [C][d1]} for the {@code N
 *       x C x d1} case ({@code C} outermost), or CTC's {@code [T][C]};
 *   <li>an MLlib {@code Vector} ({@code probability}, {@code rawPrediction}), dense or sparse.
 * </ul>
 *
 * <p>A null value, or an array that holds a null, is reported by {@link #isNull} so that the caller can
 * skip or fail the row before anything of it is written.
 */
public abstract class ArgumentReader implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String SUPPORTED =
      "a number, an array of numbers, an array of arrays of numbers, or an ML Vector";

  /** The loss function's name, for messages. */
  protected final String function;
  /** The argument's name ({@code input}, {@code target}), for messages. */
  protected final String argument;

  ArgumentReader(String function, String argument) {
    this.function = function;
    this.argument = argument;
  }

  /**
   * The reader for a column of type {@code type}.
   *
   * @throws LossArgumentException naming the function, the argument and the accepted types when the
   *     type is not one of them
   */
  public static ArgumentReader forType(String function, String argument, DataType type) {
    NumericKind scalar = NumericKind.of(type);
    if (scalar != null) {
      return new ScalarReader(function, argument, scalar);
    }
    if (type instanceof ArrayType) {
      ArrayType array = (ArrayType) type;
      NumericKind element = NumericKind.of(array.elementType());
      if (element != null) {
        return new ArrayReader(function, argument, element);
      }
      if (array.elementType() instanceof ArrayType) {
        NumericKind inner = NumericKind.of(((ArrayType) array.elementType()).elementType());
        if (inner != null) {
          return new NestedReader(function, argument, inner);
        }
      }
    }
    if (isVector(type)) {
      return new VectorReader(function, argument);
    }
    throw LossArgumentException.of(
        function, argument, "has an unsupported type", SUPPORTED, type.simpleString());
  }

  private static boolean isVector(DataType type) {
    if (!(type instanceof UserDefinedType)) {
      return false;
    }
    DataType sql = ((UserDefinedType<?>) type).sqlType();
    if (!(sql instanceof StructType)) {
      return false;
    }
    String[] names = ((StructType) sql).fieldNames();
    return names.length == 4 && names[0].equals("type") && names[1].equals("size")
        && names[2].equals("indices") && names[3].equals("values");
  }

  /** The layout of this argument's rows. */
  public abstract ArgumentShape shape();

  /** An empty buffer for this argument's rows. */
  public abstract ArgumentBuffer newBuffer();

  /** True when the value at {@code ordinal} is null or is an array holding a null. */
  public abstract boolean isNull(SpecializedGetters row, int ordinal);

  /**
   * True when the (non-null) value at {@code ordinal} is an empty array or a Vector of size 0: a row
   * with no values, which the aggregates skip and count as {@code empty_row}. Scalars are never empty.
   */
  public boolean isEmpty(SpecializedGetters row, int ordinal) {
    return false;
  }

  /** Appends the (non-null) value at {@code ordinal} as one row of {@code into}. */
  public abstract void read(SpecializedGetters row, int ordinal, ArgumentBuffer into);

  /**
   * True when this reader can append runs of rows straight from a {@link ColumnVector} ({@link
   * #readColumn}): scalar arguments and arrays of numbers.
   */
  public boolean readsColumns() {
    return false;
  }

  /**
   * True when {@link #readColumn} can append rows {@code from} to {@code from + count - 1} of {@code
   * column}: no value in the column is null or holds a null, and, for arrays, none of the rows is empty
   * and the vector exposes its offsets. When false, the caller reads the rows one by one.
   */
  public boolean readable(ColumnVector column, int from, int count) {
    return false;
  }

  /**
   * How many of the {@code count} rows from {@code from} to append before a batch holding {@code room}
   * more values of this argument is full: {@code count}, or fewer when the rows' values reach {@code
   * room} first (the row that reaches it included, as row by row a batch is computed after the row
   * that fills it).
   */
  public int rowsUntilFull(ColumnVector column, int from, int count, int room) {
    return count;
  }

  /**
   * Appends rows {@code from} to {@code from + count - 1} of {@code column} ({@link #readable}) as
   * {@code count} rows of {@code into}: the values {@link #read} would append row by row, in one loop.
   *
   * @throws UnsupportedOperationException when {@link #readsColumns()} is false
   */
  public void readColumn(ColumnVector column, int from, int count, ArgumentBuffer into) {
    throw new UnsupportedOperationException(function + ": " + argument + " is not read by columns");
  }

  // ------------------------------------------------------------------------------------------ helpers

  static boolean hasNullElement(ArrayData a) {
    int n = a.numElements();
    if (a instanceof UnsafeArrayData) {
      UnsafeArrayData u = (UnsafeArrayData) a;
      long words = (n + 63L) / 64;
      for (long w = 0; w < words; w++) {
        if (Platform.getLong(u.getBaseObject(), u.getBaseOffset() + 8 + 8 * w) != 0) {
          return true;
        }
      }
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (a.isNullAt(i)) {
        return true;
      }
    }
    return false;
  }

  /** Appends the {@code n} elements of {@code a} to {@code into}'s current row. */
  static void copyElements(ArrayData a, NumericKind kind, ArgumentBuffer into) {
    int n = a.numElements();
    int at = into.reserve(n);
    if (into.isFloat()) {
      float[] dst = into.floatValues();
      if (a instanceof UnsafeArrayData) {
        UnsafeArrayData u = (UnsafeArrayData) a;
        Platform.copyMemory(u.getBaseObject(),
            u.getBaseOffset() + UnsafeArrayData.calculateHeaderPortionInBytes(n),
            dst, Platform.FLOAT_ARRAY_OFFSET + 4L * at, 4L * n);
      } else {
        for (int i = 0; i < n; i++) {
          dst[at + i] = a.getFloat(i);
        }
      }
      return;
    }
    double[] dst = into.doubleValues();
    if (kind.isDouble() && a instanceof UnsafeArrayData) {
      UnsafeArrayData u = (UnsafeArrayData) a;
      Platform.copyMemory(u.getBaseObject(),
          u.getBaseOffset() + UnsafeArrayData.calculateHeaderPortionInBytes(n),
          dst, Platform.DOUBLE_ARRAY_OFFSET + 8L * at, 8L * n);
      return;
    }
    for (int i = 0; i < n; i++) {
      dst[at + i] = kind.get(a, i);
    }
  }

  // ------------------------------------------------------------------------------------------ readers

  private static final class ScalarReader extends ArgumentReader {
    private static final long serialVersionUID = 1L;
    private final NumericKind kind;

    ScalarReader(String function, String argument, NumericKind kind) {
      super(function, argument);
      this.kind = kind;
    }

    @Override
    public ArgumentShape shape() {
      return ArgumentShape.SCALAR;
    }

    @Override
    public ArgumentBuffer newBuffer() {
      return new ArgumentBuffer(ArgumentShape.SCALAR, false, kind.isIntegral());
    }

    @Override
    public boolean isNull(SpecializedGetters row, int ordinal) {
      return row.isNullAt(ordinal);
    }

    @Override
    public void read(SpecializedGetters row, int ordinal, ArgumentBuffer into) {
      into.addScalar(kind.get(row, ordinal));
    }

    @Override
    public boolean readsColumns() {
      return true;
    }

    @Override
    public boolean readable(ColumnVector column, int from, int count) {
      return !column.hasNull();
    }

    @Override
    public void readColumn(ColumnVector column, int from, int count, ArgumentBuffer into) {
      int at = into.reserveScalars(count);
      kind.copy(column, from, count, into.doubleValues(), at);
    }
  }

  private static final class ArrayReader extends ArgumentReader {
    private static final long serialVersionUID = 1L;
    private final NumericKind kind;

    ArrayReader(String function, String argument, NumericKind kind) {
      super(function, argument);
      this.kind = kind;
    }

    @Override
    public ArgumentShape shape() {
      return ArgumentShape.ARRAY;
    }

    @Override
    public ArgumentBuffer newBuffer() {
      return new ArgumentBuffer(ArgumentShape.ARRAY, kind.isFloat(), kind.isIntegral());
    }

    @Override
    public boolean isNull(SpecializedGetters row, int ordinal) {
      return row.isNullAt(ordinal) || hasNullElement(row.getArray(ordinal));
    }

    @Override
    public boolean isEmpty(SpecializedGetters row, int ordinal) {
      return row.getArray(ordinal).numElements() == 0;
    }

    @Override
    public void read(SpecializedGetters row, int ordinal, ArgumentBuffer into) {
      copyElements(row.getArray(ordinal), kind, into);
      into.endRow(1);
    }

    @Override
    public boolean readsColumns() {
      return kind.isFloat() || kind.isDouble();
    }

    @Override
    public boolean readable(ColumnVector column, int from, int count) {
      if (!(column instanceof WritableColumnVector) || column.hasNull()
          || ((WritableColumnVector) column).arrayData().hasNull()) {
        return false;
      }
      WritableColumnVector arrays = (WritableColumnVector) column;
      for (int r = from, end = from + count; r < end; r++) {
        if (arrays.getArrayLength(r) == 0) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int rowsUntilFull(ColumnVector column, int from, int count, int room) {
      WritableColumnVector arrays = (WritableColumnVector) column;
      long values = 0;
      for (int i = 0; i < count; i++) {
        values += arrays.getArrayLength(from + i);
        if (values >= room) {
          return i + 1;
        }
      }
      return count;
    }

    @Override
    public void readColumn(ColumnVector column, int from, int count, ArgumentBuffer into) {
      WritableColumnVector arrays = (WritableColumnVector) column;
      ColumnVector elements = arrays.arrayData();
      for (int r = from, end = from + count; r < end; r++) {
        int offset = arrays.getArrayOffset(r);
        int n = arrays.getArrayLength(r);
        int at = into.reserve(n);
        if (into.isFloat()) {
          float[] dst = into.floatValues();
          for (int i = 0; i < n; i++) {
            dst[at + i] = elements.getFloat(offset + i);
          }
        } else {
          double[] dst = into.doubleValues();
          for (int i = 0; i < n; i++) {
            dst[at + i] = elements.getDouble(offset + i);
          }
        }
        into.endRow(1);
      }
    }
  }

  private static final class NestedReader extends ArgumentReader {
    private static final long serialVersionUID = 1L;
    private final NumericKind kind;

    NestedReader(String function, String argument, NumericKind kind) {
      super(function, argument);
      this.kind = kind;
    }

    @Override
    public ArgumentShape shape() {
      return ArgumentShape.NESTED;
    }

    @Override
    public ArgumentBuffer newBuffer() {
      return new ArgumentBuffer(ArgumentShape.NESTED, kind.isFloat(), kind.isIntegral());
    }

    @Override
    public boolean isNull(SpecializedGetters row, int ordinal) {
      if (row.isNullAt(ordinal)) {
        return true;
      }
      ArrayData outer = row.getArray(ordinal);
      for (int k = 0, n = outer.numElements(); k < n; k++) {
        if (outer.isNullAt(k) || hasNullElement(outer.getArray(k))) {
          return true;
        }
      }
      return false;
    }

    @Override
    public boolean isEmpty(SpecializedGetters row, int ordinal) {
      ArrayData outer = row.getArray(ordinal);
      return outer.numElements() == 0 || outer.getArray(0).numElements() == 0;
    }

    @Override
    public void read(SpecializedGetters row, int ordinal, ArgumentBuffer into) {
      ArrayData outer = row.getArray(ordinal);
      int n = outer.numElements();
      int innerSize = n == 0 ? 0 : outer.getArray(0).numElements();
      for (int k = 0; k < n; k++) {
        ArrayData inner = outer.getArray(k);
        if (inner.numElements() != innerSize) {
          into.rollback();
          throw LossArgumentException.of(function, argument,
              "holds inner arrays of different lengths",
              "[k][d] with every inner array of the same length " + innerSize,
              "an inner array of length " + inner.numElements() + " at position " + k);
        }
        copyElements(inner, kind, into);
      }
      into.endRow(innerSize);
    }
  }

  private static final class VectorReader extends ArgumentReader {
    private static final long serialVersionUID = 1L;
    private static final byte DENSE = 1;

    VectorReader(String function, String argument) {
      super(function, argument);
    }

    @Override
    public ArgumentShape shape() {
      return ArgumentShape.ARRAY;
    }

    @Override
    public ArgumentBuffer newBuffer() {
      return new ArgumentBuffer(ArgumentShape.ARRAY, false, false);
    }

    @Override
    public boolean isNull(SpecializedGetters row, int ordinal) {
      return row.isNullAt(ordinal);
    }

    @Override
    public boolean isEmpty(SpecializedGetters row, int ordinal) {
      InternalRow v = row.getStruct(ordinal, 4);
      return v.getByte(0) == DENSE ? v.getArray(3).numElements() == 0 : v.getInt(1) == 0;
    }

    @Override
    public void read(SpecializedGetters row, int ordinal, ArgumentBuffer into) {
      InternalRow v = row.getStruct(ordinal, 4);
      ArrayData values = v.getArray(3);
      if (v.getByte(0) == DENSE) {
        copyElements(values, NumericKind.DOUBLE, into);
      } else {
        int size = v.getInt(1);
        ArrayData indices = v.getArray(2);
        int at = into.reserve(size);
        double[] dst = into.doubleValues();
        Arrays.fill(dst, at, at + size, 0.0);
        for (int k = 0, nnz = indices.numElements(); k < nnz; k++) {
          dst[at + indices.getInt(k)] = values.getDouble(k);
        }
      }
      into.endRow(1);
    }
  }

  /** A numeric type read as a double: its kind, and for decimals the precision and scale. */
  static final class NumericKind implements Serializable {
    private static final long serialVersionUID = 1L;
    private enum Kind { BYTE, SHORT, INT, LONG, FLOAT, DOUBLE, DECIMAL }

    static final NumericKind DOUBLE = new NumericKind(Kind.DOUBLE, 0, 0);

    private final Kind kind;
    private final int precision;
    private final int scale;

    private NumericKind(Kind kind, int precision, int scale) {
      this.kind = kind;
      this.precision = precision;
      this.scale = scale;
    }

    static NumericKind of(DataType t) {
      if (t.equals(DataTypes.DoubleType)) {
        return DOUBLE;
      } else if (t.equals(DataTypes.FloatType)) {
        return new NumericKind(Kind.FLOAT, 0, 0);
      } else if (t.equals(DataTypes.IntegerType)) {
        return new NumericKind(Kind.INT, 0, 0);
      } else if (t.equals(DataTypes.LongType)) {
        return new NumericKind(Kind.LONG, 0, 0);
      } else if (t.equals(DataTypes.ShortType)) {
        return new NumericKind(Kind.SHORT, 0, 0);
      } else if (t.equals(DataTypes.ByteType)) {
        return new NumericKind(Kind.BYTE, 0, 0);
      } else if (t instanceof DecimalType) {
        DecimalType d = (DecimalType) t;
        return new NumericKind(Kind.DECIMAL, d.precision(), d.scale());
      }
      return null;
    }

    boolean isIntegral() {
      return kind == Kind.BYTE || kind == Kind.SHORT || kind == Kind.INT || kind == Kind.LONG;
    }

    boolean isFloat() {
      return kind == Kind.FLOAT;
    }

    boolean isDouble() {
      return kind == Kind.DOUBLE;
    }

    /** Copies {@code count} values of {@code column} from row {@code from} to {@code dst[at...]}. */
    void copy(ColumnVector column, int from, int count, double[] dst, int at) {
      switch (kind) {
        case DOUBLE:
          for (int i = 0; i < count; i++) {
            dst[at + i] = column.getDouble(from + i);
          }
          break;
        case FLOAT:
          for (int i = 0; i < count; i++) {
            dst[at + i] = column.getFloat(from + i);
          }
          break;
        case INT:
          for (int i = 0; i < count; i++) {
            dst[at + i] = column.getInt(from + i);
          }
          break;
        case LONG:
          for (int i = 0; i < count; i++) {
            dst[at + i] = column.getLong(from + i);
          }
          break;
        case SHORT:
          for (int i = 0; i < count; i++) {
            dst[at + i] = column.getShort(from + i);
          }
          break;
        case BYTE:
          for (int i = 0; i < count; i++) {
            dst[at + i] = column.getByte(from + i);
          }
          break;
        default:
          for (int i = 0; i < count; i++) {
            dst[at + i] = column.getDecimal(from + i, precision, scale).toDouble();
          }
      }
    }

    double get(SpecializedGetters g, int i) {
      switch (kind) {
        case DOUBLE:
          return g.getDouble(i);
        case FLOAT:
          return g.getFloat(i);
        case INT:
          return g.getInt(i);
        case LONG:
          return g.getLong(i);
        case SHORT:
          return g.getShort(i);
        case BYTE:
          return g.getByte(i);
        default:
          return g.getDecimal(i, precision, scale).toDouble();
      }
    }
  }
}
