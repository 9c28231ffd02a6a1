/**
 * Every loss of {@code torch.nn} in pure Java, computed over primitive batches and reduced exactly.
 *
 * <p>A {@link io.losseval.core.Loss} is built from PyTorch's options ({@link io.losseval.core.LossCatalog}
 * parses the option strings the SQL functions take), validates a {@link io.losseval.core.Batch} of
 * {@link io.losseval.core.Column}s, computes per-sample losses with the kernels of {@link
 * io.losseval.core.kernel}, and reduces them into a mergeable {@link
 * io.losseval.core.accum.LossAccumulator} whose sums are exact, so that {@code sum}, {@code mean} and
 * {@code batchmean} have the same bits for any order, batching or merge tree of the rows.
 */
package io.losseval.core;
