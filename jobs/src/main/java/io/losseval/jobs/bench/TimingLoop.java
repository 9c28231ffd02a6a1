package io.losseval.jobs.bench;

import io.losseval.jobs.JobFailure;
import io.losseval.jobs.spark.SparkFailures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times every line of a workload, round-robin in this JVM: {@code warmup} rounds that are not recorded,
 * then {@code rounds} measured rounds. In each round every line runs once, starting one line further
 * than the round before, so that no line always follows the same one; a {@code System.gc()} (not timed)
 * precedes each run unless turned off. What is timed is {@link Variant.Query#run()}: the whole query,
 * planning included.
 *
 * <p>Other work on the machine skews the times, so before each measured round the loop waits for a
 * quiet machine ({@link QuietMachine}), and a measured round in which other processes used more than
 * {@code maxOtherCpu} of the CPU is discarded and run again (at most {@code rounds} times per workload;
 * after that busy rounds are kept, and the report shows the CPU share they had). A line with a time limit
 * that took longer in the first round is dropped and reported as such.
 */
final class TimingLoop {
  private static final Logger LOG = LoggerFactory.getLogger("io.losseval.progress");

  private final int warmup;
  private final int rounds;
  private final double maxOtherCpu;
  private final QuietMachine quiet;
  private final boolean gcBeforeRuns;

  TimingLoop(int warmup, int rounds, double maxOtherCpu, QuietMachine quiet, boolean gcBeforeRuns) {
    this.warmup = warmup;
    this.rounds = rounds;
    this.maxOtherCpu = maxOtherCpu;
    this.quiet = quiet;
    this.gcBeforeRuns = gcBeforeRuns;
  }

  /**
   * Runs the rounds of {@code workload} and returns its measurements.
   *
   * @throws JobFailure (exit 1) naming the workload and the line when a query fails
   */
  WorkloadResult run(Workload workload) {
    String key = workload.kind().key();
    List<Measurement> lines = new ArrayList<>();
    workload.variants().forEach(v -> lines.add(new Measurement(v)));
    double waitedBefore = quiet.waitedSeconds();
    CpuUse kept = CpuUse.NONE;
    int measuredRounds = 0;
    int discarded = 0;
    for (int attempt = 0; measuredRounds < rounds; attempt++) {
      boolean measured = attempt >= warmup;
      if (measured) {
        quiet.await(key);
      }
      CpuSample before = CpuSample.now();
      long[] times = runRound(key, lines, attempt);
      CpuUse use = CpuSample.now().since(before);
      String label;
      if (!measured) {
        label = "warm-up " + (attempt + 1) + "/" + warmup;
      } else if (use.available() && use.othersShare() > maxOtherCpu && discarded < rounds) {
        discarded++;
        label = "round discarded (other processes busy)";
      } else {
        measuredRounds++;
        kept = kept.plus(use);
        for (int i = 0; i < lines.size(); i++) {
          if (times[i] >= 0 && !lines.get(i).isDropped()) {
            lines.get(i).time(times[i]);
          }
        }
        label = "round " + measuredRounds + "/" + rounds;
      }
      LOG.info("[{}] {}:{}  (cpu: {})", key, label, progress(lines, times), use);
    }
    return new WorkloadResult(workload, lines, kept, discarded, quiet.waitedSeconds() - waitedBefore);
  }

  /** Runs each line not dropped once, in this round's order; returns the times by line (-1: not run). */
  private long[] runRound(String key, List<Measurement> lines, int attempt) {
    long[] times = new long[lines.size()];
    Arrays.fill(times, -1);
    for (int k = 0; k < lines.size(); k++) {
      int index = (attempt + k) % lines.size();
      Measurement m = lines.get(index);
      if (m.isDropped()) {
        continue;
      }
      if (gcBeforeRuns) {
        System.gc();
      }
      long t;
      try {
        long t0 = System.nanoTime();
        Variant.Answer answer = m.variant().query().run();
        t = System.nanoTime() - t0;
        m.result(answer.value());
      } catch (JobFailure e) {
        throw e;
      } catch (RuntimeException e) {
        throw JobFailure.other("[" + key + "] the line " + m.variant().id() + " failed: "
            + SparkFailures.firstLine(String.valueOf(e.getMessage())) + " (query: " + m.variant().code() + ")", e);
      }
      times[index] = t;
      double limit = m.variant().limitSeconds();
      if (attempt == 0 && limit > 0 && t / 1e9 > limit) {
        m.drop(String.format(Locale.ROOT, "dropped: one run took %.1f s (limit %.0f s)", t / 1e9, limit));
      }
    }
    return times;
  }

  private static String progress(List<Measurement> lines, long[] times) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      if (times[i] >= 0) {
        sb.append(String.format(Locale.ROOT, " %s=%.0fms", lines.get(i).variant().id(), times[i] / 1e6));
      }
    }
    return sb.toString();
  }
}
