package io.losseval.jobs.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.jobs.JobRun;
import io.losseval.jobs.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.JavaConverters;

/**
 * Every config of {@code conf/} runs as is over {@code sample-data/}, and every built-in loss it writes
 * has the bits of the same loss called as a SQL function over the same slice (two independent paths:
 * the job builds its columns from the config, SQL parses the call's text). Custom SQL-expression losses
 * agree with Spark's own {@code avg}/{@code sum} of the expression to rounding.
 */
class ExampleConfigsTest {
  private static SparkSession spark;
  @TempDir static Path out;

  @BeforeAll
  static void session() {
    spark = JobRun.session();
  }

  static List<Path> configs() throws IOException {
    List<Path> all = new ArrayList<>();
    all.add(JobRun.ROOT.resolve("conf/evaluate.yaml"));
    try (Stream<Path> s = Files.list(JobRun.ROOT.resolve("conf/examples"))) {
      s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(all::add);
    }
    return all;
  }

  @TestFactory
  Stream<DynamicTest> everyConfigRunsAndAgreesWithTheSqlFunctions() throws IOException {
    return configs().stream().map(config -> DynamicTest.dynamicTest(config.getFileName().toString(),
        () -> check(config)));
  }

  private static void check(Path config) {
    String name = config.getFileName().toString().replace(".yaml", "");
    ConfigLoader.Loaded loaded = new ConfigLoader().load(config, List.of());
    String input = JobRun.repo(loaded.config().input().path());
    String results = out.resolve(name).toString();
    JobRun run = JobRun.of("evaluate", "--config", config.toString(), "--set", "input.path=" + input,
        "--set", "output.path=" + results, "--set", "output.format=parquet", "--set", "run.id=t-" + name);
    assertEquals(0, run.exitCode(), run.err());
    EvaluationPlan plan = EvaluationPlan.of(new ConfigLoader().load(config, List.of("input.path=" + input))
        .config(), loaded.locations());
    List<Row> rows = spark.read().parquet(results).collectAsList();
    long slices = rows.stream().map(r -> r.getMap(r.fieldIndex("slice"))).distinct().count();
    assertEquals(slices * plan.losses().size(), rows.size(), name + ": one row per slice and loss");
    assertTrue(slices >= 1);
    for (Row r : rows) {
      assertEquals("t-" + name, r.getString(r.fieldIndex("run_id")));
      PlannedLoss loss = find(plan, r);
      Map<String, String> slice = JavaConverters.mapAsJavaMap(r.<String, String>getMap(r.fieldIndex("slice")));
      String where = slice.isEmpty() ? "" : " WHERE " + slice.entrySet().stream()
          .map(e -> "CAST(`" + e.getKey() + "` AS STRING) = '" + e.getValue() + "'")
          .collect(Collectors.joining(" AND "));
      double value = r.getDouble(r.fieldIndex("value"));
      String from = " FROM parquet.`" + input + "`" + where;
      switch (loss.kind()) {
        case BUILT_IN -> {
          String sql = "SELECT " + loss.options().spec().name() + "(" + String.join(", ", loss.arguments())
              + ", '" + loss.options() + "')" + from;
          assertEquals(spark.sql(sql).first().getDouble(0), value, name + ": " + sql);
        }
        case SQL_EXPRESSION -> {
          String sql = "SELECT " + loss.reduction() + "(CAST((" + loss.arguments().get(0) + ") AS DOUBLE))" + from;
          double expected = ((Number) spark.sql(sql).first().get(0)).doubleValue();
          assertEquals(expected, value, Math.abs(expected) * 1e-12, name + ": " + sql);
        }
        case JAVA_CLASS -> {
          // the example class is the seeds' CustomMSE: the built-in mse_loss's bits
          String sql = "SELECT mse_loss(" + String.join(", ", loss.arguments()) + ", 'reduction="
              + loss.reduction() + "')" + from;
          assertEquals(spark.sql(sql).first().getDouble(0), value, name + ": " + sql);
        }
      }
    }
  }

  private static PlannedLoss find(EvaluationPlan plan, Row r) {
    String loss = r.getString(r.fieldIndex("loss"));
    String reduction = r.getString(r.fieldIndex("reduction"));
    String options = r.getString(r.fieldIndex("options"));
    return plan.losses().stream()
        .filter(p -> p.name().equals(loss) && p.reduction().equals(reduction) && p.optionsText().equals(options))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no planned loss for " + loss + " " + reduction + " " + options));
  }
}
