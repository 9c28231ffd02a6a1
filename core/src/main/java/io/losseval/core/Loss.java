package io.losseval.core;

import io.losseval.core.accum.LossAccumulator;
import io.losseval.core.kernel.KernelProvider;
import io.losseval.core.kernel.LossKernels;
import java.util.List;

/**
 * A loss of {@code torch.nn}, configured with its options and reduction, over batches of rows.
 *
 * <p>Two ways to use one:
 *
 * <ul>
 *   <li>{@link #forward(Batch)}: the per-sample losses, what PyTorch returns with {@code
 *       reduction='none'}, whatever this loss's own reduction is;
 *   <li>{@link #accumulate(Batch, LossAccumulator)} for every batch (on any number of accumulators,
 *       merged in any order with {@link LossAccumulator#combine}), then {@link #result(LossAccumulator)}:
 *       the reduced loss, with the same bits whatever the order, batching or merge tree.
 * </ul>
 *
 * <p>Both validate the batch first and throw {@link LossArgumentException} for input the loss cannot take.
 * Implementations are immutable and thread-safe; the accumulator is not (one per partition).
 */
public interface Loss {

  /** The {@code torch.nn.functional} name, which is also the SQL function's name ({@code mse_loss}). */
  String name();

  /** The reduction {@link #result} applies. */
  Reduction reduction();

  /** The names of the arguments, in PyTorch's order ({@code input, target}). */
  List<String> arguments();

  /** Per-sample losses ({@code reduction='none'}) with the kernels chosen at start-up. */
  default RowLosses forward(Batch batch) {
    return forward(batch, KernelProvider.kernels());
  }

  /** Per-sample losses ({@code reduction='none'}) with the given kernels. */
  RowLosses forward(Batch batch, LossKernels kernels);

  /** Adds a batch to an accumulator, with the kernels chosen at start-up. */
  default void accumulate(Batch batch, LossAccumulator acc) {
    accumulate(batch, acc, KernelProvider.kernels());
  }

  /** Adds a batch to an accumulator with the given kernels. */
  void accumulate(Batch batch, LossAccumulator acc, LossKernels kernels);

  /**
   * The reduced loss of everything accumulated: {@code sum}, {@code mean} (sum over the mean
   * denominator: the number of output elements, or the summed target weights for the class-index losses)
   * or {@code batchmean} (sum over the number of samples). An empty {@code mean} is NaN (0/0) as in
   * PyTorch; an empty {@code sum} is 0.
   *
   * @throws IllegalStateException for {@code reduction=none}, which has no single value
   */
  double result(LossAccumulator acc);
}
