package io.losseval.spark;

import io.losseval.core.Batch;
import io.losseval.core.Column;
import io.losseval.core.Loss;
import io.losseval.core.LossArgumentException;
import io.losseval.core.LossCatalog;
import io.losseval.core.LossOptions;
import io.losseval.core.LossSpec;
import io.losseval.core.NullPolicy;
import io.losseval.core.Reduction;
import io.losseval.core.accum.LossAccumulator;
import io.losseval.core.accum.SkipReason;
import io.losseval.spark.expressions.LossCall;
import io.losseval.spark.input.ArgumentBuffer;
import io.losseval.spark.input.JavaValues;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * A loss as a typed {@link Aggregator} for {@code Dataset<T>} code: each argument is read from the
 * element with a getter, and the result is the reduced loss (null when no row was used).
 *
 * <pre>{@code
 * Dataset<Scored> ds = ...;   // getLogits(): float[], getLabel(): int
 * Double ce = ds.select(
 *     LossAggregator.of("cross_entropy", "label_smoothing=0.1", Scored::getLogits, Scored::getLabel)
 *         .toColumn()).first();
 * }</pre>
 *
 * <p>Getters return a {@link Number}, {@code double[]}, {@code float[]}, {@code int[]}/{@code long[]}
 * (class indices), {@code double[][]}/{@code float[][]} ({@code [C][d]}) or an ML {@code Vector}; null
 * is skipped and counted, or fails with {@code on_null=error}. Rows are batched as primitives and
 * reduced with core's exact accumulator, so the result has the same bits as the SQL aggregate and
 * whatever the partitioning. (The SQL and {@link Losses} columns are faster: Spark hands this API one
 * object per row.)
 *
 * @param <T> the element type of the dataset
 */
public final class LossAggregator<T> extends Aggregator<T, LossAggregator.State, Double> {
  private static final long serialVersionUID = 1L;

  /** Reads one argument of the loss from a dataset element. */
  @FunctionalInterface
  public interface Argument<T> extends Serializable {
    Object get(T element);
  }

  private final LossCall call;
  private final Argument<T>[] arguments;

  private LossAggregator(LossCall call, Argument<T>[] arguments) {
    this.call = call;
    this.arguments = arguments;
  }

  /**
   * The loss {@code name} with options in the SQL form ({@code "reduction=sum, weight=[1,2]"}; null or
   * blank for the defaults), reading its arguments in PyTorch's order.
   *
   * @throws LossArgumentException for an unknown loss, bad options, {@code reduction=none}, or the
   *     wrong number of arguments
   */
  @SafeVarargs
  public static <T> LossAggregator<T> of(String name, String options, Argument<T>... arguments) {
    LossSpec spec = LossCatalog.spec(name);
    LossOptions parsed = LossOptions.parse(spec, options);
    if (parsed.reduction() == Reduction.NONE) {
      throw LossArgumentException.of(name, "reduction", "does not reduce",
          "mean, sum" + (spec.reductions().contains(Reduction.BATCHMEAN) ? " or batchmean" : ""),
          "none");
    }
    if (arguments.length != spec.arguments().size()) {
      throw LossArgumentException.of(name, "arguments", "have the wrong count",
          spec.arguments().size() + " (" + String.join(", ", spec.arguments()) + ")",
          arguments.length);
    }
    spec.create(parsed);
    return new LossAggregator<>(LossCall.of(parsed, false), arguments.clone());
  }

  @Override
  public State zero() {
    return new State(call);
  }

  @Override
  public State reduce(State state, T element) {
    Object[] values = new Object[arguments.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = arguments[i].get(element);
    }
    state.add(values);
    return state;
  }

  @Override
  public State merge(State a, State b) {
    a.flush();
    b.flush();
    a.acc.combine(b.acc);
    return a;
  }

  @Override
  public Double finish(State state) {
    state.flush();
    return state.acc.rows() == 0 ? null : state.loss().result(state.acc);
  }

  @Override
  public Encoder<State> bufferEncoder() {
    return Encoders.javaSerialization(State.class);
  }

  @Override
  public Encoder<Double> outputEncoder() {
    return Encoders.DOUBLE();
  }

  /**
   * The aggregation state: pending rows as primitive batches, and core's accumulator. Serialises as the
   * call and the accumulator's compact bytes (pending rows are computed first).
   */
  public static final class State implements Serializable {
    private static final long serialVersionUID = 1L;
    private LossCall call;
    private transient LossAccumulator acc = LossAccumulator.create();
    private transient Loss loss;
    private transient NullPolicy nullPolicy;
    private transient ArgumentBuffer[] buffers;
    private transient Object[] firsts;

    State(LossCall call) {
      this.call = call;
    }

    Loss loss() {
      if (loss == null) {
        loss = call.newLoss();
        nullPolicy = call.parsedOptions().nullPolicy();
      }
      return loss;
    }

    void add(Object[] values) {
      loss();
      for (int i = 0; i < values.length; i++) {
        if (values[i] == null) {
          if (nullPolicy == NullPolicy.ERROR) {
            throw LossArgumentException.of(call.loss(), call.argumentName(i), "is null",
                "a value (or the option on_null=skip to skip and count such rows)", "null");
          }
          acc.skip(SkipReason.NULL_VALUE, 1);
          return;
        }
      }
      if (buffers == null) {
        buffers = new ArgumentBuffer[values.length];
        firsts = values.clone();
        for (int i = 0; i < values.length; i++) {
          buffers[i] = JavaValues.newBuffer(call.loss(), call.argumentName(i), values[i]);
        }
      }
      for (int i = 0; i < values.length; i++) {
        JavaValues.append(call.loss(), call.argumentName(i), values[i], firsts[i], buffers[i]);
      }
      if (buffers[0].rows() >= 2048 || buffers[0].size() >= (1 << 15)) {
        flush();
      }
    }

    void flush() {
      if (buffers == null || buffers[0].rows() == 0) {
        return;
      }
      Column[] columns = new Column[buffers.length];
      for (int i = 0; i < columns.length; i++) {
        columns[i] = buffers[i].column();
      }
      loss().accumulate(Batch.unnumbered(columns), acc);
      for (ArgumentBuffer b : buffers) {
        b.clear();
      }
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
      flush();
      out.defaultWriteObject();
      byte[] bytes = acc.toByteArray();
      out.writeInt(bytes.length);
      out.write(bytes);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      byte[] bytes = new byte[in.readInt()];
      in.readFully(bytes);
      acc = LossAccumulator.fromBytes(bytes);
    }
  }
}
