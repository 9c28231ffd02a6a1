package io.losseval.jobs.report;

import java.util.List;

/**
 * The train and validation curves of one loss over epochs, for one slice, with their verdict.
 *
 * @param loss the loss's SQL name ({@code cross_entropy})
 * @param reduction its reduction ({@code mean})
 * @param options its options in canonical text ({@code label_smoothing=0.1}), or empty
 * @param slice the slice the curves are for ({@code model=convnet}), or empty for the whole input
 * @param train the train split's values, by ascending epoch
 * @param validation the validation split's values, by ascending epoch
 * @param verdict what the curves say
 */
public record LossCurves(
    String loss,
    String reduction,
    String options,
    String slice,
    List<EpochValue> train,
    List<EpochValue> validation,
    Verdict verdict) {

  public LossCurves {
    train = List.copyOf(train);
    validation = List.copyOf(validation);
  }

  /** A title: {@code cross_entropy (mean, label_smoothing=0.1) - model=convnet}. */
  public String title() {
    String head = loss + " (" + reduction + (options.isEmpty() ? "" : ", " + options) + ")";
    return slice.isEmpty() ? head : head + " - " + slice;
  }
}
