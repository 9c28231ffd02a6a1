package io.losseval.spark.shim;

import java.util.List;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.aggregate.TypedImperativeAggregate;
import scala.collection.JavaConverters;
import scala.collection.immutable.IndexedSeq;

/**
 * A {@link TypedImperativeAggregate} whose copy with new children is written once, over a Java list.
 * Spark 4 (Scala 2.13) passes the new children as a {@code scala.collection.immutable.IndexedSeq}.
 *
 * @param <T> the aggregation buffer
 */
public abstract class LineTypedAggregate<T> extends TypedImperativeAggregate<T> {
  private static final long serialVersionUID = 1L;

  /** This aggregate with {@code children} in place of its own. */
  protected abstract Expression withChildren(List<Expression> children);

  @Override
  public final Expression withNewChildrenInternal(IndexedSeq<Expression> newChildren) {
    return withChildren(JavaConverters.seqAsJavaList(newChildren));
  }
}
