package io.losseval.core;

/** Multiplication of per-element outputs by a weight broadcast over each row's last dimension. */
final class Weights {
  private Weights() {}

  /**
   * {@code out[k] *= weight[p % weight.length]}, where {@code p} is element {@code k}'s position within
   * its row of {@code shape} (outputs laid out like {@code shape}'s values, from 0).
   */
  static void applyLastDim(Column shape, double[] weight, double[] out) {
    int base = shape.begin();
    for (int i = 0; i < shape.rows(); i++) {
      int start = shape.start(i) - base;
      int len = shape.length(i);
      for (int p = 0; p < len; p++) {
        out[start + p] *= weight[p % weight.length];
      }
    }
  }
}
