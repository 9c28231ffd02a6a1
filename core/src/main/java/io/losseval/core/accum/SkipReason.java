package io.losseval.core.accum;

/**
 * Why input was left out of a loss. Each reason has a stable numeric {@link #code()} used by the
 * byte format ({@link AccumulatorFormat}): codes are never reused or renumbered, and new reasons
 * get new codes.
 */
public enum SkipReason {
  /** A null argument. */
  NULL_VALUE(1, "a null argument"),
  /** The target equals {@code ignore_index}. */
  IGNORED_TARGET(2, "target equals ignore_index"),
  /** An empty array. */
  EMPTY_ROW(3, "an empty array"),
  /** A NaN or infinite value. */
  NON_FINITE(4, "a NaN or infinite value"),
  /** A value outside the loss's domain. */
  INVALID_VALUE(5, "a value outside the loss's domain");

  private static final SkipReason[] BY_CODE = byCode();

  private final int code;
  private final String description;

  SkipReason(int code, String description) {
    this.code = code;
    this.description = description;
  }

  /** The stable code of this reason in the byte format (1, 2, ...). */
  public int code() {
    return code;
  }

  /** A short human-readable description, e.g. {@code "a null argument"}. */
  public String description() {
    return description;
  }

  /**
   * The reason with the given code.
   *
   * @throws IllegalArgumentException if no reason has that code
   */
  public static SkipReason fromCode(int code) {
    if (code <= 0 || code >= BY_CODE.length || BY_CODE[code] == null) {
      throw new IllegalArgumentException("unknown skip reason code: " + code);
    }
    return BY_CODE[code];
  }

  private static SkipReason[] byCode() {
    int max = 0;
    for (SkipReason r : values()) {
      max = Math.max(max, r.code);
    }
    SkipReason[] table = new SkipReason[max + 1];
    for (SkipReason r : values()) {
      table[r.code] = r;
    }
    return table;
  }
}
