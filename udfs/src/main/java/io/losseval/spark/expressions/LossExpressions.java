package io.losseval.spark.expressions;

import io.losseval.core.LossArgumentException;
import io.losseval.spark.input.ArgumentReader;
import io.losseval.spark.input.ArgumentShape;
import java.util.List;
import org.apache.spark.sql.catalyst.analysis.TypeCheckResult;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/** What the loss expressions share: which children are loss arguments, their readers, type checks. */
final class LossExpressions {
  private LossExpressions() {}

  /** The children read per row: the loss arguments and the sample weight (an options literal may follow). */
  static Seq<Expression> arguments(LossCall call, Seq<Expression> children) {
    return children.take(call.inputCount()).toList();
  }

  /** One reader per loss argument, from the arguments' types. */
  static ArgumentReader[] readers(LossCall call, Seq<Expression> children) {
    List<Expression> args = JavaConverters.seqAsJavaList(arguments(call, children));
    ArgumentReader[] readers = new ArgumentReader[args.size()];
    for (int i = 0; i < readers.length; i++) {
      readers[i] = ArgumentReader.forType(call.loss(), call.argumentName(i), args.get(i).dataType());
    }
    if (call.weighted() && readers[call.argumentCount()].shape() != ArgumentShape.SCALAR) {
      throw LossArgumentException.of(call.loss(), LossCall.SAMPLE_WEIGHT, "is not a number",
          "a numeric column (a weight per row)", args.get(call.argumentCount()).dataType().simpleString());
    }
    return readers;
  }

  /** Every loss argument has a type the readers take. */
  static TypeCheckResult checkTypes(LossCall call, Seq<Expression> children) {
    if (call.bootstrap() != null && (children.size() <= call.inputCount()
        || !children.apply(call.inputCount()).dataType().equals(DataTypes.LongType))) {
      return new TypeCheckResult.TypeCheckFailure(call.loss() + "_bootstrap: the row key (the child after"
          + " the inputs) must be a bigint hash: expected xxhash64(...)");
    }
    try {
      readers(call, children);
      return TypeCheckResult.TypeCheckSuccess$.MODULE$;
    } catch (LossArgumentException e) {
      return new TypeCheckResult.TypeCheckFailure(
          withColumn(call, columns(call, children, null), e).getMessage());
    }
  }

  /**
   * The column (or SQL text) each input is read from, as the query names it: a column's name, else
   * the expression's SQL. The names are taken when the expression is first made (from the query's own
   * children) and kept through every later copy ({@code previous}): the optimizer may rewrite a child
   * (a column of constants becomes a literal) and binding turns children into ordinals, but the user's
   * name for the argument stays the same. A child first seen bound has no name (null).
   */
  static String[] columns(LossCall call, Seq<Expression> children, String[] previous) {
    List<Expression> args = JavaConverters.seqAsJavaList(arguments(call, children));
    if (previous != null && previous.length == args.size()) {
      return previous;
    }
    String[] out = new String[args.size()];
    for (int i = 0; i < out.length; i++) {
      Expression e = args.get(i);
      boolean bound = e.find(x -> x instanceof BoundReference).isDefined();
      out[i] = bound ? null : columnName(e);
    }
    return out;
  }

  private static String columnName(Expression e) {
    try {
      return e instanceof NamedExpression ? ((NamedExpression) e).name() : e.sql();
    } catch (RuntimeException x) {
      return e.toString();
    }
  }

  /**
   * {@code e} with the column its argument was read from ({@link LossArgumentException#withColumn}): the
   * input named by {@code e.argument()}, or for an option checked against a row (a class weight of the
   * wrong length) the first argument's column, whose shape it does not fit.
   */
  static LossArgumentException withColumn(LossCall call, String[] columns, LossArgumentException e) {
    if (columns == null || columns.length == 0 || e.column() != null) {
      return e;
    }
    int at = -1;
    for (int i = 0; i < columns.length; i++) {
      if (call.argumentName(i).equals(e.argument())) {
        at = i;
      }
    }
    return e.withColumn(columns[at < 0 ? 0 : at]);
  }
}
