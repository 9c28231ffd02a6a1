package io.losseval.core;

import io.losseval.core.accum.LossAccumulator;
import io.losseval.core.kernel.LossKernels;
import java.util.List;

/**
 * The machinery every loss shares: argument checks, per-sample outputs, and the exact reduction.
 *
 * <p>A loss says where its outputs go ({@link #layout}, which also validates the batch), computes them
 * ({@link #compute}), and says what its {@code mean} divides by ({@link #addMeanDenominator}: by default
 * one per output element). {@link #accumulate} adds the outputs and the denominator to the accumulator's
 * exact sums (the accumulator's weight sum holds the {@code mean} denominator, or for {@code batchmean}
 * the number of samples); {@link #result} divides. Subclasses are immutable and thread-safe.
 */
public abstract class AbstractLoss implements Loss {
  private final String name;
  private final Reduction reduction;
  private final List<String> arguments;

  /**
   * @param name the {@code torch.nn.functional} name
   * @param reduction the reduction; {@code batchmean} only where {@code allowsBatchmean()}
   * @param arguments the argument names in PyTorch's order
   */
  protected AbstractLoss(String name, Reduction reduction, List<String> arguments) {
    this.name = name;
    this.reduction = reduction;
    this.arguments = List.copyOf(arguments);
    if (reduction == Reduction.BATCHMEAN && !allowsBatchmean()) {
      throw LossArgumentException.of(
          name, "reduction", "is not supported", "none, sum or mean", "batchmean");
    }
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Reduction reduction() {
    return reduction;
  }

  @Override
  public final List<String> arguments() {
    return arguments;
  }

  /** Whether {@code reduction=batchmean} is allowed ({@code kl_div} only). */
  protected boolean allowsBatchmean() {
    return false;
  }

  @Override
  public final RowLosses forward(Batch batch, LossKernels kernels) {
    checkArity(batch);
    Layout layout = layout(batch);
    double[] out = new double[layout.count()];
    compute(batch, kernels, out);
    return new RowLosses(
        out, layout.zeroBasedOffsets(batch.rows()), batch.rows(), layout.scalarRows());
  }

  @Override
  public final void accumulate(
      Batch batch, double[] sampleWeights, LossAccumulator acc, LossKernels kernels) {
    checkArity(batch);
    Layout layout = layout(batch);
    if (sampleWeights != null) {
      checkSampleWeights(batch, sampleWeights);
    }
    int n = layout.count();
    double[] out = acc.scratch(0, n);
    computeForReduction(batch, kernels, out);
    if (sampleWeights != null) {
      for (int i = 0; i < batch.rows(); i++) {
        double w = sampleWeights[i];
        for (int j = layout.start(i), e = layout.start(i + 1); j < e; j++) {
          out[j] *= w;
        }
      }
    }
    addComputed(batch, layout, out, sampleWeights, acc);
  }

  /** Computes the batch's contributions once, then weighs and adds them into each accumulator. */
  @Override
  public final void accumulateEach(
      Batch batch, double[][] weights, LossAccumulator[] accs, LossKernels kernels) {
    if (weights.length != accs.length) {
      throw new IllegalArgumentException(
          weights.length + " weight arrays for " + accs.length + " accumulators");
    }
    if (accs.length == 0) {
      return;
    }
    checkArity(batch);
    Layout layout = layout(batch);
    for (double[] w : weights) {
      if (w != null) {
        checkSampleWeights(batch, w);
      }
    }
    int n = layout.count();
    double[] computed = accs[0].scratch(1, n);
    double[] out = accs[0].scratch(2, n);
    computeForReduction(batch, kernels, computed);
    for (int k = 0; k < accs.length; k++) {
      double[] w = weights[k];
      if (w == null) {
        System.arraycopy(computed, 0, out, 0, n);
      } else {
        for (int i = 0; i < batch.rows(); i++) {
          double wi = w[i];
          for (int j = layout.start(i), e = layout.start(i + 1); j < e; j++) {
            out[j] = computed[j] * wi;
          }
        }
      }
      addComputed(batch, layout, out, w, accs[k]);
    }
  }

  /** Adds the (weighted) contributions {@code out[0 .. layout.count())} and the batch's denominator. */
  private void addComputed(
      Batch batch, Layout layout, double[] out, double[] sampleWeights, LossAccumulator acc) {
    int n = layout.count();
    acc.addLosses(out, 0, n);
    acc.addElements(n);
    acc.addRows(batch.rows());
    if (reduction == Reduction.BATCHMEAN) {
      if (sampleWeights == null) {
        acc.addWeight(batch.rows());
      } else {
        acc.addWeights(sampleWeights, 0, batch.rows());
      }
    } else {
      addMeanDenominator(batch, layout, sampleWeights, acc);
    }
  }

  private void checkSampleWeights(Batch batch, double[] w) {
    if (w.length < batch.rows()) {
      throw LossArgumentException.of(name, "sample_weight", "has too few values",
          batch.rows() + " (one per row)", w.length);
    }
    for (int i = 0; i < batch.rows(); i++) {
      if (!(w[i] >= 0) || w[i] == Double.POSITIVE_INFINITY) {
        throw badRow(batch, i, "sample_weight", "is not a finite non-negative number",
            "a weight >= 0", w[i]);
      }
    }
  }

  @Override
  public final double result(LossAccumulator acc) {
    switch (reduction) {
      case SUM:
        return acc.lossSum().value();
      case MEAN:
        return acc.lossSum().value() / acc.weightSum().value();
      case BATCHMEAN:
        return acc.lossSum().value() / acc.weightSum().value();
      default:
        throw new IllegalStateException(
            name + ": reduction=none has no single value; use forward() for per-sample losses");
    }
  }

  /** Validates the batch and says where its outputs go. */
  protected abstract Layout layout(Batch batch);

  /** Writes the per-sample losses ({@code reduction='none'}) to {@code out[0 .. layout.count())}. */
  protected abstract void compute(Batch batch, LossKernels kernels, double[] out);

  /**
   * Writes the contributions to the reduced sum; by default the per-sample losses. ({@code ctc_loss}
   * divides each by its target length for {@code mean}.)
   */
  protected void computeForReduction(Batch batch, LossKernels kernels, double[] out) {
    compute(batch, kernels, out);
  }

  /**
   * Adds this batch's share of the {@code mean} denominator: by default one per output element, times
   * the row's sample weight when there are sample weights (null: none).
   */
  protected void addMeanDenominator(
      Batch batch, Layout layout, double[] sampleWeights, LossAccumulator acc) {
    if (sampleWeights == null) {
      acc.addWeight(layout.count());
      return;
    }
    for (int i = 0; i < batch.rows(); i++) {
      acc.addWeight(sampleWeights[i] * (layout.start(i + 1) - layout.start(i)));
    }
  }

  // ------------------------------------------------------------------ checks shared by the losses

  private void checkArity(Batch batch) {
    if (batch.columnCount() != arguments.size()) {
      throw LossArgumentException.of(
          name,
          "arguments",
          "have the wrong count",
          arguments.size() + " (" + String.join(", ", arguments) + ")",
          batch.columnCount());
    }
  }

  /**
   * The error for a bad value of argument {@code arg} in batch row {@code i}; the row's number is named
   * when the batch is {@linkplain Batch#isNumbered() numbered}.
   */
  protected final LossArgumentException badRow(
      Batch batch, int i, String arg, String rule, String expected, Object found) {
    String where = batch.isNumbered() ? " (row " + (batch.firstRow() + i) + ")" : "";
    return LossArgumentException.of(name, arg, rule + where, expected, found);
  }

  /**
   * Checks that column {@code b} has the same layout as {@code a} row by row (both scalar, or the same
   * array length in every row).
   */
  protected final void checkSameShape(Batch batch, int a, int b) {
    Column ca = batch.column(a);
    Column cb = batch.column(b);
    if (ca.isScalar() != cb.isScalar()) {
      throw LossArgumentException.of(
          name,
          arguments.get(b),
          "does not match " + arguments.get(a) + "'s shape",
          ca.isScalar() ? "a number per row like " + arguments.get(a) : "an array per row like "
              + arguments.get(a),
          cb.isScalar() ? "a number" : "an array");
    }
    if (ca.isScalar()) {
      return;
    }
    for (int i = 0; i < batch.rows(); i++) {
      if (ca.length(i) != cb.length(i)) {
        throw badRow(
            batch,
            i,
            arguments.get(b),
            "length differs from " + arguments.get(a) + "'s",
            ca.length(i) + " values",
            cb.length(i) + " values");
      }
    }
  }

  /** Reads integer argument {@code arg} at flat position {@code j} of row {@code i}. */
  protected final long integerAt(Batch batch, int column, int i, int j) {
    double v = batch.column(column).value(j);
    if (v != Math.rint(v) || Double.isInfinite(v)) {
      throw badRow(
          batch, i, arguments.get(column), "is not a whole number", "an integer", v);
    }
    return (long) v;
  }

  /**
   * Checks that an elementwise weight ({@code weight}, {@code pos_weight}) broadcasts over the last
   * dimension of column {@code column}'s rows, as PyTorch broadcasts a {@code [C]} weight over {@code
   * [N, C]}: its length is 1 or the rows' last dimension. Element {@code k} of a row then takes {@code
   * weight[k % weight.length]}.
   */
  protected final void checkLastDimWeight(Batch batch, int column, String option, double[] weight) {
    if (weight == null) {
      return;
    }
    Column c = batch.column(column);
    for (int i = 0; i < batch.rows(); i++) {
      int last = c.isScalar() ? 1 : c.isNested() ? c.innerSize(i) : c.length(i);
      if (c.length(i) > 0 && weight.length != 1 && weight.length != last) {
        throw badRow(
            batch,
            i,
            option,
            "does not broadcast over " + arguments.get(column) + "'s last dimension",
            last + " values (or 1)",
            weight.length + " values");
      }
    }
  }

  /** Checks an option's vector: every entry finite; null (absent) passes. */
  protected final double[] checkFiniteVector(String option, double[] v) {
    if (v == null) {
      return null;
    }
    if (v.length == 0) {
      throw LossArgumentException.of(name, option, "is empty", "at least one value", "[]");
    }
    for (double x : v) {
      if (!Double.isFinite(x)) {
        throw LossArgumentException.of(name, option, "has a non-finite entry", "finite numbers", x);
      }
    }
    return v.clone();
  }
}
