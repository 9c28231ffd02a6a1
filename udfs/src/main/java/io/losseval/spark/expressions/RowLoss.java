package io.losseval.spark.expressions;

import io.losseval.core.Batch;
import io.losseval.core.Column;
import io.losseval.core.LossArgumentException;
import io.losseval.core.LossSpec;
import io.losseval.core.NullPolicy;
import io.losseval.core.RowLosses;
import io.losseval.spark.input.ArgumentBuffer;
import io.losseval.spark.input.ArgumentShape;
import io.losseval.spark.shim.LineExpression;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.analysis.TypeCheckResult;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenFallback;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * One row's loss, PyTorch's {@code reduction='none'} for one sample: the SQL function {@code
 * row_<loss>(args..., 'options')}.
 *
 * <p>Returns what PyTorch returns for the sample: a double for losses with one value per sample and for
 * elementwise losses over numbers; {@code array<double>} for elementwise losses over arrays and for the
 * {@code [d1]} losses of {@code nll_loss}/{@code cross_entropy} over {@code [C][d1]} input; {@code
 * array<array<double>>} for elementwise losses over nested arrays. A row with a null argument gives null
 * ({@code on_null=skip}, the default) or fails ({@code on_null=error}); a row with an empty array gives
 * null. A row a loss cannot take fails with core's message and the column ({@code (column 'label')}).
 */
public final class RowLoss extends LineExpression implements CodegenFallback, Serializable {
  private static final long serialVersionUID = 1L;

  private final LossCall call;
  private final scala.collection.immutable.Seq<Expression> children;
  /** The column (or SQL text) of each input, for messages; carried over when the children are bound. */
  private final String[] columns;

  private transient BoundInputs inputs;
  private transient ArgumentBuffer[] buffers;
  private transient DataType dataType;
  private transient boolean nestedOutput;

  public RowLoss(LossCall call, Seq<Expression> children) {
    this(call, children, null);
  }

  private RowLoss(LossCall call, Seq<Expression> children, String[] previousColumns) {
    this.call = call;
    this.children = children.toList();
    this.columns = LossExpressions.columns(call, children, previousColumns);
  }

  public LossCall call() {
    return call;
  }

  @Override
  public Object eval(InternalRow input) {
    try {
      return evalRow(input);
    } catch (LossArgumentException e) {
      throw LossExpressions.withColumn(call, columns, e);
    }
  }

  private Object evalRow(InternalRow input) {
    init();
    InternalRow row = inputs.row(input);
    int nullAt = inputs.firstNull(row);
    if (nullAt >= 0) {
      if (inputs.nullPolicy == NullPolicy.ERROR) {
        throw LossBuffer.nullArgument(inputs.loss, call.argumentName(nullAt));
      }
      return null;
    }
    if (inputs.firstEmpty(row) >= 0) {
      return null; // an empty array: no sample, as the aggregates skip it (empty_row)
    }
    Column[] columns = new Column[buffers.length];
    for (ArgumentBuffer b : buffers) {
      b.clear();
    }
    inputs.read(row, buffers);
    for (int i = 0; i < buffers.length; i++) {
      columns[i] = buffers[i].column();
    }
    RowLosses losses = inputs.loss.forward(Batch.unnumbered(columns));
    if (losses.isScalarPerRow()) {
      return losses.value(0);
    }
    double[] values = losses.row(0);
    if (!nestedOutput) {
      return UnsafeArrayData.fromPrimitiveArray(values);
    }
    int inner = columns[0].innerSize(0);
    int outer = inner == 0 ? 0 : values.length / inner;
    Object[] rows = new Object[outer];
    for (int k = 0; k < outer; k++) {
      double[] part = new double[inner];
      System.arraycopy(values, k * inner, part, 0, inner);
      rows[k] = UnsafeArrayData.fromPrimitiveArray(part);
    }
    return new GenericArrayData(rows);
  }

  private void init() {
    if (inputs == null) {
      inputs = new BoundInputs(call, children);
      buffers = inputs.newBuffers();
      DataType out = dataType();
      nestedOutput = out instanceof ArrayType && ((ArrayType) out).elementType() instanceof ArrayType;
    }
  }

  @Override
  public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
    return CodegenFallback.super.doGenCode(ctx, ev);
  }

  @Override
  public TypeCheckResult checkInputDataTypes() {
    return LossExpressions.checkTypes(call, children);
  }

  /** PyTorch's per-sample output shape for these inputs (see the class comment). */
  @Override
  public DataType dataType() {
    if (dataType == null) {
      dataType = outputType();
    }
    return dataType;
  }

  private DataType outputType() {
    ArgumentShape first = LossExpressions.readers(call, children)[0].shape();
    LossSpec.SampleShape shape = call.spec().sampleShape();
    if (shape == LossSpec.SampleShape.ELEMENTWISE && first == ArgumentShape.ARRAY
        || shape == LossSpec.SampleShape.CLASS_SCORES && first == ArgumentShape.NESTED) {
      return DataTypes.createArrayType(DataTypes.DoubleType, false);
    }
    if (shape == LossSpec.SampleShape.ELEMENTWISE && first == ArgumentShape.NESTED) {
      return DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType, false), false);
    }
    return DataTypes.DoubleType;
  }

  @Override
  public boolean nullable() {
    return true;
  }

  @Override
  public String prettyName() {
    return "row_" + call.loss();
  }

  @Override
  public scala.collection.immutable.Seq<Expression> children() {
    return children;
  }

  @Override
  protected Expression withChildren(List<Expression> newChildren) {
    return new RowLoss(call, JavaConverters.asScalaBuffer(newChildren).toList(), columns);
  }

  @Override
  public int productArity() {
    return 2;
  }

  @Override
  public Object productElement(int n) {
    return List.of(call, children).get(n);
  }

  @Override
  public boolean canEqual(Object that) {
    return that instanceof RowLoss;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RowLoss && call.equals(((RowLoss) o).call)
        && children.equals(((RowLoss) o).children);
  }

  @Override
  public int hashCode() {
    return Objects.hash(call, children);
  }
}
