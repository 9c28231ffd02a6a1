package io.losseval.jobs.evaluate;

import io.losseval.jobs.JobFailure;
import io.losseval.jobs.config.ConfigLocations;
import io.losseval.jobs.config.JobConfig;
import io.losseval.jobs.spark.SparkFailures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a run's results atomically and idempotently: the rows of run {@code R} are the directory {@code
 * <path>/run_id=R} (Hive-style, so {@code spark.read.parquet(path)} reads every run with a {@code run_id}
 * column). A failed or killed run leaves under {@code run_id=R} the rows of one complete earlier run of
 * {@code R} or nothing, never part of a run and never two; re-running {@code R} replaces its directory as
 * a whole (mode {@code replace}) or fails (mode {@code fail}).
 *
 * <p>The protocol. Attempt {@code n} of writing {@code R} ({@code n} is one more than the highest attempt
 * left in staging) works in {@code <path>/_staging/run_id=R/n/}:
 *
 * <ol>
 *   <li>Spark writes the rows to {@code n/new} (its committer ends with {@code n/new/_SUCCESS});
 *   <li>if {@code run_id=R} exists, it is renamed to {@code n/previous};
 *   <li>{@code n/new} is renamed to {@code run_id=R}: the commit point;
 *   <li>{@code n/_COMMITTED} is created and {@code n} is deleted.
 * </ol>
 *
 * <p>A failure before the commit point (a failed Spark job, a failed rename) puts {@code n/previous} back
 * and deletes {@code n}. A killed driver leaves {@code n} behind; {@link #prepare}, which the next run of
 * {@code R} calls before anything else, recovers from it deterministically, newest attempt first: when
 * {@code run_id=R} is missing and an attempt that is not {@code _COMMITTED} holds {@code previous}, that
 * is renamed back to {@code run_id=R} (a roll back to the last committed rows); then the attempt is
 * deleted. Between a kill after step 2 and the next run of {@code R}, a reader sees no rows of {@code
 * R}; at no time does it see part of a run. Failures to delete staging only log a warning: the next run
 * removes what is left. {@code _staging} is ignored by Spark's readers, as every {@code _}-prefixed path
 * is. The guarantees need a file system whose directory rename is atomic (HDFS, a local or NFS disk; not
 * S3 without a committer). Two runs of the same id at the same time are not supported.
 *
 * <p>For tests, the system property {@value #PAUSE_AT_PROPERTY} names a point at which the writer
 * prints {@code losseval: test hook: paused at <point>} on stderr and waits forever, so that a test can
 * kill the process there: {@code staged} (after step 1), {@code moved-aside} (after step 2), {@code
 * committed} (after step 3).
 *
 * <p>CSV has no map type: there {@code slice} and {@code skipped} are JSON text. Not thread-safe.
 */
public final class ResultsWriter {
  private static final Logger LOG = LoggerFactory.getLogger("io.losseval.progress");

  /** The directory of every attempt's staging, beside the runs' directories. */
  static final String STAGING = "_staging";
  /** An attempt's new rows, as Spark wrote them. */
  static final String NEW = "new";
  /** The rows an attempt moved aside, until it commits. */
  static final String PREVIOUS = "previous";
  /** The marker of an attempt past its commit point, whose {@code previous} must never come back. */
  static final String COMMITTED = "_COMMITTED";
  /** The system property naming the write point at which the writer pauses, for driver-kill tests. */
  public static final String PAUSE_AT_PROPERTY = "losseval.test.pauseAt";

  private final SparkSession spark;
  private final JobConfig.Output output;
  private final ConfigLocations locations;
  private final FileSystem fileSystem;

  public ResultsWriter(SparkSession spark, JobConfig.Output output, ConfigLocations locations) {
    this(spark, output, locations, null);
  }

  /** A writer whose renames and deletes go through {@code fileSystem} (tests: one that fails renames). */
  ResultsWriter(SparkSession spark, JobConfig.Output output, ConfigLocations locations, FileSystem fileSystem) {
    this.spark = spark;
    this.output = output;
    this.locations = locations;
    this.fileSystem = fileSystem;
  }

  /** The directory that holds run {@code runId}'s rows. */
  public Path runDirectory(String runId) {
    return new Path(new Path(output.path()), "run_id=" + runId);
  }

  /** The directory of run {@code runId}'s write attempts: {@code <path>/_staging/run_id=R}. */
  Path stagingDirectory(String runId) {
    return new Path(new Path(new Path(output.path()), STAGING), "run_id=" + runId);
  }

  /**
   * Recovers from what an interrupted earlier write of run {@code runId} left in staging, so that {@code
   * run_id=R} holds the rows of the last committed run of {@code R}, or nothing; then removes the
   * staging. Does nothing when there is none. Call it before {@link #checkWritable} ({@link #write} calls
   * it too).
   *
   * @throws JobFailure (exit 1) when rows moved aside cannot be put back; the message says where they are
   */
  public void prepare(String runId) {
    FileSystem fs = fileSystem();
    Path runStaging = stagingDirectory(runId);
    Path target = runDirectory(runId);
    List<FileStatus> attempts;
    try {
      if (!fs.exists(runStaging)) {
        return;
      }
      attempts = attempts(fs, runStaging);
    } catch (IOException e) {
      throw JobFailure.other("cannot read the staging directory " + runStaging + " of "
          + locations.where("/output/path") + ": " + e.getMessage() + ": check that output.path is a"
          + " readable directory", e);
    }
    for (FileStatus attempt : attempts) {
      recover(fs, runId, target, attempt.getPath());
    }
    deleteIfEmpty(fs, runStaging);
    deleteIfEmpty(fs, runStaging.getParent());
  }

  /** Checks, before any work, that a {@code fail}-mode run does not exist yet. */
  public void checkWritable(String runId) {
    if (output.mode() == JobConfig.WriteMode.FAIL && exists(runDirectory(runId))) {
      throw JobFailure.badConfig(locations.error("/output/mode", "is fail and run '" + runId
          + "' already has results in " + runDirectory(runId) + ": choose another run.id, or set"
          + " output.mode: replace"));
    }
  }

  /** Writes {@code results} as run {@code runId}'s rows, replacing any earlier ones. */
  public Path write(String runId, List<ResultRow> results, String version) {
    prepare(runId);
    FileSystem fs = fileSystem();
    Path target = runDirectory(runId);
    Path attempt;
    try {
      attempt = new Path(stagingDirectory(runId), String.valueOf(nextAttempt(fs, stagingDirectory(runId))));
    } catch (IOException e) {
      throw failure(e, "");
    }
    Path staged = new Path(attempt, NEW);
    Path previous = new Path(attempt, PREVIOUS);
    Dataset<Row> df = spark.createDataFrame(ResultRow.toRows(results, version), ResultRow.SCHEMA)
        .drop("run_id");
    if (output.format() == JobConfig.Format.CSV) {
      df = df.withColumn("slice", functions.to_json(new Column("slice")))
          .withColumn("skipped", functions.to_json(new Column("skipped")))
          .withColumn("replicates", functions.to_json(new Column("replicates")));
    }
    boolean movedAside = false;
    try {
      df.coalesce(1).write().format(output.format().sparkName())
          .option("header", "true").mode("errorifexists").save(staged.toString());
      pause("staged");
      if (fs.exists(target)) {
        checkWritable(runId);
        rename(fs, target, previous);
        movedAside = true;
        pause("moved-aside");
      }
      rename(fs, staged, target);
    } catch (JobFailure e) {
      abandon(fs, runId, attempt, movedAside);
      throw e;
    } catch (Exception e) { // Spark's exceptions are checked in Java but undeclared by Scala
      throw failure(e, abandon(fs, runId, attempt, movedAside));
    }
    pause("committed");
    finish(fs, runId, attempt);
    LOG.info("wrote {} result rows to {}", results.size(), target);
    return target;
  }

  /** The error of a write that failed before its commit point; {@code note} says what was kept. */
  private JobFailure failure(Exception e, String note) {
    return JobFailure.other("cannot write the results to " + locations.where("/output/path") + " ("
        + output.path() + "): " + SparkFailures.firstLine(String.valueOf(e.getMessage())) + note
        + ": check that output.path is a writable directory", e);
  }

  /**
   * Undoes an attempt that failed before its commit point: puts the rows it moved aside back and deletes
   * it. Returns a note for the error when the rows could not be put back (the next run of the id will).
   */
  private String abandon(FileSystem fs, String runId, Path attempt, boolean movedAside) {
    Path target = runDirectory(runId);
    if (movedAside) {
      try {
        if (fs.exists(target)) {
          fs.delete(target, true); // what a failed commit rename left: not a complete run
        }
        rename(fs, new Path(attempt, PREVIOUS), target);
      } catch (IOException | RuntimeException e) {
        LOG.warn("run {}: could not put its previous rows back from {}: {}", runId,
            new Path(attempt, PREVIOUS), e.toString());
        return " (the run's previous rows are in " + new Path(attempt, PREVIOUS) + "; the next run of '"
            + runId + "' puts them back)";
      }
    }
    deleteQuietly(fs, attempt, runId);
    deleteIfEmpty(fs, attempt.getParent());
    deleteIfEmpty(fs, attempt.getParent().getParent());
    return "";
  }

  /** After the commit point: marks the attempt committed and removes it; failures only warn. */
  private void finish(FileSystem fs, String runId, Path attempt) {
    try {
      fs.create(new Path(attempt, COMMITTED), false).close();
    } catch (IOException | RuntimeException e) {
      LOG.warn("run {}: could not mark {} as committed: {}", runId, attempt, e.toString());
    }
    deleteQuietly(fs, attempt, runId);
    deleteIfEmpty(fs, attempt.getParent());
    deleteIfEmpty(fs, attempt.getParent().getParent());
  }

  /** Recovers one leftover attempt (see the class's description), then deletes it. */
  private void recover(FileSystem fs, String runId, Path target, Path attempt) {
    Path previous = new Path(attempt, PREVIOUS);
    try {
      if (!fs.exists(target) && fs.exists(previous) && !fs.exists(new Path(attempt, COMMITTED))) {
        rename(fs, previous, target);
        LOG.warn("run {}: an earlier write was interrupted after moving the run's rows aside: put them"
            + " back in {} ({})", runId, target, attempt);
      } else {
        LOG.warn("run {}: removing what an interrupted earlier write left in {}", runId, attempt);
      }
    } catch (IOException e) {
      throw JobFailure.other("run '" + runId + "': cannot put back the rows an interrupted write moved"
          + " to " + previous + " (" + e.getMessage() + "): move that directory to " + target
          + " by hand, then run again", e);
    }
    deleteQuietly(fs, attempt, runId);
  }

  /** The attempts in {@code runStaging}, newest (highest number) first; other names last. */
  private static List<FileStatus> attempts(FileSystem fs, Path runStaging) throws IOException {
    List<FileStatus> out = new ArrayList<>(List.of(fs.listStatus(runStaging)));
    out.sort(Comparator.comparingLong((FileStatus s) -> attemptNumber(s.getPath().getName())).reversed()
        .thenComparing(s -> s.getPath().getName()));
    return out;
  }

  private static long nextAttempt(FileSystem fs, Path runStaging) throws IOException {
    long max = 0;
    if (fs.exists(runStaging)) {
      for (FileStatus s : fs.listStatus(runStaging)) {
        max = Math.max(max, attemptNumber(s.getPath().getName()));
      }
    }
    return max + 1;
  }

  private static long attemptNumber(String name) {
    try {
      return Long.parseLong(name);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (fs.exists(to)) {
      throw new IOException("cannot rename " + from + " to " + to + ": it exists");
    }
    fs.mkdirs(to.getParent());
    if (!fs.rename(from, to)) {
      throw new IOException("rename of " + from + " to " + to + " failed");
    }
  }

  private static void deleteQuietly(FileSystem fs, Path dir, String runId) {
    try {
      if (fs.exists(dir) && !fs.delete(dir, true)) {
        throw new IOException("delete returned false");
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("run {}: could not remove the staging directory {} ({}): the next run of the id removes it",
          runId, dir, e.toString());
    }
  }

  private static void deleteIfEmpty(FileSystem fs, Path dir) {
    try {
      if (fs.exists(dir) && fs.listStatus(dir).length == 0) {
        fs.delete(dir, false);
      }
    } catch (IOException | RuntimeException e) {
      // another run's staging appeared meanwhile, or the directory is not ours to remove: leave it
      LOG.debug("left {}: {}", dir, e.toString());
    }
  }

  /**
   * Pauses forever at {@code point} when the test property names it (see the class's description); also
   * used by the tests' commit protocol.
   */
  static void pause(String point) {
    if (!point.equals(System.getProperty(PAUSE_AT_PROPERTY))) {
      return;
    }
    System.err.println("losseval: test hook: paused at " + point);
    System.err.flush();
    while (true) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private boolean exists(Path p) {
    try {
      return fileSystem().exists(p);
    } catch (IOException e) {
      throw JobFailure.other("cannot check " + p + ": " + e.getMessage(), e);
    }
  }

  private FileSystem fileSystem() {
    if (fileSystem != null) {
      return fileSystem;
    }
    try {
      return new Path(output.path()).getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw JobFailure.other("cannot open the file system of " + locations.where("/output/path") + " ("
          + output.path() + "): " + e.getMessage(), e);
    }
  }
}
