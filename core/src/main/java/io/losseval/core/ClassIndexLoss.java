package io.losseval.core;

import io.losseval.core.accum.LossAccumulator;
import io.losseval.core.accum.SkipReason;
import java.util.List;

/**
 * What {@link NLLLoss} and {@link CrossEntropyLoss} share for class-index targets: the shapes, the
 * {@code weight} and {@code ignore_index} options, and the weighted {@code mean}.
 *
 * <p>Shapes, one sample of PyTorch's batch per row: {@code input [C]} with a scalar {@code target}, or
 * {@code input [C][d]} (nested, {@code C} outermost, {@code d = d1 * d2 * ...}) with {@code target [d]};
 * a flat input row of {@code C * d} values in the same order is taken too. Per-sample output: a number,
 * or {@code [d]}.
 *
 * <p>{@code mean} divides by the summed {@code weight[y]} of the targets that are not {@code ignore_index}
 * (1 each without a weight), as PyTorch does, so a batch whose targets are all ignored has mean NaN (0/0)
 * and sum 0. Ignored targets are counted as {@link SkipReason#IGNORED_TARGET}.
 */
abstract class ClassIndexLoss extends AbstractLoss {
  protected final double[] weight;
  protected final long ignoreIndex;

  ClassIndexLoss(String name, Reduction reduction, double[] weight, long ignoreIndex) {
    super(name, reduction, List.of("input", "target"));
    this.weight = checkFiniteVector("weight", weight);
    this.ignoreIndex = ignoreIndex;
  }

  /** The spatial size {@code d} of row {@code i}: 1 for a scalar target. */
  static int spatial(Column target, int i) {
    return target.isScalar() ? 1 : target.length(i);
  }

  /** Validates the shapes of class-index input and target; returns the layout of the outputs. */
  protected final Layout classIndexLayout(Batch batch) {
    Column input = batch.column(0);
    Column target = batch.column(1);
    if (input.isScalar()) {
      throw LossArgumentException.of(
          name(), "input", "is not an array", "an array of C class scores per row", "a number");
    }
    for (int i = 0; i < batch.rows(); i++) {
      int d = spatial(target, i);
      int len = input.length(i);
      if (input.isNested() && input.innerSize(i) != d) {
        throw badRow(batch, i, "target", "does not match input's trailing dimensions",
            input.innerSize(i) + " class indices", d + " class indices");
      }
      if (d == 0 || len == 0 || len % d != 0) {
        throw badRow(batch, i, "input", "does not hold C scores for each target",
            "a positive multiple of " + d + " values ([C] or [C][d1])", len + " values");
      }
      int c = len / d;
      if (weight != null && weight.length != c) {
        throw badRow(batch, i, "weight", "length differs from the number of classes",
            c + " values (one per class)", weight.length + " values");
      }
    }
    return target.isScalar() ? Layout.perRow(batch.rows()) : Layout.like(target);
  }

  /**
   * Reads the class index at flat target position {@code j} of row {@code i}; returns -1 for {@code
   * ignore_index} and throws for an index outside {@code [0, c)}.
   */
  protected final int classAt(Batch batch, int i, int j, int c) {
    long y = integerAt(batch, 1, i, j);
    if (y == ignoreIndex) {
      return -1;
    }
    if (y < 0 || y >= c) {
      throw badRow(batch, i, "target", "is out of range for " + c + " classes",
          "an index in [0, " + c + ") or ignore_index " + ignoreIndex, y);
    }
    return (int) y;
  }

  /**
   * Adds {@code weight[y]} (or 1) per target that is not ignored, times the row's sample weight when
   * there are sample weights (null: none), and counts the ignored targets.
   */
  protected final void addClassWeights(Batch batch, double[] sampleWeights, LossAccumulator acc) {
    Column input = batch.column(0);
    Column target = batch.column(1);
    long ignored = 0;
    for (int i = 0; i < batch.rows(); i++) {
      int d = spatial(target, i);
      int c = input.length(i) / d;
      for (int j = target.start(i), e = j + d; j < e; j++) {
        int y = classAt(batch, i, j, c);
        if (y < 0) {
          ignored++;
        } else {
          double classWeight = weight == null ? 1.0 : weight[y];
          acc.addWeight(sampleWeights == null ? classWeight : sampleWeights[i] * classWeight);
        }
      }
    }
    if (ignored > 0) {
      acc.skip(SkipReason.IGNORED_TARGET, ignored);
    }
  }
}
