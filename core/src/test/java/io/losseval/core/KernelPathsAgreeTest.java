package io.losseval.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.accum.LossAccumulator;
import io.losseval.core.kernel.KernelProvider;
import io.losseval.core.kernel.LossKernels;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every loss gives the same result on the SIMD and the scalar kernels over random input: bit for bit for
 * the losses whose kernels are pure arithmetic, within 1e-12 relative where {@code exp}/{@code log} or
 * in-row sums are vectorised.
 */
class KernelPathsAgreeTest {
  private static final Set<String> BIT_IDENTICAL =
      Set.of("mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss");

  static Stream<String> losses() {
    return LossCatalog.all().stream().map(LossSpec::name);
  }

  @ParameterizedTest
  @MethodSource("losses")
  void simdAndScalarAgreeOnRandomInput(String name) {
    LossKernels scalar = KernelProvider.scalar();
    LossKernels simd = KernelProvider.simd().orElseThrow();
    for (long seed = 1; seed <= 5; seed++) {
      Batch batch = RandomBatches.forLoss(name, 300, seed);
      for (String options : List.of("reduction=none", "reduction=sum")) {
        Loss loss = LossCatalog.create(name, options);
        if (loss.reduction() == Reduction.NONE) {
          double[] a = loss.forward(batch, scalar).flatValues();
          double[] b = loss.forward(batch, simd).flatValues();
          assertEquals(a.length, b.length);
          for (int i = 0; i < a.length; i++) {
            assertAgree(name, a[i], b[i], name + " seed " + seed + " output " + i);
          }
        } else {
          LossAccumulator x = LossAccumulator.create();
          LossAccumulator y = LossAccumulator.create();
          loss.accumulate(batch, x, scalar);
          loss.accumulate(batch, y, simd);
          assertAgree(name, loss.result(x), loss.result(y), name + " seed " + seed + " sum");
          assertTrue(Double.isFinite(loss.result(x)), name + ": random input gives a finite sum");
        }
      }
    }
  }

  private static void assertAgree(String name, double a, double b, String what) {
    if (BIT_IDENTICAL.contains(name)) {
      assertEquals(Double.doubleToLongBits(a), Double.doubleToLongBits(b), what);
    } else {
      assertEquals(a, b, 1e-12 * Math.max(Math.abs(a), 1e-3), what);
    }
  }
}
