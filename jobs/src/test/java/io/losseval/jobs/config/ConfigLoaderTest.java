package io.losseval.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.losseval.jobs.JobFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Config files: every key read, every mistake named with its key and line, --set overrides. */
class ConfigLoaderTest {
  private static final String VALID = String.join("\n",
      "run:",
      "  id: r1",
      "input:",
      "  path: data.parquet",
      "columns: {prediction: logits, target: label}",
      "group_by: [model, epoch]",
      "losses:",
      "  - name: cross_entropy",
      "    options: label_smoothing=0.1",
      "    reduction: [mean, sum]",
      "  - name: sq",
      "    expression: (p - t) * (p - t)",
      "output:",
      "  path: out",
      "  format: json",
      "spark:",
      "  spark.sql.shuffle.partitions: 4",
      "");

  private static JobConfig parse(String text, String... sets) {
    return new ConfigLoader().parse("job.yaml", text, List.of(sets)).config();
  }

  private static JobFailure failure(String text, String... sets) {
    return assertThrows(JobFailure.class, () -> parse(text, sets));
  }

  @Test
  void readsEveryKeyWithDefaultsForWhatIsLeftOut() {
    JobConfig c = parse(VALID);
    assertEquals("r1", c.run().id());
    assertEquals("data.parquet", c.input().path());
    assertEquals(JobConfig.Format.PARQUET, c.input().format());
    assertEquals(List.of("model", "epoch"), c.groupBy());
    assertEquals(List.of("mean", "sum"), c.losses().get(0).reduction());
    assertEquals("(p - t) * (p - t)", c.losses().get(1).expression());
    assertEquals(JobConfig.Format.JSON, c.output().format());
    assertEquals(JobConfig.WriteMode.REPLACE, c.output().mode());
    assertEquals(Map.of("spark.sql.shuffle.partitions", "4"), c.spark());
    assertNull(c.columns().weight());
  }

  @Test
  void aSingleValueWhereAListIsExpectedIsAListOfOne() {
    JobConfig c = parse(VALID.replace("group_by: [model, epoch]", "group_by: model")
        .replace("reduction: [mean, sum]", "reduction: sum"));
    assertEquals(List.of("model"), c.groupBy());
    assertEquals(List.of("sum"), c.losses().get(0).reduction());
  }

  @Test
  void unknownKeyNamesItsPathLineAndTheValidKeys() {
    JobFailure e = failure(VALID.replace("    options: label_smoothing=0.1", "    optoins: x"));
    assertEquals(JobFailure.BAD_CONFIG, e.exitCode());
    assertEquals("job.yaml:9: key 'losses[0].optoins' is unknown: the keys here are arguments, class,"
        + " expression, name, options, reduction", e.getMessage());
  }

  @Test
  void unknownTopLevelKeyIsNamedWithItsLine() {
    JobFailure e = failure(VALID + "outputs: {path: x}\n");
    assertEquals("job.yaml:18: key 'outputs' is unknown: the keys here are bootstrap, columns, compare,"
        + " group_by, input, losses, output, report, run, spark", e.getMessage());
  }

  @Test
  void wrongEnumValueListsTheAcceptedOnes() {
    JobFailure e = failure(VALID.replace("format: json", "format: jsonl"));
    assertEquals("job.yaml:15: key 'output.format' has a wrong value 'jsonl': expected one of parquet,"
        + " csv, json, orc", e.getMessage());
  }

  @Test
  void wrongTypeSaysWhatTheKeyTakes() {
    JobFailure e = failure(VALID.replace("columns: {prediction: logits, target: label}",
        "columns: [logits, label]"));
    assertEquals("job.yaml:5: key 'columns' has the wrong type: expected a mapping of keys (prediction,"
        + " target, weight, inputs)", e.getMessage());
    JobFailure list = failure(VALID.replace("losses:\n  - name: cross_entropy",
        "losses: cross_entropy\nx:\n  - name: cross_entropy"));
    assertEquals(JobFailure.BAD_CONFIG, list.exitCode());
  }

  @Test
  void duplicateKeyIsAnErrorWithItsLine() {
    JobFailure e = failure(VALID.replace("  id: r1", "  id: r1\n  id: r2"));
    assertEquals(true, e.getMessage().startsWith("job.yaml:3: not valid YAML: Duplicate field 'id'"),
        e.getMessage());
  }

  @Test
  void malformedYamlNamesTheLine() {
    JobFailure e = failure("input:\n  path: [unclosed\nlosses: []\n");
    assertEquals(true, e.getMessage().startsWith("job.yaml:"), e.getMessage());
    assertEquals(true, e.getMessage().contains("not valid YAML"), e.getMessage());
  }

  @Test
  void setOverridesNestedKeysListItemsAndFreeFormMaps() {
    JobConfig c = parse(VALID, "input.path=other.parquet", "losses[0].reduction=[sum]",
        "spark.spark.sql.shuffle.partitions=16", "output.mode=fail", "columns.inputs.var=v");
    assertEquals("other.parquet", c.input().path());
    assertEquals(List.of("sum"), c.losses().get(0).reduction());
    assertEquals(Map.of("spark.sql.shuffle.partitions", "16"), c.spark());
    assertEquals(JobConfig.WriteMode.FAIL, c.output().mode());
    assertEquals(Map.of("var", "v"), c.columns().inputs());
  }

  @Test
  void aBadValueFromSetNamesTheArgument() {
    JobFailure e = failure(VALID, "output.format=xml");
    assertEquals("--set output.format=xml: key 'output.format' has a wrong value 'xml': expected one of"
        + " parquet, csv, json, orc", e.getMessage());
  }

  @Test
  void keysInsideAValueReplacedBySetAreAttributedToTheArgument() {
    ConfigLoader.Loaded loaded = new ConfigLoader().parse("job.yaml", VALID, List.of("group_by=[modle]"));
    assertEquals("--set group_by=[modle]", loaded.locations().where("/group_by/0"));
    assertEquals("job.yaml:8", loaded.locations().where("/losses/0/name"));
  }

  @Test
  void setOfAMissingListItemOrWithoutEqualsIsRefused() {
    assertEquals("--set losses[5].name=x: the list has no item 5 (items are numbered from 0; add items in"
        + " the config file)", failure(VALID, "losses[5].name=x").getMessage().replace("\n", ""));
    assertEquals(JobFailure.BAD_CONFIG, failure(VALID, "input.path").exitCode());
  }

  @Test
  void aConfigThatIsNotAMappingIsRefused() {
    JobFailure e = failure("- a\n- b\n");
    assertEquals("job.yaml: a config is a YAML mapping of keys (input, columns, losses, ...), found array",
        e.getMessage());
  }
}
