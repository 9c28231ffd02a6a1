package io.losseval.core;

import io.losseval.core.kernel.LossKernels;
import java.util.List;

/**
 * A loss computed element by element over {@code input} and {@code target} of the same shape, reduced
 * over every element: {@code sum} adds all {@code l(x, y)}, {@code mean} divides by their count (PyTorch's
 * {@code numel}). Per-sample output has the shape of the input row.
 *
 * <p>This is also the first of the two forms of a custom loss (the seeds' {@code
 * custom_mean_square_error}): extend it and implement {@link #elementLoss(double, double)}, or pass a
 * lambda to {@link CustomLosses#elementwise}. The built-in losses override {@link #computeElements} with
 * SIMD kernels.
 */
public abstract class ElementwiseLoss extends AbstractLoss {

  protected ElementwiseLoss(String name, Reduction reduction) {
    super(name, reduction, List.of("input", "target"));
  }

  /** The loss of one element. */
  protected abstract double elementLoss(double input, double target);

  @Override
  protected Layout layout(Batch batch) {
    checkSameShape(batch, 0, 1);
    checkValues(batch);
    return Layout.like(batch.column(0));
  }

  /** Checks the values' domain; by default any value is accepted. */
  protected void checkValues(Batch batch) {}

  @Override
  protected final void compute(Batch batch, LossKernels kernels, double[] out) {
    Column input = batch.column(0);
    computeElements(input, batch.column(1), kernels, out, input.totalLength());
  }

  /**
   * Writes {@code out[i] = elementLoss(input_i, target_i)} for the batch's {@code n} flattened elements;
   * built-in losses override this with a kernel.
   */
  protected void computeElements(
      Column input, Column target, LossKernels kernels, double[] out, int n) {
    double[] x = input.doubles();
    double[] y = target.doubles();
    int xo = input.begin();
    int yo = target.begin();
    for (int i = 0; i < n; i++) {
      out[i] = elementLoss(x[xo + i], y[yo + i]);
    }
  }
}
