package io.losseval.spark;

import io.losseval.core.LossArgumentException;
import io.losseval.core.LossCatalog;
import io.losseval.core.LossOptions;
import io.losseval.core.LossSpec;
import io.losseval.core.OptionSpec;
import io.losseval.core.Reduction;
import io.losseval.core.bootstrap.PoissonBootstrap;
import io.losseval.spark.expressions.LossAggregate;
import io.losseval.spark.expressions.LossCall;
import io.losseval.spark.expressions.RowLoss;
import io.losseval.spark.shim.FunctionInjection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.catalyst.expressions.XxHash64;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.StringType;
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
 *       rows_skipped, skipped>}, so a pipeline sees what was left out;
 *   <li>{@code <loss>_bootstrap(args..., 'options', replicates, seed)}: the stats with a 95% confidence
 *       interval from a one-pass Poisson bootstrap of {@code replicates} replicates ({@code ci_lower,
 *       ci_upper}) and the replicate values; each row's resampling counts are drawn from the seed and a
 *       hash of the row's arguments, so the interval does not depend on the partitioning.
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
  /** The suffix of the bootstrapped aggregates. */
  public static final String BOOTSTRAP_SUFFIX = "_bootstrap";

  private LossFunctions() {}

  /** The four kinds of function each loss gets. */
  public enum Kind {
    /** The reduced loss over a group. */
    AGGREGATE,
    /** The reduced loss with row counts. */
    STATS,
    /** One row's loss. */
    ROW,
    /** The reduced loss with row counts and a bootstrap confidence interval. */
    BOOTSTRAP;

    /** The SQL name of this kind of function for a loss. */
    public String sqlName(LossSpec spec) {
      switch (this) {
        case ROW:
          return ROW_PREFIX + spec.name();
        case STATS:
          return spec.name() + STATS_SUFFIX;
        case BOOTSTRAP:
          return spec.name() + BOOTSTRAP_SUFFIX;
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

    /** The expression of a call with these (resolved) argument expressions: what Spark's builder calls. */
    public Expression build(List<Expression> arguments) {
      return LossFunctions.build(spec, kind, arguments);
    }
  }

  /** Every function, four per loss, in the catalogue's order. */
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
    SparkSessionExtensions functions = new SparkSessionExtensions();
    for (Definition d : definitions()) {
      FunctionInjection.inject(functions, d.identifier(), d.info(), d::build);
    }
    // Spark's own registration of injected functions, which keys them as that release's registry does
    // (Spark 4.2 by qualified names, system.builtin.<name>; earlier releases by the bare name)
    functions.registerFunctions(spark.sessionState().functionRegistry());
  }

  /**
   * Builds the expression of one call: checks the argument count, reads and validates the options
   * literal, and checks the reduction fits the kind of function.
   *
   * @throws AnalysisException naming the function and what is wrong
   */
  public static Expression build(LossSpec spec, Kind kind, List<Expression> arguments) {
    List<Expression> args = arguments;
    String fn = kind.sqlName(spec);
    PoissonBootstrap bootstrap = null;
    if (kind == Kind.BOOTSTRAP) {
      bootstrap = bootstrapSettings(spec, fn, args);
      args = args.subList(0, args.size() - 2);
    }
    int n = spec.arguments().size();
    boolean lastIsText = args.size() > n
        && args.get(args.size() - 1).dataType() instanceof StringType;
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
    if (bootstrap != null) {
      int inputs = weighted ? n + 1 : n;
      List<Expression> withKey = new ArrayList<>(args.subList(0, inputs));
      // the row key: functions.xxhash64 of the loss's arguments (seed 42)
      withKey.add(new XxHash64(JavaConverters.asScalaBuffer(args.subList(0, n)).toList()));
      withKey.addAll(args.subList(inputs, args.size()));
      return bootstrapExpression(
          options, bootstrap, weighted, JavaConverters.asScalaBuffer(withKey).toList());
    }
    return expression(options, kind, weighted, JavaConverters.asScalaBuffer(args).toList());
  }

  /** The replicates and seed of a {@code <loss>_bootstrap} call: its last two arguments. */
  private static PoissonBootstrap bootstrapSettings(LossSpec spec, String fn, List<Expression> args) {
    int n = spec.arguments().size();
    String form = fn + " takes " + n + " arguments (" + String.join(", ", spec.arguments())
        + "), optionally a sample-weight column and a string of options, then the number of"
        + " replicates and a seed (integer literals)";
    if (args.size() < n + 2) {
      throw analysisError(form + ": expected " + (n + 2) + " to " + (n + 4) + " arguments, found "
          + args.size());
    }
    Expression replicates = args.get(args.size() - 2);
    Expression seed = args.get(args.size() - 1);
    for (Expression e : List.of(replicates, seed)) {
      if (!e.foldable() || !(e.dataType() instanceof IntegralType) || e.eval(null) == null) {
        throw analysisError(form + ": expected e.g. " + fn + "(" + String.join(", ", spec.arguments())
            + ", 200, 42), found " + e.sql() + " where an integer literal belongs");
      }
    }
    long b = ((Number) replicates.eval(null)).longValue();
    if (b < 1 || b > PoissonBootstrap.MAX_REPLICATES) {
      throw analysisError(fn + ": replicates is out of range: expected 1.."
          + PoissonBootstrap.MAX_REPLICATES + " (200 is usual), found " + b);
    }
    return new PoissonBootstrap((int) b, ((Number) seed.eval(null)).longValue());
  }

  /**
   * The {@code <loss>_bootstrap} aggregate for validated options over its children: the loss's
   * arguments, the sample weight if {@code weighted}, the row key (a {@code bigint}: rows with equal keys
   * are resampled together), then possibly an options literal.
   */
  public static Expression bootstrapExpression(LossOptions options, PoissonBootstrap bootstrap,
      boolean weighted, Seq<Expression> children) {
    LossSpec spec = options.spec();
    String fn = Kind.BOOTSTRAP.sqlName(spec);
    if (options.reduction() == Reduction.NONE) {
      throw analysisError(fn + ": reduction none does not reduce: expected one of "
          + reductionNames(spec));
    }
    try {
      spec.create(options);
    } catch (LossArgumentException e) {
      throw analysisError(e.getMessage());
    }
    return new LossAggregate(LossCall.of(options, weighted).withBootstrap(bootstrap),
        LossAggregate.Output.BOOTSTRAP, children, 0, 0);
  }

  /**
   * The expression for validated options over the argument children: the loss's arguments, then the
   * sample weight if {@code weighted}, then possibly an options literal (kept for the column's name).
   */
  public static Expression expression(
      LossOptions options, Kind kind, boolean weighted, Seq<Expression> children) {
    LossSpec spec = options.spec();
    String fn = kind.sqlName(spec);
    if (kind == Kind.BOOTSTRAP) {
      throw new IllegalArgumentException(fn + " needs its settings: use bootstrapExpression");
    }
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
   *
   * <p>The exception carries Spark's error class {@value #ERROR_CLASS}, whose message is the parameter
   * alone, on Spark 3.5 and 4: so {@code getMessage()} is {@code message} on both, and PySpark 4, which
   * builds the message of a JVM error from its error class, shows it too.
   */
  static RuntimeException analysisError(String message) {
    throw LossFunctions.<RuntimeException>sneakyThrow(
        new AnalysisException(ERROR_CLASS, new scala.collection.immutable.Map.Map1<>("errorMessage", message)));
  }

  /** Spark's error class of a free-form analysis message ({@code "<errorMessage>"}). */
  static final String ERROR_CLASS = "_LEGACY_ERROR_TEMP_1332";

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> RuntimeException sneakyThrow(Throwable t) throws T {
    throw (T) t;
  }

  private static String usage(LossSpec spec, Kind kind) {
    String args = String.join(", ", spec.arguments());
    StringBuilder sb = new StringBuilder("_FUNC_(").append(args)
        .append(kind == Kind.ROW ? "[, options]) - "
            : kind == Kind.BOOTSTRAP ? "[, sample_weight][, options], replicates, seed) - "
            : "[, sample_weight][, options]) - ");
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
      case BOOTSTRAP:
        sb.append("PyTorch's ").append(spec.torchClass())
            .append(" over the group as struct<value, rows, rows_skipped, skipped, ci_lower, ci_upper,"
                + " replicates>: a 95% interval from a one-pass Poisson bootstrap.");
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
