package io.losseval.spark;

import io.losseval.core.Loss;
import io.losseval.core.LossArgumentException;
import io.losseval.core.LossCatalog;
import io.losseval.core.LossOptions;
import io.losseval.core.LossSpec;
import io.losseval.core.NullPolicy;
import io.losseval.core.Reduction;
import io.losseval.core.accum.LossAccumulator;
import io.losseval.spark.expressions.LossBuffer;
import io.losseval.spark.expressions.LossCall;
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
    LossColumn.checkArity(spec, arguments.length);
    spec.create(parsed);
    return new LossAggregator<>(LossCall.of(parsed, false), arguments.clone());
  }

  @Override
  public State zero() {
    return new State(call, LossBuffer.empty());
  }

  @Override
  public State reduce(State state, T element) {
    Object[] values = new Object[arguments.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = arguments[i].get(element);
    }
    state.buffer.addValues(values, state.loss(), state.nullPolicy);
    return state;
  }

  @Override
  public State merge(State a, State b) {
    a.buffer.merge(b.buffer, a.loss());
    return a;
  }

  @Override
  public Double finish(State state) {
    LossAccumulator acc = state.buffer.accumulator(state.loss());
    return acc.rows() == 0 ? null : state.loss().result(acc);
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
   * The aggregation state: the SQL aggregate's {@link LossBuffer} (pending rows as primitive batches and
   * core's accumulator). Serialises as the call and the accumulator's compact bytes (pending rows are
   * computed first).
   */
  public static final class State implements Serializable {
    private static final long serialVersionUID = 1L;
    private final LossCall call;
    private transient LossBuffer buffer;
    private transient Loss loss;
    private transient NullPolicy nullPolicy;

    State(LossCall call, LossBuffer buffer) {
      this.call = call;
      this.buffer = buffer;
    }

    Loss loss() {
      if (loss == null) {
        loss = call.newLoss();
        nullPolicy = call.parsedOptions().nullPolicy();
      }
      return loss;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
      out.defaultWriteObject();
      byte[] bytes = buffer.toBytes(loss());
      out.writeInt(bytes.length);
      out.write(bytes);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      byte[] bytes = new byte[in.readInt()];
      in.readFully(bytes);
      buffer = LossBuffer.fromBytes(bytes);
    }
  }
}
