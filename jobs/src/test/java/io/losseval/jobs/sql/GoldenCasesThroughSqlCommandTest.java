package io.losseval.jobs.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.losseval.core.GoldenCase;
import io.losseval.jobs.JobRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every golden case (computed by PyTorch, or printed in the seed articles) through {@code losseval sql
 * --format json}, held to PyTorch's numbers; and the same bits on every Spark line. Each line's run
 * records the bits of every value it printed in {@code jobs/target/cross-line/golden-through-sql-<spark
 * version>.json}; a run that finds another line's record (CI runs Spark 4, then Spark 3.5) fails on the
 * first value whose bits differ.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GoldenCasesThroughSqlCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path RECORDS = JobRun.ROOT.resolve("jobs/target/cross-line");
  /** Case id: the bits of each value this line printed, in row order. */
  private static final Map<String, List<Long>> BITS = new TreeMap<>();
  private static SparkSession spark;
  @TempDir static Path dir;

  @BeforeAll
  static void setUp() {
    spark = JobRun.session();
  }

  static Stream<GoldenCase> cases() {
    List<GoldenCase> all = new ArrayList<>(GoldenCase.load("pytorch"));
    all.addAll(GoldenCase.load("seeds"));
    return all.stream();
  }

  @Order(1)
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesPyTorchThroughTheSqlCommand(GoldenCase c) throws IOException {
    Path file = c.writeJsonLines(dir.resolve(c.id + ".jsonl"));
    List<String> columns = new ArrayList<>();
    for (String column : c.columns) {
      columns.add("`" + column + "`");
    }
    String call = "(" + String.join(", ", columns) + ", '" + c.options + "') AS v FROM json.`" + file + "`";
    boolean perRow = c.reduction.equals("none");
    JobRun run = JobRun.of("sql", "--format", "json", "--query",
        perRow ? "SELECT row_" + c.loss + call + " ORDER BY idx" : "SELECT " + c.loss + call);
    assertEquals(0, run.exitCode(), c + ": " + run.err());
    List<JsonNode> printed = new ArrayList<>();
    for (String line : run.out().split("\n")) {
      printed.add(JSON.readTree(line).get("v"));
    }
    List<JsonNode> expected = new ArrayList<>();
    if (perRow) {
      c.expected.forEach(expected::add);
    } else {
      expected.add(c.expected);
    }
    assertEquals(expected.size(), printed.size(), c + ": rows");
    List<Long> bits = new ArrayList<>();
    for (int i = 0; i < expected.size(); i++) {
      JsonNode e = expected.get(i);
      JsonNode v = printed.get(i);
      if (e.isArray()) {
        assertEquals(e.size(), v.size(), c + " row " + i + " length");
        for (int j = 0; j < e.size(); j++) {
          bits.add(check(e.get(j), v.get(j), c, c + " row " + i + "[" + j + "]"));
        }
      } else {
        bits.add(check(e, v, c, c + " row " + i));
      }
    }
    synchronized (BITS) {
      BITS.put(c.id, bits);
    }
  }

  private static long check(JsonNode expected, JsonNode printed, GoldenCase c, String what) {
    double v = value(printed);
    GoldenCase.assertClose(expected.asDouble(), v, c.toleranceAbs, what);
    return Double.doubleToLongBits(v);
  }

  /** A printed double: a number, or NaN and the infinities, which JSON has as text. */
  private static double value(JsonNode printed) {
    return printed.isTextual() ? Double.parseDouble(printed.asText()) : printed.asDouble();
  }

  @Order(2)
  @Test
  void everySparkLineGivesTheSameBits() throws IOException {
    Files.createDirectories(RECORDS);
    String mine = "golden-through-sql-" + spark.version() + ".json";
    ObjectNode record = JSON.createObjectNode();
    BITS.forEach((id, bits) -> {
      ArrayNode values = record.putArray(id);
      bits.forEach(values::add);
    });
    JSON.writerWithDefaultPrettyPrinter().writeValue(RECORDS.resolve(mine).toFile(), record);
    try (Stream<Path> records = Files.list(RECORDS)) {
      for (Path other : records.filter(p -> !p.getFileName().toString().equals(mine)).toList()) {
        JsonNode theirs = JSON.readTree(other.toFile());
        for (Iterator<Map.Entry<String, JsonNode>> it = theirs.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          List<Long> ours = BITS.get(e.getKey());
          List<Long> recorded = new ArrayList<>();
          e.getValue().forEach(n -> recorded.add(n.asLong()));
          assertEquals(recorded, ours, e.getKey() + ": Spark " + spark.version() + " and " + other
              + " (bits of each value)");
        }
        System.err.printf("GoldenCasesThroughSqlCommandTest: Spark %s has the bits of %s (%d cases)%n",
            spark.version(), other.getFileName(), BITS.size());
      }
    }
  }
}
