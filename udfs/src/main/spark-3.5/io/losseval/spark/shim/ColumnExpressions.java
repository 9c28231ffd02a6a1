package io.losseval.spark.shim;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.Expression;

/**
 * Between a DataFrame {@link Column} and the Catalyst {@link Expression} it stands for. Spark 3.5: a
 * column wraps its expression.
 */
public final class ColumnExpressions {
  private ColumnExpressions() {}

  /** The column that evaluates {@code expression}. */
  public static Column column(Expression expression) {
    return new Column(expression);
  }

  /** The (unresolved) expression of {@code column}. */
  public static Expression expression(Column column) {
    return column.expr();
  }
}
