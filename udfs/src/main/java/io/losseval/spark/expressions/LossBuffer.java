package io.losseval.spark.expressions;

import io.losseval.core.Batch;
import io.losseval.core.Column;
import io.losseval.core.Loss;
import io.losseval.core.LossArgumentException;
import io.losseval.core.NullPolicy;
import io.losseval.core.accum.LossAccumulator;
import io.losseval.core.accum.SkipReason;
import io.losseval.core.bootstrap.BootstrapAccumulator;
import io.losseval.core.bootstrap.PoissonBootstrap;
import io.losseval.core.kernel.KernelProvider;
import io.losseval.spark.input.ArgumentBuffer;
import io.losseval.spark.input.JavaValues;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * The aggregation state of one loss for one group: the rows not yet computed, as primitive batches
 * (one {@link ArgumentBuffer} per argument), and a core {@link LossAccumulator} holding the exact sums of
 * everything computed so far.
 *
 * <p>Rows are appended one at a time; when a batch is full ({@value #MAX_ROWS} rows or {@value
 * #MAX_VALUES} values in one argument) it goes through the loss's kernels into the accumulator in one
 * call. {@link #flush} computes what is pending; merging and serialising always flush first, so a
 * serialised state is the accumulator's compact bytes alone. Because the accumulator's sums are exact,
 * the result does not depend on batch boundaries, row order or how partial states are merged.
 *
 * <p>A bootstrapped state ({@code <loss>_bootstrap}) also holds each pending row's key and a core
 * {@link BootstrapAccumulator} of B replicates, filled from the same batches; its bytes are the
 * accumulator's, length-prefixed, then the replicates'.
 *
 * <p>The argument buffers are made on the first row, so states that are only merged or deserialised
 * hold none. Not thread-safe: one state per group per task.
 *
 * <p>Memory: a state holds at most one pending batch per argument plus its accumulator. The
 * accumulator is two exact sums of 560 bytes each, which add a 32 KiB large accumulator each once they
 * have received more than 1024 values (see core's {@code ExactSum}): 1.3 KB for a small group, at most
 * about 66 KB. A scalar argument's batch is at most {@value #MAX_ROWS} doubles (16 KB); an array
 * argument's batch is at most {@value #MAX_VALUES} values plus one row (float arrays stay float). So a
 * state of {@code mse_loss(p, t)} peaks at about 100 KB, and one of {@code cross_entropy} over
 * 1000-class float logits (33 rows of 1000 floats and their labels) at about 200 KB (330 KB for double
 * logits). Per task (partition), Spark's object hash aggregate holds one state per group up to {@code
 * spark.sql.objectHashAggregate.sortBased.fallbackThreshold} groups (128 by default; past it, it sorts
 * and aggregates one group at a time), so one loss's states take at most about 26 MB of a task's heap
 * for 1000-class float logits and 13 MB for a scalar loss, however many rows the task reads: rows are
 * never kept as objects, and a serialised state is the accumulator's bytes alone.
 */
public final class LossBuffer {
  /** Rows per batch. */
  static final int MAX_ROWS = ArgumentBuffer.BATCH_ROWS;
  /** Values of one argument per batch (bounds the memory of array arguments). */
  static final int MAX_VALUES = ArgumentBuffer.BATCH_VALUES;

  private final LossAccumulator acc;
  private ArgumentBuffer[] args;
  /** The first row's values, on the typed path: they fix each argument's layout. */
  private Object[] firstValues;
  /** The bootstrap's settings, replicates and pending rows' keys; null when not bootstrapped. */
  private final PoissonBootstrap bootstrap;
  private final BootstrapAccumulator replicates;
  private long[] keys;

  LossBuffer(LossAccumulator acc, PoissonBootstrap bootstrap, BootstrapAccumulator replicates) {
    this.acc = acc;
    this.bootstrap = bootstrap;
    this.replicates = replicates;
  }

  /** An empty state. */
  public static LossBuffer empty() {
    return new LossBuffer(LossAccumulator.create(), null, null);
  }

  /** An empty state, bootstrapped when {@code bootstrap} is not null. */
  public static LossBuffer empty(PoissonBootstrap bootstrap) {
    return bootstrap == null ? empty() : new LossBuffer(
        LossAccumulator.create(), bootstrap, BootstrapAccumulator.create(bootstrap));
  }

  /**
   * Adds one Spark row (the loss's arguments, then its sample weight if it has one, read as {@code
   * inputs} says). A row with a null input is counted as skipped ({@code on_null=skip}) or fails
   * ({@code on_null=error}); a row with an empty array (a row with no values) is skipped and counted as
   * {@code empty_row}.
   */
  void add(InternalRow input, BoundInputs inputs) {
    InternalRow row = inputs.row(input);
    int nullAt = inputs.firstNull(row);
    if (nullAt >= 0) {
      skipOrFail(inputs.loss, inputs.call.argumentName(nullAt), inputs.nullPolicy);
      return;
    }
    if (inputs.firstEmpty(row) >= 0) {
      acc.skip(SkipReason.EMPTY_ROW, 1);
      return;
    }
    if (args == null) {
      args = inputs.newBuffers();
    }
    if (replicates != null) {
      int at = args[0].rows();
      if (keys == null || keys.length == at) {
        keys = Arrays.copyOf(keys == null ? new long[0] : keys, Math.max(64, 2 * at));
      }
      keys[at] = inputs.key(input);
    }
    inputs.read(row, args);
    flushWhenFull(inputs.loss);
  }

  /**
   * Adds rows {@code from} to {@code from + count - 1} of {@code batch} (a scan's columnar batch whose
   * columns are the aggregate's input row): straight from the column vectors when the inputs allow it
   * ({@link BoundInputs#readsColumns()}, {@link BoundInputs#readable}: no nulls, no empty arrays),
   * otherwise row by row through {@link #add}. Either way the buffers receive the same values in the
   * same order and batches end after the same rows, so the state is the one {@link #add} makes.
   */
  void addRows(ColumnarBatch batch, int from, int count, BoundInputs inputs) {
    int end = from + count;
    if (!inputs.readsColumns() || !inputs.readable(batch, from, count)) {
      for (int i = from; i < end; i++) {
        add(batch.getRow(i), inputs);
      }
      return;
    }
    if (args == null && count > 0) {
      args = inputs.newBuffers();
    }
    for (int at = from; at < end; ) {
      int run = inputs.rowsUntilFull(batch, at, Math.min(end - at, MAX_ROWS - args[0].rows()), args,
          MAX_VALUES);
      inputs.readColumns(batch, at, run, args);
      at += run;
      flushWhenFull(inputs.loss);
    }
  }

  /**
   * Adds one row of plain Java values (a typed {@code Dataset}'s fields; see {@link JavaValues}), the
   * loss's arguments in order. Nulls are handled as in {@link #add}.
   */
  public void addValues(Object[] values, Loss loss, NullPolicy nullPolicy) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        skipOrFail(loss, loss.arguments().get(i), nullPolicy);
        return;
      }
    }
    for (int i = 0; i < ("ctc_loss".equals(loss.name()) ? 1 : values.length); i++) {
      Object v = values[i];
      if (v.getClass().isArray() && java.lang.reflect.Array.getLength(v) == 0
          || v instanceof org.apache.spark.ml.linalg.Vector && ((org.apache.spark.ml.linalg.Vector) v).size() == 0) {
        acc.skip(SkipReason.EMPTY_ROW, 1);
        return;
      }
    }
    if (args == null) {
      firstValues = values.clone();
      args = new ArgumentBuffer[values.length];
      for (int i = 0; i < values.length; i++) {
        args[i] = JavaValues.newBuffer(loss.name(), loss.arguments().get(i), values[i]);
      }
    }
    for (int i = 0; i < values.length; i++) {
      JavaValues.append(loss.name(), loss.arguments().get(i), values[i], firstValues[i], args[i]);
    }
    flushWhenFull(loss);
  }

  /** A row whose input {@code argument} is null: counted as skipped, or an error under on_null=error. */
  private void skipOrFail(Loss loss, String argument, NullPolicy nullPolicy) {
    if (nullPolicy == NullPolicy.ERROR) {
      throw nullArgument(loss, argument);
    }
    acc.skip(SkipReason.NULL_VALUE, 1);
  }

  private void flushWhenFull(Loss loss) {
    boolean full = args[0].rows() >= MAX_ROWS;
    for (ArgumentBuffer a : args) {
      full |= a.size() >= MAX_VALUES;
    }
    if (full) {
      flush(loss);
    }
  }

  /** The error for a null argument under {@code on_null=error}. */
  static LossArgumentException nullArgument(Loss loss, String argument) {
    return LossArgumentException.of(loss.name(), argument, "is null",
        "a value (or the option on_null=skip to skip and count such rows)", "null");
  }

  /** Computes the pending rows into the accumulator. */
  public void flush(Loss loss) {
    if (args == null || args[0].rows() == 0) {
      return;
    }
    int n = loss.arguments().size();
    Column[] columns = new Column[n];
    for (int i = 0; i < n; i++) {
      columns[i] = args[i].column();
    }
    double[] sampleWeights = args.length > n ? args[n].column().doubles() : null;
    Batch batch = Batch.unnumbered(columns);
    loss.accumulate(batch, sampleWeights, acc);
    if (replicates != null) {
      replicates.add(bootstrap, loss, batch, sampleWeights, keys, KernelProvider.kernels());
    }
    for (ArgumentBuffer a : args) {
      a.clear();
    }
  }

  /** Flushes both states and adds {@code other}'s sums and counts to this one's. */
  public LossBuffer merge(LossBuffer other, Loss loss) {
    flush(loss);
    other.flush(loss);
    acc.combine(other.acc);
    if (replicates != null) {
      replicates.combine(other.replicates);
    }
    return this;
  }

  /** The accumulator, after a {@link #flush}. */
  public LossAccumulator accumulator(Loss loss) {
    flush(loss);
    return acc;
  }

  /** The bootstrap's replicates, after a {@link #flush}; null when not bootstrapped. */
  public BootstrapAccumulator replicates(Loss loss) {
    flush(loss);
    return replicates;
  }

  /**
   * The state in core's compact byte form ({@link LossAccumulator#toByteArray()}); bootstrapped: the
   * accumulator's length (int32) and bytes, then {@link BootstrapAccumulator#toByteArray()}.
   */
  public byte[] toBytes(Loss loss) {
    flush(loss);
    byte[] a = acc.toByteArray();
    if (replicates == null) {
      return a;
    }
    byte[] r = replicates.toByteArray();
    return ByteBuffer.allocate(4 + a.length + r.length).putInt(a.length).put(a).put(r).array();
  }

  /** A state read back from {@link #toBytes}. */
  public static LossBuffer fromBytes(byte[] bytes) {
    return new LossBuffer(LossAccumulator.fromBytes(bytes), null, null);
  }

  /** A state read back from {@link #toBytes}, bootstrapped when {@code bootstrap} is not null. */
  public static LossBuffer fromBytes(byte[] bytes, PoissonBootstrap bootstrap) {
    if (bootstrap == null) {
      return fromBytes(bytes);
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    int length = in.getInt();
    LossAccumulator acc = LossAccumulator.fromBytes(Arrays.copyOfRange(bytes, 4, 4 + length));
    BootstrapAccumulator replicates =
        BootstrapAccumulator.fromBytes(Arrays.copyOfRange(bytes, 4 + length, bytes.length));
    return new LossBuffer(acc, bootstrap, replicates);
  }
}
