package io.losseval.jobs.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.losseval.jobs.JobRun;
import io.losseval.jobs.errors.BadInputCase.Data;
import io.losseval.jobs.errors.BadInputCase.Expect;
import io.losseval.jobs.errors.BadInputCase.Outcome;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of {@link BadInputCatalogue} through SQL and through {@code losseval evaluate}: an error must
 * name what the case says (function, column, problem, expected form) and, for the job, exit with its
 * code in one line on stderr; a result must have the value, the rows used and the skip counts.
 */
class BadInputCatalogueTest {
  private static SparkSession spark;
  @TempDir static Path dir;
  private static final Map<String, Path> INPUTS = new ConcurrentHashMap<>();

  @BeforeAll
  static void setUp() {
    spark = JobRun.session();
  }

  static Stream<BadInputCase> cases() {
    return BadInputCatalogue.all().stream();
  }

  @Test
  void theCatalogueHasAtLeastSixtyCasesWithUniqueIdsInKnownCategories() {
    List<BadInputCase> all = BadInputCatalogue.all();
    assertTrue(all.size() >= 60, "cases: " + all.size());
    Set<String> ids = new TreeSet<>();
    for (BadInputCase c : all) {
      assertTrue(ids.add(c.id()), "duplicate id " + c.id());
      assertTrue(BadInputCatalogue.CATEGORIES.contains(c.category()), c.id() + ": " + c.category());
      assertTrue(c.id().matches("[a-z0-9-]+"), c.id());
    }
    long both = all.stream().filter(c -> c.sql() != null && c.jobExpect().outcome() != Outcome.NOT_APPLICABLE)
        .count();
    assertTrue(both >= 60, "cases with both a SQL and a job test: " + both);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void throughSql(BadInputCase c) {
    Expect expect = c.sqlExpect();
    if (expect.outcome() == Outcome.NOT_APPLICABLE) {
      assertTrue(c.sql() == null && expect.note() != null && !expect.note().isBlank(), c.id());
      return;
    }
    String view = "bad_" + c.id().replace('-', '_');
    List<Row> rows;
    try {
      createView(c, view);
      rows = spark.sql(c.sql().replace("{in}", view)).collectAsList();
    } catch (Exception e) {
      if (expect.outcome() != Outcome.ERROR) {
        throw new AssertionError(c.id() + ": expected " + expect.describe(false) + ", the query failed", e);
      }
      String messages = messages(e);
      for (String part : expect.parts()) {
        assertTrue(messages.contains(part), c.id() + ": the error lacks '" + part + "': " + messages);
      }
      return;
    }
    switch (expect.outcome()) {
      case ERROR -> fail(c.id() + ": expected an error with " + expect.parts() + ", the query gave " + rows);
      case NO_ROWS -> assertEquals(List.of(), rows, c.id());
      default -> {
        assertEquals(1, rows.size(), c.id() + ": " + rows);
        Row r = rows.get(0);
        if (r.schema().fields()[0].dataType() instanceof StructType) {
          Row s = r.getStruct(0);
          Map<String, Long> skipped = new TreeMap<>(
              scala.collection.JavaConverters.mapAsJavaMap(s.<String, Long>getMap(3)));
          checkResult(c, expect, s.isNullAt(0) ? null : s.getDouble(0), s.getLong(1), s.getLong(2), skipped);
        } else {
          checkValue(c, expect.value(), r.isNullAt(0) ? null : r.get(0));
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void throughTheEvaluateJob(BadInputCase c) throws IOException {
    Expect expect = c.jobExpect();
    if (expect.outcome() == Outcome.NOT_APPLICABLE) {
      assertTrue(expect.note() != null && !expect.note().isBlank(), c.id());
      return;
    }
    Path caseDir = dir.resolve(c.id());
    Files.createDirectories(caseDir);
    Path output = caseDir.resolve("out");
    Path file = caseDir.resolve("a-file");
    Files.writeString(file, "not a directory");
    Data data = c.data();
    String format = data.format() + (data.readOptions().isEmpty() ? "" : ", options: {"
        + data.readOptions().entrySet().stream().map(e -> e.getKey() + ": '" + e.getValue() + "'")
            .collect(Collectors.joining(", ")) + "}");
    String text = c.config().replace("${input}", input(c).toString()).replace("${format}", format)
        .replace("${output}", output.toString()).replace("${file}", file.toString());
    Path config = caseDir.resolve("job.yaml");
    Files.writeString(config, text);
    JobRun run = JobRun.of("evaluate", "--config", config.toString());
    if (expect.outcome() == Outcome.ERROR) {
      assertEquals(expect.exitCode(), run.exitCode(), c.id() + ": " + run.err() + run.out());
      String err = run.err().trim();
      assertTrue(err.startsWith("losseval evaluate: error: "), c.id() + ": " + err);
      assertFalse(err.contains("\n"), c.id() + ": not one line: " + err);
      for (String part : expect.parts()) {
        assertTrue(err.contains(part), c.id() + ": the error lacks '" + part + "': " + err);
      }
      assertFalse(Files.exists(output.resolve("run_id=bad")), c.id() + ": a failed run wrote results");
      return;
    }
    assertEquals(0, run.exitCode(), c.id() + ": " + run.err());
    List<Row> rows = spark.read().parquet(output.resolve("run_id=bad").toString()).collectAsList();
    assertEquals(1, rows.size(), c.id() + ": " + rows);
    Row r = rows.get(0);
    int v = r.fieldIndex("value");
    Map<String, Long> skipped = new TreeMap<>(
        scala.collection.JavaConverters.mapAsJavaMap(r.<String, Long>getMap(r.fieldIndex("skipped"))));
    checkResult(c, expect, r.isNullAt(v) ? null : r.getDouble(v), r.getLong(r.fieldIndex("rows")),
        r.getLong(r.fieldIndex("rows_skipped")), skipped);
    for (Map.Entry<String, Long> e : expect.skipped().entrySet()) {
      assertTrue(run.out().contains(e.getKey() + "=" + e.getValue()), c.id() + ": the printed table lacks "
          + e.getKey() + "=" + e.getValue() + ":\n" + run.out());
    }
  }

  // -------------------------------------------------------------------------------------- helpers

  private static void checkResult(BadInputCase c, Expect expect, Double value, long rows, long rowsSkipped,
      Map<String, Long> skipped) {
    checkValue(c, expect.value(), value);
    assertEquals(expect.rows(), rows, c.id() + ": rows used");
    assertEquals(new TreeMap<>(expect.skipped()), skipped, c.id() + ": skip counts");
    long whole = skipped.getOrDefault("null_value", 0L) + skipped.getOrDefault("empty_row", 0L);
    assertEquals(whole, rowsSkipped, c.id() + ": rows_skipped is the rows skipped whole");
  }

  private static void checkValue(BadInputCase c, String expected, Object actual) {
    if (expected.equals("null")) {
      assertEquals(null, actual, c.id());
      return;
    }
    assertNotNull(actual, c.id() + ": expected " + expected);
    double a = ((Number) actual).doubleValue();
    double e = Double.parseDouble(expected);
    if (Double.isNaN(e) || Double.isInfinite(e)) {
      assertEquals(e, a, c.id());
    } else {
      assertEquals(e, a, 1e-12 * Math.max(1, Math.abs(e)), c.id());
    }
  }

  /** Every message of the chain, joined. */
  private static String messages(Throwable e) {
    List<String> out = new ArrayList<>();
    for (Throwable t = e; t != null && out.size() < 20; t = t.getCause()) {
      out.add(String.valueOf(t.getMessage()));
    }
    return String.join(" | ", out);
  }

  /** Makes the temporary view {@code view} of the case's input. */
  private static void createView(BadInputCase c, String view) {
    Data data = c.data();
    if (data.select() != null && !data.truncate()) {
      dataFrame(data).createOrReplaceTempView(view);
      return;
    }
    String options = data.readOptions().entrySet().stream()
        .map(e -> ", `" + e.getKey() + "` '" + e.getValue() + "'").collect(Collectors.joining());
    spark.sql("CREATE OR REPLACE TEMPORARY VIEW " + view + " USING " + data.format() + " OPTIONS (path '"
        + input(c) + "'" + options + ")");
  }

  private static Dataset<Row> dataFrame(Data data) {
    Dataset<Row> df = spark.sql(data.select());
    for (String v : data.vectors()) {
      df = df.withColumn(v, org.apache.spark.ml.functions.array_to_vector(functions.col(v)));
    }
    return df;
  }

  /** The case's input path (made once per case). */
  private static Path input(BadInputCase c) {
    return INPUTS.computeIfAbsent(c.id(), id -> {
      Path path = dir.resolve(id).resolve("input");
      Data data = c.data();
      try {
        if (data.missing()) {
          return path;
        }
        if (data.select() != null) {
          dataFrame(data).coalesce(1).write().format(data.format()).save(path.toString());
          if (data.truncate()) {
            try (Stream<Path> files = Files.list(path)) { // a copy cut short: no checksum files with it
              for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".crc")).toList()) {
                Files.delete(f);
              }
            }
            try (Stream<Path> files = Files.list(path)) {
              for (Path f : files.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
                try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                  raf.setLength(raf.length() / 2);
                }
              }
            }
          }
          return path;
        }
        Files.createDirectories(path);
        for (Map.Entry<String, String> f : data.files().entrySet()) {
          Files.write(path.resolve(f.getKey()), f.getValue().getBytes(StandardCharsets.ISO_8859_1));
        }
        return path;
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }
}
