package io.losseval.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.losseval.jobs.BuiltJob;
import io.losseval.jobs.JobRun;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluate job on a real standalone cluster (a master and two one-core workers on two loopback
 * hosts, 127.0.0.1 and 127.0.0.2) under the faults clusters have: an executor killed mid-stage, a
 * speculative copy of a straggler, a task that fails once, a task that always fails. The faults come
 * from {@link FaultyLoss}, a custom loss shipped with {@code --jars}, steered by {@code --conf}. A job
 * that finishes has results with the bits of the same config in local mode, and every slice's rows
 * equal to its input rows (nothing counted twice or lost); a job that fails exits 1 with one error line
 * and writes nothing.
 */
class ClusterFaultsIT {
  private static final String RUN = "faults";
  /** The input's files: one scan task each, so some finish before a fault. */
  private static final int FILES = 12;
  private static final List<String> ORDER = List.of("slice.model", "loss", "reduction", "options");

  @TempDir static Path dir;
  private static SparkSession spark;
  private static StandaloneCluster cluster;
  private static List<String> jvm;
  private static Path jobJar;
  private static Path faultsJar;
  private static Path config;
  private static List<Row> local;
  private static Map<String, Long> inputRows;
  private static final Map<String, Duration> TIMES = new LinkedHashMap<>();

  @BeforeAll
  static void setUp() throws Exception {
    Path target = BuiltJob.target();
    jobJar = BuiltJob.jar();
    faultsJar = faultsJar(target.resolve("test-classes"), dir.resolve("faults.jar"));
    spark = JobRun.session();
    Path input = dir.resolve("input");
    spark.read().parquet(JobRun.repo("sample-data/multiclass.parquet")).repartition(FILES)
        .write().parquet(input.toString());
    inputRows = new HashMap<>();
    for (Row r : spark.read().parquet(input.toString()).groupBy("model").count().collectAsList()) {
      inputRows.put(r.getString(0), r.getLong(1));
    }
    config = dir.resolve("faults.yaml");
    Files.writeString(config, String.join("\n",
        "run: {id: " + RUN + ", model: m, timestamp: '2026-11-23T00:00:00Z'}",
        "input: {path: '" + input + "'}",
        "columns: {prediction: logits, target: label}",
        "group_by: [model]",
        "losses:",
        "  - name: cross_entropy",
        "    reduction: [mean, sum]",
        "  - name: nll_loss",
        "    arguments: {input: log_probs}",
        "  - class: " + FaultyLoss.class.getName(),
        "    reduction: [mean, sum]",
        "    arguments: {input: 'CAST(element_at(logits, 1) AS DOUBLE)',"
            + " target: 'CAST(element_at(logits, 2) AS DOUBLE)'}",
        ""));
    Path localOut = dir.resolve("local");
    JobRun run = JobRun.of("evaluate", "--config", config.toString(), "--set", "output.path=" + localOut);
    assertEquals(0, run.exitCode(), run.err());
    local = rows(localOut);
    assertEquals(10, local.size());

    jvm = Arrays.asList(System.getProperty("losseval.jvm.flags", "").trim().split("\\s+"));
    Instant start = Instant.now();
    cluster = new StandaloneCluster(target.resolve("spark-jars"), dir, jvm);
    cluster.start(List.of("127.0.0.1", "127.0.0.2"), 1, "1g", Duration.ofSeconds(90));
    TIMES.put("cluster start", Duration.between(start, Instant.now()));
  }

  @AfterAll
  static void tearDown() {
    if (cluster != null) {
      cluster.close();
    }
    TIMES.forEach((k, v) -> System.err.printf("ClusterFaultsIT: %s took %.1f s%n", k, v.toMillis() / 1000.0));
  }

  @Test
  void anExecutorKilledMidStageIsReplacedAndNothingIsCountedTwice() throws Exception {
    Path markers = markers("kill");
    Path out = dir.resolve("out-kill");
    Instant start = Instant.now();
    Process job = cluster.launch("submit-kill", submit("kill", out, Map.of(FaultyLoss.SLEEP, "700")));

    // once three scan tasks are done, kill the executor JVM running one of the others
    String victim = null;
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    while (victim == null) {
      assertTrue(job.isAlive(), "the job ended before the kill:\n" + cluster.log("submit-kill"));
      assertTrue(Instant.now().isBefore(deadline), "no task finished in 2 minutes:\n" + cluster.logTails());
      Set<String> started = names(markers, "start-");
      Set<String> done = names(markers, "done-");
      if (done.size() >= 3) {
        victim = started.stream().filter(s -> !done.contains(s)).findFirst().orElse(null);
      }
      if (victim == null) {
        Thread.sleep(50);
      }
    }
    long pid = Long.parseLong(victim.replaceFirst(".*-pid", ""));
    ProcessHandle executor = ProcessHandle.of(pid).orElseThrow();
    Optional<String> command = executor.info().commandLine();
    assertTrue(command.isEmpty() || command.get().contains("CoarseGrainedExecutorBackend"),
        "the victim is an executor: " + command);
    executor.destroyForcibly();
    assertTrue(executor.onExit().get(30, TimeUnit.SECONDS) != null);

    assertEquals(0, finish(job, "submit-kill"), cluster.log("submit-kill"));
    TIMES.put("executor kill run", Duration.between(start, Instant.now()));
    printTimeline("kill");
    assertOneScanTaskPerFile("kill");
    assertSameBitsAsLocalMode(out);
    // the killed task's partition was computed again by another executor
    String partition = victim.replaceFirst("^s\\d+-(p\\d+)-.*", "$1");
    assertTrue(names(markers, "done-").stream().anyMatch(d -> d.contains("-" + partition + "-")
        && !d.endsWith("-pid" + pid)), "partition " + partition + " re-run elsewhere");
    List<JsonNode> events = events("kill");
    assertTrue(events.stream().anyMatch(e -> e.path("Event").asText().equals("SparkListenerExecutorRemoved")),
        "the driver saw the executor go");
  }

  @Test
  void aSpeculativeCopyOfAStragglerWinsAndNothingIsCountedTwice() throws Exception {
    Path out = dir.resolve("out-speculation");
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.speculation", "true");
    conf.put("spark.speculation.interval", "100ms");
    conf.put("spark.speculation.multiplier", "2");
    conf.put("spark.speculation.quantile", "0.5");
    conf.put("spark.speculation.minTaskRuntime", "500ms");
    conf.put("spark.speculation.efficiency.enabled", "false");
    conf.put(FaultyLoss.SLEEP, "300");
    conf.put(FaultyLoss.STRAGGLER, "0:60000");
    Instant start = Instant.now();
    Process job = cluster.launch("submit-speculation", submit("speculation", out, conf));
    assertEquals(0, finish(job, "submit-speculation"), cluster.log("submit-speculation"));
    Duration took = Duration.between(start, Instant.now());
    TIMES.put("speculation run", took);
    printTimeline("speculation");
    assertOneScanTaskPerFile("speculation");
    assertSameBitsAsLocalMode(out);
    List<JsonNode> speculative = events("speculation").stream()
        .filter(e -> e.path("Event").asText().equals("SparkListenerTaskEnd")
            && e.path("Task Info").path("Speculative").asBoolean()
            && e.path("Task End Reason").path("Reason").asText().equals("Success"))
        .toList();
    assertTrue(speculative.stream().anyMatch(e -> e.path("Task Info").path("Partition ID").asInt() == 0),
        "a speculative copy of the straggler (partition 0) succeeded: " + speculative);
    assertTrue(took.compareTo(Duration.ofSeconds(60)) < 0, "the straggler was not waited for: " + took);
  }

  @Test
  void aTaskThatFailsOnceIsRetried() throws Exception {
    Path out = dir.resolve("out-retry");
    Instant start = Instant.now();
    Process job = cluster.launch("submit-retry", submit("retry", out,
        Map.of("spark.task.maxFailures", "2", FaultyLoss.FAIL_ONCE, "3")));
    assertEquals(0, finish(job, "submit-retry"), cluster.log("submit-retry"));
    TIMES.put("fail-once run", Duration.between(start, Instant.now()));
    assertOneScanTaskPerFile("retry");
    assertSameBitsAsLocalMode(out);
    List<JsonNode> failures = failures(events("retry"));
    assertEquals(1, failures.size(), failures.toString());
    assertTrue(failures.get(0).path("Task End Reason").path("Description").asText()
        .contains("injected fault: partition 3 fails its first attempt"), failures.toString());
  }

  @Test
  void aTaskThatAlwaysFailsEndsTheJobWithOneErrorLineAndNoOutput() throws Exception {
    Path out = dir.resolve("out-fail");
    Instant start = Instant.now();
    Process job = cluster.launch("submit-fail", submit("fail", out,
        Map.of("spark.task.maxFailures", "2", FaultyLoss.FAIL_ALWAYS, "3")));
    int code = finish(job, "submit-fail");
    TIMES.put("always-failing run", Duration.between(start, Instant.now()));
    String log = cluster.log("submit-fail");
    assertNotEquals(0, code, log);
    assertEquals(1, code, log);
    List<String> lines = Arrays.asList(log.split("\n"));
    List<String> errors = lines.stream().filter(l -> l.startsWith("losseval evaluate: error: ")).toList();
    assertEquals(1, errors.size(), log);
    String error = errors.get(0);
    // the innermost cause's message, not Spark's "Job aborted due to stage failure" wrapper
    assertEquals("losseval evaluate: error: the Spark job failed: injected fault: partition 3 always fails"
        + " (the log above has the details)", error);
    int at = lines.indexOf(error);
    assertTrue(at == lines.size() - 1 || !lines.get(at + 1).trim().startsWith("at "),
        "no stack trace after the error: " + log);
    assertEquals(2, failures(events("fail")).size(), "two attempts of partition 3");
    assertFalse(Files.exists(out.resolve("run_id=" + RUN)), "no results");
    assertFalse(Files.exists(out.resolve("_staging")), "no staging");
  }

  // ---------------------------------------------------------------------------------------------

  /** spark-submit's arguments for a run named {@code name} with {@code conf} on top of the defaults. */
  private static List<String> submit(String name, Path out, Map<String, String> conf) throws IOException {
    Path events = Files.createDirectories(dir.resolve("events-" + name));
    Map<String, String> all = new LinkedHashMap<>();
    all.put("spark.executor.memory", "512m");
    all.put("spark.cores.max", "2");
    all.put("spark.executor.extraJavaOptions", String.join(" ", jvm));
    all.put("spark.sql.shuffle.partitions", "3");
    all.put("spark.ui.enabled", "false");
    all.put("spark.locality.wait", "0s");
    // one scan task per input file (Spark would pack the small files into one task per core)
    all.put("spark.sql.files.minPartitionNum", String.valueOf(FILES));
    all.put("spark.eventLog.enabled", "true");
    all.put("spark.eventLog.dir", events.toUri().toString());
    all.put("spark.eventLog.compress", "false");
    all.put("spark.eventLog.rolling.enabled", "false");  // one file per run (Spark 4 rolls by default)
    all.put(FaultyLoss.MARKERS, markers(name).toString());
    all.putAll(conf);
    List<String> args = new ArrayList<>(List.of("--class", "io.losseval.jobs.Main", "--jars", faultsJar.toString()));
    all.forEach((k, v) -> args.addAll(List.of("--conf", k + "=" + v)));
    args.addAll(List.of("--driver-java-options", "-Dlog4j2.configurationFile=" + JobRun.repo("conf/log4j2.properties"),
        jobJar.toString(), "evaluate", "--config", config.toString(), "--set", "output.path=" + out));
    return args;
  }

  private static int finish(Process job, String name) throws Exception {
    if (!job.waitFor(3, TimeUnit.MINUTES)) {
      job.destroyForcibly();
      throw new AssertionError(name + " did not finish in 3 minutes:\n" + cluster.logTails());
    }
    return job.exitValue();
  }

  private static Path markers(String name) throws IOException {
    return Files.createDirectories(dir.resolve("markers-" + name));
  }

  /** The marker names under {@code markers} that start with {@code prefix}, without it. */
  private static Set<String> names(Path markers, String prefix) throws IOException {
    try (Stream<Path> files = Files.list(markers)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix))
          .map(n -> n.substring(prefix.length())).collect(Collectors.toSet());
    }
  }

  /** Every scan task's partition ran (one per input file), from the markers. */
  private static void assertOneScanTaskPerFile(String name) throws IOException {
    Set<String> partitions = names(markers(name), "start-").stream()
        .map(s -> s.replaceFirst("^s\\d+-(p\\d+)-.*", "$1")).collect(Collectors.toSet());
    assertEquals(FILES, partitions.size(), "scan partitions: " + partitions);
  }

  /** The run's task ends, one line each, for the log (times in seconds from the first launch). */
  private static void printTimeline(String name) throws IOException {
    List<JsonNode> ends = events(name).stream()
        .filter(e -> e.path("Event").asText().equals("SparkListenerTaskEnd")).toList();
    long t0 = ends.stream().mapToLong(e -> e.path("Task Info").path("Launch Time").asLong()).min().orElse(0);
    StringBuilder b = new StringBuilder("ClusterFaultsIT: " + name + " task ends:\n");
    for (JsonNode e : ends) {
      JsonNode info = e.path("Task Info");
      b.append(String.format(java.util.Locale.ROOT,
          "  stage %d partition %d attempt %d on %s (%s)%s: %.1f-%.1f s, %s%n",
          e.path("Stage ID").asInt(), info.path("Partition ID").asInt(), info.path("Attempt").asInt(),
          info.path("Executor ID").asText(), info.path("Host").asText(),
          info.path("Speculative").asBoolean() ? " speculative" : "",
          (info.path("Launch Time").asLong() - t0) / 1000.0, (info.path("Finish Time").asLong() - t0) / 1000.0,
          e.path("Task End Reason").path("Reason").asText()));
    }
    System.err.print(b);
  }

  /** Every event of the run's event log. */
  private static List<JsonNode> events(String name) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir.resolve("events-" + name))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            out.add(json.readTree(line));
          }
        }
      }
    }
    assertFalse(out.isEmpty(), "an event log for " + name);
    return out;
  }

  /** The task ends that failed with an exception. */
  private static List<JsonNode> failures(List<JsonNode> events) {
    return events.stream().filter(e -> e.path("Event").asText().equals("SparkListenerTaskEnd")
        && e.path("Task End Reason").path("Reason").asText().equals("ExceptionFailure")).toList();
  }

  private static List<Row> rows(Path out) {
    return spark.read().parquet(out.toString()).orderBy(ORDER.stream().map(org.apache.spark.sql.functions::col)
        .toArray(org.apache.spark.sql.Column[]::new)).collectAsList();
  }

  /** The run's results have local mode's bits, and each slice's rows are its input rows. */
  private static void assertSameBitsAsLocalMode(Path out) {
    List<Row> got = rows(out);
    assertEquals(local.size(), got.size());
    for (int i = 0; i < local.size(); i++) {
      Row l = local.get(i);
      Row c = got.get(i);
      assertEquals(l.getString(l.fieldIndex("loss")), c.getString(c.fieldIndex("loss")));
      assertEquals(l.getString(l.fieldIndex("reduction")), c.getString(c.fieldIndex("reduction")));
      assertEquals(l.getMap(l.fieldIndex("slice")), c.getMap(c.fieldIndex("slice")));
      assertEquals(l.getLong(l.fieldIndex("rows")), c.getLong(c.fieldIndex("rows")));
      assertEquals(l.getMap(l.fieldIndex("skipped")), c.getMap(c.fieldIndex("skipped")));
      assertEquals(Double.doubleToRawLongBits(l.getDouble(l.fieldIndex("value"))),
          Double.doubleToRawLongBits(c.getDouble(c.fieldIndex("value"))), l + " vs " + c);
      String model = c.getMap(c.fieldIndex("slice")).get("model").get().toString();
      assertEquals((long) inputRows.get(model),
          c.getLong(c.fieldIndex("rows")) + c.getLong(c.fieldIndex("rows_skipped")),
          "every input row of " + model + " counted once: " + c);
    }
  }

  /** A jar of {@link FaultyLoss} (and its inner classes), for {@code --jars}. */
  private static Path faultsJar(Path testClasses, Path jar) throws IOException {
    String folder = FaultyLoss.class.getPackageName().replace('.', '/');
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
        Stream<Path> classes = Files.list(testClasses.resolve(folder))) {
      for (Path c : (Iterable<Path>) classes::iterator) {
        String n = c.getFileName().toString();
        if (n.equals("FaultyLoss.class") || n.startsWith("FaultyLoss$")) {
          out.putNextEntry(new JarEntry(folder + "/" + n));
          out.write(Files.readAllBytes(c));
          out.closeEntry();
        }
      }
    }
    return jar;
  }
}
