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
    pause("task-commit");
    return super.commitTask(taskContext);
  }

  @Override
  public void commitJob(JobContext jobContext,
      scala.collection.Seq<FileCommitProtocol.TaskCommitMessage> taskCommits) {
    pause("job-commit");
    super.commitJob(jobContext, taskCommits);
  }

  private static void pause(String point) {
    if (!point.equals(System.getProperty(ResultsWriter.PAUSE_AT_PROPERTY))) {
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
}
