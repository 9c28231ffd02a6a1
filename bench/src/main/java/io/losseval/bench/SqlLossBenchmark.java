package io.losseval.bench;

import io.losseval.core.kernel.KernelProvider;
import io.losseval.spark.LossFunctions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * End-to-end Spark SQL benchmark of the loss functions of {@code udfs} against what Spark offers without
 * them: each variant is a full query from Parquet to the one resulting number, timed on an embedded
 * {@code local[2]} Spark, all variants of a workload in one JVM, round-robin after warm-up rounds, median
 * reported.
 *
 * <p>Workloads (row counts at {@code --scale 1}):
 *
 * <ul>
 *   <li>{@code mse}: 10,000,000 rows of {@code (p double, t double)}; {@code mse_loss(p, t)} against
 *       {@code avg((p - t) * (p - t))}, {@code sum(row_mse_loss(p, t))}, the scan floor {@code sum(p + t)}
 *       and MLlib's {@code RegressionEvaluator} (mse);
 *   <li>{@code ce10}: 1,000,000 rows of {@code (logits array<float>, label int)}, 10 classes;
 *       {@code cross_entropy(logits, label)} against the same loss in built-in SQL (higher-order functions),
 *       {@code avg(row_cross_entropy(logits, label))} and the scan floor {@code sum(size(logits) + label)};
 *   <li>{@code ce1000}: the same with 1000 classes and 100,000 rows.
 * </ul>
 *
 * <p>The data is generated once (deterministic: every value is a hash of the row number, so the files do
 * not depend on the partitioning) under {@code --data-dir} and reused by later runs of the same size. The
 * markdown report goes to stdout and to {@code --out}. Run it through {@code bench/run-sql-benchmark.sh},
 * which builds the classpath and adds the JVM flags Spark needs on Java 17; {@code --help} lists the
 * options.
 */
public final class SqlLossBenchmark {

  /** Bumped whenever the generated data changes, so that old files are not reused. */
  private static final String DATA_VERSION = "v1";
  /** Parquet files per dataset. */
  private static final int FILES = 4;
  /** The label of the line every other line of a workload is compared to. */
  private static final String BASELINE = "built-in SQL";

  private SqlLossBenchmark() {}

  // ------------------------------------------------------------------------------------- options

  /** The command line. */
  static final class Options {
    double scale = 1.0;
    long mseRows = 10_000_000L;
    long ce10Rows = 1_000_000L;
    long ce1000Rows = 100_000L;
    boolean mseRowsSet;
    boolean ce10RowsSet;
    boolean ce1000RowsSet;
    Set<String> workloads = new LinkedHashSet<>(List.of("mse", "ce10", "ce1000"));
    int warmup = 3;
    int rounds = 7;
    Path benchDir = Paths.get("bench");
    Path dataDir;
    Path out;
    boolean regenerate;
    boolean mllib = true;
    double mllibLimitSeconds = 60;
    String master = "local[2]";
    int shufflePartitions = 4;
    boolean explain;
    String revision;
    double maxOtherCpu = 0.10;
    double quietWaitSeconds = 300;

    long rows(long base, boolean set) {
      return set ? base : Math.max(1, Math.round(base * scale));
    }

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--help", "-h" -> {
            System.out.println(usage());
            System.exit(0);
          }
          case "--scale" -> o.scale = Double.parseDouble(value(args, ++i, a));
          case "--mse-rows" -> {
            o.mseRows = Long.parseLong(value(args, ++i, a));
            o.mseRowsSet = true;
          }
          case "--ce10-rows" -> {
            o.ce10Rows = Long.parseLong(value(args, ++i, a));
            o.ce10RowsSet = true;
          }
          case "--ce1000-rows" -> {
            o.ce1000Rows = Long.parseLong(value(args, ++i, a));
            o.ce1000RowsSet = true;
          }
          case "--workloads" -> o.workloads = new LinkedHashSet<>(
              Arrays.asList(value(args, ++i, a).split("\\s*,\\s*")));
          case "--warmup" -> o.warmup = Integer.parseInt(value(args, ++i, a));
          case "--rounds" -> o.rounds = Integer.parseInt(value(args, ++i, a));
          case "--bench-dir" -> o.benchDir = Paths.get(value(args, ++i, a));
          case "--data-dir" -> o.dataDir = Paths.get(value(args, ++i, a));
          case "--out" -> o.out = Paths.get(value(args, ++i, a));
          case "--regenerate" -> o.regenerate = true;
          case "--no-mllib" -> o.mllib = false;
          case "--mllib-limit-seconds" -> o.mllibLimitSeconds = Double.parseDouble(value(args, ++i, a));
          case "--master" -> o.master = value(args, ++i, a);
          case "--shuffle-partitions" -> o.shufflePartitions = Integer.parseInt(value(args, ++i, a));
          case "--explain" -> o.explain = true;
          case "--revision" -> o.revision = value(args, ++i, a);
          case "--max-other-cpu" -> o.maxOtherCpu = Double.parseDouble(value(args, ++i, a));
          case "--quiet-wait-seconds" -> o.quietWaitSeconds = Double.parseDouble(value(args, ++i, a));
          default -> throw new IllegalArgumentException("unknown option " + a + "\n\n" + usage());
        }
      }
      for (String w : o.workloads) {
        if (!List.of("mse", "ce10", "ce1000").contains(w)) {
          throw new IllegalArgumentException("--workloads: expected mse, ce10 and/or ce1000, found " + w);
        }
      }
      if (o.rounds < 1 || o.warmup < 0 || o.scale <= 0) {
        throw new IllegalArgumentException("--rounds must be >= 1, --warmup >= 0, --scale > 0");
      }
      if (o.dataDir == null) {
        o.dataDir = o.benchDir.resolve("target").resolve("sql-benchmark-data");
      }
      if (o.out == null) {
        boolean full = o.scale == 1.0 && !o.mseRowsSet && !o.ce10RowsSet && !o.ce1000RowsSet
            && o.workloads.size() == 3;
        // Smoke runs and partial runs do not overwrite the kept result.
        o.out = full
            ? o.benchDir.resolve("results").resolve("sql-loss-benchmark.md")
            : o.benchDir.resolve("target").resolve("sql-loss-benchmark-partial.md");
      }
      return o;
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }

    static String usage() {
      return String.join("\n",
          "Usage: bench/run-sql-benchmark.sh [options]",
          "  --scale S              multiply every default row count by S (e.g. 0.01 for a smoke run)",
          "  --mse-rows N           rows of the MSE data (default 10000000 x scale)",
          "  --ce10-rows N          rows of the cross-entropy data, 10 classes (default 1000000 x scale)",
          "  --ce1000-rows N        rows of the cross-entropy data, 1000 classes (default 100000 x scale)",
          "  --workloads LIST       comma-separated subset of mse,ce10,ce1000 (default all)",
          "  --warmup N             warm-up rounds, not timed (default 3)",
          "  --rounds N             measured rounds; the median is reported (default 7)",
          "  --data-dir DIR         where the Parquet data goes (default bench/target/sql-benchmark-data)",
          "  --regenerate           write the data again even if it is there",
          "  --out FILE             the markdown report (default bench/results/sql-loss-benchmark.md for a",
          "                         full run, bench/target/sql-loss-benchmark-partial.md otherwise)",
          "  --no-mllib             leave out MLlib's RegressionEvaluator",
          "  --mllib-limit-seconds S  drop MLlib after warm-up if one run takes longer (default 60)",
          "  --master URL           Spark master (default local[2])",
          "  --shuffle-partitions N spark.sql.shuffle.partitions (default 4)",
          "  --explain              print the physical plan of each query once",
          "  --max-other-cpu F      discard and repeat a measured round when other processes used more",
          "                         than this fraction of the machine's CPU during it (default 0.10;",
          "                         at most --rounds rounds are discarded per workload)",
          "  --quiet-wait-seconds S before each measured round, wait while other processes use more than",
          "                         --max-other-cpu, at most S seconds in all (default 300)",
          "  --revision TEXT        the source revision, for the report (the launcher passes git's)");
    }
  }

  // ------------------------------------------------------------------------------------- the model

  /**
   * One line of a workload's table.
   *
   * @param id a short name, for progress lines and the list of queries
   * @param label the line's name in the table (markdown)
   * @param query the query, as shown in the report
   * @param run runs the full query and returns its one number
   * @param asMean turns the result into the workload's mean loss, for the agreement check; null when
   *     the line computes something else (the scan floor)
   * @param limitSeconds drop the line after the first warm-up round if it took longer; 0 for never
   */
  record Variant(String id, String label, String query, Supplier<Double> run, DoubleUnaryOperator asMean,
      double limitSeconds) {}

  /** A workload: its data, and its lines, the baseline among them. */
  record Workload(String key, String title, long rows, String dataDescription, List<Variant> variants) {}

  /** The measurements of one line. */
  static final class Measured {
    final Variant variant;
    final List<Long> nanos = new ArrayList<>();
    double value = Double.NaN;
    String dropped;

    Measured(Variant variant) {
      this.variant = variant;
    }

    double medianNanos() {
      long[] s = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
      int n = s.length;
      return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
    }
  }

  // ------------------------------------------------------------------------------------- main

  public static void main(String[] args) throws IOException {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }

    SparkSession spark = SparkSession.builder()
        .master(o.master)
        .appName("losseval-sql-benchmark")
        .config("spark.sql.shuffle.partitions", String.valueOf(o.shufflePartitions))
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    LossFunctions.register(spark);

    StringBuilder md = new StringBuilder();
    try {
      md.append("# Spark SQL loss functions, end to end\n\n");
      md.append(environment(spark, o));
      emit(md.toString());

      for (String key : o.workloads) {
        Workload w = switch (key) {
          case "mse" -> mse(spark, o);
          case "ce10" -> crossEntropy(spark, o, "ce10", 10, o.rows(o.ce10Rows, o.ce10RowsSet));
          default -> crossEntropy(spark, o, "ce1000", 1000, o.rows(o.ce1000Rows, o.ce1000RowsSet));
        };
        String section = run(spark, w, o);
        md.append(section);
        emit(section);
      }
    } finally {
      spark.stop();
    }

    Files.createDirectories(o.out.toAbsolutePath().getParent());
    Files.writeString(o.out, md.toString());
    System.out.println("Wrote " + o.out);
  }

  private static void emit(String text) {
    System.out.print(text);
    System.out.flush();
  }

  // ------------------------------------------------------------------------------------- workloads

  private static Workload mse(SparkSession spark, Options o) {
    long rows = o.rows(o.mseRows, o.mseRowsSet);
    Path dir = o.dataDir.resolve("mse-" + rows + "-" + DATA_VERSION);
    // p uniform in [-1, 1], t = p + uniform noise in [-0.1, 0.1]: hashes of the row number.
    String gen = generate(spark, o, dir, () -> spark.range(0, rows, 1, FILES)
        .selectExpr("id", "CAST(xxhash64(id, 1) AS DOUBLE) / 9.223372036854775807E18 AS p")
        .selectExpr("p", "p + 0.1 * CAST(xxhash64(id, 2) AS DOUBLE) / 9.223372036854775807E18 AS t"));
    spark.read().parquet(dir.toString()).createOrReplaceTempView("mse_data");

    List<Variant> v = new ArrayList<>();
    v.add(sql(spark, "ours", "ours: `mse_loss(p, t)`", "SELECT mse_loss(p, t) FROM mse_data", x -> x));
    v.add(sql(spark, BASELINE, BASELINE + ": `avg((p - t) * (p - t))`",
        "SELECT avg((p - t) * (p - t)) FROM mse_data", x -> x));
    v.add(sql(spark, "ours per row", "ours per row + Spark's sum: `sum(row_mse_loss(p, t))`",
        "SELECT sum(row_mse_loss(p, t)) FROM mse_data", x -> x / rows));
    v.add(sql(spark, "scan floor", "scan floor: `sum(p + t)`", "SELECT sum(p + t) FROM mse_data", null));
    if (o.mllib) {
      RegressionEvaluator evaluator = new RegressionEvaluator()
          .setMetricName("mse").setPredictionCol("p").setLabelCol("t");
      v.add(new Variant("MLlib", "MLlib `RegressionEvaluator` (mse)",
          "new RegressionEvaluator().setMetricName(\"mse\").setPredictionCol(\"p\").setLabelCol(\"t\")"
              + ".evaluate(spark.table(\"mse_data\"))",
          () -> evaluator.evaluate(spark.table("mse_data")), x -> x, o.mllibLimitSeconds));
    }
    return new Workload("mse", "MSE: " + count(rows) + " rows of `(p double, t double)`", rows,
        gen, v);
  }

  private static Workload crossEntropy(SparkSession spark, Options o, String key, int classes, long rows) {
    Path dir = o.dataDir.resolve(key + "-" + rows + "-" + DATA_VERSION);
    // Logits uniform in [-4, 4], the label uniform in [0, C): hashes of the row number (and class).
    String gen = generate(spark, o, dir, () -> spark.range(0, rows, 1, FILES).selectExpr(
        "transform(sequence(0, " + (classes - 1) + "), j -> "
            + "CAST(CAST(xxhash64(id, j) AS DOUBLE) / 2.305843009213693952E18 AS FLOAT)) AS logits",
        "CAST(pmod(xxhash64(id, -1), " + classes + ") AS INT) AS label"));
    String view = key + "_data";
    spark.read().parquet(dir.toString()).createOrReplaceTempView(view);

    List<Variant> v = new ArrayList<>();
    v.add(sql(spark, "ours", "ours: `cross_entropy(logits, label)`",
        "SELECT cross_entropy(logits, label) FROM " + view, x -> x));
    // log-sum-exp with the maximum subtracted, minus the label's logit; mean over the rows.
    v.add(sql(spark, BASELINE,
        BASELINE + ": higher-order functions (`array_max`, `aggregate` of `exp`, `element_at`)",
        "SELECT avg(m + ln(aggregate(logits, 0D, (acc, x) -> acc + exp(x - m))) - element_at(logits, label + 1))"
            + " FROM (SELECT logits, label, array_max(logits) AS m FROM " + view + ")",
        x -> x));
    v.add(sql(spark, "ours per row", "ours per row + Spark's avg: `avg(row_cross_entropy(logits, label))`",
        "SELECT avg(row_cross_entropy(logits, label)) FROM " + view, x -> x));
    v.add(sql(spark, "scan floor", "scan floor: `sum(size(logits) + label)`",
        "SELECT sum(size(logits) + label) FROM " + view, null));
    return new Workload(key, "Cross-entropy, C = " + classes + ": " + count(rows)
        + " rows of `(logits array<float>, label int)`", rows, gen, v);
  }

  private static Variant sql(SparkSession spark, String id, String label, String query,
      DoubleUnaryOperator asMean) {
    return new Variant(id, label, query, () -> {
      Row r = spark.sql(query).first();
      return r.isNullAt(0) ? Double.NaN : ((Number) r.get(0)).doubleValue();
    }, asMean, 0);
  }

  /** Writes the data unless it is there; returns a line saying what is on disk. */
  private static String generate(SparkSession spark, Options o, Path dir,
      Supplier<org.apache.spark.sql.Dataset<Row>> data) {
    boolean there = Files.exists(dir.resolve("_SUCCESS"));
    String how;
    if (there && !o.regenerate) {
      how = "reused";
    } else {
      long t0 = System.nanoTime();
      data.get().write().mode(SaveMode.Overwrite).option("compression", "snappy").parquet(dir.toString());
      how = String.format(Locale.ROOT, "generated in %.1f s", (System.nanoTime() - t0) / 1e9);
    }
    long[] sizeAndFiles = parquetSize(dir);
    return String.format(Locale.ROOT, "Parquet (snappy): %.1f MB in %d files, %s (`%s`)",
        sizeAndFiles[0] / 1e6, sizeAndFiles[1], how, dir);
  }

  private static long[] parquetSize(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> parquet = files.filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .collect(Collectors.toList());
      long bytes = 0;
      for (Path p : parquet) {
        bytes += Files.size(p);
      }
      return new long[] {bytes, parquet.size()};
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------------------------- timing

  /** Times every line of {@code w} round-robin and returns its markdown section. */
  private static String run(SparkSession spark, Workload w, Options o) {
    System.err.println("[" + w.key() + "] " + w.dataDescription());
    List<Measured> lines = w.variants().stream().map(Measured::new).collect(Collectors.toList());
    if (o.explain) {
      for (Measured m : lines) {
        if (m.variant.query().startsWith("SELECT")) {
          System.err.println("[" + w.key() + "] plan of " + m.variant.query() + "\n"
              + spark.sql(m.variant.query()).queryExecution().executedPlan().treeString());
        }
      }
    }

    int attempt = 0;
    int measuredRounds = 0;
    int discarded = 0;
    double waitedBefore = quietWaited;
    CpuUse kept = new CpuUse(0, 0, 0);
    // Each round runs every line once, round-robin, starting one line further each round so that no line
    // always follows the same one. A measured round in which other processes took more than
    // --max-other-cpu of the machine is discarded and run again (up to as many extra rounds as --rounds).
    while (measuredRounds < o.rounds) {
      boolean measured = attempt >= o.warmup;
      if (measured) {
        waitForQuiet(o, w.key());
      }
      CpuSample before = CpuSample.now();
      long[] times = new long[lines.size()];
      StringBuilder progress = new StringBuilder();
      for (int k = 0; k < lines.size(); k++) {
        int index = (attempt + k) % lines.size();
        Measured m = lines.get(index);
        if (m.dropped != null) {
          continue;
        }
        System.gc();
        long t0 = System.nanoTime();
        double value = m.variant.run().get();
        long t = System.nanoTime() - t0;
        m.value = value;
        times[index] = t;
        progress.append(String.format(Locale.ROOT, " %s=%.0fms", shortName(m.variant), t / 1e6));
        if (attempt == 0 && m.variant.limitSeconds() > 0 && t / 1e9 > m.variant.limitSeconds()) {
          m.dropped = String.format(Locale.ROOT, "dropped: one run took %.1f s (limit %.0f s)", t / 1e9,
              m.variant.limitSeconds());
        }
      }
      CpuUse use = CpuSample.now().since(before);
      String label;
      if (!measured) {
        label = "warm-up " + (attempt + 1) + "/" + o.warmup;
      } else if (use.available() && use.othersShare() > o.maxOtherCpu && discarded < o.rounds) {
        discarded++;
        label = "round discarded (other processes busy)";
      } else {
        measuredRounds++;
        kept = kept.plus(use);
        for (int i = 0; i < lines.size(); i++) {
          if (lines.get(i).dropped == null) {
            lines.get(i).nanos.add(times[i]);
          }
        }
        label = "round " + measuredRounds + "/" + o.rounds;
      }
      System.err.println("[" + w.key() + "] " + label + ":" + progress + "  (cpu: " + use + ")");
      attempt++;
    }
    String cpu = kept.available()
        ? String.format(Locale.ROOT, "CPU over the kept measured rounds: this JVM %.0f%%, other processes %.1f%% "
            + "of the machine's %d cores; %d round(s) discarded because other processes took more than %.0f%%; "
            + "%.0f s spent waiting for a quiet machine.",
            100 * kept.selfShare(), 100 * kept.othersShare(), Runtime.getRuntime().availableProcessors(), discarded,
            100 * o.maxOtherCpu, quietWaited - waitedBefore)
        : "CPU use of other processes not measured (no /proc).";
    return section(w, lines, cpu);
  }

  /** Seconds left of --quiet-wait-seconds, and seconds waited so far (whole run). */
  private static double quietWaitLeft = Double.NaN;
  private static double quietWaited;

  /**
   * Returns once other processes use at most --max-other-cpu of the machine over half a second (twice
   * running, after a busy sample), or when the run's waiting budget is spent.
   */
  private static void waitForQuiet(Options o, String key) {
    if (Double.isNaN(quietWaitLeft)) {
      quietWaitLeft = o.quietWaitSeconds;
    }
    boolean announced = false;
    int quietSamples = 0;
    int needed = 1;
    while (quietWaitLeft > 0) {
      CpuSample a = CpuSample.now();
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      CpuUse u = CpuSample.now().since(a);
      if (!u.available()) {
        return;
      }
      if (u.othersShare() <= o.maxOtherCpu) {
        if (++quietSamples >= needed) {
          return;
        }
        continue;
      }
      quietSamples = 0;
      needed = 2;
      quietWaitLeft -= 0.5;
      quietWaited += 0.5;
      if (!announced) {
        System.err.printf(Locale.ROOT, "[%s] waiting for other processes (%s), up to %.0f s more%n", key, u,
            quietWaitLeft);
        announced = true;
      }
    }
  }

  private static String shortName(Variant v) {
    return v.id().replace(' ', '_');
  }

  // ------------------------------------------------------------------------------------- CPU use

  /**
   * The machine's busy and total CPU time ({@code /proc/stat}) and this process's CPU time ({@code
   * /proc/self/stat}, every thread), in clock ticks; all -1 where there is no {@code /proc}.
   */
  record CpuSample(long busy, long total, long self) {
    static CpuSample now() {
      try {
        String[] cpu = Files.readAllLines(Paths.get("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        long total = 0;
        // cpu user nice system idle iowait irq softirq steal (guest time is already in user)
        for (int i = 1; i <= 8 && i < cpu.length; i++) {
          long v = Long.parseLong(cpu[i]);
          total += v;
          if (i != 4 && i != 5) {
            busy += v;
          }
        }
        String stat = Files.readString(Paths.get("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // after the command: state(3) ... utime(14) stime(15), so indices 11 and 12 here
        long self = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return new CpuSample(busy, total, self);
      } catch (IOException | RuntimeException e) {
        return new CpuSample(-1, -1, -1);
      }
    }

    CpuUse since(CpuSample before) {
      if (total < 0 || before.total < 0) {
        return new CpuUse(-1, 0, 0);
      }
      return new CpuUse(total - before.total, busy - before.busy, self - before.self);
    }
  }

  /** CPU ticks over an interval: all CPUs' ticks, busy ticks, and this process's ticks. */
  record CpuUse(long totalTicks, long busyTicks, long selfTicks) {
    boolean available() {
      return totalTicks > 0;
    }

    /** The share of the machine's CPU time that this JVM used. */
    double selfShare() {
      return totalTicks > 0 ? (double) selfTicks / totalTicks : 0;
    }

    /** The share of the machine's CPU time that other processes used. */
    double othersShare() {
      return totalTicks > 0 ? Math.max(0, (double) (busyTicks - selfTicks) / totalTicks) : 0;
    }

    CpuUse plus(CpuUse o) {
      return o.available()
          ? new CpuUse(totalTicks + o.totalTicks, busyTicks + o.busyTicks, selfTicks + o.selfTicks)
          : this;
    }

    @Override
    public String toString() {
      return available()
          ? String.format(Locale.ROOT, "this JVM %.0f%%, others %.1f%%", 100 * selfShare(), 100 * othersShare())
          : "n/a";
    }
  }

  // ------------------------------------------------------------------------------------- report

  private static String section(Workload w, List<Measured> lines, String cpu) {
    Measured base = lines.stream().filter(m -> m.variant.id().equals(BASELINE)).findFirst()
        .orElseThrow();
    double baseNanos = base.medianNanos();
    StringBuilder sb = new StringBuilder();
    sb.append("## ").append(w.title()).append("\n\n");
    sb.append(w.dataDescription()).append(". ").append(cpu).append("\n\n");
    sb.append("| variant | median ms | min-max ms | ns/row | rows/s | vs built-in SQL | result |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (Measured m : lines) {
      if (m.dropped != null) {
        sb.append("| ").append(m.variant.label()).append(" | ").append(m.dropped)
            .append(" | | | | | |\n");
        continue;
      }
      double med = m.medianNanos();
      long min = m.nanos.stream().mapToLong(Long::longValue).min().orElse(0);
      long max = m.nanos.stream().mapToLong(Long::longValue).max().orElse(0);
      sb.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f-%.0f | %.1f | %s | %.2f | %s |%n",
          m.variant.label(), med / 1e6, min / 1e6, max / 1e6, med / w.rows(),
          rate(w.rows() / (med / 1e9)), med / baseNanos, number(m.value)));
    }
    sb.append("\nAgreement with the built-in SQL line (each result as the mean loss; relative difference "
        + "`|x - ref| / |ref|`):\n\n");
    for (Measured m : lines) {
      if (m == base || m.variant.asMean() == null || m.dropped != null) {
        continue;
      }
      double mean = m.variant.asMean().applyAsDouble(m.value);
      double rel = Math.abs(mean - base.value) / Math.abs(base.value);
      sb.append(String.format(Locale.ROOT, "- %s = %s vs %s: relative difference %.3g%n",
          m.variant.label(), repr(mean), repr(base.value), rel));
    }
    sb.append("\nQueries:\n\n");
    for (Measured m : lines) {
      sb.append("- ").append(m.variant.id()).append(": `").append(m.variant.query()).append("`\n");
    }
    sb.append('\n');
    return sb.toString();
  }

  private static String environment(SparkSession spark, Options o) {
    var runtime = ManagementFactory.getRuntimeMXBean();
    String jvmArgs = runtime.getInputArguments().stream()
        .filter(a -> !a.startsWith("--add-opens") && !a.startsWith("-Dlog4j"))
        .collect(Collectors.joining(" "));
    long opens = runtime.getInputArguments().stream().filter(a -> a.startsWith("--add-opens")).count();
    StringBuilder sb = new StringBuilder();
    sb.append("Run by `bench/run-sql-benchmark.sh` (`io.losseval.bench.SqlLossBenchmark`) on ")
        .append(ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")));
    if (o.revision != null && !o.revision.isBlank()) {
      sb.append(", source revision ").append(o.revision);
    }
    sb.append(".\n\n");
    sb.append("- JVM: ").append(System.getProperty("java.vm.name")).append(' ')
        .append(System.getProperty("java.runtime.version")).append(" (").append(System.getProperty("java.vm.vendor"))
        .append("), max heap ").append(Runtime.getRuntime().maxMemory() >> 20).append(" MB; flags: `")
        .append(jvmArgs).append("` and ").append(opens).append(" `--add-opens`\n");
    sb.append("- CPU: ").append(cpuModel()).append(", ").append(Runtime.getRuntime().availableProcessors())
        .append(" cores available\n");
    sb.append("- Spark ").append(spark.version()).append(" (Scala ")
        .append(scala.util.Properties.versionNumberString()).append("), master `").append(o.master)
        .append("`, `spark.sql.shuffle.partitions=").append(o.shufflePartitions)
        .append("`, AQE ").append(conf(spark, "spark.sql.adaptive.enabled"))
        .append(", whole-stage codegen ").append(conf(spark, "spark.sql.codegen.wholeStage"))
        .append(", vectorized Parquet reader ").append(conf(spark, "spark.sql.parquet.enableVectorizedReader"))
        .append(" (nested columns: ").append(conf(spark, "spark.sql.parquet.enableNestedColumnVectorizedReader"))
        .append(")\n");
    sb.append("- losseval kernels: ").append(KernelProvider.kernels().name()).append(" (`-D")
        .append(KernelProvider.PROPERTY).append('=').append(System.getProperty(KernelProvider.PROPERTY, "auto"))
        .append("`)\n");
    sb.append("- Method: each line is a full query from Parquet to its one number (`first()`, or MLlib's ")
        .append("`evaluate`), query planning included. ").append(o.warmup).append(" warm-up rounds, then ")
        .append(o.rounds).append(" measured rounds; in each round every line runs once, round-robin in one JVM ")
        .append("(the starting line rotates), with a `System.gc()` before each query (not timed); a measured ")
        .append("round in which other processes used more than ").append(String.format(Locale.ROOT, "%.0f%%",
            100 * o.maxOtherCpu)).append(" of the CPU is discarded and run again, and each measured round ")
        .append("first waits (within a budget) for other processes to go quiet. ")
        .append("Reported: the median; ns/row = median / rows; ratio = median / the built-in SQL line's median.\n\n");
    return sb.toString();
  }

  private static String conf(SparkSession spark, String key) {
    try {
      return spark.conf().get(key);
    } catch (java.util.NoSuchElementException e) {
      return "unknown";
    }
  }

  private static String cpuModel() {
    try (Stream<String> lines = Files.lines(Paths.get("/proc/cpuinfo"))) {
      List<String> all = lines.collect(Collectors.toList());
      String model = all.stream().filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
      String flags = all.stream().filter(l -> l.startsWith("flags")).findFirst().orElse("");
      String simd = flags.contains(" avx512f") ? "AVX-512" : flags.contains(" avx2") ? "AVX2" : "no AVX2";
      return model + " (" + simd + ")";
    } catch (IOException | RuntimeException e) {
      return System.getProperty("os.arch");
    }
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String rate(double perSecond) {
    if (perSecond >= 1e6) {
      return String.format(Locale.ROOT, "%.1f M", perSecond / 1e6);
    }
    return String.format(Locale.ROOT, "%.1f k", perSecond / 1e3);
  }

  private static String number(double v) {
    return String.format(Locale.ROOT, "%.10g", v);
  }

  private static String repr(double v) {
    return Double.toString(v);
  }
}
