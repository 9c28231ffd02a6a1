package io.losseval.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.accum.LossAccumulator;
import io.losseval.core.examples.CustomMSE;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomLossClassTest {

  private static double reduce(Loss loss, Batch batch) {
    LossAccumulator acc = LossAccumulator.create();
    loss.accumulate(batch, acc);
    return loss.result(acc);
  }

  @Test
  void specOfAClassTakesTheLossesNameArgumentsAndTheUniversalOptions() {
    LossSpec spec = CustomLossClass.spec(CustomMSE.class.getName());
    assertEquals("custom_mse", spec.name());
    assertEquals(List.of("input", "target"), spec.arguments());
    assertEquals(List.of(), spec.options());
    assertTrue(spec.isCustom());
    assertEquals(CustomMSE.class.getName(), spec.customClass());
    assertEquals(LossSpec.SampleShape.ELEMENTWISE, spec.sampleShape());
    assertFalse(LossCatalog.spec("mse_loss").isCustom());
  }

  @Test
  void theSeedsCustomMseGivesTheBuiltInMseBitsForEveryReduction() {
    Batch batch = Batch.of(Column.rows(new double[] {0.5, -1.25, 3}, new double[] {2, 7.5, 0.1}),
        Column.rows(new double[] {1, 1, 1}, new double[] {-2, 0.3, 0.1}));
    for (String options : List.of("", "reduction=sum", "reduction=mean")) {
      Loss custom = CustomLossClass.spec(CustomMSE.class.getName()).create(options);
      Loss builtIn = LossCatalog.create("mse_loss", options);
      assertEquals(reduce(builtIn, batch), reduce(custom, batch), options);
    }
  }

  @Test
  void optionsBeyondTheUniversalOnesAreRejected() {
    LossSpec spec = CustomLossClass.spec(CustomMSE.class.getName());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spec.create("beta=2"));
    assertTrue(e.getMessage().contains("beta"), e.getMessage());
  }

  @Test
  void aMissingClassSaysToPutItsJarOnTheClasspath() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CustomLossClass.spec("com.example.NoSuchLoss"));
    assertTrue(e.getMessage().contains("com.example.NoSuchLoss"), e.getMessage());
    assertTrue(e.getMessage().contains("--jars"), e.getMessage());
  }

  @Test
  void aClassThatIsNotALossIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CustomLossClass.spec("java.lang.String"));
    assertTrue(e.getMessage().contains("is not a concrete class implementing io.losseval.core.Loss"),
        e.getMessage());
  }

  @Test
  void aLossWithoutAReductionConstructorIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CustomLossClass.spec(NoReductionConstructor.class.getName()));
    assertTrue(e.getMessage().contains("(Reduction reduction)"), e.getMessage());
  }

  @Test
  void precomputedLossesAreAveragedOverRowsOrAdded() {
    Batch batch = Batch.of(Column.scalars(0.5, 2.0, 4.0, -1.0));
    assertEquals(5.5 / 4, reduce(new PrecomputedLoss(Reduction.MEAN), batch));
    assertEquals(5.5, reduce(new PrecomputedLoss(Reduction.SUM), batch));
  }

  @Test
  void precomputedLossRejectsAnArrayPerRow() {
    Batch batch = Batch.of(Column.rows(new double[] {1, 2}, new double[] {3, 4}));
    LossArgumentException e = assertThrows(
        LossArgumentException.class, () -> reduce(new PrecomputedLoss(Reduction.MEAN), batch));
    assertEquals("precomputed_loss: loss is not a number per row: expected one loss value per row,"
        + " found an array per row", e.getMessage());
  }

  /** A loss without the {@code (Reduction)} constructor a custom loss class needs. */
  public static final class NoReductionConstructor extends SampleLoss {
    public NoReductionConstructor() {
      super("no_ctor", Reduction.MEAN, List.of("input"));
    }

    @Override
    protected double sampleLoss(RowView row) {
      return row.scalar(0);
    }
  }
}
