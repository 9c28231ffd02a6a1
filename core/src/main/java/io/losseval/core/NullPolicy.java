package io.losseval.core;

import java.util.Locale;

/**
 * What a loss over a table does with a row that holds a null in any of its inputs: the {@code on_null}
 * option, which every loss takes.
 *
 * <ul>
 *   <li>{@link #SKIP} (the default): the row is left out and counted, as Spark's {@code avg} leaves out
 *       nulls; the count is reported by the {@code _stats} functions and the evaluation job.
 *   <li>{@link #ERROR}: the query fails, naming the function, the argument and the row.
 * </ul>
 *
 * <p>PyTorch tensors cannot hold nulls, so this has no PyTorch equivalent; NaN is not null and propagates
 * as in PyTorch whatever this says.
 */
public enum NullPolicy {
  SKIP,
  ERROR;

  /** The option value: {@code skip} or {@code error}. */
  public String optionValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  static NullPolicy fromOptionValue(String value) {
    for (NullPolicy p : values()) {
      if (p.optionValue().equalsIgnoreCase(value.trim())) {
        return p;
      }
    }
    return null;
  }
}
