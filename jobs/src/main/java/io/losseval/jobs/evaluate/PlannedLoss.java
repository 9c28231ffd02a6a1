package io.losseval.jobs.evaluate;

import io.losseval.core.LossOptions;
import java.util.List;

/**
 * One result column of an evaluation: a loss with its options and one reduction, and the columns or SQL
 * expressions its arguments read.
 *
 * @param name the loss's name in the results ({@code cross_entropy}, or a custom loss's name)
 * @param kind how the loss is defined
 * @param options the validated options, with this result's reduction
 * @param arguments one column name or SQL expression per loss argument, in PyTorch's order
 * @param pointer the config key that defined it ({@code /losses/2}), for errors
 */
public record PlannedLoss(
    String name, Kind kind, LossOptions options, List<String> arguments, String pointer) {

  /** How a loss is defined in the config. */
  public enum Kind {
    /** A loss of the catalogue, by name. */
    BUILT_IN,
    /** A custom loss: a SQL expression per row, reduced by mean or sum. */
    SQL_EXPRESSION,
    /** A custom loss: a Java class implementing core's {@code Loss}. */
    JAVA_CLASS
  }

  /** The reduction's PyTorch name ({@code mean}). */
  public String reduction() {
    return options.reduction().torchName();
  }

  /** The options other than the reduction that differ from the defaults, as text ({@code ""} for none). */
  public String optionsText() {
    return options.withReduction(options.spec().reductions().get(0)).toNonDefaultString();
  }
}
