package io.losseval.jobs.bench;

import java.util.Locale;

/**
 * CPU time over an interval, in clock ticks of all CPUs together: how much of the machine this JVM used
 * and how much other processes used. Unavailable ({@link #NONE}) where {@code /proc} is missing.
 *
 * @param totalTicks all CPUs' ticks in any state
 * @param busyTicks ticks spent on anything but idle and I/O wait
 * @param selfTicks ticks this JVM used
 */
record CpuUse(long totalTicks, long busyTicks, long selfTicks) {

  /** Nothing measured. */
  static final CpuUse NONE = new CpuUse(0, 0, 0);

  /** Whether anything was measured. */
  boolean available() {
    return totalTicks > 0;
  }

  /** The share of the machine's CPU time this JVM used. */
  double selfShare() {
    return available() ? (double) selfTicks / totalTicks : 0;
  }

  /** The share of the machine's CPU time other processes used. */
  double othersShare() {
    return available() ? Math.max(0, (double) (busyTicks - selfTicks) / totalTicks) : 0;
  }

  /** The two intervals together. */
  CpuUse plus(CpuUse other) {
    return new CpuUse(totalTicks + other.totalTicks, busyTicks + other.busyTicks, selfTicks + other.selfTicks);
  }

  @Override
  public String toString() {
    return available()
        ? String.format(Locale.ROOT, "this JVM %.0f%%, others %.1f%%", 100 * selfShare(), 100 * othersShare())
        : "n/a";
  }
}
