package io.losseval.bench;

import io.losseval.core.kernel.KernelProvider;
import io.losseval.core.kernel.LossKernels;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The scalar kernels against the SIMD kernels on the two hot loops of the common losses: {@code
 * squaredDiff} (MSE) over a row of {@value #N} elements, and {@code logSumExp} (cross-entropy) over a
 * batch of {@value #LOGITS} logits cut into rows of {@code classes} classes.
 *
 * <p>Scores are nanoseconds per element ({@link OperationsPerInvocation} is the number of elements each
 * call touches), so the C = 10 and C = 1000 rows compare directly. Forks run with {@code --add-modules
 * jdk.incubator.vector}; {@code impl=simd} fails the fork if the SIMD kernels cannot load. Run with
 * {@code java -jar bench/target/benchmarks.jar KernelBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class KernelBenchmark {

  /** Elements of one MSE row. */
  static final int N = 4096;
  /** Logits in one cross-entropy batch: 1000 rows of 10 classes, or 10 rows of 1000. */
  static final int LOGITS = 10_000;

  /** The implementation under test. */
  @State(Scope.Benchmark)
  public static class Kernels {
    @Param({"scalar", "simd"})
    public String impl;

    LossKernels kernels;

    @Setup
    public void setup() {
      kernels = impl.equals("simd")
          ? KernelProvider.simd().orElseThrow(() -> new IllegalStateException("no SIMD kernels in this JVM"))
          : KernelProvider.scalar();
    }
  }

  /** An MSE row: predictions, targets and the output, in doubles and in floats. */
  @State(Scope.Benchmark)
  public static class Row {
    final double[] a = new double[N];
    final double[] b = new double[N];
    final float[] fa = new float[N];
    final float[] fb = new float[N];
    final double[] out = new double[N];

    @Setup
    public void setup() {
      Random random = new Random(42);
      for (int i = 0; i < N; i++) {
        a[i] = random.nextGaussian();
        b[i] = random.nextGaussian();
        fa[i] = (float) a[i];
        fb[i] = (float) b[i];
      }
    }
  }

  /** A batch of logits, row-major {@code [LOGITS / classes][classes]}, in doubles and in floats. */
  @State(Scope.Benchmark)
  public static class Logits {
    @Param({"10", "1000"})
    public int classes;

    final double[] x = new double[LOGITS];
    final float[] fx = new float[LOGITS];

    @Setup
    public void setup() {
      Random random = new Random(43);
      for (int i = 0; i < LOGITS; i++) {
        x[i] = 3 * random.nextGaussian();
        fx[i] = (float) x[i];
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public double[] squaredDiffDouble(Kernels k, Row row) {
    k.kernels.squaredDiff(row.a, 0, row.b, 0, row.out, 0, N);
    return row.out;
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public double[] squaredDiffFloat(Kernels k, Row row) {
    k.kernels.squaredDiff(row.fa, 0, row.fb, 0, row.out, 0, N);
    return row.out;
  }

  @Benchmark
  @OperationsPerInvocation(LOGITS)
  public double logSumExpDouble(Kernels k, Logits logits) {
    double s = 0;
    for (int off = 0; off < LOGITS; off += logits.classes) {
      s += k.kernels.logSumExp(logits.x, off, logits.classes);
    }
    return s;
  }

  @Benchmark
  @OperationsPerInvocation(LOGITS)
  public double logSumExpFloat(Kernels k, Logits logits) {
    double s = 0;
    for (int off = 0; off < LOGITS; off += logits.classes) {
      s += k.kernels.logSumExp(logits.fx, off, logits.classes);
    }
    return s;
  }
}
