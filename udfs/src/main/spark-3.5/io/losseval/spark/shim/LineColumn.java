package io.losseval.spark.shim;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.Expression;

/**
 * A {@link Column} subclass built from a Catalyst expression. Spark 3.5: a column wraps its expression.
 */
public abstract class LineColumn extends Column {
  protected LineColumn(Expression expression) {
    super(expression);
  }
}
