package io.losseval.core;

import java.util.Locale;

/**
 * PyTorch's {@code reduction} argument.
 *
 * <ul>
 *   <li>{@link #NONE}: no reduction, one loss per sample ({@code reduction='none'}).
 *   <li>{@link #SUM}: the sum of every output element.
 *   <li>{@link #MEAN}: the sum divided by the loss's mean denominator (the number of output elements, or
 *       for {@code nll_loss}/{@code cross_entropy} with class indices the summed weights of the targets
 *       that are not ignored; see each loss).
 *   <li>{@link #BATCHMEAN}: the sum divided by the number of samples {@code N}; {@code kl_div} only.
 * </ul>
 */
public enum Reduction {
  NONE,
  SUM,
  MEAN,
  BATCHMEAN;

  /** The name PyTorch uses: {@code none}, {@code sum}, {@code mean}, {@code batchmean}. */
  public String torchName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses PyTorch's name (case-insensitive); {@code null} if there is no such reduction. */
  static Reduction fromTorchName(String name) {
    for (Reduction r : values()) {
      if (r.torchName().equalsIgnoreCase(name)) {
        return r;
      }
    }
    return null;
  }
}
