package io.losseval.jobs.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.jobs.BuiltJob;
import io.losseval.jobs.JobRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluate job killed ({@code SIGKILL}, {@link Process#destroyForcibly()}) at each point of writing
 * its results, in a JVM of its own that replaces an earlier run of the same id: after the kill a reader
 * sees the earlier rows, or none, or the new ones, never part of a run and never two; a re-run of the
 * same id then leaves exactly one set of rows, with the bits of an uninterrupted run, and no staging.
 *
 * <p>The job pauses at the point named by {@value ResultsWriter#PAUSE_AT_PROPERTY} (the writer's own
 * points, or Spark's commit protocol's through {@link PausingCommitProtocol}) and says so on stderr; the
 * test kills it there, so the kill is deterministic.
 */
class DriverKillIT {
  private static final String RUN = "nightly";
  private static final String CONFIG = "conf/evaluate.yaml";
  private static final List<String> ORDER = List.of("slice.model", "loss", "reduction", "options");

  @TempDir static Path dir;
  private static SparkSession spark;
  /** An output with run {@code nightly} (model {@code old}) and run {@code other} in it. */
  private static Path template;
  /** The rows of an uninterrupted run {@code nightly} (model {@code new}). */
  private static List<Row> expected;

  /** What a reader sees of run {@code nightly} between the kill and the re-run. */
  enum Visible { OLD_ROWS, NO_ROWS, NEW_ROWS }

  /** Where the job is killed. */
  enum KillPoint {
    /** Spark's write task has written its file under {@code _temporary}, not committed it */
    TASK_COMMIT("task-commit", Visible.OLD_ROWS, true, "1"),
    /** Spark's tasks committed their files into {@code new} (committer v2), no {@code _SUCCESS} yet */
    JOB_COMMIT("job-commit", Visible.OLD_ROWS, true, "2"),
    /** staging complete ({@code _SUCCESS}), nothing renamed */
    STAGED("staged", Visible.OLD_ROWS, false, "1"),
    /** the earlier rows renamed to {@code previous}, the new ones not yet in place */
    MOVED_ASIDE("moved-aside", Visible.NO_ROWS, false, "1"),
    /** the new rows renamed into place, staging not cleaned up */
    COMMITTED("committed", Visible.NEW_ROWS, false, "1");

    final String point;
    final Visible visible;
    final boolean inSpark;
    final String committer;

    KillPoint(String point, Visible visible, boolean inSpark, String committer) {
      this.point = point;
      this.visible = visible;
      this.inSpark = inSpark;
      this.committer = committer;
    }
  }

  @BeforeAll
  static void setUp() {
    spark = JobRun.session();
    template = dir.resolve("template");
    assertOk(evaluate(template, RUN, "old"));
    assertOk(evaluate(template, "other", "other"));
    Path uninterrupted = dir.resolve("uninterrupted");
    assertOk(evaluate(uninterrupted, RUN, "new"));
    expected = rows(uninterrupted, RUN);
    assertEquals(12, expected.size());
  }

  @ParameterizedTest
  @EnumSource(KillPoint.class)
  void aKilledWriteLeavesOneCompleteRunAndARerunHasTheBitsOfAnUninterruptedOne(KillPoint kill)
      throws Exception {
    Path out = dir.resolve(kill.name());
    copy(template, out);
    List<Row> old = rows(out, RUN);

    Duration took = killAt(kill, out);

    assertTrue(Files.isDirectory(out.resolve("_staging/run_id=" + RUN)), kill + ": the kill left staging");
    List<Row> seen = rows(out, RUN);
    switch (kill.visible) {
      case OLD_ROWS -> assertSameRows(old, seen, kill + ": the earlier rows");
      case NO_ROWS -> assertEquals(0, seen.size(), kill + ": no rows of the run");
      case NEW_ROWS -> assertSameRows(expected, seen, kill + ": the new rows");
      default -> throw new IllegalStateException();
    }
    assertEquals(12, rows(out, "other").size(), kill + ": the other run untouched");

    JobRun rerun = evaluate(out, RUN, "new");
    assertOk(rerun);
    assertSameRows(expected, rows(out, RUN), kill + ": the re-run");
    assertFalse(Files.exists(out.resolve("_staging")), kill + ": no staging left");
    try (Stream<Path> runs = Files.list(out)) {
      assertEquals(List.of("run_id=" + RUN, "run_id=other"),
          runs.map(p -> p.getFileName().toString()).sorted().toList());
    }
    System.err.printf("DriverKillIT: killed at %s after %.1f s%n", kill.point, took.toMillis() / 1000.0);
  }

  /** Runs the job in a JVM of its own, replacing run nightly in {@code out}, and kills it at the point. */
  private static Duration killAt(KillPoint kill, Path out) throws Exception {
    Path target = BuiltJob.target();
    Path jar = BuiltJob.jar();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(System.getProperty("losseval.jvm.flags", "").trim().split("\\s+")));
    command.add("-Xmx1g");
    command.add("-Dlog4j2.configurationFile=" + JobRun.repo("conf/log4j2.properties"));
    command.add("-D" + ResultsWriter.PAUSE_AT_PROPERTY + "=" + kill.point);
    if (kill.inSpark) {
      command.add("-Dspark.sql.sources.commitProtocolClass=" + PausingCommitProtocol.class.getName());
      command.add("-Dspark.hadoop.mapreduce.fileoutputcommitter.algorithm.version=" + kill.committer);
    }
    command.add("-cp");
    command.add(String.join(java.io.File.pathSeparator, jar.toString(), target.resolve("spark-jars") + "/*",
        target.resolve("test-classes").toString()));
    command.add("io.losseval.jobs.Main");
    command.addAll(List.of("evaluate", "--config", CONFIG, "--set", "output.path=" + out,
        "--set", "run.id=" + RUN, "--set", "run.model=new",
        "--set", "input.path=" + JobRun.repo("sample-data/multiclass.parquet")));
    Path err = dir.resolve(kill.name() + ".err");
    Instant start = Instant.now();
    Process p = new ProcessBuilder(command).directory(JobRun.ROOT.toFile())
        .redirectOutput(dir.resolve(kill.name() + ".out").toFile()).redirectError(err.toFile()).start();
    try {
      String marker = "losseval: test hook: paused at " + kill.point;
      Instant deadline = start.plus(Duration.ofMinutes(3));
      while (!Files.readString(err, StandardCharsets.UTF_8).contains(marker)) {
        if (!p.isAlive()) {
          throw new AssertionError(kill + ": the job exited (" + p.exitValue() + ") before pausing:\n"
              + Files.readString(err, StandardCharsets.UTF_8));
        }
        if (Instant.now().isAfter(deadline)) {
          throw new AssertionError(kill + ": the job did not pause within 3 minutes:\n"
              + Files.readString(err, StandardCharsets.UTF_8));
        }
        Thread.sleep(100);
      }
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), kill + ": the job did not die");
    }
    assertTrue(p.exitValue() != 0, kill + ": killed, not finished");
    return Duration.between(start, Instant.now());
  }

  private static JobRun evaluate(Path out, String runId, String model) {
    return JobRun.of("evaluate", "--config", JobRun.repo(CONFIG), "--set", "output.path=" + out,
        "--set", "run.id=" + runId, "--set", "run.model=" + model,
        "--set", "input.path=" + JobRun.repo("sample-data/multiclass.parquet"));
  }

  private static void assertOk(JobRun run) {
    assertEquals(0, run.exitCode(), run.err());
  }

  /** Run {@code runId}'s rows in {@code out}, sorted. */
  private static List<Row> rows(Path out, String runId) {
    return spark.read().parquet(out.toString()).filter("run_id = '" + runId + "'")
        .orderBy(ORDER.stream().map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new))
        .collectAsList();
  }

  /** The same rows: model, slice, loss, counts, and every value's bits. */
  private static void assertSameRows(List<Row> want, List<Row> got, String what) {
    assertEquals(want.size(), got.size(), what + ": row count");
    for (int i = 0; i < want.size(); i++) {
      Row w = want.get(i);
      Row g = got.get(i);
      for (String field : List.of("model", "loss", "reduction", "options", "input")) {
        assertEquals(w.getString(w.fieldIndex(field)), g.getString(g.fieldIndex(field)), what + ": " + field);
      }
      assertEquals(w.getMap(w.fieldIndex("slice")), g.getMap(g.fieldIndex("slice")), what);
      assertEquals(w.getLong(w.fieldIndex("rows")), g.getLong(g.fieldIndex("rows")), what);
      assertEquals(w.getLong(w.fieldIndex("rows_skipped")), g.getLong(g.fieldIndex("rows_skipped")), what);
      assertEquals(w.getMap(w.fieldIndex("skipped")), g.getMap(g.fieldIndex("skipped")), what);
      assertEquals(Double.doubleToRawLongBits(w.getDouble(w.fieldIndex("value"))),
          Double.doubleToRawLongBits(g.getDouble(g.fieldIndex("value"))), what + ": " + w + " vs " + g);
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path t = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(t);
        } else {
          Files.copy(f, t);
        }
      }
    }
  }
}
