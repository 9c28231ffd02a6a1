package io.losseval.jobs.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The workloads of {@code losseval bench}: which loss, over which generated data, at which default size.
 * {@code mse} and {@code l1} read the same regression data.
 */
enum WorkloadKind {
  /** {@code mse_loss} over {@code (p double, t double)}. */
  MSE("mse", 20_000_000L),
  /** {@code l1_loss} over the same data as {@link #MSE}. */
  L1("l1", 20_000_000L),
  /** {@code cross_entropy} over {@code (logits array<float>, label int)}, 10 classes. */
  CE10("ce10", 2_000_000L),
  /** {@code cross_entropy} over 1000 classes. */
  CE1000("ce1000", 200_000L),
  /** {@code triplet_margin_loss} over {@code (anchor, positive, negative array<float>)}, 128 floats each. */
  TRIPLET("triplet", 1_000_000L);

  private final String key;
  private final long defaultRows;

  WorkloadKind(String key, long defaultRows) {
    this.key = key;
    this.defaultRows = defaultRows;
  }

  /** The name on the command line and in reports ({@code ce10}). */
  String key() {
    return key;
  }

  /** Rows at {@code --scale 1}. */
  long defaultRows() {
    return defaultRows;
  }

  /** Every key, comma-separated, in order. */
  static String keys() {
    return Arrays.stream(values()).map(WorkloadKind::key).collect(Collectors.joining(","));
  }

  /**
   * The workload named {@code key}.
   *
   * @throws IllegalArgumentException naming the valid keys
   */
  static WorkloadKind of(String key) {
    String k = key.trim().toLowerCase(Locale.ROOT);
    for (WorkloadKind w : values()) {
      if (w.key.equals(k)) {
        return w;
      }
    }
    throw new IllegalArgumentException("'" + key + "' is not a workload: expected some of " + keys());
  }
}
