package io.losseval.spark.shim;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.classic.ExpressionUtils;

/**
 * Between a DataFrame {@link Column} and the Catalyst {@link Expression} it stands for. Spark 4: a column
 * wraps a {@code ColumnNode} (SPARK-49025), converted by the classic session's {@link ExpressionUtils}.
 */
public final class ColumnExpressions {
  private ColumnExpressions() {}

  /** The column that evaluates {@code expression}. */
  public static Column column(Expression expression) {
    return ExpressionUtils.column(expression);
  }

  /** The (unresolved) expression of {@code column}. */
  public static Expression expression(Column column) {
    return ExpressionUtils.expression(column);
  }
}
