package io.losseval.jobs.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.jobs.JobFailure;
import io.losseval.jobs.config.ConfigLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks a config passes before any data is read, each naming the key and its line. */
class EvaluationPlanTest {
  private static final String HEAD = String.join("\n",
      "run: {id: r1, timestamp: '2026-11-23T08:00:00Z'}",
      "input: {path: data.parquet}",
      "columns: {prediction: p, target: t, inputs: {var: v}}",
      "losses:",
      "");

  private static EvaluationPlan plan(String losses, String... sets) {
    ConfigLoader.Loaded loaded = new ConfigLoader().parse("job.yaml", HEAD + losses, List.of(sets));
    return EvaluationPlan.of(loaded.config(), loaded.locations());
  }

  private static String failure(String losses, String... sets) {
    JobFailure e = assertThrows(JobFailure.class, () -> plan(losses, sets));
    assertEquals(JobFailure.BAD_CONFIG, e.exitCode());
    return e.getMessage();
  }

  @Test
  void eachReductionIsOneResultWithTheColumnsMappedByArgumentName() {
    EvaluationPlan p = plan(String.join("\n",
        "  - name: gaussian_nll_loss",
        "    reduction: [mean, sum]",
        "  - name: margin_ranking_loss",
        "    arguments: {input2: q}",
        "  - name: mse_loss",
        "    options: reduction=sum",
        ""));
    assertEquals(4, p.losses().size());
    assertEquals(List.of("p", "t", "v"), p.losses().get(0).arguments());
    assertEquals("mean", p.losses().get(0).reduction());
    assertEquals("sum", p.losses().get(1).reduction());
    assertEquals(List.of("p", "q", "t"), p.losses().get(2).arguments());
    assertEquals("sum", p.losses().get(3).reduction());
    assertEquals("r1", p.runId());
    assertEquals("2026-11-23T08:00:00Z", p.timestamp().toString());
  }

  @Test
  void customLossesOfBothFormsArePlanned() {
    EvaluationPlan p = plan(String.join("\n",
        "  - name: sq",
        "    expression: (p - t) * (p - t)",
        "    reduction: sum",
        "  - class: io.losseval.core.examples.CustomMSE",
        ""));
    assertEquals(PlannedLoss.Kind.SQL_EXPRESSION, p.losses().get(0).kind());
    assertEquals(List.of("(p - t) * (p - t)"), p.losses().get(0).arguments());
    assertEquals("sum", p.losses().get(0).reduction());
    assertEquals("custom_mse", p.losses().get(1).name());
    assertEquals(List.of("p", "t"), p.losses().get(1).arguments());
  }

  @Test
  void unknownLossNamesTheKeyLineAndTheKnownLosses() {
    String m = failure("  - name: cross_entropyy\n");
    assertTrue(m.startsWith("job.yaml:5: key 'losses[0].name' is 'cross_entropyy', not a loss: expected"
        + " one of l1_loss, mse_loss,"), m);
  }

  @Test
  void badOptionsAreNamedWithTheLossesMessage() {
    String m = failure("  - name: cross_entropy\n    options: label_smoothing=2\n");
    assertEquals("job.yaml:6: key 'losses[0].options' is wrong: cross_entropy: label_smoothing is out of"
        + " range: expected a number in [0, 1], found 2.0", m);
    assertTrue(failure("  - name: cross_entropy\n    options: label_smoothing\n")
        .contains("entry is malformed: expected key=value"));
  }

  @Test
  void reductionNoneIsRefusedWithWhereToGetPerRowLosses() {
    String m = failure("  - name: mse_loss\n    reduction: none\n");
    assertEquals("job.yaml:6: key 'losses[0].reduction' is 'none': expected mean, sum (evaluate reduces;"
        + " for per-row losses run bin/losseval sql with row_mse_loss)", m);
  }

  @Test
  void batchmeanOnlyWhereTheLossTakesIt() {
    assertEquals("batchmean", plan("  - name: kl_div\n    reduction: batchmean\n").losses().get(0).reduction());
    String m = failure("  - name: mse_loss\n    reduction: batchmean\n");
    assertTrue(m.contains("is 'batchmean': expected mean, sum"), m);
  }

  @Test
  void aReductionGivenTwiceIsRefused() {
    String m = failure("  - name: mse_loss\n    options: reduction=sum\n    reduction: mean\n");
    assertEquals("job.yaml:7: key 'losses[0].reduction' is given twice, here and in options: keep one", m);
  }

  @Test
  void aLossWithoutAColumnForAnArgumentSaysWhichKeyToSet() {
    String m = failure("  - name: triplet_margin_loss\n");
    assertEquals("job.yaml:5: key 'losses[0]' (triplet_margin_loss) has no column for its argument"
        + " 'positive': set columns.inputs.positive or losses[0].arguments.positive (a column name or SQL"
        + " expression)", m);
  }

  @Test
  void anArgumentTheLossDoesNotHaveIsRefused() {
    String m = failure("  - name: mse_loss\n    arguments: {inputs: x}\n");
    assertEquals("job.yaml:6: key 'losses[0].arguments.inputs' is not an argument of mse_loss: its"
        + " arguments are input, target", m);
  }

  @Test
  void customLossMistakes() {
    assertEquals("job.yaml:5: key 'losses[0]' has an expression but no name: name the custom loss (name:"
        + " squared_error)", failure("  - expression: p - t\n"));
    String m = failure("  - class: com.example.Missing\n");
    assertTrue(m.startsWith("job.yaml:5: key 'losses[0].class' custom loss class com.example.Missing"
        + " cannot be loaded"), m);
    assertTrue(failure("  - name: x\n    expression: p\n    reduction: batchmean\n")
        .contains("expected mean, sum"));
  }

  @Test
  void missingLossesInputAndBadRunIdAreNamed() {
    assertEquals("job.yaml:4: key 'losses' is missing or empty: list the losses to compute, such as '-"
        + " name: cross_entropy' (bin/losseval list shows them all)", failure("  []\n"));
    assertEquals("--set run.id=a/b: key 'run.id' is 'a/b': a run id is 1 to 128 letters, digits, '.', '_'"
        + " or '-', starting with a letter or digit", failure("  - name: mse_loss\n", "run.id=a/b"));
    assertEquals("job.yaml:2: key 'input' has both path and table: give one",
        failure("  - name: mse_loss\n", "input.table=t"));
    assertTrue(failure("  - name: mse_loss\n", "run.timestamp=yesterday")
        .contains("key 'run.timestamp' is 'yesterday': expected an ISO-8601 date-time"));
  }
}
