package io.losseval.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.jobs.BuiltJob;
import io.losseval.jobs.JobRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's jar on a real Spark standalone cluster (a master and two workers as separate JVMs, on
 * loopback), submitted as {@code spark-submit} does in client mode: its results have the same bits as
 * the same config run on an embedded local Spark, and every row of the input is counted once.
 */
class StandaloneClusterIT {
  @TempDir Path dir;

  @Test
  void evaluationOnAClusterHasTheBitsOfLocalMode() throws Exception {
    Path target = BuiltJob.target();
    Path jar = BuiltJob.jar();
    // the input split into several files, so that both workers' executors read part of it
    SparkSession spark = JobRun.session();
    Path input = dir.resolve("input");
    spark.read().parquet(JobRun.repo("sample-data/multiclass.parquet")).repartition(6)
        .write().parquet(input.toString());
    List<String> sets = List.of("--set", "input.path=" + input, "--set", "run.id=cluster-test",
        "--set", "run.timestamp=2026-11-23T00:00:00Z");
    String config = JobRun.repo("conf/evaluate.yaml");

    Path localOut = dir.resolve("local");
    List<String> local = new ArrayList<>(List.of("evaluate", "--config", config, "--set",
        "output.path=" + localOut));
    local.addAll(sets);
    JobRun localRun = JobRun.of(local.toArray(new String[0]));
    assertEquals(0, localRun.exitCode(), localRun.err());

    List<String> jvm = Arrays.asList(System.getProperty("losseval.jvm.flags", "").trim().split("\\s+"));
    Path clusterOut = dir.resolve("cluster");
    try (StandaloneCluster cluster = new StandaloneCluster(target.resolve("spark-jars"), dir, jvm)) {
      cluster.start(2, 1, "1g", Duration.ofSeconds(90));
      List<String> submit = new ArrayList<>(List.of(
          "--class", "io.losseval.jobs.Main",
          "--conf", "spark.executor.memory=512m",
          "--conf", "spark.cores.max=2",
          "--conf", "spark.executor.extraJavaOptions=" + String.join(" ", jvm),
          "--conf", "spark.sql.shuffle.partitions=3",
          "--conf", "spark.ui.enabled=false",
          "--driver-java-options", "-Dlog4j2.configurationFile=" + JobRun.repo("conf/log4j2.properties"),
          jar.toString(),
          "evaluate", "--config", config, "--set", "output.path=" + clusterOut));
      submit.addAll(sets);
      int code = cluster.submit(submit, Duration.ofMinutes(4));
      String logs = cluster.logTails();
      assertEquals(0, code, logs);
      assertTrue(logs.contains("wrote 12 result rows to"), logs);
      assertTrue(executorLogs(dir.resolve("spark-home")) >= 2, "both workers ran executors:\n" + logs);
    }

    List<Row> fromLocal = spark.read().parquet(localOut.toString())
        .orderBy("slice.model", "loss", "reduction", "options").collectAsList();
    List<Row> fromCluster = spark.read().parquet(clusterOut.toString())
        .orderBy("slice.model", "loss", "reduction", "options").collectAsList();
    assertEquals(12, fromLocal.size());
    assertEquals(fromLocal.size(), fromCluster.size());
    for (int i = 0; i < fromLocal.size(); i++) {
      Row l = fromLocal.get(i);
      Row c = fromCluster.get(i);
      assertEquals(l.getString(l.fieldIndex("loss")), c.getString(c.fieldIndex("loss")));
      assertEquals(l.getLong(l.fieldIndex("rows")), c.getLong(c.fieldIndex("rows")));
      assertEquals(l.getMap(l.fieldIndex("skipped")), c.getMap(c.fieldIndex("skipped")));
      assertEquals(Double.doubleToRawLongBits(l.getDouble(l.fieldIndex("value"))),
          Double.doubleToRawLongBits(c.getDouble(c.fieldIndex("value"))), l + " vs " + c);
    }
  }

  /** The executors the workers started (one folder each under the workers' work dirs). */
  private static long executorLogs(Path home) throws Exception {
    try (Stream<Path> files = Files.walk(home, 4)) {
      return files.filter(p -> p.getFileName().toString().equals("stderr")).count();
    }
  }
}
