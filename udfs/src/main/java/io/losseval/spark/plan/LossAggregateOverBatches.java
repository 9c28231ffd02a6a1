package io.losseval.spark.plan;

import io.losseval.spark.expressions.LossAggregate;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.aggregate.AggregateExpression;
import org.apache.spark.sql.catalyst.expressions.aggregate.Partial$;
import org.apache.spark.sql.catalyst.rules.Rule;
import org.apache.spark.sql.execution.ColumnarRule;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.aggregate.ObjectHashAggregateExec;
import scala.collection.JavaConverters;
import scala.runtime.AbstractPartialFunction;

/**
 * Plans {@link LossAggregateOverBatchesExec} in place of Spark's partial aggregate when every function
 * of the aggregate is a losseval loss and its input is a columnar scan (Parquet and ORC with the
 * vectorized reader): the aggregate then reads the scan's batches, not rows converted from them.
 *
 * <p>Applied after Spark inserts its columnar-to-row transitions: it matches {@code
 * ObjectHashAggregate(Partial) <- ColumnarToRow <- columnar plan} and drops the transition. Anything
 * else (a {@code FILTER} clause, {@code DISTINCT}, another aggregate in the same query, a row-based
 * input) keeps Spark's plan. Installed by {@link io.losseval.spark.LossSessionExtensions}; {@value
 * #ENABLED} {@code = false} turns it off for a session.
 */
public final class LossAggregateOverBatches extends ColumnarRule {
  /** The session setting that turns the columnar partial aggregate on (default) or off. */
  public static final String ENABLED = "spark.losseval.columnarAggregate.enabled";

  private final SparkSession session;

  public LossAggregateOverBatches(SparkSession session) {
    this.session = session;
  }

  @Override
  public Rule<SparkPlan> postColumnarTransitions() {
    return new Rule<>() {
      @Override
      public SparkPlan apply(SparkPlan plan) {
        if (!Boolean.parseBoolean(session.conf().get(ENABLED, "true"))) {
          return plan;
        }
        return plan.transformUp(new AbstractPartialFunction<SparkPlan, SparkPlan>() {
          @Override
          public boolean isDefinedAt(SparkPlan p) {
            return applies(p);
          }

          @Override
          @SuppressWarnings("unchecked")
          public <A1 extends SparkPlan, B1> B1 applyOrElse(A1 p, scala.Function1<A1, B1> fallback) {
            return applies(p) ? (B1) replace((ObjectHashAggregateExec) p) : fallback.apply(p);
          }
        });
      }
    };
  }

  /** True for a partial aggregate of losses alone over a columnar plan. */
  static boolean applies(SparkPlan plan) {
    if (!(plan instanceof ObjectHashAggregateExec)) {
      return false;
    }
    ObjectHashAggregateExec agg = (ObjectHashAggregateExec) plan;
    if (!(agg.child() instanceof ColumnarToRowExec)) {
      return false;
    }
    List<AggregateExpression> aggregates = JavaConverters.seqAsJavaList(agg.aggregateExpressions());
    if (aggregates.isEmpty()) {
      return false;
    }
    for (AggregateExpression e : aggregates) {
      if (e.mode() != Partial$.MODULE$ || e.isDistinct() || e.filter().isDefined()
          || !(e.aggregateFunction() instanceof LossAggregate)) {
        return false;
      }
    }
    return agg.output().size() == agg.groupingExpressions().size() + aggregates.size();
  }

  private static SparkPlan replace(ObjectHashAggregateExec agg) {
    SparkPlan columnar = ((ColumnarToRowExec) agg.child()).child();
    return new LossAggregateOverBatchesExec(agg.groupingExpressions(), agg.aggregateExpressions(),
        agg.output(), agg.outputPartitioning(), columnar);
  }
}
