package io.losseval.jobs.bench;

import java.util.List;
import java.util.Locale;

/**
 * What timing a workload gave: each line's measurement, and the derived numbers both reports print
 * (rows per second, time relative to losseval's SQL line, agreement with its result, the exact sum's
 * cost relative to the plain sum).
 *
 * @param workload the workload
 * @param measurements one per line, in the workload's order (the reference first)
 * @param cpu CPU use over the kept measured rounds
 * @param discardedRounds measured rounds discarded because other processes were busy
 * @param waitedSeconds seconds spent waiting for a quiet machine during this workload
 */
record WorkloadResult(Workload workload, List<Measurement> measurements, CpuUse cpu, int discardedRounds,
    double waitedSeconds) {

  WorkloadResult {
    measurements = List.copyOf(measurements);
  }

  /** losseval's SQL line. */
  Measurement reference() {
    return measurements.get(0);
  }

  /** The line named {@code id}. */
  Measurement line(String id) {
    return measurements.stream().filter(m -> m.variant().id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no line " + id + " in " + workload.kind().key()));
  }

  /** Rows per second at the line's median time; NaN without times. */
  double rowsPerSecond(Measurement m) {
    return workload.data().rows() / (m.medianNanos() / 1e9);
  }

  /** The line's median time over losseval's SQL line's (2.0: takes twice as long); NaN without times. */
  double timeVsReference(Measurement m) {
    return m.medianNanos() / reference().medianNanos();
  }

  /**
   * {@code |x - ref| / |ref|} between the line's result and losseval's SQL result ({@code |x - ref|} when
   * {@code ref} is 0); NaN for the scan floor, which computes no loss.
   */
  double relativeDifference(Measurement m) {
    if (!m.variant().computesTheLoss()) {
      return Double.NaN;
    }
    double ref = reference().value();
    double diff = Math.abs(m.value() - ref);
    return ref == 0 ? diff : diff / Math.abs(ref);
  }

  /**
   * Whether the line's result agrees with losseval's SQL result within {@code tolerance}: the relative
   * difference is at most that, or both are the same special value (NaN). The scan floor always agrees.
   */
  boolean agrees(Measurement m, double tolerance) {
    if (!m.variant().computesTheLoss() || Double.compare(m.value(), reference().value()) == 0) {
      return true;
    }
    return relativeDifference(m) <= tolerance;
  }

  /** The exact mean's median time over the plain {@code avg}'s, for the same per-row values. */
  double exactOverPlain() {
    return line(workload.exactSumId()).medianNanos() / line(workload.plainSumId()).medianNanos();
  }

  /** A sentence on the CPU use and the quiet-machine waiting of this workload. */
  String cpuSentence(int cores) {
    if (!cpu.available()) {
      return "CPU use of other processes not measured (no /proc).";
    }
    return String.format(Locale.ROOT, "CPU over the kept measured rounds: this JVM %.0f%%, other processes "
        + "%.1f%% of the machine's %d cores; %d round(s) discarded because other processes were busy; %.0f s "
        + "spent waiting for a quiet machine.", 100 * cpu.selfShare(), 100 * cpu.othersShare(), cores,
        discardedRounds, waitedSeconds);
  }
}
