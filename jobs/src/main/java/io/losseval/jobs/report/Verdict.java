package io.losseval.jobs.report;

/**
 * What a pair of loss curves says about training, with the epochs that support it.
 *
 * @param kind the verdict
 * @param explanation one sentence with the numbers behind it
 * @param bestEpoch the epoch of the lowest validation loss (null without validation values)
 * @param fromEpoch for {@link Kind#OVERFITTING}, the first epoch after which validation rises while
 *     train falls; otherwise null
 */
public record Verdict(Kind kind, String explanation, Integer bestEpoch, Integer fromEpoch) {

  /** The verdicts, in the words of the report. */
  public enum Kind {
    /** Validation loss is still falling. */
    IMPROVING,
    /** Neither loss moves any more. */
    PLATEAUED,
    /** Validation loss rises while train loss keeps falling. */
    OVERFITTING,
    /** Train loss stays high: the model does not fit its own training data. */
    UNDERFITTING,
    /** Too few epochs or no validation split to judge. */
    INSUFFICIENT_DATA;

    /** The word shown in reports: {@code overfitting}, {@code insufficient data}. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
  }
}
