package io.losseval.spark.shim;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.classic.ExpressionColumnNode$;

/**
 * A {@link Column} subclass built from a Catalyst expression. Spark 4: the column holds the expression
 * in an {@code ExpressionColumnNode}, which classic sessions resolve as the expression itself.
 */
public abstract class LineColumn extends Column {
  protected LineColumn(Expression expression) {
    super(ExpressionColumnNode$.MODULE$.apply(expression));
  }
}
