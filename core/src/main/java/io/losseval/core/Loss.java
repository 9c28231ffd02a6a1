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
  default void accumulate(Batch batch, LossAccumulator acc, LossKernels kernels) {
    accumulate(batch, null, acc, kernels);
  }

  /**
   * Adds a batch whose rows carry sample weights (a weight per row where PyTorch has none), with the
   * kernels chosen at start-up.
   */
  default void accumulate(Batch batch, double[] sampleWeights, LossAccumulator acc) {
    accumulate(batch, sampleWeights, acc, KernelProvider.kernels());
  }

  /**
   * Adds a batch whose row {@code i} has sample weight {@code sampleWeights[i]} (finite, {@code >= 0};
   * null: every weight 1). A row's weight multiplies its losses and its share of the {@code mean}
   * denominator, so {@code sum} is the weighted sum and {@code mean} the weighted sum over the summed
   * weights of what {@code mean} divides by ({@code sum_i w_i * n_i} elements, or {@code sum_i w_i *
   * weight[y_i]} for class weights); {@code batchmean} divides by {@code sum_i w_i}. Weights of 1 give
   * the unweighted bits.
   *
   * @throws LossArgumentException for a negative, NaN or infinite weight, or too few weights
   */
  void accumulate(Batch batch, double[] sampleWeights, LossAccumulator acc, LossKernels kernels);

  /**
   * Adds a batch to several accumulators, each with its own sample weights: {@code accs[k]} receives
   * exactly what {@code accumulate(batch, weights[k], accs[k], kernels)} would add, bit for bit. The
   * bootstrap's replicates use it; implementations compute the per-sample losses once for all of them.
   *
   * @throws IllegalArgumentException if the arrays' lengths differ
   * @throws LossArgumentException as {@link #accumulate(Batch, double[], LossAccumulator, LossKernels)}
   */
  default void accumulateEach(
      Batch batch, double[][] weights, LossAccumulator[] accs, LossKernels kernels) {
    if (weights.length != accs.length) {
      throw new IllegalArgumentException(
          weights.length + " weight arrays for " + accs.length + " accumulators");
    }
    for (int k = 0; k < accs.length; k++) {
      accumulate(batch, weights[k], accs[k], kernels);
    }
  }

  /**
   * The reduced loss of everything accumulated: {@code sum}, {@code mean} (sum over the mean
   * denominator: the number of output elements, or the summed target weights for the class-index losses)
   * or {@code batchmean} (sum over the number of samples, or their summed sample weights). An empty {@code mean} is NaN (0/0) as in
   * PyTorch; an empty {@code sum} is 0.
   *
   * @throws IllegalStateException for {@code reduction=none}, which has no single value
   */
  double result(LossAccumulator acc);
}
