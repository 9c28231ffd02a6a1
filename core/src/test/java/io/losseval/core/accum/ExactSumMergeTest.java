package io.losseval.core.accum;

import static io.losseval.core.accum.Reference.bits;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** The value of an {@link ExactSum} does not depend on order, chunking or the merge tree. */
final class ExactSumMergeTest {

  private static final int[] CHUNK_SIZES = {1, 2, 3, 7, 64, 1000, 4096};

  private static List<double[]> dataSets() {
    Random random = new Random(2024);
    List<DoubleSupplier> kinds = List.of(
        () -> Reference.wide(random),
        () -> random.nextDouble(),
        () -> random.nextGaussian() * 1e3,
        () -> Reference.scaled(random, -1074, -1015),
        () -> random.nextInt(4) == 0 ? 0.0 : Reference.scaled(random, 1000, 1024),
        () -> Reference.scaled(random, -60, 60));
    List<double[]> sets = new ArrayList<>();
    for (DoubleSupplier kind : kinds) {
      double[] xs = new double[5000];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = kind.getAsDouble();
      }
      sets.add(xs);
    }
    return sets;
  }

  @Test
  void identicalBitsForAnyChunkingAndMergeTree() {
    Random random = new Random(17);
    for (double[] data : dataSets()) {
      long expected = bits(Reference.sum(data));
      for (int shuffle = 0; shuffle < 3; shuffle++) {
        double[] xs = data.clone();
        shuffle(xs, random);
        for (int chunk : CHUNK_SIZES) {
          List<ExactSum> parts = new ArrayList<>();
          for (int from = 0; from < xs.length; from += chunk) {
            parts.add(ExactSum.create().addAll(xs, from, Math.min(xs.length, from + chunk)));
          }
          ExactSum merged = mergeRandomly(parts, random);
          assertEquals(expected, bits(merged.value()), () -> "chunk " + chunk);
        }
      }
    }
  }

  @Test
  void fourWayFillAgrees() {
    for (double[] xs : dataSets()) {
      ExactSum oneByOne = ExactSum.create();
      for (double x : xs) {
        oneByOne.add(x);
      }
      ExactSum all = ExactSum.create().addAll(xs, 0, xs.length);
      int half = xs.length / 2;
      ExactSum first = ExactSum.create();
      ExactSum second = ExactSum.create();
      for (int i = 0; i < xs.length; i++) {
        (i < half ? first : second).add(xs[i]);
      }
      ExactSum halvesByAdd = first.combine(second);
      ExactSum halvesByAddAll = ExactSum.create().addAll(xs, 0, half)
          .combine(ExactSum.create().addAll(xs, half, xs.length));
      long expected = bits(Reference.sum(xs));
      assertEquals(expected, bits(oneByOne.value()), "add");
      assertEquals(expected, bits(all.value()), "addAll");
      assertEquals(expected, bits(halvesByAdd.value()), "add + combine");
      assertEquals(expected, bits(halvesByAddAll.value()), "addAll + combine");
      assertEquals(oneByOne, all);
      assertEquals(all, halvesByAdd);
      assertEquals(halvesByAdd, halvesByAddAll);
    }
  }

  @Test
  void specialValuesMergeInAnyOrder() {
    double[] xs = {1.0, Double.NaN, 2.0, Double.POSITIVE_INFINITY, -3.0};
    double[] infs = {Double.POSITIVE_INFINITY, 1.0, Double.NEGATIVE_INFINITY};
    Random random = new Random(3);
    for (double[] data : List.of(xs, infs)) {
      for (int trial = 0; trial < 20; trial++) {
        double[] shuffled = data.clone();
        shuffle(shuffled, random);
        List<ExactSum> parts = new ArrayList<>();
        for (double x : shuffled) {
          parts.add(ExactSum.create().add(x));
        }
        assertEquals(bits(Double.NaN), bits(mergeRandomly(parts, random).value()));
      }
    }
  }

  /** Combines random pairs until one sum is left. */
  private static ExactSum mergeRandomly(List<ExactSum> parts, Random random) {
    List<ExactSum> pool = new ArrayList<>(parts);
    while (pool.size() > 1) {
      int i = random.nextInt(pool.size());
      int j = random.nextInt(pool.size() - 1);
      if (j >= i) {
        j++;
      }
      ExactSum into = pool.get(i);
      into.combine(pool.get(j));
      pool.set(j, pool.get(pool.size() - 1));
      pool.remove(pool.size() - 1);
    }
    return pool.get(0);
  }

  private static void shuffle(double[] xs, Random random) {
    for (int i = xs.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      double t = xs[i];
      xs[i] = xs[j];
      xs[j] = t;
    }
  }
}
