package io.losseval.core;

/**
 * The one exception of losseval for input or options a loss cannot take: arrays of different lengths, a
 * class index out of range, a weight vector of the wrong length, an unknown option, an option outside its
 * domain.
 *
 * <p>Messages have the form {@code "<loss>: <argument> <rule>: expected <x>, found <y>"}, for example
 * {@code "cross_entropy: target out of range for 5 classes (row 3): expected an index in [0, 5) or
 * ignore_index -100, found 7"}. {@link #loss()} and {@link #argument()} carry the first two parts so that
 * callers (the Spark functions, the job) can add the column or config key the argument came from.
 */
public final class LossArgumentException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String loss;
  private final String argument;
  private final String column;

  private LossArgumentException(String loss, String argument, String column, String message) {
    super(message);
    this.loss = loss;
    this.argument = argument;
    this.column = column;
  }

  /**
   * An exception with the message {@code "<loss>: <argument> <rule>: expected <expected>, found
   * <found>"}.
   */
  public static LossArgumentException of(
      String loss, String argument, String rule, String expected, Object found) {
    return new LossArgumentException(
        loss,
        argument,
        null,
        loss + ": " + argument + " " + rule + ": expected " + expected + ", found " + found);
  }

  /**
   * This error with the column (or SQL expression) the argument was read from: the message gains {@code
   * " (column 'label')"} at its end, e.g. {@code "cross_entropy: target is out of range for 3 classes:
   * expected an index in [0, 3) or ignore_index -100, found 7 (column 'label')"}. An error that already
   * names its column, or a null {@code column}, is returned as is.
   */
  public LossArgumentException withColumn(String column) {
    if (column == null || this.column != null) {
      return this;
    }
    LossArgumentException e =
        new LossArgumentException(loss, argument, column, getMessage() + " (column '" + column + "')");
    e.setStackTrace(getStackTrace());
    return e;
  }

  /** The loss's SQL name, e.g. {@code cross_entropy}. */
  public String loss() {
    return loss;
  }

  /** The argument or option at fault, e.g. {@code target} or {@code label_smoothing}. */
  public String argument() {
    return argument;
  }

  /** The column the argument was read from, when a caller added it ({@link #withColumn}); else null. */
  public String column() {
    return column;
  }
}
