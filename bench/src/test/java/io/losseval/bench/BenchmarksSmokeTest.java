package io.losseval.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Every JMH benchmark of {@code BENCHMARKS.md} runs, once and briefly, in the build's JVM: so that they
 * keep compiling and working. The numbers mean nothing here (no fork, no warm-up, 20 ms); the timed run
 * is the command in {@code BENCHMARKS.md}.
 */
class BenchmarksSmokeTest {

  @Test
  void everyKernelAndSumBenchmarkRunsAndScores() throws Exception {
    Options options = new OptionsBuilder()
        .include("io\\.losseval\\.bench\\.(KernelBenchmark|SumBenchmark)\\.")
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(20))
        .build();
    Collection<RunResult> results = new Runner(options).run();
    // KernelBenchmark: 10 benchmarks x scalar/simd, the two cross-entropy ones also x C = 10 / 1000;
    // SumBenchmark: 3
    assertEquals(27, results.size());
    for (RunResult result : results) {
      double score = result.getPrimaryResult().getScore();
      assertTrue(score > 0 && Double.isFinite(score),
          result.getParams().getBenchmark() + " " + result.getParams() + ": " + score);
    }
  }
}
