package io.losseval.jobs.evaluate;

import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.spark.internal.io.FileCommitProtocol;
import org.apache.spark.sql.execution.datasources.SQLHadoopMapReduceCommitProtocol;

/**
 * Spark's commit protocol for file writes, pausing (for {@link DriverKillIT} to kill the process) at the
 * point the system property {@value ResultsWriter#PAUSE_AT_PROPERTY} names: {@code task-commit} (the
 * write task has written its file under {@code _temporary}, not committed it) or {@code job-commit}
 * (every task committed, {@code _SUCCESS} not written yet). Set with {@code
 * -Dspark.sql.sources.commitProtocolClass=io.losseval.jobs.evaluate.PausingCommitProtocol}.
 */
public final class PausingCommitProtocol extends SQLHadoopMapReduceCommitProtocol {
  private static final long serialVersionUID = 1L;

  public PausingCommitProtocol(String jobId, String path, boolean dynamicPartitionOverwrite) {
    super(jobId, path, dynamicPartitionOverwrite);
  }

  @Override
  public FileCommitProtocol.TaskCommitMessage commitTask(TaskAttemptContext taskContext) {
    ResultsWriter.pause("task-commit");
    return super.commitTask(taskContext);
  }

  // commitJob takes a scala.collection.immutable.Seq on Spark 4 (Scala 2.13) and a scala.collection.Seq on
  // Spark 3.5: each line overrides one of these two and never calls the other.

  /** Spark 4's commitJob. */
  public void commitJob(JobContext jobContext,
      scala.collection.immutable.Seq<FileCommitProtocol.TaskCommitMessage> taskCommits) {
    ResultsWriter.pause("job-commit");
    super.commitJob(jobContext, taskCommits);
  }

  /** Spark 3.5's commitJob. */
  public void commitJob(JobContext jobContext,
      scala.collection.Seq<FileCommitProtocol.TaskCommitMessage> taskCommits) {
    ResultsWriter.pause("job-commit");
    super.commitJob(jobContext, taskCommits.toList());
  }
}
