package io.losseval.jobs.compare;

import io.losseval.jobs.report.ComparisonRow;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gate on how much worse a candidate may be, written as a sentence:
 *
 * <pre>
 * &lt;loss&gt;[.&lt;reduction&gt;] must not rise [significantly] [by more than &lt;x&gt;[%]]
 * </pre>
 *
 * <p>{@code cross_entropy.mean must not rise by more than 1%}: in every slice, {@code (candidate -
 * baseline) / |baseline|} must be at most 0.01. Without {@code %} the limit is absolute ({@code mse_loss
 * must not rise by more than 0.002}); without {@code by more than} it is 0. With {@code significantly},
 * the rise is the lower bound of the difference's 95% bootstrap interval, so only a rise the data make
 * certain fails (needs {@code bootstrap}). Without a reduction the gate applies to every reduction of the
 * loss; it applies to every options variant and every slice. A missing value (a slice with no rows on
 * one side) fails.
 *
 * @param text the sentence as written
 * @param loss the loss's name in the results
 * @param reduction the reduction, or null for any
 * @param limit the largest allowed rise (a fraction when {@code relative})
 * @param relative whether the limit is relative to the baseline
 * @param significant whether the rise is the difference's lower interval bound
 */
public record Threshold(String text, String loss, String reduction, double limit, boolean relative,
    boolean significant) {

  private static final Pattern FORM = Pattern.compile(
      "\\s*([A-Za-z0-9_]+)(?:\\.([a-z]+))?\\s+must\\s+not\\s+rise(\\s+significantly)?"
          + "(?:\\s+by\\s+more\\s+than\\s+([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*(%)?)?\\s*");

  /** The accepted form, for error messages. */
  public static final String FORM_TEXT = "'<loss>[.<reduction>] must not rise [significantly] [by more"
      + " than <number>[%]]', such as 'cross_entropy.mean must not rise by more than 1%'";

  /**
   * Reads a threshold sentence.
   *
   * @throws IllegalArgumentException when {@code text} does not have the form
   */
  public static Threshold parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new IllegalArgumentException("is '" + text + "': expected " + FORM_TEXT);
    }
    boolean percent = m.group(5) != null;
    double limit = m.group(4) == null ? 0 : Double.parseDouble(m.group(4));
    return new Threshold(text.trim(), m.group(1), m.group(2), percent ? limit / 100 : limit, percent,
        m.group(3) != null);
  }

  /** Whether this threshold judges {@code row}. */
  public boolean appliesTo(ComparisonRow row) {
    return loss.equals(row.loss()) && (reduction == null || reduction.equals(row.reduction()));
  }

  /** The rise this threshold measures in {@code row} (NaN when a side has no value). */
  public double rise(ComparisonRow row) {
    double d = significant ? row.differenceLower() : row.difference();
    return relative ? d / Math.abs(row.baseline()) : d;
  }

  /** Whether {@code row} passes: its rise is a number no larger than the limit. */
  public boolean passes(ComparisonRow row) {
    double rise = rise(row);
    return !Double.isNaN(rise) && rise <= limit;
  }

  /** The rise in the threshold's terms: {@code +1.82%} or {@code +0.0031}. */
  public String describe(ComparisonRow row) {
    double rise = rise(row);
    return Double.isNaN(rise) ? "no value"
        : relative ? String.format(Locale.ROOT, "%+.3g%%", 100 * rise)
        : String.format(Locale.ROOT, "%+.4g", rise);
  }
}
