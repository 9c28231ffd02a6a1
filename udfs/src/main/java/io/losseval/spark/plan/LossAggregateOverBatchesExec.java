package io.losseval.spark.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import io.losseval.spark.shim.LineUnaryExec;
import org.apache.spark.sql.catalyst.expressions.aggregate.AggregateExpression;
import org.apache.spark.sql.catalyst.plans.physical.Partitioning;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.apache.spark.sql.execution.metric.SQLMetrics;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.collection.immutable.Map;

/**
 * The partial (map-side) aggregation of loss aggregates, reading the scan's columnar batches directly:
 * what Spark's {@code ObjectHashAggregateExec} in {@code Partial} mode does for the same aggregates,
 * without turning each batch into rows first and without the row-at-a-time aggregation iterator.
 *
 * <p>For each task it keeps one aggregation state per group and aggregate (a {@code LossBuffer}:
 * primitive batches of at most 2048 rows or 32768 values per argument, plus the exact accumulator), feeds
 * every row of every batch to the aggregates' own {@code update}, and outputs one row per group in the
 * partial aggregate's layout: the grouping values, then each aggregate's serialised state. The final
 * aggregation, the exchange before it and the results are Spark's, unchanged, so the result has the
 * same bits as the row path's (the states are the same exact sums; see {@link PartialAggregation}).
 *
 * <p>Planned by {@link LossAggregateOverBatches} in place of a partial aggregate whose functions are all
 * losseval's and whose input is a columnar scan.
 */
public final class LossAggregateOverBatchesExec extends LineUnaryExec {
  private static final long serialVersionUID = 1L;

  private final Seq<NamedExpression> groupingExpressions;
  private final Seq<AggregateExpression> aggregateExpressions;
  private final scala.collection.immutable.Seq<Attribute> output;
  private final Partitioning outputPartitioning;
  private final SparkPlan child;
  private transient Map<String, SQLMetric> metrics;

  public LossAggregateOverBatchesExec(
      Seq<NamedExpression> groupingExpressions,
      Seq<AggregateExpression> aggregateExpressions,
      Seq<Attribute> output,
      Partitioning outputPartitioning,
      SparkPlan child) {
    this.groupingExpressions = groupingExpressions;
    this.aggregateExpressions = aggregateExpressions;
    this.output = output.toList();
    this.outputPartitioning = outputPartitioning;
    this.child = child;
  }

  public SparkPlan child() {
    return child;
  }

  @Override
  public scala.collection.immutable.Seq<SparkPlan> children() {
    return scala.collection.immutable.List$.MODULE$.<SparkPlan>empty().$colon$colon(child);
  }

  public Seq<AggregateExpression> aggregateExpressions() {
    return aggregateExpressions;
  }

  @Override
  public scala.collection.immutable.Seq<Attribute> output() {
    return output;
  }

  @Override
  public Partitioning outputPartitioning() {
    return outputPartitioning;
  }

  @Override
  public Map<String, SQLMetric> metrics() {
    if (metrics == null) {
      metrics = new Map.Map3<>(
          "numInputRows", SQLMetrics.createMetric(sparkContext(), "number of input rows"),
          "numInputBatches", SQLMetrics.createMetric(sparkContext(), "number of input batches"),
          "numOutputRows", SQLMetrics.createMetric(sparkContext(), "number of output rows"));
    }
    return metrics;
  }

  @Override
  public RDD<InternalRow> doExecute() {
    RDD<ColumnarBatch> batches = child.executeColumnar();
    PartialAggregation aggregation = new PartialAggregation(
        groupingExpressions, aggregateExpressions, child.output(), output,
        conf().objectAggSortBasedFallbackThreshold(), metrics().apply("numInputRows"), metrics().apply("numInputBatches"),
        metrics().apply("numOutputRows"));
    return batches.toJavaRDD().mapPartitions(aggregation::apply).rdd();
  }

  @Override
  protected SparkPlan withChild(SparkPlan newChild) {
    return new LossAggregateOverBatchesExec(groupingExpressions, aggregateExpressions, output,
        outputPartitioning, newChild);
  }

  @Override
  public String nodeName() {
    return "LossAggregateOverBatches";
  }

  @Override
  public String simpleString(int maxFields) {
    List<String> functions = new ArrayList<>();
    for (AggregateExpression e : JavaConverters.seqAsJavaList(aggregateExpressions)) {
      functions.add(e.aggregateFunction().prettyName());
    }
    List<String> keys = new ArrayList<>();
    for (NamedExpression e : JavaConverters.seqAsJavaList(groupingExpressions)) {
      keys.add(((Expression) e).sql());
    }
    return nodeName() + "(keys=" + keys + ", functions=" + functions + ")";
  }

  @Override
  public int productArity() {
    return 5;
  }

  @Override
  public Object productElement(int n) {
    return List.of(groupingExpressions, aggregateExpressions, output, outputPartitioning, child)
        .get(n);
  }

  @Override
  public boolean canEqual(Object that) {
    return that instanceof LossAggregateOverBatchesExec;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof LossAggregateOverBatchesExec)) {
      return false;
    }
    LossAggregateOverBatchesExec that = (LossAggregateOverBatchesExec) o;
    return groupingExpressions.equals(that.groupingExpressions)
        && aggregateExpressions.equals(that.aggregateExpressions) && output.equals(that.output)
        && outputPartitioning.equals(that.outputPartitioning) && child.equals(that.child);
  }

  @Override
  public int hashCode() {
    return Objects.hash(groupingExpressions, aggregateExpressions, output, child);
  }
}
