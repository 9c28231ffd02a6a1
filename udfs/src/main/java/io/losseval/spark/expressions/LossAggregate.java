package io.losseval.spark.expressions;

import io.losseval.core.Loss;
import io.losseval.core.LossArgumentException;
import io.losseval.core.accum.LossAccumulator;
import io.losseval.core.accum.SkipReason;
import io.losseval.core.bootstrap.BootstrapInterval;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.analysis.TypeCheckResult;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.aggregate.ImperativeAggregate;
import io.losseval.spark.shim.LineTypedAggregate;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.unsafe.types.UTF8String;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * A loss reduced over the rows of a group: the SQL aggregate {@code <loss>(args..., 'options')} and its
 * {@code <loss>_stats} variant.
 *
 * <p>Each row's arguments are read in place (or projected, when they are expressions rather than
 * columns; see {@link BoundInputs}) and appended to the group's {@link LossBuffer} as primitives; full batches go through core's kernels into core's exact {@link LossAccumulator}. Partial
 * states merge by adding accumulators and travel between stages as the accumulator's compact bytes, so
 * the result has the same bits for any partitioning, row order or merge tree. {@code finish} applies the
 * reduction ({@code sum}, {@code mean}, {@code batchmean}). A group in which no row was used (every row
 * null, or no rows) gives null, as Spark's {@code avg} does.
 *
 * <p>{@link Output#STATS} returns {@code struct<value double, rows bigint, rows_skipped bigint, skipped
 * map<string, bigint>>}: the value, the rows used, the rows skipped whole (a null argument or an empty
 * array), and every skip count by reason ({@code null_value}, {@code empty_row}, {@code ignored_target}).
 * A row-level error (a class index out of range, arrays of different lengths) fails the query with core's
 * message and the column it came from ({@code ... found 7 (column 'label')}).
 *
 * <p>{@link Output#BOOTSTRAP} ({@code <loss>_bootstrap}) returns the same struct with {@code ci_lower,
 * ci_upper double} (the 95% percentile interval of a one-pass Poisson bootstrap; see core's {@code
 * PoissonBootstrap}) and {@code replicates array<double>} (the B replicate values, so that two models'
 * replicates can be differenced). The call's row key is the child after the inputs; its B replicate
 * accumulators are filled from the same batches, and merge like the main one, so the interval is as
 * independent of the partitioning as the value.
 */
public final class LossAggregate extends LineTypedAggregate<LossBuffer>
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What the aggregate returns. */
  public enum Output {
    /** The reduced loss, a double. */
    VALUE,
    /** The reduced loss with the rows used and skipped. */
    STATS,
    /** The stats with a bootstrap interval and the replicate values. */
    BOOTSTRAP
  }

  /** The type of {@link Output#STATS}. */
  public static final StructType STATS_TYPE = new StructType()
      .add("value", DataTypes.DoubleType, true)
      .add("rows", DataTypes.LongType, false)
      .add("rows_skipped", DataTypes.LongType, false)
      .add("skipped", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, false), false);

  /** The type of {@link Output#BOOTSTRAP}. */
  public static final StructType BOOTSTRAP_TYPE = STATS_TYPE
      .add("ci_lower", DataTypes.DoubleType, true)
      .add("ci_upper", DataTypes.DoubleType, true)
      .add("replicates", DataTypes.createArrayType(DataTypes.DoubleType, false), true);

  private final LossCall call;
  private final Output output;
  private final scala.collection.immutable.Seq<Expression> children;
  private final int mutableAggBufferOffset;
  private final int inputAggBufferOffset;
  /** The column (or SQL text) of each input, for messages; carried over when the children are bound. */
  private final String[] columns;

  private transient BoundInputs inputs;
  private transient Loss loss;

  public LossAggregate(
      LossCall call,
      Output output,
      Seq<Expression> children,
      int mutableAggBufferOffset,
      int inputAggBufferOffset) {
    this(call, output, children, mutableAggBufferOffset, inputAggBufferOffset, null);
  }

  private LossAggregate(LossCall call, Output output, Seq<Expression> children,
      int mutableAggBufferOffset, int inputAggBufferOffset, String[] previousColumns) {
    this.call = call;
    this.output = output;
    this.children = children.toList();
    this.mutableAggBufferOffset = mutableAggBufferOffset;
    this.inputAggBufferOffset = inputAggBufferOffset;
    this.columns = LossExpressions.columns(call, children, previousColumns);
  }

  public LossCall call() {
    return call;
  }

  public Output output() {
    return output;
  }

  // ------------------------------------------------------------------------------- the aggregation

  @Override
  public LossBuffer createAggregationBuffer() {
    return LossBuffer.empty(call.bootstrap());
  }

  @Override
  public LossBuffer update(LossBuffer buffer, InternalRow input) {
    try {
      buffer.add(input, inputs());
    } catch (LossArgumentException e) {
      throw LossExpressions.withColumn(call, columns, e);
    }
    return buffer;
  }

  /**
   * Adds rows {@code from} to {@code from + count - 1} of a columnar batch whose columns are this
   * aggregate's input row: the state {@link #update} would make row by row, read straight from the
   * column vectors where the inputs allow (see {@link LossBuffer#addRows}). For a run of rows of one
   * group of a scan's batch.
   */
  public LossBuffer updateRows(LossBuffer buffer, ColumnarBatch batch, int from, int count) {
    try {
      buffer.addRows(batch, from, count, inputs());
    } catch (LossArgumentException e) {
      throw LossExpressions.withColumn(call, columns, e);
    }
    return buffer;
  }

  @Override
  public LossBuffer merge(LossBuffer buffer, LossBuffer input) {
    try {
      return buffer.merge(input, loss());
    } catch (LossArgumentException e) {
      throw LossExpressions.withColumn(call, columns, e);
    }
  }

  @Override
  public Object eval(LossBuffer buffer) {
    LossAccumulator acc;
    try {
      acc = buffer.accumulator(loss());
    } catch (LossArgumentException e) {
      throw LossExpressions.withColumn(call, columns, e);
    }
    Object value = acc.rows() == 0 ? null : loss().result(acc);
    if (output == Output.VALUE) {
      return value;
    }
    Map<SkipReason, Long> counts = acc.skipCounts();
    Object[] keys = new Object[counts.size()];
    Object[] values = new Object[counts.size()];
    int k = 0;
    for (Map.Entry<SkipReason, Long> e : counts.entrySet()) {
      keys[k] = UTF8String.fromString(e.getKey().name().toLowerCase(Locale.ROOT));
      values[k++] = e.getValue();
    }
    ArrayBasedMapData skipped =
        new ArrayBasedMapData(new GenericArrayData(keys), new GenericArrayData(values));
    if (output == Output.STATS) {
      return new GenericInternalRow(
          new Object[] {value, acc.rows(), rowsSkipped(acc), skipped});
    }
    Object lower = null;
    Object upper = null;
    Object replicates = null;
    if (value != null) {
      double[] r = buffer.replicates(loss()).values(loss());
      BootstrapInterval ci = BootstrapInterval.percentile(r, BootstrapInterval.DEFAULT_LEVEL);
      lower = Double.isNaN(ci.lower()) ? null : ci.lower();
      upper = Double.isNaN(ci.upper()) ? null : ci.upper();
      replicates = new GenericArrayData(r);
    }
    return new GenericInternalRow(new Object[] {
        value, acc.rows(), rowsSkipped(acc), skipped, lower, upper, replicates});
  }

  /**
   * The rows left out whole: a null argument ({@code null_value}) or an empty array ({@code empty_row}).
   * Targets equal to {@code ignore_index} are not counted here: their rows count as used.
   */
  private static long rowsSkipped(LossAccumulator acc) {
    return Math.addExact(acc.skipped(SkipReason.NULL_VALUE), acc.skipped(SkipReason.EMPTY_ROW));
  }

  @Override
  public byte[] serialize(LossBuffer buffer) {
    try {
      return buffer.toBytes(loss());
    } catch (LossArgumentException e) {
      throw LossExpressions.withColumn(call, columns, e);
    }
  }

  @Override
  public LossBuffer deserialize(byte[] bytes) {
    return LossBuffer.fromBytes(bytes, call.bootstrap());
  }

  private BoundInputs inputs() {
    if (inputs == null) {
      inputs = new BoundInputs(call, children);
    }
    return inputs;
  }

  /**
   * The loss, without binding the inputs: the final aggregation (merge, eval) runs on an instance whose
   * children are not bound to any input, so it must not build readers or a projection.
   */
  private Loss loss() {
    if (loss == null) {
      loss = inputs != null ? inputs.loss : call.newLoss();
    }
    return loss;
  }

  // ------------------------------------------------------------------------------- the expression

  @Override
  public TypeCheckResult checkInputDataTypes() {
    return LossExpressions.checkTypes(call, children);
  }

  @Override
  public DataType dataType() {
    switch (output) {
      case STATS:
        return STATS_TYPE;
      case BOOTSTRAP:
        return BOOTSTRAP_TYPE;
      default:
        return DataTypes.DoubleType;
    }
  }

  @Override
  public boolean nullable() {
    return true;
  }

  @Override
  public String prettyName() {
    switch (output) {
      case STATS:
        return call.loss() + "_stats";
      case BOOTSTRAP:
        return call.loss() + "_bootstrap";
      default:
        return call.loss();
    }
  }

  @Override
  public scala.collection.immutable.Seq<Expression> children() {
    return children;
  }

  @Override
  public int mutableAggBufferOffset() {
    return mutableAggBufferOffset;
  }

  @Override
  public int inputAggBufferOffset() {
    return inputAggBufferOffset;
  }

  @Override
  public ImperativeAggregate withNewMutableAggBufferOffset(int offset) {
    return new LossAggregate(call, output, children, offset, inputAggBufferOffset, columns);
  }

  @Override
  public ImperativeAggregate withNewInputAggBufferOffset(int offset) {
    return new LossAggregate(call, output, children, mutableAggBufferOffset, offset, columns);
  }

  @Override
  protected Expression withChildren(List<Expression> newChildren) {
    return new LossAggregate(call, output, JavaConverters.asScalaBuffer(newChildren).toList(),
        mutableAggBufferOffset, inputAggBufferOffset, columns);
  }

  @Override
  public int productArity() {
    return 5;
  }

  @Override
  public Object productElement(int n) {
    return List.of(call, output, children, mutableAggBufferOffset, inputAggBufferOffset).get(n);
  }

  @Override
  public boolean canEqual(Object that) {
    return that instanceof LossAggregate;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof LossAggregate)) {
      return false;
    }
    LossAggregate that = (LossAggregate) o;
    return call.equals(that.call) && output == that.output && children.equals(that.children)
        && mutableAggBufferOffset == that.mutableAggBufferOffset
        && inputAggBufferOffset == that.inputAggBufferOffset;
  }

  @Override
  public int hashCode() {
    return Objects.hash(call, output, children, mutableAggBufferOffset, inputAggBufferOffset);
  }
}
