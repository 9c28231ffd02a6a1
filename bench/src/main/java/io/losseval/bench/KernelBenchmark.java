package io.losseval.bench;

import io.losseval.core.Column;
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
 * The scalar kernels against the SIMD kernels ({@code impl}) on the inner loop of each loss of the
 * end-to-end benchmark, over float and over double arrays: MSE ({@code squaredDiff}), L1 ({@code
 * absDiff}), cross-entropy ({@code logSumExpRows} over rows of C = 10 and 1000 classes), KL
 * divergence ({@code klDiv}) and the triplet margin loss ({@code sumPowAbsDiff} with p = 2, twice per triplet, D = 128).
 *
 * <p>Scores are nanoseconds per element: {@link OperationsPerInvocation} is the number of elements a call
 * covers, where an element is one position of the rows: a {@code (p, t)} pair for MSE and L1, one logit
 * for cross-entropy, an {@code (input, target)} pair for KL, one dimension of an {@code (anchor, positive,
 * negative)} triplet. So C = 10 and C = 1000 compare directly, and the SIMD/scalar ratio of a line is its
 * speed-up.
 *
 * <p>Float arrays go where the losses send them: MSE, L1 and cross-entropy have float kernels that widen
 * element by element inside the loop; KL and the triplet loss have none, so their float lines include
 * the widening the losses do: KL widens the batch to doubles with {@link Column#doubles()}, once per
 * batch; the triplet loss widens each row into scratch arrays.
 *
 * <p>Forks run with {@code --add-modules jdk.incubator.vector}; {@code impl=simd} fails the fork if the
 * SIMD kernels cannot load. Run: {@code java -jar bench/target/benchmarks.jar KernelBenchmark}, or through
 * {@link BenchmarkTable} for a Markdown table with the ratios.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class KernelBenchmark {

  /** Elements per call of the elementwise kernels (MSE, L1, KL) and of the triplet batch. */
  static final int N = 4096;
  /** Logits in one cross-entropy batch: 1000 rows of 10 classes, or 10 rows of 1000. */
  static final int LOGITS = 10_000;
  /** Embedding length of a triplet. */
  static final int D = 128;

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

  /** Predictions and targets for MSE and L1 (Gaussian), in doubles and floats, and the output row. */
  @State(Scope.Benchmark)
  public static class Pairs {
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

  /** KL's input (log-probabilities) and target (probabilities, some exactly 0), doubles and floats. */
  @State(Scope.Benchmark)
  public static class Distributions {
    final double[] logQ = new double[N];
    final double[] p = new double[N];
    final float[] fLogQ = new float[N];
    final float[] fP = new float[N];
    final double[] out = new double[N];

    @Setup
    public void setup() {
      Random random = new Random(44);
      for (int i = 0; i < N; i++) {
        logQ[i] = Math.log(random.nextDouble() + 1e-12);
        p[i] = i % 16 == 0 ? 0 : random.nextDouble();
        fLogQ[i] = (float) logQ[i];
        fP[i] = (float) p[i];
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
    final double[] out = new double[LOGITS];

    @Setup
    public void setup() {
      Random random = new Random(43);
      for (int i = 0; i < LOGITS; i++) {
        x[i] = 3 * random.nextGaussian();
        fx[i] = (float) x[i];
      }
    }
  }

  /** {@code N / D} triplets of {@code D}-vectors: the positive near the anchor, the negative further. */
  @State(Scope.Benchmark)
  public static class Triplets {
    final double[] anchor = new double[N];
    final double[] positive = new double[N];
    final double[] negative = new double[N];
    final float[] fAnchor = new float[N];
    final float[] fPositive = new float[N];
    final float[] fNegative = new float[N];
    final double[] scratchAnchor = new double[D];
    final double[] scratchPositive = new double[D];
    final double[] scratchNegative = new double[D];

    @Setup
    public void setup() {
      Random random = new Random(45);
      for (int i = 0; i < N; i++) {
        anchor[i] = random.nextGaussian();
        positive[i] = anchor[i] + 0.5 * random.nextGaussian();
        negative[i] = anchor[i] + 0.55 * random.nextGaussian();
        fAnchor[i] = (float) anchor[i];
        fPositive[i] = (float) positive[i];
        fNegative[i] = (float) negative[i];
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public double[] mseDouble(Kernels k, Pairs d) {
    k.kernels.squaredDiff(d.a, 0, d.b, 0, d.out, 0, N);
    return d.out;
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public double[] mseFloat(Kernels k, Pairs d) {
    k.kernels.squaredDiff(d.fa, 0, d.fb, 0, d.out, 0, N);
    return d.out;
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public double[] l1Double(Kernels k, Pairs d) {
    k.kernels.absDiff(d.a, 0, d.b, 0, d.out, 0, N);
    return d.out;
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public double[] l1Float(Kernels k, Pairs d) {
    k.kernels.absDiff(d.fa, 0, d.fb, 0, d.out, 0, N);
    return d.out;
  }

  /** {@code logSumExpRows} over every row at once, as {@code cross_entropy} calls it per batch. */
  @Benchmark
  @OperationsPerInvocation(LOGITS)
  public double[] crossEntropyDouble(Kernels k, Logits logits) {
    k.kernels.logSumExpRows(logits.x, 0, logits.classes, LOGITS / logits.classes, logits.out, 0);
    return logits.out;
  }

  /** {@code logSumExpRows} over every row at once, as {@code cross_entropy} calls it per batch. */
  @Benchmark
  @OperationsPerInvocation(LOGITS)
  public double[] crossEntropyFloat(Kernels k, Logits logits) {
    k.kernels.logSumExpRows(logits.fx, 0, logits.classes, LOGITS / logits.classes, logits.out, 0);
    return logits.out;
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public double[] klDivDouble(Kernels k, Distributions d) {
    k.kernels.klDiv(d.logQ, 0, d.p, 0, false, d.out, 0, N);
    return d.out;
  }

  /** Includes widening both float arrays to doubles, as {@code kl_div} does for a float batch. */
  @Benchmark
  @OperationsPerInvocation(N)
  public double[] klDivFloat(Kernels k, Distributions d) {
    k.kernels.klDiv(Column.scalars(d.fLogQ).doubles(), 0, Column.scalars(d.fP).doubles(), 0, false, d.out, 0, N);
    return d.out;
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public double tripletDouble(Kernels k, Triplets t) {
    return triplets(k.kernels, t.anchor, t.positive, t.negative);
  }

  /**
   * Includes widening each triplet's three float rows into scratch doubles, as {@code
   * triplet_margin_loss} does for float embeddings.
   */
  @Benchmark
  @OperationsPerInvocation(N)
  public double tripletFloat(Kernels k, Triplets t) {
    double[] a = t.scratchAnchor;
    double[] p = t.scratchPositive;
    double[] n = t.scratchNegative;
    double s = 0;
    for (int off = 0; off < N; off += D) {
      for (int i = 0; i < D; i++) {
        a[i] = t.fAnchor[off + i];
        p[i] = t.fPositive[off + i];
        n[i] = t.fNegative[off + i];
      }
      s += k.kernels.sumPowAbsDiff(a, 0, p, 0, 1e-6, 2, D) - k.kernels.sumPowAbsDiff(a, 0, n, 0, 1e-6, 2, D);
    }
    return s;
  }

  /** The kernel calls of each triplet: both squared distances ({@code eps = 1e-6}, p = 2); their sum. */
  private static double triplets(LossKernels kernels, double[] a, double[] p, double[] n) {
    double s = 0;
    for (int off = 0; off < N; off += D) {
      s += kernels.sumPowAbsDiff(a, off, p, off, 1e-6, 2, D) - kernels.sumPowAbsDiff(a, off, n, off, 1e-6, 2, D);
    }
    return s;
  }
}
