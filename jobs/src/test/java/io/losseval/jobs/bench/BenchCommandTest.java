package io.losseval.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.losseval.jobs.JobFailure;
import io.losseval.jobs.JobRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code losseval bench} at tiny sizes (a few thousand rows, one warm-up and one measured round, no
 * waiting for a quiet machine): it runs every workload, writes both reports with every line, and every
 * line computes the same loss as losseval's SQL function.
 */
class BenchCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Every line of a workload computes the same mean loss in double precision. */
  private static final double TOLERANCE = 1e-9;
  private static final Map<String, List<String>> LINES = new LinkedHashMap<>();

  static {
    List<String> regression = List.of("losseval-sql", "losseval-dataframe", "losseval-evaluate", "spark-builtin",
        "exact-sum", "mllib", "scan-floor");
    LINES.put("mse", regression);
    LINES.put("l1", regression);
    List<String> crossEntropy = List.of("losseval-sql", "losseval-dataframe", "losseval-evaluate",
        "spark-builtin", "exact-sum", "plain-sum", "mllib", "scan-floor");
    LINES.put("ce10", crossEntropy);
    LINES.put("ce1000", crossEntropy);
    LINES.put("triplet", List.of("losseval-sql", "losseval-dataframe", "losseval-evaluate", "spark-builtin",
        "exact-sum", "plain-sum", "scan-floor"));
  }

  @TempDir static Path dir;
  private static SparkSession spark;
  private static JobRun run;

  @BeforeAll
  static void runTheBenchmarkAtTinySizes() {
    spark = JobRun.session();
    run = JobRun.of("bench", "--regression-rows", "4000", "--ce10-rows", "2000", "--ce1000-rows", "200",
        "--triplet-rows", "500", "--warmup", "1", "--rounds", "1", "--max-other-cpu", "1", "--no-gc",
        "--data-files", "2",
        "--data-dir", dir.resolve("data").toString(), "--out", dir.resolve("out").toString());
  }

  @Test
  void exitsZeroAndWritesTheTablesAsMarkdownAndJson() {
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(Files.isRegularFile(dir.resolve("out/bench.md")));
    assertTrue(Files.isRegularFile(dir.resolve("out/bench.json")));
  }

  @Test
  void jsonHasEveryWorkloadWithEveryLineTimed() throws Exception {
    JsonNode report = report();
    List<String> keys = new ArrayList<>();
    report.get("workloads").forEach(w -> keys.add(w.get("key").asText()));
    assertEquals(List.copyOf(LINES.keySet()), keys);
    for (JsonNode w : report.get("workloads")) {
      List<String> ids = new ArrayList<>();
      for (JsonNode line : w.get("variants")) {
        ids.add(line.get("id").asText());
        assertEquals(1, line.get("times_ms").size(), w.get("key") + "/" + line.get("id"));
        assertTrue(line.get("rows_per_second").asDouble() > 0, w.get("key") + "/" + line.get("id"));
      }
      assertEquals(LINES.get(w.get("key").asText()), ids, w.get("key").asText());
      assertEquals(1.0, w.get("variants").get(0).get("time_vs_losseval_sql").asDouble());
      assertTrue(w.get("exact_vs_plain_sum").get("time_ratio").asDouble() > 0);
    }
  }

  @Test
  void everyLineAgreesWithLossevalSqlResult() throws Exception {
    for (JsonNode w : report().get("workloads")) {
      JsonNode lines = w.get("variants");
      double reference = lines.get(0).get("result").asDouble();
      assertTrue(Double.isFinite(reference) && reference > 0, w.get("key") + ": reference " + reference);
      for (JsonNode line : lines) {
        if (line.get("role").asText().equals("scan_floor")) {
          continue;
        }
        double value = line.get("result").asDouble(Double.NaN);
        double relative = Math.abs(value - reference) / reference;
        assertTrue(relative <= TOLERANCE, w.get("key") + "/" + line.get("id").asText() + " = " + value
            + " vs losseval SQL " + reference + ": relative difference " + relative);
        assertTrue(line.get("agrees").asBoolean());
      }
    }
  }

  @Test
  void lossevalLinesGiveTheSameBitsAsTheSqlFunction() throws Exception {
    for (JsonNode w : report().get("workloads")) {
      JsonNode lines = w.get("variants");
      double reference = lines.get(0).get("result").asDouble();
      for (JsonNode line : lines) {
        if (line.get("id").asText().equals("losseval-dataframe")
            || line.get("id").asText().equals("losseval-evaluate")) {
          assertEquals(reference, line.get("result").asDouble(), w.get("key") + "/" + line.get("id"));
        }
      }
    }
  }

  @Test
  void markdownAndStdoutShowEveryWorkloadsTable() throws Exception {
    String markdown = Files.readString(dir.resolve("out/bench.md"));
    assertTrue(markdown.startsWith("# losseval bench"), markdown);
    for (String title : List.of("## MSE: 4,000 rows", "## L1: 4,000 rows", "## Cross-entropy, C = 10: 2,000 rows",
        "## Cross-entropy, C = 1000: 200 rows", "## Triplet margin, D = 128: 500 rows")) {
      assertTrue(markdown.contains(title), title);
      assertTrue(run.out().contains(title), title);
    }
    assertTrue(markdown.contains("| losseval SQL: `mse_loss(p, t)` |"), markdown);
    assertTrue(markdown.contains("MLlib `MulticlassClassificationEvaluator` (logLoss), softmax included"));
    assertTrue(markdown.contains("Exact vs plain sum, end to end: `exact-sum` takes"), markdown);
  }

  @Test
  void generatedDataIsReusedUnlessRegenerated() {
    String data = dir.resolve("reuse").toString();
    DataSet first = new BenchData(spark, data, 7, 1, false).regression(10);
    DataSet again = new BenchData(spark, data, 7, 1, false).regression(10);
    DataSet regenerated = new BenchData(spark, data, 7, 1, true).regression(10);
    DataSet otherSeed = new BenchData(spark, data, 8, 1, false).regression(10);
    assertTrue(first.obtained().startsWith("generated"), first.obtained());
    assertEquals("reused", again.obtained());
    assertTrue(regenerated.obtained().startsWith("generated"), regenerated.obtained());
    assertTrue(otherSeed.obtained().startsWith("generated"), otherSeed.obtained());
    assertEquals(first.path(), again.path());
    assertFalse(first.path().equals(otherSeed.path()));
    assertEquals(spark.read().parquet(first.path()).orderBy("p").collectAsList(),
        spark.read().parquet(regenerated.path()).orderBy("p").collectAsList());
  }

  @Test
  void anUnknownWorkloadIsABadArgumentNamingTheValidOnes() {
    JobRun bad = JobRun.of("bench", "--workloads", "mse,kl", "--out", dir.resolve("bad").toString());
    assertEquals(JobFailure.BAD_CONFIG, bad.exitCode(), bad.err());
    assertTrue(bad.err().contains("'kl' is not a workload: expected some of mse,l1,ce10,ce1000,triplet"),
        bad.err());
  }

  @Test
  void helpListsTheOptions() {
    JobRun help = JobRun.of("bench", "--help");
    assertEquals(0, help.exitCode());
    for (String option : List.of("--workloads", "--scale", "--regression-rows", "--ce10-rows", "--ce1000-rows",
        "--triplet-rows", "--seed", "--data-dir", "--regenerate", "--out", "--warmup", "--rounds",
        "--max-other-cpu", "--tolerance", "--conf")) {
      assertTrue(help.out().contains(option), option + " in\n" + help.out());
    }
  }

  private static JsonNode report() throws Exception {
    assertEquals(0, run.exitCode(), run.err());
    return JSON.readTree(dir.resolve("out/bench.json").toFile());
  }
}
