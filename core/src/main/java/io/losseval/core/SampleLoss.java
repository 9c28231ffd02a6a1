package io.losseval.core;

import io.losseval.core.kernel.LossKernels;
import java.util.List;

/**
 * A loss with one value per sample (row), reduced over samples: {@code sum} adds them, {@code mean}
 * divides by their number.
 *
 * <p>This is the second form of a custom loss, the seeds' {@code class Custom_MSE(nn.Module)}: extend it
 * and implement {@link #sampleLoss(RowView)}, for example
 *
 * <pre>{@code
 * public final class CustomMSE extends SampleLoss {
 *   public CustomMSE(Reduction reduction) { super("custom_mse", reduction, List.of("input", "target")); }
 *   protected double sampleLoss(RowView row) {
 *     double s = 0;
 *     for (int k = 0; k < row.length(0); k++) {
 *       double d = row.get(0, k) - row.get(1, k);
 *       s += d * d;
 *     }
 *     return s / row.length(0);
 *   }
 * }
 * }</pre>
 *
 * <p>or pass a lambda to {@link CustomLosses#perSample}. It runs in the same batching and exact reduction
 * as the built-in losses. Subclasses must be immutable and thread-safe.
 */
public abstract class SampleLoss extends AbstractLoss {

  protected SampleLoss(String name, Reduction reduction, List<String> arguments) {
    super(name, reduction, arguments);
  }

  /** The loss of one sample. */
  protected abstract double sampleLoss(RowView row);

  @Override
  protected Layout layout(Batch batch) {
    return Layout.perRow(batch.rows());
  }

  @Override
  protected final void compute(Batch batch, LossKernels kernels, double[] out) {
    RowView view = new RowView();
    for (int i = 0; i < batch.rows(); i++) {
      view.moveTo(batch, i);
      out[i] = sampleLoss(view);
    }
  }
}
