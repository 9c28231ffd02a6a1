package io.losseval.spark.expressions;

import io.losseval.core.Loss;
import io.losseval.core.LossCatalog;
import io.losseval.core.LossOptions;
import io.losseval.core.LossSpec;
import java.io.Serializable;

/**
 * What one call of a loss function says, in a form that travels with the query plan: the loss's name,
 * its options in canonical text, and how many of the call's children are loss arguments (an options
 * literal may follow them).
 *
 * @param loss the {@code torch.nn.functional} name ({@code cross_entropy})
 * @param options the validated options in {@link LossOptions#toString() canonical form}
 * @param argumentCount the number of loss arguments ({@code input, target}: 2)
 */
public record LossCall(String loss, String options, int argumentCount) implements Serializable {

  /** A call of {@code spec} with validated {@code options}. */
  public static LossCall of(LossOptions options) {
    return new LossCall(options.spec().name(), options.toString(), options.spec().arguments().size());
  }

  public LossSpec spec() {
    return LossCatalog.spec(loss);
  }

  public LossOptions parsedOptions() {
    return LossOptions.parse(spec(), options);
  }

  /** A new loss instance (losses are immutable; callers cache one per task). */
  public Loss newLoss() {
    return spec().create(parsedOptions());
  }

  /** The name of argument {@code i} ({@code input}, {@code target}, ...). */
  public String argumentName(int i) {
    return spec().arguments().get(i);
  }
}
