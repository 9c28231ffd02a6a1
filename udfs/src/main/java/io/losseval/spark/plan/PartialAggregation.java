package io.losseval.spark.plan;

import io.losseval.spark.expressions.LossAggregate;
import io.losseval.spark.expressions.LossBuffer;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.expressions.aggregate.AggregateExpression;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.runtime.AbstractPartialFunction;

/**
 * One task's partial aggregation over columnar batches (see {@link LossAggregateOverBatchesExec}): one
 * {@link LossBuffer} per group and aggregate, each row of each batch given to the aggregates' {@code
 * update} as a row view of the batch (no copy), and one output row per group: the grouping values, then
 * each aggregate's serialised state, as Spark's partial aggregate writes them.
 *
 * <p>The states and their bytes are the ones the row path makes for the same rows: the aggregates'
 * own {@code update} and {@code serialize} run, only the loop around them differs. A global aggregate
 * (no grouping) outputs one row even for an empty partition, as Spark's does.
 *
 * <p>Memory: a state holds at most one pending batch per argument (2048 rows or 32768 values plus one
 * row) and its accumulator (1.3 KB to 66 KB): at most about 100 KB for two scalar arguments and 200 KB
 * for 1000-class float logits with their labels ({@link LossBuffer} gives the sizes). At most {@code maxGroups} groups are held (Spark's
 * {@code spark.sql.objectHashAggregate.sortBased.fallbackThreshold}, 128 by default): past it, every
 * state held is serialised into an output row and dropped, so a group may leave a task in several
 * partial rows, which the final aggregation merges as it merges partial rows from different tasks.
 */
final class PartialAggregation implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Seq<NamedExpression> grouping;
  private final Seq<AggregateExpression> aggregates;
  private final Seq<Attribute> input;
  private final Seq<Attribute> output;
  private final SQLMetric inputRows;
  private final SQLMetric inputBatches;
  private final SQLMetric outputRows;
  private final int maxGroups;

  PartialAggregation(Seq<NamedExpression> grouping, Seq<AggregateExpression> aggregates,
      Seq<Attribute> input, Seq<Attribute> output, int maxGroups, SQLMetric inputRows,
      SQLMetric inputBatches, SQLMetric outputRows) {
    this.maxGroups = maxGroups;
    this.grouping = grouping;
    this.aggregates = aggregates;
    this.input = input;
    this.output = output;
    this.inputRows = inputRows;
    this.inputBatches = inputBatches;
    this.outputRows = outputRows;
  }

  /** Aggregates one partition's batches, lazily: rows come out as groups are flushed. */
  Iterator<InternalRow> apply(Iterator<ColumnarBatch> batches) {
    return new Task(batches);
  }

  /** One task's states and the rows they have flushed but not yet given out. */
  private final class Task implements Iterator<InternalRow> {
    private final Iterator<ColumnarBatch> batches;
    private final LossAggregate[] functions = boundFunctions();
    private final int keyCount = grouping.size();
    private final UnsafeProjection keyOf;
    private final DataType[] types = outputTypes();
    private final UnsafeProjection toOutput = UnsafeProjection.create(types);
    private final Map<UnsafeRow, LossBuffer[]> groups = new LinkedHashMap<>();
    private final LossBuffer[] global;
    private final Deque<InternalRow> ready = new ArrayDeque<>();
    private UnsafeRow lastKey;
    private LossBuffer[] last;
    private boolean done;

    Task(Iterator<ColumnarBatch> batches) {
      this.batches = batches;
      List<Expression> keys = new ArrayList<>();
      for (NamedExpression e : JavaConverters.seqAsJavaList(grouping)) {
        keys.add((Expression) e);
      }
      keyOf = keys.isEmpty() ? null
          : UnsafeProjection.create(JavaConverters.asScalaBuffer(keys).toList(), input.toList());
      global = keyOf == null ? newStates(functions) : null;
    }

    @Override
    public boolean hasNext() {
      while (ready.isEmpty() && !done) {
        if (batches.hasNext()) {
          add(batches.next());
        } else {
          if (global != null) {
            groups.put(new UnsafeRow(0), global);
          }
          flushGroups();
          done = true;
        }
      }
      return !ready.isEmpty();
    }

    @Override
    public InternalRow next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return ready.poll();
    }

    private void add(ColumnarBatch batch) {
      int n = batch.numRows();
      inputBatches.add(1);
      inputRows.add(n);
      if (global != null) {
        for (int f = 0; f < functions.length; f++) {
          global[f] = functions[f].updateRows(global[f], batch, 0, n);
        }
        return;
      }
      // runs of rows of one group (a batch of a file written per model is one run) go to the states
      // together
      UnsafeRow key = n == 0 ? null : keyOf.apply(batch.getRow(0));
      for (int from = 0; from < n; ) {
        LossBuffer[] states = statesOf(key);
        int end = from + 1;
        // each row's key is projected once: the row that ends a run starts the next
        while (end < n && (key = keyOf.apply(batch.getRow(end))).equals(lastKey)) {
          end++;
        }
        for (int f = 0; f < functions.length; f++) {
          states[f] = functions[f].updateRows(states[f], batch, from, end - from);
        }
        from = end;
      }
    }

    /** The group's states; past {@code maxGroups} groups, the states held so far are flushed first. */
    private LossBuffer[] statesOf(UnsafeRow key) {
      if (lastKey != null && lastKey.equals(key)) {
        return last;
      }
      LossBuffer[] states = groups.get(key);
      if (states == null) {
        if (groups.size() >= maxGroups) {
          flushGroups();
        }
        states = newStates(functions);
        groups.put(key.copy(), states);
      }
      lastKey = key.copy();
      last = states;
      return states;
    }

    /** Serialises every group's states into output rows and drops the states. */
    private void flushGroups() {
      for (Map.Entry<UnsafeRow, LossBuffer[]> group : groups.entrySet()) {
        Object[] values = new Object[keyCount + functions.length];
        for (int k = 0; k < keyCount; k++) {
          values[k] = group.getKey().get(k, types[k]);
        }
        for (int f = 0; f < functions.length; f++) {
          values[keyCount + f] = functions[f].serialize(group.getValue()[f]);
        }
        ready.add(toOutput.apply(new GenericInternalRow(values)).copy());
      }
      outputRows.add(groups.size());
      groups.clear();
      lastKey = null;
      last = null;
    }
  }

  private DataType[] outputTypes() {
    List<Attribute> attributes = JavaConverters.seqAsJavaList(output);
    DataType[] types = new DataType[attributes.size()];
    for (int i = 0; i < types.length; i++) {
      types[i] = attributes.get(i).dataType();
    }
    return types;
  }

  private LossAggregate[] boundFunctions() {
    List<AggregateExpression> list = JavaConverters.seqAsJavaList(aggregates);
    List<Attribute> columns = JavaConverters.seqAsJavaList(input);
    LossAggregate[] functions = new LossAggregate[list.size()];
    for (int i = 0; i < functions.length; i++) {
      functions[i] = (LossAggregate) bind((Expression) list.get(i).aggregateFunction(), columns);
    }
    return functions;
  }

  /** {@code e} with each column replaced by its position in {@code columns} (Spark's binding). */
  private static Expression bind(Expression e, List<Attribute> columns) {
    return e.transform(new AbstractPartialFunction<Expression, Expression>() {
      @Override
      public boolean isDefinedAt(Expression x) {
        return x instanceof AttributeReference;
      }

      @Override
      @SuppressWarnings("unchecked")
      public <A1 extends Expression, B1> B1 applyOrElse(A1 x, scala.Function1<A1, B1> fallback) {
        if (!(x instanceof AttributeReference)) {
          return fallback.apply(x);
        }
        AttributeReference a = (AttributeReference) x;
        for (int i = 0; i < columns.size(); i++) {
          if (columns.get(i).exprId().equals(a.exprId())) {
            return (B1) new BoundReference(i, a.dataType(), columns.get(i).nullable());
          }
        }
        throw new IllegalStateException(
            "losseval: column " + a + " is not an input of the aggregate: " + columns);
      }
    });
  }

  private static LossBuffer[] newStates(LossAggregate[] functions) {
    LossBuffer[] states = new LossBuffer[functions.length];
    for (int f = 0; f < functions.length; f++) {
      states[f] = functions[f].createAggregationBuffer();
    }
    return states;
  }
}
