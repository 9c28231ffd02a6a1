package io.losseval.jobs.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.losseval.jobs.JobRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare} on the bundled baseline/candidate data (conf/examples/compare.yaml): differences equal
 * the SQL functions' values per region, the cross-entropy gate fails on apac and the command exits 4,
 * relaxed thresholds exit 0, two runs of earlier results compare like two models.
 */
class CompareCommandTest {
  private static SparkSession spark;
  @TempDir static Path out;
  private static final String INPUT = JobRun.repo("sample-data/compare.parquet");
  private static final String CONFIG = JobRun.repo("conf/examples/compare.yaml");

  @BeforeAll
  static void session() {
    spark = JobRun.session();
  }

  private static JobRun compare(Path dir, String... sets) {
    String[] args = java.util.Arrays.copyOf(new String[] {"compare", "--config", CONFIG, "--set",
        "input.path=" + INPUT, "--set", "compare.path=" + dir}, 7 + 2 * sets.length);
    for (int i = 0; i < sets.length; i++) {
      args[7 + 2 * i] = "--set";
      args[8 + 2 * i] = sets[i];
    }
    return JobRun.of(args);
  }

  @Test
  void theWorseApacSliceFailsTheGateWithExit4AndTheNumbersAreTheSqlFunctions() throws Exception {
    Path dir = out.resolve("gate");
    JobRun run = compare(dir);
    assertEquals(4, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().contains("FAILED: a threshold does not hold"), run.out());
    assertTrue(run.err().contains("compare: FAILED"), run.err());

    Map<String, Double> sql = new HashMap<>();
    for (Row r : spark.sql("SELECT region, model, cross_entropy(logits, label),"
        + " multi_margin_loss(logits, label) FROM parquet.`" + INPUT + "` GROUP BY region, model")
        .collectAsList()) {
      sql.put("cross_entropy/" + r.getString(0) + "/" + r.getString(1), r.getDouble(2));
      sql.put("multi_margin_loss/" + r.getString(0) + "/" + r.getString(1), r.getDouble(3));
    }
    JsonNode json = new ObjectMapper().readTree(dir.resolve("comparison.json").toFile());
    assertEquals(false, json.get("passed").asBoolean());
    assertEquals(6, json.get("rows").size(), "3 regions x 2 losses");
    int failed = 0;
    for (JsonNode row : json.get("rows")) {
      String region = row.get("slice").asText().replace("region=", "");
      String loss = row.get("loss").asText();
      double base = sql.get(loss + "/" + region + "/baseline");
      double cand = sql.get(loss + "/" + region + "/candidate");
      assertEquals(base, row.get("baseline").asDouble(), row.toString());
      assertEquals(cand, row.get("candidate").asDouble(), row.toString());
      assertEquals(cand - base, row.get("difference").asDouble(), row.toString());
      assertTrue(row.get("differenceLower").asDouble() <= cand - base
          && cand - base <= row.get("differenceUpper").asDouble(), row.toString());
      if (!row.get("passed").asBoolean()) {
        failed++;
        assertEquals("apac", region, row.toString());
        assertEquals("cross_entropy", loss, row.toString());
        assertTrue((cand - base) / base > 0.01, row.toString());
      }
    }
    assertEquals(1, failed, "exactly one threshold fails, on one slice");
    String html = Files.readString(dir.resolve("report.html"));
    assertTrue(html.contains("FAILED"), "the page says so");
  }

  @Test
  void relaxedThresholdsPassWithExit0() {
    JobRun run = compare(out.resolve("relaxed"),
        "compare.thresholds[0]=cross_entropy.mean must not rise by more than 50%");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().contains("PASSED: every threshold holds"), run.out());
  }

  @Test
  void twoRunsOfEarlierResultsCompareLikeTwoModels() throws Exception {
    Path results = out.resolve("runs");
    for (String model : new String[] {"baseline", "candidate"}) {
      JobRun evaluate = JobRun.of("evaluate", "--config", CONFIG, "--set", "input.path=" + INPUT,
          "--set", "input.filter=model = '" + model + "'", "--set", "output.path=" + results,
          "--set", "run.id=nightly-" + model);
      assertEquals(0, evaluate.exitCode(), evaluate.err());
    }
    Path byModel = out.resolve("by-model");
    compare(byModel);
    Path byRun = out.resolve("by-run");
    JobRun run = compare(byRun, "compare.results=" + results, "compare.by=run_id",
        "compare.baseline=nightly-baseline", "compare.candidate=nightly-candidate");
    assertEquals(4, run.exitCode(), run.out() + run.err());
    JsonNode a = new ObjectMapper().readTree(byModel.resolve("comparison.json").toFile()).get("rows");
    JsonNode b = new ObjectMapper().readTree(byRun.resolve("comparison.json").toFile()).get("rows");
    Map<String, JsonNode> byKey = new HashMap<>();
    b.forEach(r -> byKey.put(r.get("slice").asText() + r.get("loss").asText(), r));
    for (JsonNode r : a) {
      JsonNode other = byKey.get(r.get("slice").asText() + r.get("loss").asText());
      for (String field : new String[] {"baseline", "candidate", "difference", "differenceLower",
          "differenceUpper"}) {
        assertEquals(r.get(field).asDouble(), other.get(field).asDouble(), field + " " + r);
      }
    }
  }

  @Test
  void aMalformedOrUnmatchedThresholdIsABadConfig() {
    JobRun run = compare(out.resolve("bad"), "compare.thresholds[0]=cross_entropy below 1%");
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains("compare.thresholds[0]") || run.err().contains("thresholds"),
        run.err());
    assertTrue(run.err().contains("expected '<loss>[.<reduction>] must not rise"), run.err());
    run = compare(out.resolve("bad2"), "compare.thresholds[0]=nll_loss must not rise");
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains("matches no result: the results have cross_entropy.mean,"
        + " multi_margin_loss.mean"), run.err());
  }
}
