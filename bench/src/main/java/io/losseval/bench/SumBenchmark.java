package io.losseval.bench;

import io.losseval.core.accum.ExactSum;
import io.losseval.core.accum.LossAccumulator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The exact, order-independent sum the losses reduce with, against a plain {@code double} sum, over a
 * batch of {@value #N} per-element losses (squares of Gaussians, as MSE produces): {@code plainSum} is
 * the loop {@code s += x[i]}; {@code exactSum} is {@link ExactSum#addAll}; {@code lossAccumulator} is
 * {@link LossAccumulator#addLosses}, what every loss calls once per batch. The sums live as long as the
 * benchmark, as a partition's accumulator lives as long as its task, so the large accumulator exists and
 * flushes as it does in a long aggregation; reading the value (once per partition) is not measured.
 *
 * <p>Scores are nanoseconds per element ({@link OperationsPerInvocation} is {@value #N}). Run: {@code java
 * -jar bench/target/benchmarks.jar SumBenchmark}, or through {@link BenchmarkTable}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SumBenchmark {

  /** Values per batch. */
  static final int N = 4096;

  private final double[] losses = new double[N];
  private ExactSum exact;
  private LossAccumulator accumulator;

  @Setup
  public void setup() {
    Random random = new Random(46);
    for (int i = 0; i < N; i++) {
      double d = random.nextGaussian();
      losses[i] = d * d;
    }
    exact = ExactSum.create();
    accumulator = LossAccumulator.create();
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public double plainSum() {
    double s = 0;
    for (int i = 0; i < N; i++) {
      s += losses[i];
    }
    return s;
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public ExactSum exactSum() {
    return exact.addAll(losses, 0, N);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public LossAccumulator lossAccumulator() {
    return accumulator.addLosses(losses, 0, N);
  }
}
