package io.losseval.spark.expressions;

import io.losseval.core.Loss;
import io.losseval.core.NullPolicy;
import io.losseval.spark.input.ArgumentBuffer;
import io.losseval.spark.input.ArgumentReader;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SpecializedGetters;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * What a loss expression needs per task to read its inputs from Spark rows: the loss, its null policy,
 * one reader per input (the loss's arguments, then the sample weight if any), and where each input is.
 * Inputs that are plain columns of the input row (the usual case) are read in place; when any is an
 * expression, the inputs are projected into a row of their own first.
 *
 * <p>Made lazily by each expression instance (its fields are transient); not thread-safe.
 */
final class BoundInputs {
  final LossCall call;
  final Loss loss;
  final NullPolicy nullPolicy;
  final ArgumentReader[] readers;
  private final int[] ordinals;
  private final UnsafeProjection projection;
  /** For a bootstrapped call, the projection of its row key (a long); otherwise null. */
  private final UnsafeProjection keyProjection;

  BoundInputs(LossCall call, Seq<Expression> children) {
    this.call = call;
    this.loss = call.newLoss();
    this.nullPolicy = call.parsedOptions().nullPolicy();
    this.readers = LossExpressions.readers(call, children);
    Seq<Expression> inputs = LossExpressions.arguments(call, children);
    List<Expression> list = JavaConverters.seqAsJavaList(inputs);
    ordinals = new int[list.size()];
    boolean inPlace = list.stream().allMatch(e -> e instanceof BoundReference);
    for (int i = 0; i < ordinals.length; i++) {
      ordinals[i] = inPlace ? ((BoundReference) list.get(i)).ordinal() : i;
    }
    projection = inPlace ? null : UnsafeProjection.create(inputs.toList());
    keyProjection = call.bootstrap() == null ? null
        : UnsafeProjection.create(children.slice(call.inputCount(), call.inputCount() + 1).toList());
  }

  /**
   * True when runs of rows can be read straight from a batch's column vectors ({@link #readColumns}):
   * every input is a plain column whose reader reads columns (scalars, arrays of numbers), and the call
   * is not bootstrapped (which needs a key per row).
   */
  boolean readsColumns() {
    if (projection != null || keyProjection != null) {
      return false;
    }
    for (ArgumentReader reader : readers) {
      if (!reader.readsColumns()) {
        return false;
      }
    }
    return true;
  }

  /** True when every input can read rows {@code from} to {@code from + count - 1} of {@code batch}. */
  boolean readable(ColumnarBatch batch, int from, int count) {
    for (int i = 0; i < readers.length; i++) {
      if (!readers[i].readable(batch.column(ordinals[i]), from, count)) {
        return false;
      }
    }
    return true;
  }

  /**
   * How many of the {@code count} rows from {@code from} fit the buffers' batch: the fewest rows after
   * which some input's buffer holds {@code maxValues} values (see {@link ArgumentReader#rowsUntilFull}).
   */
  int rowsUntilFull(ColumnarBatch batch, int from, int count, ArgumentBuffer[] buffers, int maxValues) {
    int rows = count;
    for (int i = 0; i < readers.length; i++) {
      rows = Math.min(rows,
          readers[i].rowsUntilFull(batch.column(ordinals[i]), from, rows, maxValues - buffers[i].size()));
    }
    return rows;
  }

  /**
   * Appends rows {@code from} to {@code from + count - 1} of {@code batch} to the buffers ({@link
   * #readable}): the values {@link #read} appends row by row (requires {@link #readsColumns()}).
   */
  void readColumns(ColumnarBatch batch, int from, int count, ArgumentBuffer[] into) {
    for (int i = 0; i < readers.length; i++) {
      readers[i].readColumn(batch.column(ordinals[i]), from, count, into[i]);
    }
  }

  /** The bootstrap row key of {@code input} (the call must be bootstrapped). */
  long key(InternalRow input) {
    return keyProjection.apply(input).getLong(0);
  }

  /** The row the readers read: {@code input} itself, or its projection. */
  InternalRow row(InternalRow input) {
    return projection == null ? input : projection.apply(input);
  }

  /** The index of the first input that is null (or holds a null), or -1. */
  int firstNull(SpecializedGetters row) {
    for (int i = 0; i < readers.length; i++) {
      if (readers[i].isNull(row, ordinals[i])) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The index of the first input that is an empty array (or a Vector of size 0), or -1; the row's inputs
   * must not be null. {@code ctc_loss}'s targets may be empty (a target of length 0, as in PyTorch), so
   * only its {@code log_probs} are checked.
   */
  int firstEmpty(SpecializedGetters row) {
    int n = "ctc_loss".equals(call.loss()) ? 1 : readers.length;
    for (int i = 0; i < n; i++) {
      if (readers[i].isEmpty(row, ordinals[i])) {
        return i;
      }
    }
    return -1;
  }

  /** New buffers, one per input. */
  ArgumentBuffer[] newBuffers() {
    ArgumentBuffer[] out = new ArgumentBuffer[readers.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = readers[i].newBuffer();
    }
    return out;
  }

  /** Appends the row's (non-null) inputs, one row to each buffer. */
  void read(SpecializedGetters row, ArgumentBuffer[] into) {
    for (int i = 0; i < readers.length; i++) {
      readers[i].read(row, ordinals[i], into[i]);
    }
  }
}
