package io.losseval.spark.expressions;

import io.losseval.core.CustomLossClass;
import io.losseval.core.Loss;
import io.losseval.core.LossCatalog;
import io.losseval.core.LossOptions;
import io.losseval.core.LossSpec;
import io.losseval.core.bootstrap.PoissonBootstrap;
import java.io.Serializable;

/**
 * What one call of a loss function says, in a form that travels with the query plan: the loss's name,
 * its options in canonical text, how many of the call's children are loss arguments, and whether a
 * sample-weight column follows them, and for a bootstrapped call its settings (the row key is then the
 * child after the inputs; an options literal may come last).
 *
 * @param loss the {@code torch.nn.functional} name ({@code cross_entropy})
 * @param options the validated options in {@link LossOptions#toString() canonical form}
 * @param argumentCount the number of loss arguments ({@code input, target}: 2)
 * @param weighted whether the child after the loss arguments is a per-row sample weight
 * @param lossClass for a custom loss given as a Java class, its name (executors load it); null for the
 *     catalogue's losses
 * @param bootstrap for a {@code <loss>_bootstrap} call, the bootstrap's settings; otherwise null
 */
public record LossCall(String loss, String options, int argumentCount, boolean weighted, String lossClass,
    PoissonBootstrap bootstrap) implements Serializable {

  /** The name of the sample-weight argument in messages. */
  public static final String SAMPLE_WEIGHT = "sample_weight";

  /** A call of {@code spec} with validated {@code options}, with or without a sample weight. */
  public static LossCall of(LossOptions options, boolean weighted) {
    LossSpec spec = options.spec();
    return new LossCall(spec.name(), options.toString(), spec.arguments().size(), weighted,
        spec.customClass(), null);
  }

  /** This call with a bootstrap (its row key is the child after the inputs). */
  public LossCall withBootstrap(PoissonBootstrap settings) {
    return new LossCall(loss, options, argumentCount, weighted, lossClass, settings);
  }

  /**
   * The number of children read per row as loss inputs: the loss arguments and the sample weight (a
   * bootstrap's row key, if any, is the next child).
   */
  public int inputCount() {
    return argumentCount + (weighted ? 1 : 0);
  }

  public LossSpec spec() {
    return lossClass == null ? LossCatalog.spec(loss) : CustomLossClass.spec(lossClass);
  }

  public LossOptions parsedOptions() {
    return LossOptions.parse(spec(), options);
  }

  /** A new loss instance (losses are immutable; callers cache one per task). */
  public Loss newLoss() {
    return spec().create(parsedOptions());
  }

  /** The name of input {@code i} ({@code input}, {@code target}, ..., {@code sample_weight}). */
  public String argumentName(int i) {
    return i == argumentCount ? SAMPLE_WEIGHT : spec().arguments().get(i);
  }
}
