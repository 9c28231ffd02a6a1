package io.losseval.spark;

import io.losseval.core.LossArgumentException;
import io.losseval.core.LossOptions;
import io.losseval.core.LossSpec;
import io.losseval.core.NullPolicy;
import io.losseval.core.OptionSpec;
import io.losseval.core.Reduction;
import io.losseval.core.bootstrap.PoissonBootstrap;
import io.losseval.spark.shim.ColumnExpressions;
import io.losseval.spark.shim.LineColumn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.aggregate.AggregateFunction;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.JavaConverters;

/**
 * A loss over DataFrame columns that is itself a {@link Column}: use it in {@code agg}/{@code select},
 * or refine it first. Each refinement returns a new column; options are validated as they are set, so
 * a wrong option fails where it is written.
 *
 * <pre>{@code
 * df.groupBy("model").agg(
 *     Losses.crossEntropy(col("logits"), col("label")).labelSmoothing(0.1).weight(1.0, 2.0, 0.5)
 *         .reduction(Reduction.SUM).as("ce"));
 * df.select(Losses.mseLoss(col("p"), col("t")).perRow().as("loss"));   // reduction='none'
 * }</pre>
 *
 * <p>The column is the same expression SQL builds for {@code cross_entropy(logits, label, '...')}, so
 * both give the same bits; its name reads like that SQL call.
 */
public final class LossColumn extends LineColumn {
  private final LossSpec spec;
  private final LossFunctions.Kind kind;
  private final List<Column> arguments;
  private final Map<String, Object> options;
  private final Reduction reduction;
  private final NullPolicy nullPolicy;
  private final Column sampleWeight;

  LossColumn(LossSpec spec, LossFunctions.Kind kind, List<Column> arguments,
      Map<String, Object> options, Reduction reduction, NullPolicy nullPolicy, Column sampleWeight) {
    super(expression(spec, kind, arguments, options, reduction, nullPolicy, sampleWeight));
    this.spec = spec;
    this.kind = kind;
    this.arguments = List.copyOf(arguments);
    this.options = options;
    this.reduction = reduction;
    this.nullPolicy = nullPolicy;
    this.sampleWeight = sampleWeight;
  }

  static LossColumn of(LossSpec spec, Column... arguments) {
    checkArity(spec, arguments.length);
    return new LossColumn(spec, LossFunctions.Kind.AGGREGATE, Arrays.asList(arguments),
        new LinkedHashMap<>(), null, null, null);
  }

  /** Checks that a Java caller gave the loss's number of arguments. */
  static void checkArity(LossSpec spec, int count) {
    if (count != spec.arguments().size()) {
      throw LossArgumentException.of(spec.name(), "arguments", "have the wrong count",
          spec.arguments().size() + " (" + String.join(", ", spec.arguments()) + ")", count);
    }
  }

  static Column fromText(LossSpec spec, String text, Column sampleWeight, Column... arguments) {
    checkArity(spec, arguments.length);
    return ColumnExpressions.column(build(LossOptions.parse(spec, text), LossFunctions.Kind.AGGREGATE,
        Arrays.asList(arguments), sampleWeight));
  }

  static Column fromOptions(LossOptions options, LossFunctions.Kind kind, Column sampleWeight,
      Column... arguments) {
    checkArity(options.spec(), arguments.length);
    return ColumnExpressions.column(build(options, kind, Arrays.asList(arguments), sampleWeight));
  }

  private static Expression expression(LossSpec spec, LossFunctions.Kind kind, List<Column> arguments,
      Map<String, Object> options, Reduction reduction, NullPolicy nullPolicy, Column sampleWeight) {
    return build(parse(spec, options, reduction, nullPolicy), kind, arguments, sampleWeight);
  }

  /**
   * The expression SQL builds for the same call: the arguments, the sample weight if any, and the
   * options that differ from the defaults as a literal (which names the column like the SQL call);
   * aggregates wrapped in an {@code AggregateExpression}.
   */
  /**
   * The {@code <loss>_bootstrap} aggregate: the arguments, the sample weight if any, the row key ({@code
   * xxhash64(key)}, or {@code xxhash64} of the arguments when {@code key} is null), then the options.
   */
  static Column bootstrap(LossOptions options, PoissonBootstrap bootstrap, Column sampleWeight,
      Column key, Column... arguments) {
    checkArity(options.spec(), arguments.length);
    List<Expression> children = new ArrayList<>();
    for (Column c : arguments) {
      children.add(ColumnExpressions.expression(c));
    }
    if (sampleWeight != null) {
      children.add(ColumnExpressions.expression(sampleWeight));
    }
    children.add(ColumnExpressions.expression(
        key == null ? functions.xxhash64(arguments) : functions.xxhash64(key)));
    String nonDefault = options.toNonDefaultString();
    if (!nonDefault.isEmpty()) {
      children.add(Literal.create(nonDefault, DataTypes.StringType));
    }
    Expression e = LossFunctions.bootstrapExpression(options, bootstrap, sampleWeight != null,
        JavaConverters.asScalaBuffer(children).toList());
    return ColumnExpressions.column(((AggregateFunction) e).toAggregateExpression());
  }

  private static Expression build(LossOptions parsed, LossFunctions.Kind kind, List<Column> arguments,
      Column sampleWeight) {
    List<Expression> children = new ArrayList<>();
    for (Column c : arguments) {
      children.add(ColumnExpressions.expression(c));
    }
    if (sampleWeight != null) {
      children.add(ColumnExpressions.expression(sampleWeight));
    }
    // a per-row loss is named like the SQL call row_<loss>(args...), without a reduction
    String nonDefault = (kind == LossFunctions.Kind.ROW
        ? parsed.withReduction(parsed.spec().reductions().get(0)) : parsed).toNonDefaultString();
    if (!nonDefault.isEmpty()) {
      children.add(Literal.create(nonDefault, DataTypes.StringType));
    }
    Expression e = LossFunctions.expression(
        parsed, kind, sampleWeight != null, JavaConverters.asScalaBuffer(children).toList());
    return e instanceof AggregateFunction ? ((AggregateFunction) e).toAggregateExpression() : e;
  }

  private static LossOptions parse(LossSpec spec, Map<String, Object> options, Reduction reduction,
      NullPolicy nullPolicy) {
    LossOptions.Builder b = LossOptions.builder(spec);
    if (reduction != null) {
      b.reduction(reduction);
    }
    if (nullPolicy != null) {
      b.nullPolicy(nullPolicy);
    }
    options.forEach(b::set);
    return b.build();
  }

  private LossColumn with(String name, Object value) {
    OptionSpec o = spec.option(name);
    Object v = value;
    if (o != null && o.type() == OptionSpec.Type.INTEGER && value instanceof Number
        && ((Number) value).doubleValue() == Math.rint(((Number) value).doubleValue())) {
      v = ((Number) value).longValue();
    }
    Map<String, Object> next = new LinkedHashMap<>(options);
    next.put(name, v);
    return new LossColumn(spec, kind, arguments, next, reduction, nullPolicy, sampleWeight);
  }

  // ------------------------------------------------------------------------------------ the variants

  /** The loss of each row (PyTorch's {@code reduction='none'}): {@code row_<loss>}. */
  public LossColumn perRow() {
    return new LossColumn(spec, LossFunctions.Kind.ROW, arguments, options, null, nullPolicy,
        sampleWeight);
  }

  /** The reduced loss with rows used and skipped: {@code <loss>_stats}. */
  public LossColumn stats() {
    return new LossColumn(spec, LossFunctions.Kind.STATS, arguments, options, reduction, nullPolicy,
        sampleWeight);
  }

  /** {@code sum}, {@code mean} (the default) or {@code batchmean} ({@code kl_div}). */
  public LossColumn reduction(Reduction r) {
    return new LossColumn(spec, kind, arguments, options, r, nullPolicy, sampleWeight);
  }

  /** What a row with a null argument does: skipped and counted (the default), or an error. */
  public LossColumn onNull(NullPolicy policy) {
    return new LossColumn(spec, kind, arguments, options, reduction, policy, sampleWeight);
  }

  /**
   * A per-row sample weight (where PyTorch has none): each row's losses and its share of the {@code
   * mean} denominator are multiplied by it, so {@code mean} is the weighted sum over the summed weights
   * and {@code sum} the weighted sum. Weights must be finite and {@code >= 0}; a null weight skips the
   * row like any null argument. Not for {@link #perRow()}.
   */
  public LossColumn sampleWeight(Column weight) {
    return new LossColumn(spec, kind, arguments, options, reduction, nullPolicy, weight);
  }

  /**
   * Any option by PyTorch's name: a number, a whole number, a boolean, a {@code double[]} or a word.
   *
   * @throws LossArgumentException when the loss has no such option or the value has the wrong form
   */
  public LossColumn option(String name, Object value) {
    return with(name, value);
  }

  // ----------------------------------------------------------------- PyTorch's options, by their names

  /** {@code weight}: per class ({@code nll_loss}, {@code cross_entropy}, ...) or per element. */
  public LossColumn weight(double... weight) {
    return with("weight", weight);
  }

  public LossColumn ignoreIndex(long ignoreIndex) {
    return with("ignore_index", ignoreIndex);
  }

  public LossColumn labelSmoothing(double labelSmoothing) {
    return with("label_smoothing", labelSmoothing);
  }

  public LossColumn posWeight(double... posWeight) {
    return with("pos_weight", posWeight);
  }

  public LossColumn margin(double margin) {
    return with("margin", margin);
  }

  public LossColumn beta(double beta) {
    return with("beta", beta);
  }

  public LossColumn delta(double delta) {
    return with("delta", delta);
  }

  /** {@code p}: the norm degree ({@code triplet_margin_loss}) or 1 or 2 ({@code multi_margin_loss}). */
  public LossColumn p(double p) {
    return with("p", p);
  }

  public LossColumn eps(double eps) {
    return with("eps", eps);
  }

  public LossColumn swap(boolean swap) {
    return with("swap", swap);
  }

  /** {@code distance}: {@code pairwise} or {@code cosine} ({@code triplet_margin_with_distance_loss}). */
  public LossColumn distance(String distance) {
    return with("distance", distance);
  }

  public LossColumn logTarget(boolean logTarget) {
    return with("log_target", logTarget);
  }

  /** {@code negative_target}: {@code nan}, {@code zero} or {@code error} ({@code kl_div}). */
  public LossColumn negativeTarget(String negativeTarget) {
    return with("negative_target", negativeTarget);
  }

  public LossColumn logInput(boolean logInput) {
    return with("log_input", logInput);
  }

  public LossColumn full(boolean full) {
    return with("full", full);
  }

  public LossColumn blank(long blank) {
    return with("blank", blank);
  }

  public LossColumn zeroInfinity(boolean zeroInfinity) {
    return with("zero_infinity", zeroInfinity);
  }
}
