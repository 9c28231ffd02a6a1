package io.losseval.jobs.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.losseval.jobs.JobFailure;
import io.losseval.jobs.Main;
import io.losseval.jobs.config.JobConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code evaluate} job's path as a benchmark line: a config built in code (one loss, reduction
 * {@code mean}, over the dataset's Parquet directory, results to a scratch directory), written as YAML and
 * run through {@link Main#run} exactly as {@code bin/losseval evaluate --config FILE} runs it: config
 * loading and checks, the session, the one aggregation, the printed table (to a null writer) and the
 * atomic write of the results. The timed part ends when the job returns; the value is then read back
 * from the results it wrote.
 *
 * <p>The config's {@code spark:} map repeats the session's {@code spark.sql.shuffle.partitions}, so that
 * the job's session defaults do not change the setting the other lines run with.
 */
final class EvaluateJobQuery {
  private static final Logger LOG = LoggerFactory.getLogger("io.losseval.progress");
  private static final YAMLMapper YAML = YAMLMapper.builder()
      .serializationInclusion(JsonInclude.Include.NON_EMPTY).build();

  private final SparkSession spark;
  private final Path configDir;
  private final String resultsDir;

  /**
   * @param configDir a local directory for the configs
   * @param resultsDir where the jobs write their results (any Hadoop file system URI)
   */
  EvaluateJobQuery(SparkSession spark, Path configDir, String resultsDir) {
    this.spark = spark;
    this.configDir = configDir;
    this.resultsDir = resultsDir;
  }

  /**
   * The line's query: evaluate {@code loss} over {@code data}.
   *
   * @param runId the run id, also the config's file name
   * @param columns the loss's argument columns
   */
  Variant.Query query(String runId, String loss, DataSet data, JobConfig.Columns columns) {
    Path file = configDir.resolve(runId + ".yaml");
    write(file, config(runId, loss, data, columns));
    String runDir = new org.apache.hadoop.fs.Path(resultsDir, "run_id=" + runId).toString();
    return () -> {
      StringWriter err = new StringWriter();
      int code = Main.run(new PrintWriter(Writer.nullWriter()), new PrintWriter(err, true), "evaluate",
          "--config", file.toString());
      if (code != JobFailure.SUCCESS) {
        throw JobFailure.other("the evaluate job of the benchmark failed (exit " + code + ", config " + file
            + "): " + err.toString().strip(), null);
      }
      return () -> {
        Row r = spark.read().parquet(runDir).select("value").first();
        return r.isNullAt(0) ? Double.NaN : r.getDouble(0);
      };
    };
  }

  /** The config, as a user would write it: input, columns, one loss, output, the session setting. */
  private JobConfig config(String runId, String loss, DataSet data, JobConfig.Columns columns) {
    return new JobConfig(
        new JobConfig.Run(runId, "losseval-bench", null),
        new JobConfig.Input(data.path(), null, JobConfig.Format.PARQUET, null, null),
        columns,
        List.of(),
        List.of(new JobConfig.LossEntry(loss, null, List.of("mean"), null, null, null)),
        new JobConfig.Output(resultsDir, JobConfig.Format.PARQUET, JobConfig.WriteMode.REPLACE),
        Map.of("spark.sql.shuffle.partitions", spark.conf().get("spark.sql.shuffle.partitions")),
        null, null, null);
  }

  /**
   * Deletes the results directory (the configs live in a local temporary directory of the caller); a
   * failure is logged, not thrown, so that it never hides the run's own outcome.
   */
  void deleteResults() {
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(resultsDir);
    try {
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.delete(dir, true);
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not delete the evaluate job's scratch results {}: {}", dir, e.toString());
    }
  }

  private static void write(Path file, JobConfig config) {
    try {
      Files.writeString(file, YAML.writeValueAsString(config));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the benchmark's evaluate config as YAML", e);
    } catch (IOException e) {
      throw JobFailure.other("cannot write the benchmark's evaluate config " + file + ": " + e.getMessage(), e);
    }
  }
}
