/**
 * Mergeable, exactly reproducible state of loss reductions.
 *
 * <ul>
 *   <li>{@link io.losseval.core.accum.ExactSum}: an exact sum of doubles, correctly rounded once, so
 *       results have the same bits whatever the order, partitioning and merge tree;
 *   <li>{@link io.losseval.core.accum.LossAccumulator}: the state of one loss reduction (loss and
 *       weight sums, row, element and skip counts), one per partition or group;
 *   <li>{@link io.losseval.core.accum.SkipReason}: why input was left out;
 *   <li>{@link io.losseval.core.accum.AccumulatorFormat}: the versioned, canonical byte form.
 * </ul>
 *
 * <p>Nothing here is thread-safe: use one instance per partition and merge with {@code combine}.
 */
package io.losseval.core.accum;
