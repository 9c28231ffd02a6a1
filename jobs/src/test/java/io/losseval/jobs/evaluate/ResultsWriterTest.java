package io.losseval.jobs.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.jobs.JobFailure;
import io.losseval.jobs.JobRun;
import io.losseval.jobs.config.ConfigLoader;
import io.losseval.jobs.config.ConfigLocations;
import io.losseval.jobs.config.JobConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ResultsWriter}'s atomic write and its recovery: every state an interrupted write can leave in
 * staging, built by hand, is recovered to the last committed rows (or none) and a re-run then holds
 * exactly one set of rows; failed renames put the previous rows back; failed clean-ups only warn.
 */
class ResultsWriterTest {
  private static final String RUN = "r";
  private static SparkSession spark;
  private static ConfigLocations locations;
  @TempDir Path dir;

  @BeforeAll
  static void setUp() {
    spark = JobRun.session();
    locations = new ConfigLoader().parse("test.yaml", "output: {path: x}\n", List.of()).locations();
  }

  /** What an attempt's {@code new} holds when the writer was interrupted. */
  enum Staged {
    /** the attempt was created, Spark wrote nothing yet */
    ABSENT,
    /** killed while Spark's tasks wrote: files under {@code _temporary} only */
    TASKS_RUNNING,
    /** killed in Spark's job commit (file output committer v2): part files, no {@code _SUCCESS} */
    NO_SUCCESS,
    /** Spark's write finished: part files and {@code _SUCCESS} */
    COMPLETE
  }

  /** One hand-built leftover: the run's directory, and an attempt's {@code new}, {@code previous}, marker. */
  record Leftover(boolean runExists, Staged staged, boolean previous, boolean committed) {
    /** The rows recovery must leave in {@code run_id=R}: the current ones, the moved-aside ones, or none. */
    String expected() {
      if (runExists) {
        return "current";
      }
      return previous && !committed ? "previous" : null;
    }

    @Override
    public String toString() {
      return (runExists ? "run_id=R" : "no run_id=R") + ", new " + staged + (previous ? ", previous" : "")
          + (committed ? ", _COMMITTED" : "");
    }
  }

  /** Every combination, also those the protocol never leaves (a run directory beside a moved-aside one). */
  static Stream<Leftover> leftovers() {
    List<Leftover> out = new ArrayList<>();
    for (boolean runExists : new boolean[] {false, true}) {
      for (Staged staged : Staged.values()) {
        for (boolean previous : new boolean[] {false, true}) {
          for (boolean committed : new boolean[] {false, true}) {
            out.add(new Leftover(runExists, staged, previous, committed));
          }
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("leftovers")
  void recoveryLeavesTheLastCommittedRowsAndARerunExactlyOneSet(Leftover leftover) throws IOException {
    Path out = dir.resolve("out");
    build(out, leftover, "1");
    ResultsWriter writer = writer(out, null);

    writer.prepare(RUN);
    assertEquals(leftover.expected(), rowsIn(out.resolve("run_id=" + RUN)), leftover.toString());
    assertFalse(Files.exists(out.resolve("_staging")), leftover + ": staging removed");

    List<ResultRow> rows = results("rerun", 3);
    writer.write(RUN, rows, "test");
    assertOneSet(out, "rerun", rows);
    assertFalse(Files.exists(out.resolve("_staging")), leftover + ": staging removed after the rerun");
  }

  @Test
  void theNewestInterruptedAttemptIsRecoveredAndOlderOnesDiscarded() throws IOException {
    Path out = dir.resolve("out");
    // attempt 1 committed but could not be removed; attempt 2 was killed between its renames
    build(out, new Leftover(false, Staged.ABSENT, true, true), "1");
    writeSet(out.resolve("_staging/run_id=" + RUN + "/1/previous"), "stale");
    build(out, new Leftover(false, Staged.COMPLETE, true, false), "2");
    // attempt 3 never committed and holds even older rows (a failed restore that a later run skipped)
    build(out, new Leftover(false, Staged.NO_SUCCESS, true, false), "3");
    writeSet(out.resolve("_staging/run_id=" + RUN + "/3/previous"), "newest-previous");
    writer(out, null).prepare(RUN);
    assertEquals("newest-previous", rowsIn(out.resolve("run_id=" + RUN)));
    assertFalse(Files.exists(out.resolve("_staging")));
  }

  @Test
  void otherRunsAndTheirStagingAreLeftAlone() throws IOException {
    Path out = dir.resolve("out");
    writeSet(out.resolve("run_id=other"), "other");
    Files.createDirectories(out.resolve("_staging/run_id=other/1/new"));
    build(out, new Leftover(false, Staged.COMPLETE, true, false), "1");
    writer(out, null).prepare(RUN);
    assertEquals("previous", rowsIn(out.resolve("run_id=" + RUN)));
    assertEquals("other", rowsIn(out.resolve("run_id=other")));
    assertTrue(Files.isDirectory(out.resolve("_staging/run_id=other/1/new")));
    assertFalse(Files.exists(out.resolve("_staging/run_id=" + RUN)));
  }

  @Test
  void aFailedCommitRenamePutsThePreviousRowsBack() {
    Path out = dir.resolve("out");
    List<ResultRow> first = results("first", 2);
    writer(out, null).write(RUN, first, "test");
    ResultsWriter failing = writer(out, (from, to) -> from.endsWith("/new"));
    JobFailure e = assertThrows(JobFailure.class, () -> failing.write(RUN, results("second", 4), "test"));
    assertEquals(JobFailure.OTHER, e.exitCode());
    assertTrue(e.getMessage().startsWith("cannot write the results to"), e.getMessage());
    assertTrue(e.getMessage().contains("failed"), e.getMessage());
    assertOneSet(out, "first", first);
  }

  @Test
  void aFailedMoveAsideLeavesTheRunAsItWas() {
    Path out = dir.resolve("out");
    List<ResultRow> first = results("first", 2);
    writer(out, null).write(RUN, first, "test");
    ResultsWriter failing = writer(out, (from, to) -> from.endsWith("run_id=" + RUN));
    assertThrows(JobFailure.class, () -> failing.write(RUN, results("second", 4), "test"));
    assertOneSet(out, "first", first);
  }

  @Test
  void rowsThatCannotBePutBackAreRestoredByTheNextRun() {
    Path out = dir.resolve("out");
    List<ResultRow> first = results("first", 2);
    writer(out, null).write(RUN, first, "test");
    // both the commit rename and the restore fail: the rows stay in staging, and the error says so
    ResultsWriter failing = writer(out, (from, to) -> to.endsWith("run_id=" + RUN));
    JobFailure e = assertThrows(JobFailure.class, () -> failing.write(RUN, results("second", 4), "test"));
    assertTrue(e.getMessage().contains("the run's previous rows are in"), e.getMessage());
    assertTrue(e.getMessage().contains("the next run of 'r' puts them back"), e.getMessage());
    assertFalse(Files.exists(out.resolve("run_id=" + RUN)));
    writer(out, null).prepare(RUN);
    assertOneSet(out, "first", first);
  }

  @Test
  void aFailedCleanUpOnlyWarnsAndTheCommittedRowsStay() {
    Path out = dir.resolve("out");
    writer(out, null).write(RUN, results("first", 2), "test");
    List<ResultRow> second = results("second", 4);
    ResultsWriter noDeletes = writer(out, null, true);
    noDeletes.write(RUN, second, "test");
    assertTrue(Files.exists(out.resolve("_staging/run_id=" + RUN + "/1/_COMMITTED")));
    assertTrue(Files.isDirectory(out.resolve("_staging/run_id=" + RUN + "/1/previous")));
    assertOneSet(out, "second", second);
    // the next run removes the leftover; the committed attempt's old rows never come back
    writer(out, null).prepare(RUN);
    assertOneSet(out, "second", second);
    assertFalse(Files.exists(out.resolve("_staging")));
  }

  @Test
  void failModeRefusesARunWhoseReplacementWasInterrupted() throws IOException {
    Path out = dir.resolve("out");
    build(out, new Leftover(false, Staged.COMPLETE, true, false), "1");
    ResultsWriter writer = new ResultsWriter(spark,
        new JobConfig.Output(out.toString(), JobConfig.Format.PARQUET, JobConfig.WriteMode.FAIL), locations);
    writer.prepare(RUN);
    JobFailure e = assertThrows(JobFailure.class, () -> writer.checkWritable(RUN));
    assertEquals(JobFailure.BAD_CONFIG, e.exitCode());
  }

  // ---------------------------------------------------------------------------------------------

  private static ResultsWriter writer(Path out, BiPredicate<String, String> failRename) {
    return writer(out, failRename, false);
  }

  /** A writer whose renames fail where {@code failRename(from, to)} holds, and deletes fail if asked. */
  private static ResultsWriter writer(Path out, BiPredicate<String, String> failRename, boolean failDeletes) {
    JobConfig.Output output = new JobConfig.Output(out.toString(), JobConfig.Format.PARQUET,
        JobConfig.WriteMode.REPLACE);
    if (failRename == null && !failDeletes) {
      return new ResultsWriter(spark, output, locations);
    }
    FileSystem local;
    try {
      local = FileSystem.getLocal(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    FileSystem fs = new FilterFileSystem(local) {
      @Override
      public boolean rename(org.apache.hadoop.fs.Path src, org.apache.hadoop.fs.Path dst) throws IOException {
        if (failRename != null && failRename.test(src.toString(), dst.toString())) {
          return false;
        }
        return super.rename(src, dst);
      }

      @Override
      public boolean delete(org.apache.hadoop.fs.Path f, boolean recursive) throws IOException {
        if (failDeletes) {
          throw new IOException("injected: delete of " + f + " failed");
        }
        return super.delete(f, recursive);
      }
    };
    fs.setConf(spark.sparkContext().hadoopConfiguration());
    return new ResultsWriter(spark, output, locations, fs);
  }

  /** Builds {@code leftover} as attempt {@code attempt} of run {@code R} under {@code out}. */
  private static void build(Path out, Leftover leftover, String attempt) throws IOException {
    if (leftover.runExists()) {
      writeSet(out.resolve("run_id=" + RUN), "current");
    }
    Path a = out.resolve("_staging/run_id=" + RUN).resolve(attempt);
    Files.createDirectories(a);
    Path staged = a.resolve("new");
    switch (leftover.staged()) {
      case ABSENT -> { }
      case TASKS_RUNNING -> writeSet(staged.resolve("_temporary/0/_temporary/attempt_1/"), "staged");
      case NO_SUCCESS -> writeSet(staged, "staged");
      case COMPLETE -> {
        writeSet(staged, "staged");
        Files.writeString(staged.resolve("_SUCCESS"), "");
      }
      default -> throw new IllegalStateException();
    }
    if (leftover.previous()) {
      writeSet(a.resolve("previous"), "previous");
    }
    if (leftover.committed()) {
      Files.writeString(a.resolve("_COMMITTED"), "");
    }
  }

  /** A stand-in for a set of rows: a directory whose file names the set. */
  private static void writeSet(Path directory, String name) throws IOException {
    Files.createDirectories(directory);
    Files.writeString(directory.resolve("part-00000.set"), name, StandardCharsets.UTF_8);
  }

  /** The set of rows {@code directory} holds (see {@link #writeSet}), or null when it does not exist. */
  private static String rowsIn(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return null;
    }
    try (Stream<Path> files = Files.list(directory)) {
      List<Path> sets = files.filter(f -> f.getFileName().toString().endsWith(".set")).toList();
      assertEquals(1, sets.size(), directory + " holds one set of rows: " + sets);
      return Files.readString(sets.get(0), StandardCharsets.UTF_8);
    }
  }

  private static List<ResultRow> results(String model, int n) {
    List<ResultRow> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new ResultRow(RUN, model, Instant.parse("2026-11-23T00:00:00Z"), Map.of("slice", "s" + i),
          "mse_loss", "mean", "", 0.1 * i + 1e-17, 10 + i, 0, Map.of(), "input", null, null, null));
    }
    return out;
  }

  /** {@code out} holds exactly {@code rows} as run R's rows (by model and bits). */
  private static void assertOneSet(Path out, String model, List<ResultRow> rows) {
    List<Row> read = spark.read().parquet(out.toString()).filter("run_id = '" + RUN + "'")
        .orderBy("slice.slice").collectAsList();
    assertEquals(rows.size(), read.size(), "rows of run " + RUN);
    for (int i = 0; i < rows.size(); i++) {
      Row r = read.get(i);
      assertEquals(model, r.getString(r.fieldIndex("model")));
      assertEquals(Double.doubleToRawLongBits(rows.get(i).value()),
          Double.doubleToRawLongBits(r.getDouble(r.fieldIndex("value"))));
      assertEquals(rows.get(i).rows(), r.getLong(r.fieldIndex("rows")));
    }
  }
}
