package io.losseval.core.examples;

import io.losseval.core.ElementwiseLoss;
import io.losseval.core.Reduction;

/**
 * The seeds' class implementation of a custom loss, {@code class Custom_MSE(nn.Module)} whose {@code
 * forward} returns {@code torch.mean(torch.square(predictions - target))}: the squared difference per
 * element, averaged over every element ({@code mean}) or added ({@code sum}). It gives the same bits as
 * the built-in {@code mse_loss}.
 *
 * <p>A job config names it by class ({@code class: io.losseval.core.examples.CustomMSE}); any public class
 * implementing {@link io.losseval.core.Loss} with a public {@code (Reduction)} constructor works the same
 * way (see {@link io.losseval.core.CustomLossClass}).
 */
public final class CustomMSE extends ElementwiseLoss {

  public CustomMSE(Reduction reduction) {
    super("custom_mse", reduction);
  }

  @Override
  protected double elementLoss(double input, double target) {
    double d = input - target;
    return d * d;
  }
}
