package io.losseval.core;

import java.util.List;
import java.util.function.Function;

/**
 * What the catalogue knows of one loss: its names, arguments and options, and how to build it.
 *
 * @param name the {@code torch.nn.functional} and SQL name ({@code cross_entropy})
 * @param torchClass the {@code torch.nn} class ({@code CrossEntropyLoss})
 * @param arguments argument names in PyTorch's order
 * @param options the options besides {@code reduction}
 * @param reductions the reductions it takes; the first is the default
 * @param sampleShape the shape of one sample's loss ({@code reduction='none'}) given the inputs' shapes
 * @param factory builds the loss from validated options
 * @param customClass for a custom loss given as a Java class, the class's name (what travels to
 *     executors, which rebuild the spec with {@link CustomLossClass#spec}); null for the catalogue's losses
 */
public record LossSpec(
    String name,
    String torchClass,
    List<String> arguments,
    List<OptionSpec> options,
    List<Reduction> reductions,
    SampleShape sampleShape,
    Function<LossOptions, Loss> factory,
    String customClass) {

  /** The shape of one sample's loss with {@code reduction='none'}, as PyTorch returns it. */
  public enum SampleShape {
    /** The shape of the first input: a number, an array, or a nested array ({@code mse_loss}, ...). */
    ELEMENTWISE,
    /**
     * A number for {@code input [C]}, or the {@code [d]} losses for a nested {@code input [C][d]} ({@code
     * nll_loss}, {@code cross_entropy}).
     */
    CLASS_SCORES,
    /** One number per sample whatever the inputs ({@code triplet_margin_loss}, {@code ctc_loss}, ...). */
    SCALAR
  }

  static final List<Reduction> STANDARD = List.of(Reduction.MEAN, Reduction.SUM, Reduction.NONE);
  static final List<Reduction> WITH_BATCHMEAN =
      List.of(Reduction.MEAN, Reduction.SUM, Reduction.NONE, Reduction.BATCHMEAN);

  /** Whether this is a custom loss given as a Java class rather than one of the catalogue's losses. */
  public boolean isCustom() {
    return customClass != null;
  }

  /** The option of this name, or null. */
  public OptionSpec option(String optionName) {
    for (OptionSpec o : options) {
      if (o.name().equals(optionName)) {
        return o;
      }
    }
    return null;
  }

  /** Builds the loss from an option string such as {@code "reduction=sum, label_smoothing=0.1"}. */
  public Loss create(String optionString) {
    return factory.apply(LossOptions.parse(this, optionString));
  }

  /** Builds the loss from parsed options. */
  public Loss create(LossOptions options) {
    return factory.apply(options);
  }
}
