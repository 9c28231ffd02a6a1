package io.losseval.spark;

import io.losseval.core.LossArgumentException;
import io.losseval.core.LossCatalog;
import io.losseval.core.LossOptions;
import io.losseval.core.LossSpec;
import io.losseval.core.OptionSpec;
import io.losseval.core.Reduction;
import io.losseval.spark.expressions.LossAggregate;
import io.losseval.spark.expressions.LossCall;
import io.losseval.spark.expressions.RowLoss;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.QueryContext;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.types.DataTypes;
import scala.Function1;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * Every loss as Spark SQL functions, under unqualified names:
 *
 * <ul>
 *   <li>{@code <loss>(args..., 'options')}: the aggregate, named as in {@code torch.nn.functional}
 *       ({@code mse_loss}, {@code cross_entropy}, ...), default reduction {@code mean};
 *   <li>{@code row_<loss>(args..., 'options')}: one row's loss, PyTorch's {@code reduction='none'};
 *   <li>{@code <loss>_stats(args..., 'options')}: the aggregate as {@code struct<value, rows,
 *       rows_skipped, skipped>}, so a pipeline sees what was left out.
 * </ul>
 *
 * <p>Arguments come in PyTorch's order, then one optional string literal of options with PyTorch's
 * parameter names: {@code cross_entropy(logits, label, 'reduction=sum, label_smoothing=0.1,
 * weight=[1.0,2.0,0.5]')}. Every loss also takes {@code on_null=skip|error}. The aggregates take a
 * numeric sample-weight column between the arguments and the options ({@code mse_loss(p, t, w)},
 * {@code mse_loss(p, t, w, 'reduction=sum')}), where PyTorch has none: each row's losses and its share
 * of the {@code mean} denominator are multiplied by its weight (weighted sum over summed weights).
 *
 * <pre>{@code
 * LossFunctions.register(spark);
 * spark.sql("SELECT model, mse_loss(prediction, label) FROM preds GROUP BY model");
 * }</pre>
 *
 * <p>Without code, set {@code spark.sql.extensions=io.losseval.spark.LossSessionExtensions} (see {@link
 * LossSessionExtensions}).
 */
public final class LossFunctions {
  /** The prefix of the per-row functions. */
  public static final String ROW_PREFIX = "row_";
  /** The suffix of the struct-returning aggregates. */
  public static final String STATS_SUFFIX = "_stats";

  private LossFunctions() {}

  /** The three kinds of function each loss gets. */
  public enum Kind {
    /** The reduced loss over a group. */
    AGGREGATE,
    /** The reduced loss with row counts. */
    STATS,
    /** One row's loss. */
    ROW;

    /** The SQL name of this kind of function for a loss. */
    public String sqlName(LossSpec spec) {
      switch (this) {
        case ROW:
          return ROW_PREFIX + spec.name();
        case STATS:
          return spec.name() + STATS_SUFFIX;
        default:
          return spec.name();
      }
    }
  }

  /** One SQL function: its name, what it computes, and how Spark builds it. */
  public record Definition(LossSpec spec, Kind kind) {
    public String name() {
      return kind.sqlName(spec);
    }

    public FunctionIdentifier identifier() {
      return FunctionIdentifier.apply(name());
    }

    /** The text of {@code DESCRIBE FUNCTION}. */
    public ExpressionInfo info() {
      return new ExpressionInfo(
          kind == Kind.ROW ? RowLoss.class.getName() : LossAggregate.class.getName(),
          null, name(), usage(spec, kind), "");
    }

    /** The builder Spark calls with the call's (resolved) argument expressions. */
    public Function1<Seq<Expression>, Expression> builder() {
      LossSpec s = spec;
      Kind k = kind;
      return children -> build(s, k, children);
    }
  }

  /** Every function, three per loss, in the catalogue's order. */
  public static List<Definition> definitions() {
    List<Definition> out = new ArrayList<>();
    for (LossSpec spec : LossCatalog.all()) {
      for (Kind kind : Kind.values()) {
        out.add(new Definition(spec, kind));
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** Registers every function in {@code spark}'s session (replacing earlier registrations). */
  public static void register(SparkSession spark) {
    FunctionRegistry registry = spark.sessionState().functionRegistry();
    for (Definition d : definitions()) {
      registry.registerFunction(d.identifier(), d.info(), d.builder());
    }
  }

  /**
   * Builds the expression of one call: checks the argument count, reads and validates the options
   * literal, and checks the reduction fits the kind of function.
   *
   * @throws AnalysisException naming the function and what is wrong
   */
  public static Expression build(LossSpec spec, Kind kind, Seq<Expression> children) {
    List<Expression> args = JavaConverters.seqAsJavaList(children);
    String fn = kind.sqlName(spec);
    int n = spec.arguments().size();
    boolean lastIsText = args.size() > n
        && args.get(args.size() - 1).dataType().equals(DataTypes.StringType);
    boolean weighted = args.size() == n + 2 || (args.size() == n + 1 && !lastIsText);
    if (args.size() < n || args.size() > n + 2) {
      throw analysisError(fn + " takes " + n + " arguments (" + String.join(", ", spec.arguments())
          + "), then optionally a sample-weight column and a string of options: expected " + n
          + " to " + (n + 2) + " arguments, found " + args.size());
    }
    if (args.size() == n + 2 && !lastIsText) {
      throw analysisError(fn + ": the last argument must be the options: expected a string literal"
          + " like 'reduction=sum', found " + args.get(n + 1).sql());
    }
    String text = null;
    if (lastIsText) {
      Expression o = args.get(args.size() - 1);
      if (!o.foldable()) {
        throw analysisError(fn + ": options must be a string literal: expected e.g. 'reduction=sum', found "
            + o.sql());
      }
      Object v = o.eval(null);
      text = v == null ? null : v.toString();
    }
    LossOptions options;
    try {
      options = LossOptions.parse(spec, text);
    } catch (LossArgumentException e) {
      throw analysisError(e.getMessage());
    }
    return expression(options, kind, weighted, children);
  }

  /**
   * The expression for validated options over the argument children: the loss's arguments, then the
   * sample weight if {@code weighted}, then possibly an options literal (kept for the column's name).
   */
  public static Expression expression(
      LossOptions options, Kind kind, boolean weighted, Seq<Expression> children) {
    LossSpec spec = options.spec();
    String fn = kind.sqlName(spec);
    if (kind == Kind.ROW) {
      if (weighted) {
        throw analysisError(fn + ": a sample weight does not apply to a loss per row: expected "
            + spec.arguments().size() + " arguments and an optional string of options");
      }
      if (options.reduction() != Reduction.NONE && options.reduction() != spec.reductions().get(0)) {
        throw analysisError(fn + ": reduction " + options.reduction().torchName()
            + " does not apply: expected none (a loss per row), or " + spec.name()
            + " for a reduced loss");
      }
      return new RowLoss(LossCall.of(options.withReduction(Reduction.NONE), false), children);
    }
    if (options.reduction() == Reduction.NONE) {
      throw analysisError(fn + ": reduction none does not reduce: expected one of "
          + reductionNames(spec) + ", or " + ROW_PREFIX + spec.name() + " for a loss per row");
    }
    try {
      spec.create(options);
    } catch (LossArgumentException e) {
      throw analysisError(e.getMessage());
    }
    return new LossAggregate(LossCall.of(options, weighted),
        kind == Kind.STATS ? LossAggregate.Output.STATS : LossAggregate.Output.VALUE,
        children, 0, 0);
  }

  private static String reductionNames(LossSpec spec) {
    List<String> names = new ArrayList<>();
    for (Reduction r : spec.reductions()) {
      if (r != Reduction.NONE) {
        names.add(r.torchName());
      }
    }
    return String.join(", ", names);
  }

  /**
   * Throws an {@link AnalysisException} with {@code message}, as Spark's own functions fail a query that
   * cannot be analysed. (Declared to return an exception so that callers can write {@code throw
   * analysisError(...)}; Java sees the checked exception as unchecked, as Scala does.)
   */
  static RuntimeException analysisError(String message) {
    throw LossFunctions.<RuntimeException>sneakyThrow(new AnalysisException(message, Option.empty(),
        Option.empty(), Option.empty(), Option.empty(),
        scala.collection.immutable.Map$.MODULE$.empty(), new QueryContext[0]));
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> RuntimeException sneakyThrow(Throwable t) throws T {
    throw (T) t;
  }

  private static String usage(LossSpec spec, Kind kind) {
    String args = String.join(", ", spec.arguments());
    StringBuilder sb = new StringBuilder("_FUNC_(").append(args)
        .append(kind == Kind.ROW ? "[, options]) - " : "[, sample_weight][, options]) - ");
    switch (kind) {
      case ROW:
        sb.append("PyTorch's ").append(spec.torchClass())
            .append(" of one row (reduction='none'): a double, or an array for elementwise losses"
                + " over arrays.");
        break;
      case STATS:
        sb.append("PyTorch's ").append(spec.torchClass())
            .append(" over the group as struct<value, rows, rows_skipped, skipped>.");
        break;
      default:
        sb.append("PyTorch's ").append(spec.torchClass()).append(" over the group's rows (F.")
            .append(spec.name()).append(").");
    }
    sb.append(" Options: reduction=").append(reductionNames(spec)).append(" (default ")
        .append(spec.reductions().get(0).torchName()).append(')');
    for (OptionSpec o : spec.options()) {
      sb.append(", ").append(o.name()).append('=').append(o.defaultValue());
    }
    sb.append(", on_null=skip|error.");
    return sb.toString();
  }
}
