package io.losseval.spark;

import io.losseval.core.CustomLossClass;
import io.losseval.core.LossCatalog;
import io.losseval.core.LossOptions;
import io.losseval.core.PrecomputedLoss;
import io.losseval.core.bootstrap.PoissonBootstrap;
import org.apache.spark.sql.Column;

/**
 * The losses for DataFrame code, one factory per {@code torch.nn.functional} loss, arguments in PyTorch's
 * order. Each returns a {@link LossColumn}: an aggregate {@link Column} (default reduction {@code mean})
 * that takes PyTorch's options by name and turns into the per-row loss with {@link LossColumn#perRow()}.
 *
 * <pre>{@code
 * import static io.losseval.spark.Losses.crossEntropy;
 *
 * Row r = df.agg(crossEntropy(col("logits"), col("label")).labelSmoothing(0.1).reduction(SUM)).first();
 * }</pre>
 *
 * <p>No registration is needed: the columns carry their own expressions.
 */
public final class Losses {
  private Losses() {}

  /**
   * The aggregate of loss {@code name} with options in the SQL form ({@code "reduction=sum,
   * delta=0.5"}; null or blank for the defaults): the same column as the SQL call {@code name(args...,
   * 'options')}.
   *
   * @throws io.losseval.core.LossArgumentException for an unknown loss, bad options or the wrong
   *     number of arguments
   */
  public static Column loss(String name, String options, Column... arguments) {
    return LossColumn.fromText(LossCatalog.spec(name), options, null, arguments);
  }

  /** As {@link #loss(String, String, Column...)}, with a per-row sample weight column. */
  public static Column weightedLoss(
      String name, String options, Column sampleWeight, Column... arguments) {
    return LossColumn.fromText(LossCatalog.spec(name), options, sampleWeight, arguments);
  }

  /**
   * The {@code <loss>_stats} aggregate for parsed options (any loss, custom ones too): {@code struct<value,
   * rows, rows_skipped, skipped>}, with a per-row sample weight when {@code sampleWeight} is not null.
   */
  public static Column lossStats(LossOptions options, Column sampleWeight, Column... arguments) {
    return LossColumn.fromOptions(options, LossFunctions.Kind.STATS, sampleWeight, arguments);
  }

  /**
   * The {@code row_<loss>} column for parsed options (PyTorch's {@code reduction='none'}: one row's
   * loss); the options' reduction must be {@code none} or the loss's default.
   */
  public static Column rowLoss(LossOptions options, Column... arguments) {
    return LossColumn.fromOptions(options, LossFunctions.Kind.ROW, null, arguments);
  }

  /**
   * The {@code <loss>_bootstrap} aggregate for parsed options: the stats struct with {@code ci_lower,
   * ci_upper} (a 95% interval from a one-pass Poisson bootstrap) and the {@code replicates}' values.
   * Each row's resampling counts are drawn from the seed and {@code xxhash64(key)}: give the example's
   * id as {@code key} so that two models' rows for the same example are resampled together (a paired
   * comparison); null hashes the loss's arguments instead.
   *
   * @param sampleWeight a per-row sample weight, or null
   * @param key what identifies a row, or null
   */
  public static Column lossBootstrap(LossOptions options, PoissonBootstrap bootstrap,
      Column sampleWeight, Column key, Column... arguments) {
    return LossColumn.bootstrap(options, bootstrap, sampleWeight, key, arguments);
  }

  /** Any loss by its {@code torch.nn.functional} name ({@code "huber_loss"}). */
  public static LossColumn loss(String name, Column... arguments) {
    return LossColumn.of(LossCatalog.spec(name), arguments);
  }

  /**
   * A custom loss given as a Java class (the seeds' {@code class Custom_MSE(nn.Module)}): a public class
   * implementing {@link io.losseval.core.Loss} with a public {@code (Reduction)} constructor, loaded by
   * name on the driver and on every executor (see {@link CustomLossClass}).
   *
   * @throws IllegalArgumentException when the class cannot be loaded or is not such a loss
   */
  public static LossColumn customLoss(String className, Column... arguments) {
    return LossColumn.of(CustomLossClass.spec(className), arguments);
  }

  /**
   * Per-row losses computed by any column expression (the seeds' function form: {@code
   * pow(col("p") - col("t"), 2)}), reduced by the exact, order-independent {@code mean} (default) or
   * {@code sum}; rows where the expression is null are skipped and counted.
   */
  public static LossColumn precomputedLoss(Column rowLoss) {
    return customLoss(PrecomputedLoss.class.getName(), rowLoss);
  }

  /** {@code F.l1_loss} ({@code torch.nn.L1Loss}). */
  public static LossColumn l1Loss(Column input, Column target) {
    return loss("l1_loss", input, target);
  }

  /** {@code F.mse_loss} ({@code torch.nn.MSELoss}). */
  public static LossColumn mseLoss(Column input, Column target) {
    return loss("mse_loss", input, target);
  }

  /** {@code F.smooth_l1_loss} ({@code torch.nn.SmoothL1Loss}). */
  public static LossColumn smoothL1Loss(Column input, Column target) {
    return loss("smooth_l1_loss", input, target);
  }

  /** {@code F.huber_loss} ({@code torch.nn.HuberLoss}). */
  public static LossColumn huberLoss(Column input, Column target) {
    return loss("huber_loss", input, target);
  }

  /** {@code F.nll_loss} ({@code torch.nn.NLLLoss}). */
  public static LossColumn nllLoss(Column input, Column target) {
    return loss("nll_loss", input, target);
  }

  /** {@code F.cross_entropy} ({@code torch.nn.CrossEntropyLoss}). */
  public static LossColumn crossEntropy(Column input, Column target) {
    return loss("cross_entropy", input, target);
  }

  /** {@code F.binary_cross_entropy} ({@code torch.nn.BCELoss}). */
  public static LossColumn binaryCrossEntropy(Column input, Column target) {
    return loss("binary_cross_entropy", input, target);
  }

  /** {@code F.binary_cross_entropy_with_logits} ({@code torch.nn.BCEWithLogitsLoss}). */
  public static LossColumn binaryCrossEntropyWithLogits(Column input, Column target) {
    return loss("binary_cross_entropy_with_logits", input, target);
  }

  /** {@code F.hinge_embedding_loss} ({@code torch.nn.HingeEmbeddingLoss}). */
  public static LossColumn hingeEmbeddingLoss(Column input, Column target) {
    return loss("hinge_embedding_loss", input, target);
  }

  /** {@code F.margin_ranking_loss} ({@code torch.nn.MarginRankingLoss}). */
  public static LossColumn marginRankingLoss(Column input1, Column input2, Column target) {
    return loss("margin_ranking_loss", input1, input2, target);
  }

  /** {@code F.triplet_margin_loss} ({@code torch.nn.TripletMarginLoss}). */
  public static LossColumn tripletMarginLoss(Column anchor, Column positive, Column negative) {
    return loss("triplet_margin_loss", anchor, positive, negative);
  }

  /** {@code F.triplet_margin_with_distance_loss} ({@code torch.nn.TripletMarginWithDistanceLoss}). */
  public static LossColumn tripletMarginWithDistanceLoss(Column anchor, Column positive, Column negative) {
    return loss("triplet_margin_with_distance_loss", anchor, positive, negative);
  }

  /** {@code F.cosine_embedding_loss} ({@code torch.nn.CosineEmbeddingLoss}). */
  public static LossColumn cosineEmbeddingLoss(Column input1, Column input2, Column target) {
    return loss("cosine_embedding_loss", input1, input2, target);
  }

  /** {@code F.kl_div} ({@code torch.nn.KLDivLoss}). */
  public static LossColumn klDiv(Column input, Column target) {
    return loss("kl_div", input, target);
  }

  /** {@code F.poisson_nll_loss} ({@code torch.nn.PoissonNLLLoss}). */
  public static LossColumn poissonNllLoss(Column input, Column target) {
    return loss("poisson_nll_loss", input, target);
  }

  /** {@code F.gaussian_nll_loss} ({@code torch.nn.GaussianNLLLoss}). */
  public static LossColumn gaussianNllLoss(Column input, Column target, Column var) {
    return loss("gaussian_nll_loss", input, target, var);
  }

  /** {@code F.soft_margin_loss} ({@code torch.nn.SoftMarginLoss}). */
  public static LossColumn softMarginLoss(Column input, Column target) {
    return loss("soft_margin_loss", input, target);
  }

  /** {@code F.multilabel_soft_margin_loss} ({@code torch.nn.MultiLabelSoftMarginLoss}). */
  public static LossColumn multilabelSoftMarginLoss(Column input, Column target) {
    return loss("multilabel_soft_margin_loss", input, target);
  }

  /** {@code F.multi_margin_loss} ({@code torch.nn.MultiMarginLoss}). */
  public static LossColumn multiMarginLoss(Column input, Column target) {
    return loss("multi_margin_loss", input, target);
  }

  /** {@code F.multilabel_margin_loss} ({@code torch.nn.MultiLabelMarginLoss}). */
  public static LossColumn multilabelMarginLoss(Column input, Column target) {
    return loss("multilabel_margin_loss", input, target);
  }

  /** {@code F.ctc_loss} ({@code torch.nn.CTCLoss}). */
  public static LossColumn ctcLoss(Column logProbs, Column targets, Column inputLengths, Column targetLengths) {
    return loss("ctc_loss", logProbs, targets, inputLengths, targetLengths);
  }
}
