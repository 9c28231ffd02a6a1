package io.losseval.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.losseval.core.accum.LossAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every kind of input a loss cannot take throws {@link LossArgumentException} whose message names the
 * loss, the argument, what was expected and what was found; and nothing is added to the accumulator.
 */
class WrongInputsTest {

  private static void assertMessage(String expected, Executable call) {
    LossArgumentException e = assertThrows(LossArgumentException.class, call);
    assertEquals(expected, e.getMessage());
  }

  private static void accumulate(String loss, String options, Batch batch) {
    LossAccumulator acc = LossAccumulator.create();
    try {
      LossCatalog.create(loss, options).accumulate(batch, acc);
    } finally {
      assertEquals(LossAccumulator.create(), acc, "a rejected batch leaves the accumulator untouched");
    }
  }

  @Test
  void arraysOfDifferentLengths() {
    Batch b = Batch.of(
        Column.rows(new double[] {1, 2, 3}, new double[] {1, 2}),
        Column.rows(new double[] {1, 2, 3}, new double[] {1, 2, 3}));
    assertMessage(
        "mse_loss: target length differs from input's (row 1): expected 2 values, found 3 values",
        () -> accumulate("mse_loss", "", b));
  }

  @Test
  void numberWhereAnArrayIsExpected() {
    Batch b = Batch.of(Column.rows(new double[] {1, 2}), Column.scalars(1.0));
    assertMessage(
        "l1_loss: target does not match input's shape: expected an array per row like input, found a number",
        () -> accumulate("l1_loss", "", b));
  }

  @Test
  void classIndexOutOfRange() {
    Batch b = Batch.of(
        Column.rows(new double[] {1, 2, 3, 4, 5}, new double[] {1, 2, 3, 4, 5}),
        Column.integers(4, 7));
    assertMessage(
        "cross_entropy: target is out of range for 5 classes (row 1): expected an index in [0, 5)"
            + " or ignore_index -100, found 7",
        () -> accumulate("cross_entropy", "", b));
    assertMessage(
        "nll_loss: target is out of range for 5 classes (row 1): expected an index in [0, 5)"
            + " or ignore_index -100, found 7",
        () -> accumulate("nll_loss", "", b));
  }

  @Test
  void negativeClassIndexThatIsNotIgnoreIndex() {
    Batch b = Batch.of(Column.rows(new double[] {1, 2}), Column.integers(-1));
    assertMessage(
        "nll_loss: target is out of range for 2 classes (row 0): expected an index in [0, 2)"
            + " or ignore_index -100, found -1",
        () -> accumulate("nll_loss", "", b));
  }

  @Test
  void nonIntegralClassIndex() {
    Batch b = Batch.of(Column.rows(new double[] {1, 2}), Column.scalars(0.5));
    assertMessage(
        "cross_entropy: target is not a whole number (row 0): expected an integer, found 0.5",
        () -> accumulate("cross_entropy", "", b));
  }

  @Test
  void probabilityTargetWithoutCEntries() {
    Batch b = Batch.of(
        Column.rows(new double[] {1, 2, 3}), Column.rows(new double[] {0.5, 0.5}));
    assertMessage(
        "cross_entropy: target probabilities do not match input's shape (row 0): expected 3 entries"
            + " (C class probabilities per sample, like input), found 2 entries",
        () -> accumulate("cross_entropy", "", b));
  }

  @Test
  void classWeightOfTheWrongLength() {
    Batch b = Batch.of(Column.rows(new double[] {1, 2, 3}), Column.integers(0));
    assertMessage(
        "cross_entropy: weight length differs from the number of classes (row 0): expected 3 values"
            + " (one per class), found 2 values",
        () -> accumulate("cross_entropy", "weight=[1.0,2.0]", b));
  }

  @Test
  void elementWeightThatDoesNotBroadcast() {
    Batch b = Batch.of(Column.rows(new double[] {0.5, 0.5, 0.5}), Column.rows(new double[] {1, 0, 1}));
    assertMessage(
        "binary_cross_entropy: weight does not broadcast over input's last dimension (row 0):"
            + " expected 3 values (or 1), found 2 values",
        () -> accumulate("binary_cross_entropy", "weight=[1.0,2.0]", b));
    assertMessage(
        "binary_cross_entropy_with_logits: pos_weight does not broadcast over input's last dimension"
            + " (row 0): expected 3 values (or 1), found 4 values",
        () -> accumulate("binary_cross_entropy_with_logits", "pos_weight=[1,2,3,4]", b));
  }

  @Test
  void probabilityInputOutsideZeroOne() {
    Batch b = Batch.of(Column.scalars(0.5, 1.5), Column.scalars(1.0, 0.0));
    assertMessage(
        "binary_cross_entropy: input is not a probability (row 1): expected values in [0, 1], found 1.5",
        () -> accumulate("binary_cross_entropy", "", b));
  }

  @Test
  void unknownOptionNamesTheValidOnes() {
    assertMessage(
        "cross_entropy: option label_smooth is unknown: expected one of reduction, weight,"
            + " ignore_index, label_smoothing, on_null, found label_smooth",
        () -> LossCatalog.create("cross_entropy", "label_smooth=0.1"));
  }

  @Test
  void unknownLossNamesTheValidOnes() {
    LossArgumentException e =
        assertThrows(LossArgumentException.class, () -> LossCatalog.create("crossentropy", ""));
    assertEquals("crossentropy", e.loss());
    assertEquals(true, e.getMessage().startsWith(
        "crossentropy: loss is unknown: expected one of l1_loss, mse_loss, smooth_l1_loss,"));
  }

  @Test
  void optionsOutOfTheirDomain() {
    assertMessage(
        "triplet_margin_loss: p is out of range: expected a finite number > 0, found 0.0",
        () -> LossCatalog.create("triplet_margin_loss", "p=0"));
    assertMessage(
        "triplet_margin_loss: eps is out of range: expected a finite number >= 0, found -1.0E-6",
        () -> LossCatalog.create("triplet_margin_loss", "eps=-1e-6"));
    assertMessage(
        "cross_entropy: label_smoothing is out of range: expected a number in [0, 1], found 1.5",
        () -> LossCatalog.create("cross_entropy", "label_smoothing=1.5"));
    assertMessage(
        "smooth_l1_loss: beta is out of range: expected a finite number >= 0, found -1.0",
        () -> LossCatalog.create("smooth_l1_loss", "beta=-1"));
    assertMessage(
        "huber_loss: delta is out of range: expected a finite number > 0, found 0.0",
        () -> LossCatalog.create("huber_loss", "delta=0"));
    assertMessage(
        "multi_margin_loss: p is not supported: expected 1 or 2, found 3",
        () -> LossCatalog.create("multi_margin_loss", "p=3"));
    assertMessage(
        "poisson_nll_loss: eps is out of range: expected a finite number >= 0, found -1.0",
        () -> LossCatalog.create("poisson_nll_loss", "eps=-1"));
  }

  @Test
  void batchmeanIsOnlyForKlDiv() {
    assertMessage(
        "mse_loss: reduction is not supported: expected one of mean, sum, none, found batchmean",
        () -> LossCatalog.create("mse_loss", "reduction=batchmean"));
  }

  @Test
  void malformedOptionStrings() {
    assertMessage(
        "cross_entropy: options have unbalanced brackets: expected each '[' closed by ']',"
            + " found weight=[1.0,2.0",
        () -> LossCatalog.create("cross_entropy", "weight=[1.0,2.0"));
    assertMessage(
        "cross_entropy: option ignore_index is given twice: expected each option at most once,"
            + " found ignore_index=1, ignore_index=2",
        () -> LossCatalog.create("cross_entropy", "ignore_index=1, ignore_index=2"));
    assertMessage(
        "cross_entropy: options entry is malformed: expected key=value, found 'label_smoothing'",
        () -> LossCatalog.create("cross_entropy", "label_smoothing"));
    assertMessage(
        "cross_entropy: option ignore_index has a value of the wrong form: expected a whole number,"
            + " found 1.5",
        () -> LossCatalog.create("cross_entropy", "ignore_index=1.5"));
    assertMessage(
        "triplet_margin_loss: option swap has a value of the wrong form: expected true or false,"
            + " found yes",
        () -> LossCatalog.create("triplet_margin_loss", "swap=yes"));
    assertMessage(
        "triplet_margin_with_distance_loss: option distance has a value of the wrong form: expected"
            + " one of pairwise, cosine, found manhattan",
        () -> LossCatalog.create("triplet_margin_with_distance_loss", "distance=manhattan"));
    assertMessage(
        "cross_entropy: option weight has a value of the wrong form: expected a list of numbers like"
            + " [1.0,2.0] or none, found [1.0,x]",
        () -> LossCatalog.create("cross_entropy", "weight=[1.0,x]"));
  }

  @Test
  void wrongArgumentCount() {
    Batch b = Batch.of(Column.scalars(1.0), Column.scalars(1.0));
    assertMessage(
        "margin_ranking_loss: arguments have the wrong count: expected 3 (input1, input2, target),"
            + " found 2",
        () -> accumulate("margin_ranking_loss", "", b));
  }

  @Test
  void ctcLengthsOutOfRange() {
    Batch b = Batch.of(
        Column.nested(new double[] {-1, -1, -1, -1}, new int[] {0, 4}, new int[] {2}, 1),
        Column.integerArrays(new double[] {1}, new int[] {0, 1}, 1),
        Column.integers(3),
        Column.integers(1));
    assertMessage(
        "ctc_loss: input_lengths is out of range (row 0): expected a length in [0, 2] (the time steps"
            + " of log_probs), found 3",
        () -> accumulate("ctc_loss", "", b));
  }

  @Test
  void rowNumbersCountFromTheBatchsFirstRow() {
    Batch b = Batch.of(1000, Column.rows(new double[] {1, 2}), Column.integers(2));
    assertMessage(
        "nll_loss: target is out of range for 2 classes (row 1000): expected an index in [0, 2)"
            + " or ignore_index -100, found 2",
        () -> accumulate("nll_loss", "", b));
  }
}
