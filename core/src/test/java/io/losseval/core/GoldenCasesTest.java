package io.losseval.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.losseval.core.accum.LossAccumulator;
import io.losseval.core.kernel.KernelProvider;
import io.losseval.core.kernel.LossKernels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every golden case computed by PyTorch within 1e-9 relative (plus 1e-12 absolute), and every seed
 * article's printed example within its printed precision, on both the scalar and the SIMD kernels.
 */
class GoldenCasesTest {

  static List<LossKernels> kernels() {
    List<LossKernels> all = new ArrayList<>();
    all.add(KernelProvider.scalar());
    KernelProvider.simd().ifPresent(all::add);
    return all;
  }

  static Stream<Arguments> pytorchCases() {
    return cases("pytorch");
  }

  static Stream<Arguments> seedCases() {
    return cases("seeds");
  }

  private static Stream<Arguments> cases(String folder) {
    List<Arguments> out = new ArrayList<>();
    for (GoldenCase c : GoldenCase.load(folder)) {
      for (LossKernels k : kernels()) {
        out.add(Arguments.of(c, k));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("pytorchCases")
  void matchesPyTorch(GoldenCase c, LossKernels kernels) {
    check(c, kernels, Double.NaN);
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("seedCases")
  void matchesTheSeedArticles(GoldenCase c, LossKernels kernels) {
    check(c, kernels, c.toleranceAbs);
  }

  @Test
  void goldenCasesCoverEveryLossInTheCatalogue() {
    Set<String> covered = new HashSet<>();
    GoldenCase.load("pytorch").forEach(c -> covered.add(c.loss));
    for (LossSpec spec : LossCatalog.all()) {
      assertTrue(covered.contains(spec.name()), "no golden case for " + spec.name());
    }
    assertEquals(21, LossCatalog.all().size());
  }

  @Test
  void bothKernelImplementationsAreTested() {
    assertTrue(KernelProvider.simd().isPresent(), "the SIMD kernels must load in this build");
    assertEquals(2, kernels().size());
  }

  private static void check(GoldenCase c, LossKernels kernels, double absTolerance) {
    Loss loss = LossCatalog.create(c.loss, c.options);
    assertEquals(c.reduction, loss.reduction().torchName(), c.id + ": reduction parsed");
    if (loss.reduction() == Reduction.NONE) {
      RowLosses rows = loss.forward(c.batch(), kernels);
      assertEquals(c.rowCount(), rows.rows());
      for (int i = 0; i < rows.rows(); i++) {
        double[] expected = c.expectedRow(i);
        double[] actual = rows.row(i);
        assertEquals(expected.length, actual.length, c.id + " row " + i + " length");
        for (int j = 0; j < expected.length; j++) {
          GoldenCase.assertClose(expected[j], actual[j], absTolerance, c.id + " row " + i + "[" + j + "]");
        }
        assertEquals(c.expected.get(i).isArray(), !rows.isScalarPerRow(), c.id + " row shape");
      }
      return;
    }
    double expected = c.expected.asDouble();
    LossAccumulator whole = LossAccumulator.create();
    loss.accumulate(c.batch(), whole, kernels);
    GoldenCase.assertClose(expected, loss.result(whole), absTolerance, c.id);

    // the same rows one at a time into separate accumulators, merged: the same bits
    LossAccumulator merged = LossAccumulator.create();
    for (int i = c.rowCount() - 1; i >= 0; i--) {
      LossAccumulator one = LossAccumulator.create();
      loss.accumulate(c.batch(i, i + 1), one, kernels);
      merged.combine(one);
    }
    assertEquals(
        Double.doubleToRawLongBits(loss.result(whole)),
        Double.doubleToRawLongBits(loss.result(merged)),
        c.id + ": row-by-row merge changed the bits");
  }
}
