package io.losseval.core.accum;

/**
 * Bytes that are not a valid, canonical {@link AccumulatorFormat} encoding. The message has the
 * form {@code "accumulator bytes: <field>: expected <x>, found <y>"}.
 */
public final class AccumulatorFormatException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String field;

  public AccumulatorFormatException(String field, Object expected, Object found) {
    super("accumulator bytes: " + field + ": expected " + expected + ", found " + found);
    this.field = field;
  }

  /** The field that failed validation, e.g. {@code "magic"} or {@code "loss sum NaN count"}. */
  public String field() {
    return field;
  }
}
