package io.losseval.core.accum;

import java.util.Random;

/**
 * A rough throughput check, run by hand (not a unit test): ns per element of {@link
 * ExactSum#addAll} against a plain {@code double} loop, on 1M random doubles of several kinds,
 * after warm-up.
 *
 * <pre>
 * mvn -q -o -pl core test-compile
 * java -cp core/target/classes:core/target/test-classes io.losseval.core.accum.ExactSumThroughput
 * </pre>
 */
public final class ExactSumThroughput {

  private static final int N = 1 << 20;
  private static final int ROUNDS = 20;

  private ExactSumThroughput() {}

  public static void main(String[] args) {
    Random random = new Random(1);
    String[] names = {"uniform [0,1)", "gaussian * 1e3", "wide exponents", "25% zeros"};
    double[][] sets = new double[names.length][N];
    for (int i = 0; i < N; i++) {
      sets[0][i] = random.nextDouble();
      sets[1][i] = random.nextGaussian() * 1e3;
      sets[2][i] = Reference.wide(random);
      sets[3][i] = random.nextInt(4) == 0 ? 0.0 : random.nextDouble();
    }
    double sink = 0;
    for (int pass = 0; pass < 3; pass++) {
      boolean report = pass == 2;
      for (int s = 0; s < sets.length; s++) {
        double[] xs = sets[s];
        long t0 = System.nanoTime();
        for (int r = 0; r < ROUNDS; r++) {
          sink += plain(xs);
        }
        long t1 = System.nanoTime();
        ExactSum sum = ExactSum.create();
        for (int r = 0; r < ROUNDS; r++) {
          sum.addAll(xs, 0, N);
        }
        long t2 = System.nanoTime();
        for (int r = 0; r < ROUNDS; r++) {
          sink += ExactSum.create().addAll(xs, 0, N).value();
        }
        long t3 = System.nanoTime();
        sink += sum.value();
        if (report) {
          System.out.printf("%-15s plain loop %.2f ns/elem   ExactSum.addAll %.2f ns/elem"
                  + "   create+addAll+value %.2f ns/elem%n",
              names[s], perElement(t1 - t0), perElement(t2 - t1), perElement(t3 - t2));
        }
      }
    }
    ExactSum many = ExactSum.create().addAll(sets[2], 0, N);
    long t0 = System.nanoTime();
    int calls = 10_000;
    for (int i = 0; i < calls; i++) {
      sink += many.copy().value();
    }
    double micros = (System.nanoTime() - t0) / 1e3 / calls;
    System.out.printf("copy+value of a sum with all 4094 exponents in use: %.1f us%n", micros);
    System.out.println("(checksum " + sink + ")");
  }

  private static double plain(double[] xs) {
    double s = 0;
    for (double x : xs) {
      s += x;
    }
    return s;
  }

  private static double perElement(long nanos) {
    return (double) nanos / ROUNDS / N;
  }
}
