package io.losseval.core;

import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.ToDoubleFunction;

/**
 * Custom losses from lambdas, the seeds' "function implementation" ({@code def
 * custom_mean_square_error(y_predictions, target)}), run in the same batching and exact reduction as the
 * built-in losses.
 *
 * <pre>{@code
 * Loss mse = CustomLosses.elementwise("custom_mse", Reduction.MEAN, (x, y) -> (x - y) * (x - y));
 * Loss worst = CustomLosses.perSample("worst_error", Reduction.MEAN, List.of("input", "target"),
 *     row -> { double m = 0; for (int k = 0; k < row.length(0); k++) m = Math.max(m,
 *         Math.abs(row.get(0, k) - row.get(1, k))); return m; });
 * }</pre>
 */
public final class CustomLosses {
  private CustomLosses() {}

  /**
   * An elementwise loss over {@code input} and {@code target} of the same shape, reduced over elements
   * like {@link MSELoss}. The function must be pure (it is called from several threads).
   */
  public static Loss elementwise(String name, Reduction reduction, DoubleBinaryOperator perElement) {
    return new ElementwiseLoss(name, reduction) {
      @Override
      protected double elementLoss(double input, double target) {
        return perElement.applyAsDouble(input, target);
      }
    };
  }

  /**
   * A loss with one value per row, reduced over rows. The function must be pure and must not keep the
   * {@link RowView} it is given.
   */
  public static Loss perSample(
      String name, Reduction reduction, List<String> arguments, ToDoubleFunction<RowView> perRow) {
    return new SampleLoss(name, reduction, arguments) {
      @Override
      protected double sampleLoss(RowView row) {
        return perRow.applyAsDouble(row);
      }
    };
  }
}
