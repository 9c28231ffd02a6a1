package io.losseval.spark.shim;

import org.apache.spark.sql.execution.SparkPlan;
import scala.collection.immutable.IndexedSeq;

/**
 * A physical operator over one child, whose copy with a new child is written once. Spark 4 (Scala 2.13) passes the new children as a {@code scala.collection.immutable.IndexedSeq}.
 */
public abstract class LineUnaryExec extends SparkPlan {
  private static final long serialVersionUID = 1L;

  /** This operator over {@code child}. */
  protected abstract SparkPlan withChild(SparkPlan child);

  @Override
  public final SparkPlan withNewChildrenInternal(IndexedSeq<SparkPlan> newChildren) {
    return withChild(newChildren.apply(0));
  }
}
