package io.losseval.jobs.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The settings of one {@code losseval bench} run, checked and resolved from the command line.
 *
 * @param workloads the workloads to run, in order
 * @param rows the rows of each workload's data (mse and l1 share theirs)
 * @param seed the data's seed
 * @param dataDir where the Parquet data goes (any Hadoop file system URI)
 * @param dataFiles Parquet files per dataset
 * @param regenerate write the data again even if it is there
 * @param outDir where the Markdown and JSON reports go (local)
 * @param warmup warm-up rounds, not timed
 * @param rounds measured rounds; the median is reported
 * @param maxOtherCpu the share of the machine's CPU other processes may use during a measured round
 * @param quietWaitSeconds how long the whole run may wait for other processes to go quiet
 * @param gcBeforeRuns whether a {@code System.gc()} (not timed) precedes each run
 * @param mllib whether MLlib's evaluators are timed
 * @param mllibLimitSeconds drop an MLlib line after its first run if that took longer (0: never)
 * @param tolerance the largest relative difference from losseval's SQL result a line may have
 * @param revision the source revision, for the report (optional)
 * @param commandLine the command as given, for the report
 */
record BenchSettings(
    List<WorkloadKind> workloads,
    Map<WorkloadKind, Long> rows,
    long seed,
    String dataDir,
    int dataFiles,
    boolean regenerate,
    Path outDir,
    int warmup,
    int rounds,
    double maxOtherCpu,
    double quietWaitSeconds,
    boolean gcBeforeRuns,
    boolean mllib,
    double mllibLimitSeconds,
    double tolerance,
    String revision,
    String commandLine) {

  BenchSettings {
    workloads = List.copyOf(workloads);
    rows = Map.copyOf(rows);
  }

  /** The rows of {@code kind}'s data. */
  long rowsOf(WorkloadKind kind) {
    return rows.get(kind);
  }

  /** Whether the quiet-machine checks are on ({@code --max-other-cpu} below 1). */
  boolean watchesOtherProcesses() {
    return maxOtherCpu < 1;
  }
}
