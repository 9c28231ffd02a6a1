package io.losseval.jobs.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The times and the result of one line over a workload's measured rounds. Not thread-safe.
 */
final class Measurement {
  private final Variant variant;
  private final List<Long> nanos = new ArrayList<>();
  private double value = Double.NaN;
  private int runs;
  private boolean valueChanged;
  private String dropped;

  Measurement(Variant variant) {
    this.variant = variant;
  }

  Variant variant() {
    return variant;
  }

  /** Records the result of one run (warm-up or measured). */
  void result(double v) {
    if (runs > 0 && Double.doubleToLongBits(v) != Double.doubleToLongBits(value)) {
      valueChanged = true;
    }
    value = v;
    runs++;
  }

  /** Records the time of one measured run. */
  void time(long elapsedNanos) {
    nanos.add(elapsedNanos);
  }

  /** Marks the line as no longer run, for {@code reason}. */
  void drop(String reason) {
    dropped = reason;
  }

  /** Why the line was dropped, or null. */
  String dropped() {
    return dropped;
  }

  boolean isDropped() {
    return dropped != null;
  }

  /** The last run's result. */
  double value() {
    return value;
  }

  /** Whether the result's bits differed between runs (a deterministic line never does). */
  boolean valueChanged() {
    return valueChanged;
  }

  /** The measured times, in order. */
  List<Long> nanos() {
    return List.copyOf(nanos);
  }

  /** Whether any measured time was recorded. */
  boolean hasTimes() {
    return !nanos.isEmpty();
  }

  /** The median time (the mean of the two middle times for an even count); NaN without times. */
  double medianNanos() {
    if (nanos.isEmpty()) {
      return Double.NaN;
    }
    long[] s = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
  }

  /** The fastest measured time; NaN without times. */
  double minNanos() {
    return nanos.isEmpty() ? Double.NaN : Collections.min(nanos);
  }

  /** The slowest measured time; NaN without times. */
  double maxNanos() {
    return nanos.isEmpty() ? Double.NaN : Collections.max(nanos);
  }
}
