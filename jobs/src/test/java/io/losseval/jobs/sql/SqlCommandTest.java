package io.losseval.jobs.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.losseval.jobs.JobFailure;
import io.losseval.jobs.JobRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code losseval sql}: the loss functions over files, printed as a table, CSV or JSON Lines. */
class SqlCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static SparkSession spark;
  private static String multiclass;
  @TempDir static Path dir;

  @BeforeAll
  static void setUp() {
    spark = JobRun.session();
    multiclass = "parquet.`" + JobRun.repo("sample-data/multiclass.parquet") + "`";
  }

  @Test
  void jsonFormatPrintsOneObjectPerRowKeyedByColumnNamesWithNullsKept() throws Exception {
    JobRun run = JobRun.of("sql", "--format", "json", "--query",
        "SELECT model, cross_entropy(logits, label) AS ce, cross_entropy_stats(logits, label) AS stats,"
            + " CAST(NULL AS DOUBLE) AS nothing FROM " + multiclass + " GROUP BY model ORDER BY model");
    assertEquals(0, run.exitCode(), run.err());
    String[] lines = run.out().split("\n");
    assertEquals(2, lines.length, run.out());
    double direct = spark.sql("SELECT cross_entropy(logits, label) FROM " + multiclass
        + " WHERE model = 'baseline'").first().getDouble(0);
    JsonNode first = JSON.readTree(lines[0]);
    assertEquals(List.of("model", "ce", "stats", "nothing"), names(first));
    assertEquals("baseline", first.get("model").asText());
    assertEquals(direct, first.get("ce").asDouble());
    assertEquals(1500, first.get("stats").get("rows").asLong());
    assertEquals(19, first.get("stats").get("skipped").get("ignored_target").asLong());
    assertTrue(first.get("nothing").isNull());
  }

  @Test
  void csvFormatPrintsAHeaderAndArraysAsJson() {
    JobRun run = JobRun.of("sql", "--format=csv", "--query",
        "SELECT 'a,b' AS name, array(1.5D, 2.0D) AS xs, mse_loss(1.0D, 3.0D) AS mse");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("name,xs,mse\n\"a,b\",\"[1.5,2.0]\",4.0\n", run.out());
  }

  @Test
  void tableFormatIsTheDefault() {
    JobRun run = JobRun.of("sql", "--query", "SELECT l1_loss(1.0D, 3.5D) AS l1, row_mse_loss(1.0D, 3.0D) AS row");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(" l1  row\n---  ---\n2.5  4.0\n(1 row)\n", run.out());
  }

  @Test
  void aUnionOfThreeHundredSelectsWorks() {
    String query = IntStream.range(0, 300)
        .mapToObj(i -> "SELECT " + i + " AS i, mse_loss(" + i + "D, 0D) AS mse")
        .collect(Collectors.joining(" UNION ALL "));
    JobRun run = JobRun.of("sql", "--format", "json", "--query", query);
    assertEquals(0, run.exitCode(), run.err());
    String[] lines = run.out().split("\n");
    assertEquals(300, lines.length);
    assertTrue(run.out().contains("{\"i\":299,\"mse\":89401.0}"), lines[lines.length - 1]);
  }

  @Test
  void aQueryFromAFile() throws Exception {
    Path file = dir.resolve("q.sql");
    Files.writeString(file, "SELECT huber_loss(0.0D, 2.0D, 'delta=0.5') AS h");
    JobRun run = JobRun.of("sql", "--file", file.toString(), "--format", "csv");
    assertEquals("h\n0.875\n", run.out()); // 0.5 * (|2| - 0.5 * 0.5)
  }

  @Test
  void aBadQueryIsExitCode2AndBadDataExitCode3() {
    JobRun bad = JobRun.of("sql", "--query", "SELECT cross_entropy(logits) FROM " + multiclass);
    assertEquals(JobFailure.BAD_CONFIG, bad.exitCode());
    assertTrue(bad.err().startsWith("losseval sql: error: the query is not valid:"), bad.err());
    JobRun data = JobRun.of("sql", "--query", "SELECT multi_margin_loss(logits, label) FROM " + multiclass);
    assertEquals(JobFailure.BAD_INPUT, data.exitCode(), data.err());
    assertTrue(data.err().contains("found -100"), data.err());
    JobRun both = JobRun.of("sql", "--query", "SELECT 1", "--file", "x.sql");
    assertEquals(JobFailure.BAD_CONFIG, both.exitCode());
    assertTrue(both.err().contains("mutually exclusive"), both.err());
  }

  private static List<String> names(JsonNode node) {
    List<String> out = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }
}
