package io.losseval.jobs.bench;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits, before a measured round, until other processes leave the machine alone: until they use at most
 * {@code maxOtherCpu} of its CPU over half a second (twice running, once they were seen busy), within a
 * budget of seconds for the whole run. On a machine without {@code /proc}, or with {@code maxOtherCpu >=
 * 1}, it never waits. Not thread-safe.
 */
final class QuietMachine {
  private static final Logger LOG = LoggerFactory.getLogger("io.losseval.progress");
  private static final long SAMPLE_MILLIS = 500;

  private final double maxOtherCpu;
  private double budgetSeconds;
  private double waitedSeconds;

  QuietMachine(double maxOtherCpu, double budgetSeconds) {
    this.maxOtherCpu = maxOtherCpu;
    this.budgetSeconds = budgetSeconds;
  }

  /** Seconds waited so far in this run. */
  double waitedSeconds() {
    return waitedSeconds;
  }

  /** Returns once other processes are quiet, or the budget is spent; {@code workload} is for the log. */
  void await(String workload) {
    if (maxOtherCpu >= 1) {
      return;
    }
    boolean announced = false;
    int quietSamples = 0;
    int needed = 1;
    while (budgetSeconds > 0) {
      CpuSample before = CpuSample.now();
      try {
        Thread.sleep(SAMPLE_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      CpuUse use = CpuSample.now().since(before);
      if (!use.available()) {
        return;
      }
      if (use.othersShare() <= maxOtherCpu) {
        if (++quietSamples >= needed) {
          return;
        }
        continue;
      }
      quietSamples = 0;
      needed = 2;
      budgetSeconds -= SAMPLE_MILLIS / 1000.0;
      waitedSeconds += SAMPLE_MILLIS / 1000.0;
      if (!announced) {
        LOG.info(String.format(Locale.ROOT, "[%s] waiting for other processes (%s), up to %.0f s more",
            workload, use, budgetSeconds));
        announced = true;
      }
    }
  }
}
