package io.losseval.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Option strings in the golden/SQL form parse to typed values with PyTorch's defaults. */
class LossOptionsTest {
  private final LossSpec ce = LossCatalog.spec("cross_entropy");

  @Test
  void blankMeansEveryDefault() {
    LossOptions o = LossOptions.parse(ce, "  ");
    assertEquals(Reduction.MEAN, o.reduction());
    assertNull(o.getDoubles("weight"));
    assertEquals(-100, o.getLong("ignore_index"));
    assertEquals(0.0, o.getDouble("label_smoothing"));
  }

  @Test
  void parsesEveryValueFormInAnyOrderAndCase() {
    LossOptions o = LossOptions.parse(
        ce, "Label_Smoothing=0.1, weight=[1.0, 2e0,0.5],ignore_index=-1, reduction=SUM");
    assertEquals(Reduction.SUM, o.reduction());
    assertArrayEquals(new double[] {1.0, 2.0, 0.5}, o.getDoubles("weight"));
    assertEquals(-1, o.getLong("ignore_index"));
    assertEquals(0.1, o.getDouble("label_smoothing"));
  }

  @Test
  void canonicalTextParsesBackToTheSameOptions() {
    LossOptions o = LossOptions.parse(ce, "weight=[1.5,2.0], label_smoothing=1e-3");
    assertEquals(
        "reduction=mean, weight=[1.5,2.0], ignore_index=-100, label_smoothing=0.001", o.toString());
    assertEquals(o.toString(), LossOptions.parse(ce, o.toString()).toString());
  }

  @Test
  void builderValidatesLikeTheTextForm() {
    LossOptions o = LossOptions.builder(LossCatalog.spec("triplet_margin_loss"))
        .reduction(Reduction.SUM)
        .set("swap", true)
        .set("p", 1.0)
        .build();
    assertEquals("reduction=sum, margin=1.0, p=1.0, eps=1.0E-6, swap=true", o.toString());
    assertEquals(LossCatalog.spec("triplet_margin_loss").create(o).reduction(), Reduction.SUM);
  }

  @Test
  void batchmeanParsesForKlDiv() {
    assertEquals(Reduction.BATCHMEAN, LossCatalog.create("kl_div", "reduction=batchmean").reduction());
  }

  @Test
  void onNullDefaultsToSkipAndParsesError() {
    assertEquals(NullPolicy.SKIP, LossOptions.parse(ce, "").nullPolicy());
    LossOptions o = LossOptions.parse(ce, "on_null=ERROR, reduction=sum");
    assertEquals(NullPolicy.ERROR, o.nullPolicy());
    assertEquals(o.toString(), LossOptions.parse(ce, o.toString()).toString());
    assertEquals("reduction=sum, on_null=error", o.toNonDefaultString());
  }

  @Test
  void onNullOfTheWrongFormNamesTheValidValues() {
    LossArgumentException e =
        assertThrows(LossArgumentException.class, () -> LossOptions.parse(ce, "on_null=drop"));
    assertEquals(
        "cross_entropy: option on_null has a value of the wrong form: expected skip or error, found drop",
        e.getMessage());
  }

  @Test
  void nonDefaultStringLeavesOutTheDefaults() {
    assertEquals("", LossOptions.parse(ce, "ignore_index=-100, reduction=mean").toNonDefaultString());
    assertEquals("weight=[1.0,2.0], label_smoothing=0.1",
        LossOptions.parse(ce, "label_smoothing=0.1, weight=[1,2]").toNonDefaultString());
  }

  @Test
  void withReductionKeepsTheOtherOptions() {
    LossOptions o = LossOptions.parse(ce, "label_smoothing=0.2, on_null=error").withReduction(Reduction.NONE);
    assertEquals("reduction=none, weight=none, ignore_index=-100, label_smoothing=0.2, on_null=error",
        o.toString());
  }
}
