package io.losseval.jobs.bench;

import io.losseval.jobs.JobFailure;
import io.losseval.jobs.spark.JobSessions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code losseval bench}: the end-to-end benchmark. Generates (or reuses) seeded Parquet data, then for
 * each workload times every way to compute its loss, each a full query from the files to one number,
 * and prints and writes the tables ({@code bench.md}, {@code bench.json} in {@code --out}). The lines of a
 * workload ({@link Workloads}): losseval through SQL (the reference), the DataFrame API and the {@code
 * evaluate} job; the loss in Spark SQL built-in expressions; MLlib's evaluator where one exists; losseval's
 * exact mean against Spark's plain {@code avg} of the same per-row values; a scan floor.
 *
 * <p>Every line's result must agree with losseval's SQL result within {@code --tolerance}; if one does
 * not, the reports are still written and the command exits 1.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Benchmark the losses end to end: generate seeded Parquet data (or reuse it), then time each way"
            + " to compute each workload's loss (losseval SQL, DataFrame API and evaluate job; Spark SQL"
            + " built-ins; MLlib; exact vs plain sum; a scan floor) as a full query from the files to one"
            + " number, median of the measured rounds. Prints the tables and writes them as Markdown and JSON.",
        "",
        "Workloads (rows at --scale 1): mse and l1 over 20,000,000 rows of (p double, t double); ce10 over"
            + " 2,000,000 rows of (logits array<float>, label int), 10 classes; ce1000 over 200,000 rows, 1000"
            + " classes; triplet over 1,000,000 rows of (anchor, positive, negative array<float>), 128 floats each.",
        "",
        "Exit codes: 0 success, 2 bad arguments, 1 a line disagreed with losseval's result, or anything else."},
    footer = {"", "Examples:",
        "  bin/losseval bench                                      # full size",
        "  bin/losseval bench --scale 0.01 --warmup 1 --rounds 2   # a quick look",
        "  bin/losseval bench --workloads ce10,ce1000 --rounds 9"})
public final class BenchCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger("io.losseval.progress");

  @Spec CommandSpec spec;

  @Option(names = "--workloads", split = ",", paramLabel = "LIST",
      description = "The workloads to run, comma-separated: some of mse,l1,ce10,ce1000,triplet (default: all).")
  List<String> workloads = List.of(WorkloadKind.keys().split(","));

  @Option(names = "--scale", paramLabel = "S", defaultValue = "1",
      description = "Multiply every default row count by S (0.01 for a quick run; default ${DEFAULT-VALUE}).")
  double scale;

  @Option(names = "--regression-rows", paramLabel = "N",
      description = "Rows of the mse and l1 data (default 20,000,000 x scale).")
  Long regressionRows;

  @Option(names = "--ce10-rows", paramLabel = "N",
      description = "Rows of the ce10 data (default 2,000,000 x scale).")
  Long ce10Rows;

  @Option(names = "--ce1000-rows", paramLabel = "N",
      description = "Rows of the ce1000 data (default 200,000 x scale).")
  Long ce1000Rows;

  @Option(names = "--triplet-rows", paramLabel = "N",
      description = "Rows of the triplet data (default 1,000,000 x scale).")
  Long tripletRows;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
      description = "The data's seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "target/losseval-bench-data",
      description = "Where the Parquet data goes, any Hadoop file system URI (default ${DEFAULT-VALUE}); data"
          + " of the same size, seed and version found there is reused.")
  String dataDir;

  @Option(names = "--data-files", paramLabel = "N", defaultValue = "4",
      description = "Parquet files per dataset when generating (default ${DEFAULT-VALUE}).")
  int dataFiles;

  @Option(names = "--regenerate", description = "Write the data again even if it is there.")
  boolean regenerate;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/losseval-bench",
      description = "Where bench.md and bench.json go (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--warmup", paramLabel = "N", defaultValue = "2",
      description = "Warm-up rounds, not timed (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
      description = "Measured rounds; the median is reported (default ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--max-other-cpu", paramLabel = "F", defaultValue = "0.10",
      description = "Before each measured round, wait until other processes use at most this share of the"
          + " machine's CPU, and run a round again if they used more during it (default ${DEFAULT-VALUE};"
          + " 1 turns both off).")
  double maxOtherCpu;

  @Option(names = "--quiet-wait-seconds", paramLabel = "S", defaultValue = "300",
      description = "Wait at most this long in all for other processes to go quiet (default ${DEFAULT-VALUE}).")
  double quietWaitSeconds;

  @Option(names = "--no-gc", description = "Skip the System.gc() before each run (saves time in quick runs;"
      + " a run's time may then include collecting the previous run's garbage).")
  boolean noGc;

  @Option(names = "--no-mllib", description = "Leave out MLlib's evaluators.")
  boolean noMllib;

  @Option(names = "--mllib-limit-seconds", paramLabel = "S", defaultValue = "120",
      description = "Drop an MLlib line after its first run if that took longer (default ${DEFAULT-VALUE}; 0:"
          + " never).")
  double mllibLimitSeconds;

  @Option(names = "--tolerance", paramLabel = "R", defaultValue = "1e-9",
      description = "The largest relative difference from losseval's SQL result a line may have; a larger"
          + " one makes the command exit 1 (default ${DEFAULT-VALUE}).")
  double tolerance;

  @Option(names = "--conf", paramLabel = "KEY=VALUE",
      description = "A Spark setting for the session (repeatable): --conf spark.sql.shuffle.partitions=4")
  Map<String, String> conf = Map.of();

  @Option(names = "--revision", paramLabel = "TEXT", description = "The source revision, for the report.")
  String revision;

  @Override
  public Integer call() throws IOException {
    BenchSettings settings = settings();
    SparkSession spark = JobSessions.start("bench", conf);
    BenchEnvironment env = BenchEnvironment.of(spark);
    PrintWriter stdout = spec.commandLine().getOut();
    String header = MarkdownReport.header(env, settings);
    stdout.print(header);
    stdout.flush();

    Path configs = Files.createTempDirectory("losseval-bench-configs-");
    EvaluateJobQuery evaluate = new EvaluateJobQuery(spark, configs,
        new org.apache.hadoop.fs.Path(settings.dataDir(), "_evaluate-results-" + UUID.randomUUID()).toString());
    List<WorkloadResult> results = new ArrayList<>();
    StringBuilder markdown = new StringBuilder(header);
    try (RepeatedJobWarnings quiet = RepeatedJobWarnings.silence()) {
      Workloads workloads = new Workloads(spark,
          new BenchData(spark, settings.dataDir(), settings.seed(), settings.dataFiles(), settings.regenerate()),
          evaluate, settings);
      TimingLoop loop = new TimingLoop(settings.warmup(), settings.rounds(), settings.maxOtherCpu(),
          new QuietMachine(settings.maxOtherCpu(), settings.quietWaitSeconds()), settings.gcBeforeRuns());
      for (WorkloadKind kind : settings.workloads()) {
        WorkloadResult result = loop.run(workloads.build(kind));
        results.add(result);
        String section = MarkdownReport.section(result, env.cores());
        markdown.append(section);
        stdout.print(section);
        stdout.flush();
      }
    } finally {
      evaluate.deleteResults();
      deleteTree(configs);
    }
    write(settings.outDir().resolve("bench.md"), markdown.toString());
    write(settings.outDir().resolve("bench.json"), JsonReport.of(env, settings, results));
    checkAgreement(results, settings.tolerance());
    return JobFailure.SUCCESS;
  }

  /** The options, checked; every problem is a bad-arguments failure (exit 2). */
  private BenchSettings settings() {
    Set<WorkloadKind> kinds = new LinkedHashSet<>();
    for (String w : workloads) {
      try {
        kinds.add(WorkloadKind.of(w));
      } catch (IllegalArgumentException e) {
        throw JobFailure.badConfig("--workloads: " + e.getMessage());
      }
    }
    require(scale > 0 && Double.isFinite(scale), "--scale must be a number > 0, found " + scale);
    require(warmup >= 0, "--warmup must be >= 0, found " + warmup);
    require(rounds >= 1, "--rounds must be >= 1, found " + rounds);
    require(dataFiles >= 1, "--data-files must be >= 1, found " + dataFiles);
    require(maxOtherCpu >= 0, "--max-other-cpu must be a share in [0, 1], found " + maxOtherCpu);
    require(quietWaitSeconds >= 0, "--quiet-wait-seconds must be >= 0, found " + quietWaitSeconds);
    require(mllibLimitSeconds >= 0, "--mllib-limit-seconds must be >= 0, found " + mllibLimitSeconds);
    require(tolerance >= 0, "--tolerance must be >= 0, found " + tolerance);
    Map<WorkloadKind, Long> rows = new EnumMap<>(WorkloadKind.class);
    rows.put(WorkloadKind.MSE, rows("--regression-rows", regressionRows, WorkloadKind.MSE));
    rows.put(WorkloadKind.L1, rows.get(WorkloadKind.MSE));
    rows.put(WorkloadKind.CE10, rows("--ce10-rows", ce10Rows, WorkloadKind.CE10));
    rows.put(WorkloadKind.CE1000, rows("--ce1000-rows", ce1000Rows, WorkloadKind.CE1000));
    rows.put(WorkloadKind.TRIPLET, rows("--triplet-rows", tripletRows, WorkloadKind.TRIPLET));
    return new BenchSettings(List.copyOf(kinds), rows, seed, dataDir, dataFiles, regenerate, out, warmup, rounds,
        maxOtherCpu, quietWaitSeconds, !noGc, !noMllib, mllibLimitSeconds, tolerance, revision,
        "losseval " + String.join(" ", spec.root().commandLine().getParseResult().originalArgs()));
  }

  private long rows(String option, Long given, WorkloadKind kind) {
    if (given != null) {
      require(given >= 1, option + " must be >= 1, found " + given);
      return given;
    }
    return Math.max(1, Math.round(kind.defaultRows() * scale));
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw JobFailure.badConfig(message);
    }
  }

  /** Fails (exit 1) naming every line whose result disagrees with losseval's SQL result. */
  private static void checkAgreement(List<WorkloadResult> results, double tolerance) {
    List<String> disagreeing = new ArrayList<>();
    for (WorkloadResult r : results) {
      for (Measurement m : r.measurements()) {
        if (!r.agrees(m, tolerance)) {
          disagreeing.add(String.format(Locale.ROOT, "%s/%s = %s vs %s (relative difference %.3g)",
              r.workload().kind().key(), m.variant().id(), m.value(), r.reference().value(),
              r.relativeDifference(m)));
        }
      }
    }
    if (!disagreeing.isEmpty()) {
      throw JobFailure.other("results disagree with losseval's SQL result by more than --tolerance "
          + tolerance + ": " + String.join("; ", disagreeing)
          + " (a bug in losseval or in the benchmark's query; the reports were written)", null);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, text);
      LOG.info("wrote {}", file);
    } catch (IOException e) {
      throw JobFailure.other("cannot write " + file + ": " + e.getMessage() + ": check that --out is a"
          + " writable directory", e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
