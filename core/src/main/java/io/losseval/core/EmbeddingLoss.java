package io.losseval.core;

import java.util.List;

/**
 * What the losses over embedding vectors share: argument rows that are arrays of one common length per
 * row, one loss per row, {@code mean} over rows.
 */
abstract class EmbeddingLoss extends AbstractLoss {
  private final int vectorArguments;

  EmbeddingLoss(String name, Reduction reduction, List<String> arguments, int vectorArguments) {
    super(name, reduction, arguments);
    this.vectorArguments = vectorArguments;
  }

  @Override
  protected Layout layout(Batch batch) {
    if (batch.column(0).isScalar()) {
      throw LossArgumentException.of(
          name(), arguments().get(0), "is not an array", "a vector per row", "a number");
    }
    for (int a = 1; a < vectorArguments; a++) {
      checkSameShape(batch, 0, a);
    }
    return Layout.perRow(batch.rows());
  }
}
