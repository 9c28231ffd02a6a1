package io.losseval.core.kernel;

import java.util.Random;

/**
 * The bits of the SIMD kernels that use {@code exp}, {@code log} and {@code pow}, over seeded input, as
 * one hash: what {@link JitIndependenceTest} compares between JVMs that run the Vector API compiled
 * and interpreted. {@code main} prints it.
 */
final class KernelFingerprint {
  private KernelFingerprint() {}

  public static void main(String[] args) {
    System.out.println(Long.toHexString(of(KernelProvider.simd().orElseThrow())));
  }

  /** The hash of every output bit of the exp/log/pow kernels over seeded rows. */
  static long of(LossKernels k) {
    Random r = new Random(2026);
    int n = 1003;
    double[] x = new double[n];
    double[] t = new double[n];
    float[] f = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextGaussian() * 4;
      t[i] = r.nextDouble();
      f[i] = (float) x[i];
    }
    long h = 17;
    double[] out = new double[n];
    k.klDiv(x, 0, t, 0, false, out, 0, n);
    h = mix(h, out);
    k.klDiv(x, 0, x, 0, true, out, 0, n);
    h = mix(h, out);
    k.logSumExpRows(x, 0, 10, 100, out, 0);
    h = mix(h, out);
    k.logSumExpRows(f, 0, 10, 100, out, 0);
    h = mix(h, out);
    k.logSumExpColumns(x, 0, 10, 100, out, 0);
    h = mix(h, out);
    for (int c : new int[] {3, 17, 1000}) {
      h = mix(h, k.logSumExp(x, 1, c));
      h = mix(h, k.logSumExp(f, 1, c));
      h = mix(h, k.sumPowAbsDiff(x, 0, t, 1, 1e-6, 3, c));
    }
    return h;
  }

  private static long mix(long h, double... values) {
    for (double v : values) {
      h = h * 1_000_003L + Double.doubleToRawLongBits(v);
    }
    return h;
  }
}
