package io.losseval.spark.shim;

import java.util.List;
import org.apache.spark.sql.catalyst.expressions.Expression;
import scala.collection.JavaConverters;
import scala.collection.IndexedSeq;

/**
 * An {@link Expression} whose copy with new children is written once, over a Java list. Spark 3.5 (Scala
 * 2.12) passes the new children as a {@code scala.collection.IndexedSeq}.
 */
public abstract class LineExpression extends Expression {
  private static final long serialVersionUID = 1L;

  /** This expression with {@code children} in place of its own. */
  protected abstract Expression withChildren(List<Expression> children);

  @Override
  public final Expression withNewChildrenInternal(IndexedSeq<Expression> newChildren) {
    return withChildren(JavaConverters.seqAsJavaList(newChildren));
  }
}
