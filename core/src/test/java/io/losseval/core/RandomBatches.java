package io.losseval.core;

import java.util.Random;

/** Seeded random batches for every loss in the catalogue, valid for that loss. */
final class RandomBatches {
  private RandomBatches() {}

  /** A batch of {@code rows} random rows for loss {@code name}, rows in a stable order for a seed. */
  static Batch forLoss(String name, int rows, long seed) {
    Random r = new Random(seed);
    int c = 7;
    switch (name) {
      case "nll_loss":
      case "cross_entropy":
      case "multi_margin_loss":
        return Batch.of(arrays(r, rows, c, 3), classes(r, rows, c));
      case "binary_cross_entropy":
        return Batch.of(probabilities(r, rows, c), probabilities(r, rows, c));
      case "margin_ranking_loss":
        return Batch.of(scalars(r, rows), scalars(r, rows), signs(r, rows));
      case "cosine_embedding_loss":
        return Batch.of(arrays(r, rows, 16, 1), arrays(r, rows, 16, 1), signs(r, rows));
      case "triplet_margin_loss":
      case "triplet_margin_with_distance_loss":
        return Batch.of(arrays(r, rows, 16, 1), arrays(r, rows, 16, 1), arrays(r, rows, 16, 1));
      case "kl_div":
        return Batch.of(arrays(r, rows, c, 2), probabilities(r, rows, c));
      case "poisson_nll_loss":
        return Batch.of(arrays(r, rows, c, 1), counts(r, rows, c));
      case "gaussian_nll_loss":
        return Batch.of(arrays(r, rows, c, 1), arrays(r, rows, c, 1), probabilities(r, rows, c));
      case "multilabel_soft_margin_loss":
        return Batch.of(arrays(r, rows, c, 2), labels01(r, rows, c));
      case "multilabel_margin_loss":
        return Batch.of(arrays(r, rows, c, 2), multiLabels(r, rows, c));
      case "ctc_loss":
        return ctc(r, rows);
      default:
        return Batch.of(arrays(r, rows, c, 3), arrays(r, rows, c, 3));
    }
  }

  static Column scalars(Random r, int rows) {
    double[] v = new double[rows];
    for (int i = 0; i < rows; i++) {
      v[i] = r.nextGaussian() * 2;
    }
    return Column.scalars(v);
  }

  static Column signs(Random r, int rows) {
    double[] v = new double[rows];
    for (int i = 0; i < rows; i++) {
      v[i] = r.nextBoolean() ? 1 : -1;
    }
    return Column.scalars(v);
  }

  /** Array rows of random lengths in [1, 2 * width], scale {@code scale}. */
  static Column arrays(Random r, int rows, int width, double scale) {
    return fill(r, rows, width, () -> r.nextGaussian() * scale);
  }

  static Column probabilities(Random r, int rows, int width) {
    return fill(r, rows, width, () -> r.nextDouble());
  }

  static Column counts(Random r, int rows, int width) {
    return fill(r, rows, width, () -> r.nextInt(5));
  }

  static Column labels01(Random r, int rows, int width) {
    return fill(r, rows, width, () -> r.nextInt(2));
  }

  private static Column fill(Random r, int rows, int width, java.util.function.DoubleSupplier value) {
    // every column of one batch must share row lengths: the lengths come from a fixed-seed stream
    Random lengths = new Random(rows * 31L + width);
    ColumnBuilder b = ColumnBuilder.create();
    for (int i = 0; i < rows; i++) {
      double[] row = new double[1 + lengths.nextInt(2 * width)];
      for (int j = 0; j < row.length; j++) {
        row[j] = value.getAsDouble();
      }
      b.add(row);
    }
    return b.build();
  }

  static Column classes(Random r, int rows, int width) {
    Random lengths = new Random(rows * 31L + width);
    double[] v = new double[rows];
    for (int i = 0; i < rows; i++) {
      v[i] = r.nextInt(1 + lengths.nextInt(2 * width));
    }
    return Column.integers(v, rows);
  }

  static Column multiLabels(Random r, int rows, int width) {
    Random lengths = new Random(rows * 31L + width);
    ColumnBuilder b = ColumnBuilder.integers();
    for (int i = 0; i < rows; i++) {
      int c = 1 + lengths.nextInt(2 * width);
      double[] row = new double[c];
      java.util.Arrays.fill(row, -1);
      int k = r.nextInt(c + 1);
      for (int j = 0; j < k && j < c; j++) {
        row[j] = r.nextInt(c);
      }
      b.add(row);
    }
    return b.build();
  }

  private static Batch ctc(Random r, int rows) {
    int c = 5;
    ColumnBuilder lp = ColumnBuilder.create();
    ColumnBuilder targets = ColumnBuilder.integers();
    ColumnBuilder inLen = ColumnBuilder.integers();
    ColumnBuilder tLen = ColumnBuilder.integers();
    for (int i = 0; i < rows; i++) {
      int t = 1 + r.nextInt(10);
      double[] block = new double[t * c];
      for (int s = 0; s < t; s++) {
        double norm = 0;
        for (int k = 0; k < c; k++) {
          block[s * c + k] = r.nextGaussian();
          norm += Math.exp(block[s * c + k]);
        }
        for (int k = 0; k < c; k++) {
          block[s * c + k] -= Math.log(norm);
        }
      }
      lp.addNested(block, c);
      double[] y = new double[4];
      for (int k = 0; k < y.length; k++) {
        y[k] = 1 + r.nextInt(c - 1);
      }
      targets.add(y);
      int in = 1 + r.nextInt(t);
      inLen.add(in);
      // a feasible alignment: 2 * L - 1 <= T even when every label repeats
      tLen.add(r.nextInt(Math.min(4, (in + 1) / 2) + 1));
    }
    return Batch.of(lp.build(), targets.build(), inLen.build(), tLen.build());
  }
}
