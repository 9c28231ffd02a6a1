package io.losseval.spark.shim;

import org.apache.spark.sql.execution.SparkPlan;
import scala.collection.immutable.IndexedSeq;
import scala.collection.immutable.List$;
import scala.collection.immutable.Seq;

/**
 * A physical operator over one child, whose copy with a new child is written once. Spark 4 (Scala 2.13)
 * types a plan's children as {@code scala.collection.immutable} sequences.
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
