package io.losseval.jobs.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.jobs.JobFailure;
import io.losseval.jobs.JobRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code losseval evaluate}: its exit codes and messages for bad configs and bad inputs, results that
 * are replaced (never duplicated) when a run id is repeated and absent when a run fails, and the same
 * bits however the input is split into files.
 */
class EvaluateCommandTest {
  private static SparkSession spark;
  @TempDir static Path dir;
  private static Path config;

  @BeforeAll
  static void setUp() throws IOException {
    spark = JobRun.session();
    config = dir.resolve("job.yaml");
    Files.writeString(config, String.join("\n",
        "run: {id: base, model: m, timestamp: '2026-11-23T08:00:00Z'}",
        "input: {path: '" + JobRun.repo("sample-data/multiclass.parquet") + "'}",
        "columns: {prediction: logits, target: label}",
        "group_by: [model]",
        "losses:",
        "  - name: cross_entropy",
        "    reduction: [mean, sum]",
        "  - name: nll_loss",
        "    arguments: {input: log_probs}",
        "output: {path: '" + dir.resolve("results") + "'}",
        ""));
  }

  private static JobRun evaluate(String... sets) {
    String[] args = new String[2 + 2 * sets.length];
    args[0] = "evaluate";
    args[1] = "--config=" + config;
    for (int i = 0; i < sets.length; i++) {
      args[2 + 2 * i] = "--set";
      args[3 + 2 * i] = sets[i];
    }
    return JobRun.of(args);
  }

  private static List<Row> results(Path path) {
    return spark.read().parquet(path.toString()).orderBy("run_id", "loss", "reduction", "slice.model")
        .collectAsList();
  }

  @Test
  void printsOneLinePerSliceLossAndReductionAndWritesTheSameRows() {
    Path out = dir.resolve("print");
    JobRun run = evaluate("output.path=" + out);
    assertEquals(0, run.exitCode(), run.err());
    String[] lines = run.out().split("\n");
    assertTrue(lines[0].startsWith("run base, model m, 2026-11-23T08:00:00Z, input "), lines[0]);
    assertTrue(lines[1].matches("model\\s+loss\\s+reduction\\s+options\\s+value\\s+rows\\s+skipped"), lines[1]);
    assertEquals(3 + 6, lines.length, run.out());
    List<Row> rows = results(out);
    assertEquals(6, rows.size());
    for (Row r : rows) {
      String model = r.getMap(r.fieldIndex("slice")).get("model").get().toString();
      String line = Stream.of(lines).filter(l -> l.startsWith(model) && l.contains(" "
          + r.getString(r.fieldIndex("loss")) + " ") && l.contains(" " + r.getString(r.fieldIndex("reduction")) + " "))
          .findFirst().orElseThrow();
      assertTrue(line.contains(" " + r.getDouble(r.fieldIndex("value")) + " "), line);
      assertEquals("m", r.getString(r.fieldIndex("model")));
      assertEquals(1500L, r.getLong(r.fieldIndex("rows")));
    }
  }

  @Test
  void rerunningARunIdReplacesItsRowsAndKeepsOtherRuns() {
    Path out = dir.resolve("idempotent");
    assertEquals(0, evaluate("output.path=" + out, "run.id=a").exitCode());
    assertEquals(0, evaluate("output.path=" + out, "run.id=b").exitCode());
    List<Row> first = results(out);
    assertEquals(0, evaluate("output.path=" + out, "run.id=a").exitCode());
    List<Row> again = results(out);
    assertEquals(12, again.size());
    assertEquals(first, again);
    assertEquals(List.of("run_id=a", "run_id=b"), list(out));
  }

  @Test
  void failModeRefusesAnExistingRunWithExitCode2() {
    Path out = dir.resolve("failmode");
    assertEquals(0, evaluate("output.path=" + out).exitCode());
    JobRun again = evaluate("output.path=" + out, "output.mode=fail");
    assertEquals(JobFailure.BAD_CONFIG, again.exitCode());
    assertTrue(again.err().contains("key 'output.mode' is fail and run 'base' already has results"), again.err());
  }

  @Test
  void aRunThatFailsLeavesNoOutput() {
    Path out = dir.resolve("atomic");
    // multi_margin_loss has no ignore_index: the sample's -100 labels are out of range
    JobRun run = evaluate("output.path=" + out, "losses[1].name=multi_margin_loss", "losses[1].arguments={}");
    assertEquals(JobFailure.BAD_INPUT, run.exitCode(), run.err());
    assertTrue(run.err().contains("multi_margin_loss: target is out of range for 5 classes: expected an"
        + " index in [0, 5), found -100"), run.err());
    assertFalse(Files.exists(out.resolve("run_id=base")));
    assertFalse(Files.exists(out.resolve("_staging")));
  }

  @Test
  void resultsHaveTheSameBitsHoweverTheInputIsSplitIntoFiles() {
    Path split = dir.resolve("split-input");
    spark.read().parquet(JobRun.repo("sample-data/multiclass.parquet")).repartition(7)
        .write().parquet(split.toString());
    assertEquals(0, evaluate("output.path=" + dir.resolve("one"), "run.id=x").exitCode());
    assertEquals(0, evaluate("output.path=" + dir.resolve("seven"), "run.id=x", "input.path=" + split,
        "spark.spark.sql.shuffle.partitions=3").exitCode());
    List<Row> one = results(dir.resolve("one"));
    List<Row> seven = results(dir.resolve("seven"));
    assertEquals(6, one.size());
    for (int i = 0; i < one.size(); i++) {
      assertEquals(one.get(i).getDouble(one.get(i).fieldIndex("value")),
          seven.get(i).getDouble(seven.get(i).fieldIndex("value")));
    }
  }

  @Test
  void aTableInputAndAFilterGiveTheRowsOfTheSameSlice() {
    spark.read().parquet(JobRun.repo("sample-data/multiclass.parquet")).createOrReplaceTempView("preds");
    Path fromPath = dir.resolve("from-path");
    Path fromTable = dir.resolve("from-table");
    assertEquals(0, evaluate("output.path=" + fromPath, "input.filter=model = 'candidate'").exitCode());
    JobRun run = evaluate("output.path=" + fromTable, "input.path=null", "input.table=preds",
        "group_by=[]", "input.filter=model = 'candidate'");
    assertEquals(0, run.exitCode(), run.err());
    List<Row> a = results(fromPath);
    List<Row> b = results(fromTable);
    assertEquals(3, b.size());
    for (int i = 0; i < 3; i++) {
      assertEquals(a.get(i).getDouble(a.get(i).fieldIndex("value")), b.get(i).getDouble(b.get(i).fieldIndex("value")));
      assertEquals("preds", b.get(i).getString(b.get(i).fieldIndex("input")));
    }
  }

  @Test
  void aColumnTheInputLacksIsAConfigErrorListingTheColumns() {
    JobRun run = evaluate("group_by=[modle]");
    assertEquals(JobFailure.BAD_CONFIG, run.exitCode());
    assertTrue(run.err().contains("key 'group_by[0]' is 'modle', not a column of the input"), run.err());
    assertTrue(run.err().contains("the input's columns are id bigint, model string, logits array<float>,"
        + " log_probs array<double>, label int"), run.err());
    JobRun arg = evaluate("columns.prediction=logit");
    assertEquals(JobFailure.BAD_CONFIG, arg.exitCode());
    assertTrue(arg.err().contains("key 'losses[0].arguments.input' is 'logit', not a column or SQL"
        + " expression of the input"), arg.err());
  }

  @Test
  void aMissingInputIsExitCode3NamingThePath() {
    JobRun run = evaluate("input.path=" + dir.resolve("nowhere.parquet"));
    assertEquals(JobFailure.BAD_INPUT, run.exitCode());
    assertTrue(run.err().contains("input.path '" + dir.resolve("nowhere.parquet") + "' cannot be read as"
        + " parquet"), run.err());
  }

  @Test
  void aCorruptInputFileIsExitCode3() throws IOException {
    Path corrupt = dir.resolve("corrupt");
    Files.createDirectories(corrupt);
    Files.write(corrupt.resolve("part-0.parquet"), new byte[] {'P', 'A', 'R', '1', 0, 1, 2, 3, 'P', 'A', 'R', '1'});
    JobRun run = evaluate("input.path=" + corrupt);
    assertEquals(JobFailure.BAD_INPUT, run.exitCode(), run.err());
    assertTrue(run.err().contains("cannot be read"), run.err());
  }

  @Test
  void aColumnOfTheWrongTypeIsExitCode3() {
    JobRun run = evaluate("columns.target=model");
    assertEquals(JobFailure.BAD_INPUT, run.exitCode(), run.err());
    assertTrue(run.err().contains("the input's columns do not fit the losses"), run.err());
    assertTrue(run.err().contains("cross_entropy: target"), run.err());
  }

  @Test
  void anUnwritableOutputIsExitCode1() throws IOException {
    Path file = dir.resolve("a-file");
    Files.writeString(file, "not a directory");
    JobRun run = evaluate("output.path=" + file);
    assertEquals(JobFailure.OTHER, run.exitCode(), run.err());
    assertTrue(run.err().contains("cannot write the results to"), run.err());
    assertTrue(run.err().contains("check that output.path is a writable directory"), run.err());
  }

  @Test
  void badConfigAndBadArgumentsAreExitCode2() {
    JobRun unknown = evaluate("losses[0].optoins=x");
    assertEquals(JobFailure.BAD_CONFIG, unknown.exitCode());
    assertTrue(unknown.err().contains("key 'losses[0].optoins' is unknown"), unknown.err());
    JobRun missing = JobRun.of("evaluate", "--config", dir.resolve("none.yaml").toString());
    assertEquals(JobFailure.BAD_CONFIG, missing.exitCode());
    assertTrue(missing.err().contains("does not exist"), missing.err());
    JobRun noConfig = JobRun.of("evaluate");
    assertEquals(JobFailure.BAD_CONFIG, noConfig.exitCode());
    assertTrue(noConfig.err().contains("Missing required option: '--config=FILE'"), noConfig.err());
  }

  private static List<String> list(Path p) {
    try (Stream<Path> s = Files.list(p)) {
      return s.map(x -> x.getFileName().toString()).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
