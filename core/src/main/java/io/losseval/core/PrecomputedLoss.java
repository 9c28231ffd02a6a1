package io.losseval.core;

import java.util.List;

/**
 * Per-sample losses computed elsewhere, reduced here: the seeds' first form of a custom loss, a SQL
 * expression per row ({@code (prediction - target) * (prediction - target)}) whose values this loss adds
 * ({@code sum}) or averages over rows ({@code mean}) with the same exact, order-independent reduction as
 * the built-in losses. Its one argument, {@code loss}, is a number per row.
 *
 * <p>PyTorch equivalent: {@code losses.sum()} or {@code losses.mean()} of a 1-D tensor of per-sample
 * losses.
 */
public final class PrecomputedLoss extends SampleLoss {
  /** The loss's name, and the name of its one argument's column in messages. */
  public static final String NAME = "precomputed_loss";

  public PrecomputedLoss(Reduction reduction) {
    super(NAME, reduction, List.of("loss"));
  }

  @Override
  protected double sampleLoss(RowView row) {
    return row.scalar(0);
  }

  @Override
  protected Layout layout(Batch batch) {
    Column c = batch.column(0);
    if (!c.isScalar()) {
      throw LossArgumentException.of(
          name(), "loss", "is not a number per row", "one loss value per row", "an array per row");
    }
    return super.layout(batch);
  }
}
