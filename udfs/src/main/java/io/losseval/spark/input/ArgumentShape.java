package io.losseval.spark.input;

/** How one argument's rows are laid out: a number, an array, or an array of arrays. */
public enum ArgumentShape {
  /** A number per row (any numeric column). */
  SCALAR,
  /** An array per row: {@code array<float|double|int|...>} or an MLlib {@code Vector}. */
  ARRAY,
  /** An array of equal-length arrays per row: {@code [C][d]} scores, {@code [T][C]} log-probabilities. */
  NESTED
}
