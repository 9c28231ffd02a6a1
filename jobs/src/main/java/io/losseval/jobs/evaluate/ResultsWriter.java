package io.losseval.jobs.evaluate;

import io.losseval.jobs.JobFailure;
import io.losseval.jobs.config.ConfigLocations;
import io.losseval.jobs.config.JobConfig;
import io.losseval.jobs.spark.SparkFailures;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
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
 * column), written first to {@code <path>/_staging/} and then renamed into place. A failed or killed run
 * leaves nothing under {@code run_id=R} but what was there before; re-running {@code R} replaces its
 * directory as a whole (mode {@code replace}) or fails (mode {@code fail}), so rows are never duplicated.
 *
 * <p>Between the two renames of a replacement, a reader sees the run's old rows or nothing; {@code
 * _staging} (ignored by Spark's readers, as every {@code _}-prefixed path is) holds the old copy until
 * the new one is in place. CSV has no map type: there {@code slice} and {@code skipped} are JSON text.
 */
public final class ResultsWriter {
  private static final Logger LOG = LoggerFactory.getLogger("io.losseval.progress");

  private final SparkSession spark;
  private final JobConfig.Output output;
  private final ConfigLocations locations;

  public ResultsWriter(SparkSession spark, JobConfig.Output output, ConfigLocations locations) {
    this.spark = spark;
    this.output = output;
    this.locations = locations;
  }

  /** The directory that holds run {@code runId}'s rows. */
  public Path runDirectory(String runId) {
    return new Path(new Path(output.path()), "run_id=" + runId);
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
    Path target = runDirectory(runId);
    Path staging = new Path(new Path(output.path()), "_staging/run_id=" + runId + "-" + UUID.randomUUID());
    Dataset<Row> df = spark.createDataFrame(ResultRow.toRows(results, version), ResultRow.SCHEMA)
        .drop("run_id");
    if (output.format() == JobConfig.Format.CSV) {
      df = df.withColumn("slice", functions.to_json(new Column("slice")))
          .withColumn("skipped", functions.to_json(new Column("skipped")))
          .withColumn("replicates", functions.to_json(new Column("replicates")));
    }
    try {
      df.coalesce(1).write().format(output.format().sparkName())
          .option("header", "true").mode("errorifexists").save(staging.toString());
      FileSystem fs = target.getFileSystem(hadoopConf());
      Path old = null;
      if (fs.exists(target)) {
        checkWritable(runId);
        old = new Path(staging.getParent(), "replaced-" + UUID.randomUUID());
        rename(fs, target, old);
      }
      rename(fs, staging, target);
      if (old != null) {
        fs.delete(old, true);
      }
      deleteIfEmpty(fs, staging.getParent());
      LOG.info("wrote {} result rows to {}", results.size(), target);
      return target;
    } catch (JobFailure e) {
      throw e;
    } catch (Exception e) {
      cleanUp(staging);
      throw JobFailure.other("cannot write the results to " + locations.where("/output/path") + " ("
          + output.path() + "): " + SparkFailures.firstLine(String.valueOf(e.getMessage()))
          + ": check that output.path is a writable directory", e);
    }
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    fs.mkdirs(to.getParent());
    if (!fs.rename(from, to)) {
      throw new IOException("rename of " + from + " to " + to + " failed");
    }
  }

  private static void deleteIfEmpty(FileSystem fs, Path dir) throws IOException {
    if (fs.exists(dir) && fs.listStatus(dir).length == 0) {
      fs.delete(dir, false);
    }
  }

  private void cleanUp(Path staging) {
    try {
      FileSystem fs = staging.getFileSystem(hadoopConf());
      fs.delete(staging, true);
      deleteIfEmpty(fs, staging.getParent());
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not remove the staging directory {}: {}", staging, e.toString());
    }
  }

  private boolean exists(Path p) {
    try {
      return p.getFileSystem(hadoopConf()).exists(p);
    } catch (IOException e) {
      throw JobFailure.other("cannot check " + p + ": " + e.getMessage(), e);
    }
  }

  private Configuration hadoopConf() {
    return spark.sparkContext().hadoopConfiguration();
  }
}
