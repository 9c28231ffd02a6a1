package io.losseval.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.losseval.core.kernel.KernelProvider;
import io.losseval.core.kernel.LossKernels;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The triplet losses over float embeddings (widened row by row into scratch arrays) give the bits they
 * give over the same values held as doubles, on both kernel sets, for rows of several lengths (a SIMD
 * body and a scalar tail) and every distance option.
 */
class FloatEmbeddingsTest {
  private static final int ROWS = 120;

  @ParameterizedTest
  @ValueSource(strings = {
      "triplet_margin_loss|reduction=none",
      "triplet_margin_loss|reduction=none, p=1, margin=0.3",
      "triplet_margin_loss|reduction=none, p=3, swap=true",
      "triplet_margin_with_distance_loss|reduction=none",
      "triplet_margin_with_distance_loss|reduction=none, distance=cosine, swap=true"})
  void floatRowsGiveTheBitsOfTheirDoubleWidening(String call) {
    String name = call.substring(0, call.indexOf('|'));
    Loss loss = LossCatalog.create(name, call.substring(call.indexOf('|') + 1));
    Random r = new Random(77);
    int[] offsets = new int[ROWS + 1];
    for (int i = 0; i < ROWS; i++) {
      offsets[i + 1] = offsets[i] + 1 + r.nextInt(40);
    }
    float[][] f = new float[3][offsets[ROWS]];
    double[][] d = new double[3][offsets[ROWS]];
    for (int a = 0; a < 3; a++) {
      for (int j = 0; j < offsets[ROWS]; j++) {
        f[a][j] = (float) r.nextGaussian();
        d[a][j] = f[a][j];
      }
    }
    Batch floats = Batch.of(Column.arrays(f[0], offsets, ROWS), Column.arrays(f[1], offsets, ROWS),
        Column.arrays(f[2], offsets, ROWS));
    Batch doubles = Batch.of(Column.arrays(d[0], offsets, ROWS), Column.arrays(d[1], offsets, ROWS),
        Column.arrays(d[2], offsets, ROWS));
    for (LossKernels kernels : List.of(KernelProvider.scalar(), KernelProvider.simd().orElseThrow())) {
      double[] expected = loss.forward(doubles, kernels).flatValues();
      double[] actual = loss.forward(floats, kernels).flatValues();
      assertEquals(ROWS, actual.length);
      assertArrayEquals(expected, actual, 0.0, call + " on " + kernels);
    }
  }
}
