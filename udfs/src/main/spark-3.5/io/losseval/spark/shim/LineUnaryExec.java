package io.losseval.spark.shim;

import org.apache.spark.sql.execution.SparkPlan;
import scala.collection.IndexedSeq;
import scala.collection.Seq;
import scala.collection.immutable.List$;

/**
 * A physical operator over one child, whose copy with a new child is written once. Spark 3.5 (Scala 2.12)
 * types a plan's children as {@code scala.collection} sequences.
 */
public abstract class LineUnaryExec extends SparkPlan {
  private static final long serialVersionUID = 1L;

  /** The one input plan. */
  public abstract SparkPlan child();

  /** This operator over {@code child}. */
  protected abstract SparkPlan withChild(SparkPlan child);

  @Override
  public final Seq<SparkPlan> children() {
    return List$.MODULE$.<SparkPlan>empty().$colon$colon(child());
  }

  @Override
  public final SparkPlan withNewChildrenInternal(IndexedSeq<SparkPlan> newChildren) {
    return withChild(newChildren.apply(0));
  }
}
