package io.losseval.jobs.sampledata;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The bundled sample datasets, each a function of a seed only (same seed, same rows), one per kind of
 * loss. {@code sample-data/README.md} says what each holds; {@code conf/examples/} has a config for each.
 */
public final class SampleData {
  private SampleData() {}

  /** A dataset: its file name (without {@code .parquet}), schema and rows. */
  public record Dataset(String name, String description, StructType schema, List<Row> rows) {}

  private static final String[] MODELS = {"baseline", "candidate"};
  private static final ArrayType FLOATS = DataTypes.createArrayType(DataTypes.FloatType, false);
  private static final ArrayType DOUBLES = DataTypes.createArrayType(DataTypes.DoubleType, false);

  /** Every dataset, from {@code seed} (each dataset draws from its own stream of it). */
  public static List<Dataset> all(long seed) {
    return List.of(
        regression(new SplittableRandom(seed + 1)),
        binary(new SplittableRandom(seed + 2)),
        multiclass(new SplittableRandom(seed + 3)),
        classProbabilities(new SplittableRandom(seed + 4)),
        segmentation(new SplittableRandom(seed + 5)),
        rankingPairs(new SplittableRandom(seed + 6)),
        triplets(new SplittableRandom(seed + 7)),
        distributions(new SplittableRandom(seed + 8)),
        epochs(new SplittableRandom(seed + 9)),
        comparison(new SplittableRandom(seed + 10)));
  }

  static Dataset regression(SplittableRandom r) {
    String[] segments = {"north", "south", "west"};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      String model = MODELS[i % 2];
      String segment = segments[r.nextInt(segments.length)];
      double x = r.nextDouble() * 10;
      double target = 2.0 * x + 1.0 + gaussian(r) * (segment.equals("west") ? 2.0 : 1.0);
      double error = model.equals("baseline") ? 1.5 * gaussian(r) : 0.9 * gaussian(r);
      double prediction = 2.0 * x + 1.0 + error + (model.equals("baseline") ? 0.3 : 0.0);
      double variance = model.equals("baseline") ? 2.25 : 0.81;
      double rate = Math.exp(0.1 * x);
      long count = poisson(r, rate);
      double logRate = Math.log(rate) + 0.2 * gaussian(r);
      rows.add(RowFactory.create((long) i, model, segment, round(prediction), round(target), variance,
          round(logRate), (double) count));
    }
    return new Dataset("regression", "a regression target with two models' predictions and variances,"
        + " and Poisson counts with predicted log-rates",
        new StructType().add("id", DataTypes.LongType, false).add("model", DataTypes.StringType, false)
            .add("segment", DataTypes.StringType, false).add("prediction", DataTypes.DoubleType, false)
            .add("target", DataTypes.DoubleType, false).add("variance", DataTypes.DoubleType, false)
            .add("log_rate", DataTypes.DoubleType, false).add("count", DataTypes.DoubleType, false),
        rows);
  }

  static Dataset binary(SplittableRandom r) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      String model = MODELS[i % 2];
      int label = r.nextDouble() < 0.3 ? 1 : 0;
      double skill = model.equals("baseline") ? 1.2 : 2.0;
      double logit = (label == 1 ? skill : -skill) + 1.5 * gaussian(r);
      double probability = 1 / (1 + Math.exp(-logit));
      rows.add(RowFactory.create((long) i, model, round(logit), round(probability), (double) label,
          label == 1 ? 1 : -1));
    }
    return new Dataset("binary", "binary labels (30% positive) with two models' logits and"
        + " probabilities; also the labels as +1/-1",
        new StructType().add("id", DataTypes.LongType, false).add("model", DataTypes.StringType, false)
            .add("logit", DataTypes.DoubleType, false).add("probability", DataTypes.DoubleType, false)
            .add("label", DataTypes.DoubleType, false).add("sign", DataTypes.IntegerType, false),
        rows);
  }

  static Dataset multiclass(SplittableRandom r) {
    int classes = 5;
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      String model = MODELS[i % 2];
      int label = r.nextInt(classes);
      float[] logits = logits(r, classes, label, model.equals("baseline") ? 1.0 : 2.0, 1.2);
      // about 1% of rows are unlabelled, marked with PyTorch's default ignore_index
      int target = r.nextDouble() < 0.01 ? -100 : label;
      rows.add(RowFactory.create((long) i, model, logits, logSoftmax(logits), target));
    }
    return new Dataset("multiclass", "5-class logits (float) and their log-softmax (double) from two"
        + " models, with integer labels; about 1% of labels are -100 (PyTorch's ignore_index)",
        new StructType().add("id", DataTypes.LongType, false).add("model", DataTypes.StringType, false)
            .add("logits", FLOATS, false).add("log_probs", DOUBLES, false)
            .add("label", DataTypes.IntegerType, false),
        rows);
  }

  static Dataset classProbabilities(SplittableRandom r) {
    int classes = 4;
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      String model = MODELS[i % 2];
      int label = r.nextInt(classes);
      double[] soft = new double[classes];
      double rest = 0.1 / (classes - 1);
      for (int k = 0; k < classes; k++) {
        soft[k] = k == label ? 0.9 : rest;
      }
      rows.add(RowFactory.create((long) i, model,
          logits(r, classes, label, model.equals("baseline") ? 1.0 : 1.8, 1.0), soft));
    }
    return new Dataset("class-probabilities", "4-class logits with soft targets (0.9 on the true class,"
        + " the rest spread evenly), from two models",
        new StructType().add("id", DataTypes.LongType, false).add("model", DataTypes.StringType, false)
            .add("logits", FLOATS, false).add("target_probs", DOUBLES, false),
        rows);
  }

  static Dataset segmentation(SplittableRandom r) {
    int classes = 3;
    int pixels = 16;
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      String model = MODELS[i % 2];
      int[] mask = new int[pixels];
      float[][] logits = new float[classes][pixels];
      int region = r.nextInt(classes);
      for (int p = 0; p < pixels; p++) {
        mask[p] = p < pixels / 2 ? 0 : region;
        float[] l = logits(r, classes, mask[p], model.equals("baseline") ? 1.0 : 2.0, 1.0);
        for (int c = 0; c < classes; c++) {
          logits[c][p] = l[c];
        }
      }
      rows.add(RowFactory.create((long) i, model, logits, mask));
    }
    return new Dataset("segmentation", "per-pixel 3-class logits [C=3][16 pixels] (PyTorch's N x C x d1)"
        + " with per-pixel class masks, from two models",
        new StructType().add("id", DataTypes.LongType, false).add("model", DataTypes.StringType, false)
            .add("logits", DataTypes.createArrayType(FLOATS, false), false)
            .add("mask", DataTypes.createArrayType(DataTypes.IntegerType, false), false),
        rows);
  }

  static Dataset rankingPairs(SplittableRandom r) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      String model = MODELS[i % 2];
      double relevanceA = r.nextDouble();
      double relevanceB = r.nextDouble();
      double noise = model.equals("baseline") ? 0.4 : 0.2;
      rows.add(RowFactory.create((long) i, model, round(relevanceA + noise * gaussian(r)),
          round(relevanceB + noise * gaussian(r)), relevanceA > relevanceB ? 1 : -1));
    }
    return new Dataset("ranking-pairs", "pairs of scores from two models with which item should rank"
        + " higher (+1: the first, -1: the second)",
        new StructType().add("id", DataTypes.LongType, false).add("model", DataTypes.StringType, false)
            .add("score_a", DataTypes.DoubleType, false).add("score_b", DataTypes.DoubleType, false)
            .add("preference", DataTypes.IntegerType, false),
        rows);
  }

  static Dataset triplets(SplittableRandom r) {
    int dim = 16;
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      String model = MODELS[i % 2];
      double spread = model.equals("baseline") ? 0.8 : 0.4;
      float[] anchor = new float[dim];
      float[] positive = new float[dim];
      float[] negative = new float[dim];
      for (int k = 0; k < dim; k++) {
        anchor[k] = (float) gaussian(r);
        positive[k] = (float) (anchor[k] + spread * gaussian(r));
        negative[k] = (float) gaussian(r);
      }
      rows.add(RowFactory.create((long) i, model, anchor, positive, negative));
    }
    return new Dataset("triplets", "16-dimensional float embeddings: anchor, a positive near it, an"
        + " unrelated negative; the candidate model's positives are closer",
        new StructType().add("id", DataTypes.LongType, false).add("model", DataTypes.StringType, false)
            .add("anchor", FLOATS, false).add("positive", FLOATS, false).add("negative", FLOATS, false),
        rows);
  }

  static Dataset distributions(SplittableRandom r) {
    int bins = 8;
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      String model = MODELS[i % 2];
      double[] target = new double[bins];
      double[] predicted = new double[bins];
      double total = 0;
      for (int k = 0; k < bins; k++) {
        target[k] = Math.exp(gaussian(r));
        total += target[k];
      }
      for (int k = 0; k < bins; k++) {
        target[k] /= total;
      }
      double noise = model.equals("baseline") ? 0.5 : 0.2;
      double norm = 0;
      for (int k = 0; k < bins; k++) {
        predicted[k] = Math.log(target[k]) + noise * gaussian(r);
        norm += Math.exp(predicted[k]);
      }
      for (int k = 0; k < bins; k++) {
        predicted[k] = predicted[k] - Math.log(norm);
      }
      rows.add(RowFactory.create((long) i, model, predicted, target));
    }
    return new Dataset("distributions", "8-bin probability distributions (target) and two models'"
        + " predicted log-probabilities, for kl_div",
        new StructType().add("id", DataTypes.LongType, false).add("model", DataTypes.StringType, false)
            .add("log_pred", DOUBLES, false).add("target", DOUBLES, false),
        rows);
  }

  /**
   * One classifier's predictions after each of 12 epochs on a train and a validation split. Training
   * sharpens the logits of every train sample; on validation, a third of the samples are ones the model
   * gets wrong with growing confidence after epoch 6, so validation loss falls, then rises: overfitting.
   */
  static Dataset epochs(SplittableRandom r) {
    int classes = 5;
    int perSplit = 300;
    List<Row> rows = new ArrayList<>();
    int[][] labels = new int[2][perSplit];
    boolean[] hard = new boolean[perSplit];
    for (int s = 0; s < 2; s++) {
      for (int i = 0; i < perSplit; i++) {
        labels[s][i] = r.nextInt(classes);
      }
    }
    for (int i = 0; i < perSplit; i++) {
      hard[i] = r.nextDouble() < 0.3;
    }
    long id = 0;
    for (int epoch = 1; epoch <= 12; epoch++) {
      for (int s = 0; s < 2; s++) {
        String split = s == 0 ? "train" : "validation";
        for (int i = 0; i < perSplit; i++) {
          int label = labels[s][i];
          double signal = 0.35 * epoch;
          int favoured = label;
          if (s == 1 && hard[i]) {
            favoured = (label + 1) % classes;
            signal = 0.12 * Math.max(0, epoch - 4) * Math.max(0, epoch - 4) * 0.25 + 0.1 * epoch;
          } else if (s == 1) {
            signal = 0.3 * Math.min(epoch, 7);
          }
          float[] l = logits(r, classes, favoured, signal, 0.8);
          rows.add(RowFactory.create(id++, "convnet", epoch, split, l, label));
        }
      }
    }
    return new Dataset("epochs", "one 5-class model's logits after each of 12 epochs, for a train and"
        + " a validation split of 300 samples each; validation loss bottoms out, then rises (overfitting)",
        new StructType().add("id", DataTypes.LongType, false).add("model", DataTypes.StringType, false)
            .add("epoch", DataTypes.IntegerType, false).add("split", DataTypes.StringType, false)
            .add("logits", FLOATS, false).add("label", DataTypes.IntegerType, false),
        rows);
  }

  /**
   * A baseline and a retrained candidate on the same 2,400 validation examples (one row per example and
   * model, the example's id shared) from three regions. The candidate is better in eu and us but a few
   * percent worse in apac, so a gate such as {@code cross_entropy.mean must not rise by more than 1%}
   * fails on one slice. The candidate's logits are the baseline's plus a change, so per-example losses
   * correlate, as for two versions of one model (a paired comparison).
   */
  static Dataset comparison(SplittableRandom r) {
    int classes = 4;
    String[] regions = {"eu", "us", "apac"};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 2400; i++) {
      String region = regions[i % 3];
      int label = r.nextInt(classes);
      float[] base = logits(r, classes, label, 1.6, 1.0);
      double gain = region.equals("apac") ? 0.03 : 0.35;
      float[] cand = new float[classes];
      for (int k = 0; k < classes; k++) {
        cand[k] = (float) (base[k] + (k == label ? gain : 0) + 0.3 * gaussian(r));
      }
      rows.add(RowFactory.create((long) i, region, "baseline", base, label));
      rows.add(RowFactory.create((long) i, region, "candidate", cand, label));
    }
    return new Dataset("compare", "a baseline and a candidate model's 4-class logits for the same"
        + " 2,400 examples (shared id) in three regions; the candidate is better in eu and us, worse"
        + " in apac",
        new StructType().add("id", DataTypes.LongType, false).add("region", DataTypes.StringType, false)
            .add("model", DataTypes.StringType, false).add("logits", FLOATS, false)
            .add("label", DataTypes.IntegerType, false),
        rows);
  }

  /** Logits with {@code signal} on class {@code favoured} and Gaussian noise of scale {@code noise}. */
  private static float[] logits(SplittableRandom r, int classes, int favoured, double signal, double noise) {
    float[] out = new float[classes];
    for (int k = 0; k < classes; k++) {
      out[k] = (float) ((k == favoured ? signal : 0) + noise * gaussian(r));
    }
    return out;
  }

  private static double[] logSoftmax(float[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (float v : logits) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (float v : logits) {
      sum += Math.exp(v - max);
    }
    double log = max + Math.log(sum);
    double[] out = new double[logits.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = logits[k] - log;
    }
    return out;
  }

  /** A standard normal draw (Box-Muller, one of the pair; deterministic given the stream). */
  private static double gaussian(SplittableRandom r) {
    double u = 1.0 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  private static long poisson(SplittableRandom r, double rate) {
    double l = Math.exp(-rate);
    double p = 1;
    long k = 0;
    do {
      k++;
      p *= r.nextDouble();
    } while (p > l);
    return k - 1;
  }

  /** Rounded to 6 decimals, so the files stay small and the numbers read well. */
  private static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
