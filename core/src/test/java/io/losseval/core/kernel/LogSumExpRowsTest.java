package io.losseval.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link LossKernels#logSumExpRows}: on both kernel sets, every row's value is the same bits wherever
 * the row sits in a run and however long the run is (the SIMD kernels compute short rows across rows,
 * with padded lanes), and agrees with {@link LossKernels#logSumExp} of that row alone: within 1e-12
 * relative for finite values, exactly for NaN and infinities.
 */
class LogSumExpRowsTest {
  private static final int ROWS = 37;

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 8, 10, 16, 31, 32, 33, 40, 1000})
  void eachRowHasItsOwnBitsWhereverItIsInTheRun(int classes) {
    Random r = new Random(classes);
    double[] x = new double[3 + ROWS * classes];
    float[] f = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      f[i] = (float) (r.nextGaussian() * 5);
      x[i] = f[i];
    }
    // special rows: a NaN, a +inf, all -inf, a -inf among finite values
    x[3 + classes * 4] = Double.NaN;
    x[3 + classes * 9 + classes - 1] = Double.POSITIVE_INFINITY;
    for (int k = 0; k < classes; k++) {
      x[3 + classes * 13 + k] = Double.NEGATIVE_INFINITY;
    }
    x[3 + classes * 20] = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i])) {
        f[i] = (float) x[i];
      }
    }
    for (LossKernels kernels : kernelSets()) {
      double[] whole = new double[ROWS];
      kernels.logSumExpRows(x, 3, classes, ROWS, whole, 0);
      double[] wholeFloat = new double[ROWS];
      kernels.logSumExpRows(f, 3, classes, ROWS, wholeFloat, 0);
      for (int start = 0; start < ROWS; start += 5) {
        for (int length : List.of(1, 3, 9, ROWS - start)) {
          int n = Math.min(length, ROWS - start);
          double[] part = new double[n + 2];
          kernels.logSumExpRows(x, 3 + start * classes, classes, n, part, 2);
          double[] partFloat = new double[n + 2];
          kernels.logSumExpRows(f, 3 + start * classes, classes, n, partFloat, 2);
          for (int j = 0; j < n; j++) {
            String what = kernels.name() + ", " + classes + " classes, row " + (start + j) + " in a run of "
                + n + " from row " + start;
            assertEquals(Double.doubleToLongBits(whole[start + j]), Double.doubleToLongBits(part[2 + j]),
                what);
            assertEquals(Double.doubleToLongBits(wholeFloat[start + j]),
                Double.doubleToLongBits(partFloat[2 + j]), what + " (floats)");
          }
        }
      }
      for (int row = 0; row < ROWS; row++) {
        double alone = kernels.logSumExp(x, 3 + row * classes, classes);
        String what = kernels.name() + ", " + classes + " classes, row " + row;
        if (Double.isFinite(alone)) {
          assertEquals(alone, whole[row], 1e-12 * Math.max(1, Math.abs(alone)), what);
          assertEquals(kernels.logSumExp(f, 3 + row * classes, classes), wholeFloat[row],
              1e-12 * Math.max(1, Math.abs(alone)), what + " (floats)");
        } else {
          assertEquals(Double.doubleToLongBits(alone), Double.doubleToLongBits(whole[row]), what);
          assertEquals(Double.doubleToLongBits(alone), Double.doubleToLongBits(wholeFloat[row]),
              what + " (floats)");
        }
      }
    }
  }

  private static List<LossKernels> kernelSets() {
    return KernelProvider.simd().isPresent()
        ? List.of(KernelProvider.scalar(), KernelProvider.simd().get())
        : List.of(KernelProvider.scalar());
  }
}
