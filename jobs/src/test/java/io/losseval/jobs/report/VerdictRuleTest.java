package io.losseval.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.jobs.config.JobConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each verdict from curves made by hand, with the rule's default thresholds. */
class VerdictRuleTest {
  private final VerdictRule rule = new VerdictRule(new JobConfig.VerdictSettings(null, null, null));

  private static List<EpochValue> curve(double... values) {
    List<EpochValue> out = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      out.add(new EpochValue(i + 1, values[i], Double.NaN, Double.NaN, 100));
    }
    return out;
  }

  @Test
  void validationRisingWhileTrainFallsIsOverfittingFromTheBestEpoch() {
    Verdict v = rule.decide(curve(2.0, 1.5, 1.1, 0.8, 0.6, 0.4), curve(2.1, 1.7, 1.4, 1.5, 1.6, 1.8));
    assertEquals(Verdict.Kind.OVERFITTING, v.kind());
    assertEquals(3, v.bestEpoch());
    assertEquals(3, v.fromEpoch());
    assertEquals("validation loss rose from 1.400 at epoch 3 (its minimum) to 1.800 at epoch 6"
        + " (+28.6%), while the train loss fell from 1.100 to 0.4000.", v.explanation());
  }

  @Test
  void aRiseWithinTheToleranceIsNotOverfitting() {
    Verdict v = rule.decide(curve(2.0, 1.5, 1.1, 0.8), curve(2.1, 1.0, 1.0, 1.005));
    assertEquals(Verdict.Kind.PLATEAUED, v.kind());
    assertNull(v.fromEpoch());
  }

  @Test
  void bothRisingIsNotOverfitting() {
    Verdict v = rule.decide(curve(1.0, 0.8, 0.9, 1.2), curve(1.1, 0.9, 1.0, 1.3));
    assertEquals(Verdict.Kind.IMPROVING, v.kind(), "neither rule 2 (train rose) nor 3 nor 4 applies");
  }

  @Test
  void aTrainLossThatBarelyFellAndIsFlatIsUnderfitting() {
    Verdict v = rule.decide(curve(1.60, 1.55, 1.52, 1.515, 1.512), curve(1.62, 1.58, 1.56, 1.55, 1.549));
    assertEquals(Verdict.Kind.UNDERFITTING, v.kind());
    assertTrue(v.explanation().startsWith("the train loss went from 1.600 at epoch 1 to only 1.512"),
        v.explanation());
  }

  @Test
  void aFlatValidationTailIsPlateauedAndAFallingOneImproving() {
    assertEquals(Verdict.Kind.PLATEAUED,
        rule.decide(curve(2, 1, 0.5, 0.4, 0.39), curve(2, 1.2, 0.9, 0.902, 0.901)).kind());
    Verdict v = rule.decide(curve(2, 1, 0.5), curve(2.2, 1.3, 0.9));
    assertEquals(Verdict.Kind.IMPROVING, v.kind());
    assertEquals(3, v.bestEpoch());
    assertEquals("the validation loss went from 2.200 at epoch 1 to 0.9000 at epoch 3, its lowest.",
        v.explanation());
  }

  @Test
  void fewerThanThreeValidationEpochsAreInsufficient() {
    assertEquals(Verdict.Kind.INSUFFICIENT_DATA,
        rule.decide(curve(2, 1, 0.5), curve(2.2, Double.NaN)).kind());
    assertEquals(Verdict.Kind.INSUFFICIENT_DATA, rule.decide(curve(2, 1, 0.5), List.of()).kind());
  }

  @Test
  void theRulesNameTheirThresholds() {
    List<String> rules = new VerdictRule(new JobConfig.VerdictSettings(0.05, 4, 0.8)).rules();
    assertEquals(5, rules.size());
    assertTrue(rules.get(1).contains("more than 5.00% above it"), rules.get(1));
    assertTrue(rules.get(2).contains("above 80.0% of its first value"), rules.get(2));
    assertTrue(rules.get(3).contains("over the last 4 epochs"), rules.get(3));
  }
}
