package io.losseval.core;

import static io.losseval.core.OptionSpec.bool;
import static io.losseval.core.OptionSpec.choice;
import static io.losseval.core.OptionSpec.integer;
import static io.losseval.core.OptionSpec.number;
import static io.losseval.core.OptionSpec.numbers;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Every built-in loss by its {@code torch.nn.functional} (and SQL) name: arguments, options with their
 * defaults, reductions, and a factory from option strings.
 *
 * <pre>{@code
 * Loss ce = LossCatalog.create("cross_entropy", "reduction=sum, label_smoothing=0.1, weight=[1.0,2.0,0.5]");
 * }</pre>
 */
public final class LossCatalog {
  private static final OptionSpec WEIGHT =
      numbers("weight", "a manual rescaling weight per class (length C)");
  private static final OptionSpec IGNORE_INDEX =
      integer("ignore_index", -100, "a target value that is ignored and adds nothing to the mean's denominator");
  private static final List<String> INPUT_TARGET = List.of("input", "target");

  private static final Set<String> CLASS_SCORE_LOSSES = Set.of("nll_loss", "cross_entropy");
  private static final Set<String> PER_SAMPLE_LOSSES = Set.of(
      "triplet_margin_loss", "triplet_margin_with_distance_loss", "cosine_embedding_loss",
      "multilabel_soft_margin_loss", "multi_margin_loss", "multilabel_margin_loss", "ctc_loss");

  private static final Map<String, LossSpec> SPECS = new LinkedHashMap<>();

  static {
    add("l1_loss", "L1Loss", INPUT_TARGET, List.of(), L1Loss::create);
    add("mse_loss", "MSELoss", INPUT_TARGET, List.of(), MSELoss::create);
    add("smooth_l1_loss", "SmoothL1Loss", INPUT_TARGET,
        List.of(number("beta", 1.0, "where the loss changes from quadratic to linear (>= 0; 0 is L1)")),
        SmoothL1Loss::create);
    add("huber_loss", "HuberLoss", INPUT_TARGET,
        List.of(number("delta", 1.0, "where the loss changes from quadratic to linear (> 0)")),
        HuberLoss::create);
    add("nll_loss", "NLLLoss", INPUT_TARGET, List.of(WEIGHT, IGNORE_INDEX), NLLLoss::create);
    add("cross_entropy", "CrossEntropyLoss", INPUT_TARGET,
        List.of(WEIGHT, IGNORE_INDEX,
            number("label_smoothing", 0.0, "mix of the target with the uniform distribution, in [0, 1]")),
        CrossEntropyLoss::create);
    add("binary_cross_entropy", "BCELoss", INPUT_TARGET,
        List.of(numbers("weight", "a rescaling weight broadcast over the last dimension")),
        BCELoss::create);
    add("binary_cross_entropy_with_logits", "BCEWithLogitsLoss", INPUT_TARGET,
        List.of(numbers("weight", "a rescaling weight broadcast over the last dimension"),
            numbers("pos_weight", "a weight of positive examples broadcast over the last dimension")),
        BCEWithLogitsLoss::create);
    add("hinge_embedding_loss", "HingeEmbeddingLoss", INPUT_TARGET,
        List.of(number("margin", 1.0, "the margin for targets of -1")),
        HingeEmbeddingLoss::create);
    add("margin_ranking_loss", "MarginRankingLoss", List.of("input1", "input2", "target"),
        List.of(number("margin", 0.0, "the margin")),
        MarginRankingLoss::create);
    add("triplet_margin_loss", "TripletMarginLoss", List.of("anchor", "positive", "negative"),
        List.of(number("margin", 1.0, "the margin"),
            number("p", 2.0, "the norm degree of the pairwise distance (> 0)"),
            number("eps", 1e-6, "added to the difference before the norm (>= 0)"),
            bool("swap", false, "use the distance swap (Balntas et al.)")),
        TripletMarginLoss::create);
    add("triplet_margin_with_distance_loss", "TripletMarginWithDistanceLoss",
        List.of("anchor", "positive", "negative"),
        List.of(choice("distance", "pairwise", List.of("pairwise", "cosine"),
                "pairwise: F.pairwise_distance; cosine: 1 - F.cosine_similarity"),
            number("margin", 1.0, "the margin (> 0)"),
            bool("swap", false, "use the distance swap")),
        TripletMarginWithDistanceLoss::create);
    add("cosine_embedding_loss", "CosineEmbeddingLoss", List.of("input1", "input2", "target"),
        List.of(number("margin", 0.0, "the margin for targets of -1, in [-1, 1]")),
        CosineEmbeddingLoss::create);
    SPECS.put("kl_div", new LossSpec("kl_div", "KLDivLoss", INPUT_TARGET,
        List.of(bool("log_target", false, "whether target holds log-probabilities"),
            choice("negative_target", "nan", List.of("nan", "zero", "error"),
                "negative targets: nan (PyTorch >= 1.12), zero (PyTorch <= 1.11) or error")),
        LossSpec.WITH_BATCHMEAN, LossSpec.SampleShape.ELEMENTWISE, KLDivLoss::create, null));
    add("poisson_nll_loss", "PoissonNLLLoss", INPUT_TARGET,
        List.of(bool("log_input", true, "whether input holds log-rates"),
            bool("full", false, "add the Stirling approximation term"),
            number("eps", 1e-8, "added to input before the log when log_input=false (>= 0)")),
        PoissonNLLLoss::create);
    add("gaussian_nll_loss", "GaussianNLLLoss", List.of("input", "target", "var"),
        List.of(bool("full", false, "add the constant 0.5 * log(2 * pi)"),
            number("eps", 1e-6, "the variance is clamped below at eps (>= 0)")),
        GaussianNLLLoss::create);
    add("soft_margin_loss", "SoftMarginLoss", INPUT_TARGET, List.of(), SoftMarginLoss::create);
    add("multilabel_soft_margin_loss", "MultiLabelSoftMarginLoss", INPUT_TARGET,
        List.of(WEIGHT), MultiLabelSoftMarginLoss::create);
    add("multi_margin_loss", "MultiMarginLoss", INPUT_TARGET,
        List.of(integer("p", 1, "1 or 2"), number("margin", 1.0, "the margin"), WEIGHT),
        MultiMarginLoss::create);
    add("multilabel_margin_loss", "MultiLabelMarginLoss", INPUT_TARGET, List.of(),
        MultiLabelMarginLoss::create);
    add("ctc_loss", "CTCLoss", List.of("log_probs", "targets", "input_lengths", "target_lengths"),
        List.of(integer("blank", 0, "the blank label's index"),
            bool("zero_infinity", false, "turn infinite losses (impossible alignments) into 0")),
        CTCLoss::create);
  }

  private LossCatalog() {}

  private static void add(
      String name,
      String torchClass,
      List<String> arguments,
      List<OptionSpec> options,
      Function<LossOptions, Loss> factory) {
    SPECS.put(name,
        new LossSpec(name, torchClass, arguments, options, LossSpec.STANDARD, sampleShape(name), factory, null));
  }

  private static LossSpec.SampleShape sampleShape(String name) {
    if (CLASS_SCORE_LOSSES.contains(name)) {
      return LossSpec.SampleShape.CLASS_SCORES;
    }
    return PER_SAMPLE_LOSSES.contains(name)
        ? LossSpec.SampleShape.SCALAR
        : LossSpec.SampleShape.ELEMENTWISE;
  }

  /** Every loss, in the catalogue's order. */
  public static Collection<LossSpec> all() {
    return Collections.unmodifiableCollection(SPECS.values());
  }

  /**
   * The loss of this name ({@code torch.nn.functional}'s, case-insensitive).
   *
   * @throws LossArgumentException naming the known losses when there is none
   */
  public static LossSpec spec(String name) {
    LossSpec spec = SPECS.get(name.toLowerCase(Locale.ROOT));
    if (spec == null) {
      throw LossArgumentException.of(
          name, "loss", "is unknown", "one of " + String.join(", ", SPECS.keySet()), name);
    }
    return spec;
  }

  /** Builds the loss {@code name} from an option string (null or blank: every default). */
  public static Loss create(String name, String options) {
    return spec(name).create(options);
  }
}
