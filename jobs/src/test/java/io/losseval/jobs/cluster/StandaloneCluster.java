package io.losseval.jobs.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on loopback, started from the Maven-resolved Spark jars (no Spark
 * download): a master and workers as separate JVMs, with {@code SPARK_HOME} a folder whose {@code jars/}
 * links to those jars (the workers build each executor's command line from it). {@link #close()} stops
 * every process it started and their descendants (the executors), also when a test fails.
 */
final class StandaloneCluster implements AutoCloseable {
  private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");

  private final Path sparkJars;
  private final Path home;
  private final Path logs;
  private final List<String> jvmFlags;
  private final List<Process> processes = new ArrayList<>();
  private final Thread shutdownHook = new Thread(this::stopAll, "stop-standalone-cluster");
  private int masterPort;
  private int masterUiPort;

  StandaloneCluster(Path sparkJars, Path workDir, List<String> jvmFlags) throws IOException {
    this.sparkJars = sparkJars;
    this.home = workDir.resolve("spark-home");
    this.logs = workDir.resolve("logs");
    this.jvmFlags = List.copyOf(jvmFlags);
    Files.createDirectories(home.resolve("jars"));
    Files.createDirectories(logs);
    try (Stream<Path> jars = Files.list(sparkJars)) {
      for (Path jar : (Iterable<Path>) jars::iterator) {
        Files.createSymbolicLink(home.resolve("jars").resolve(jar.getFileName()), jar.toAbsolutePath());
      }
    }
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** The master's URL, {@code spark://127.0.0.1:PORT}. */
  String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /** Starts the master and {@code workers} workers of {@code cores} cores each; waits until all registered. */
  void start(int workers, int cores, String memory, Duration timeout) throws Exception {
    start(Collections.nCopies(workers, "127.0.0.1"), cores, memory, timeout);
  }

  /**
   * Starts the master on 127.0.0.1 and one worker of {@code cores} cores on each of {@code workerHosts}
   * (loopback addresses: to Spark 127.0.0.2 is another host than 127.0.0.1, and it speculates a task only
   * on a host other than the one running it); waits until all registered.
   */
  void start(List<String> workerHosts, int cores, String memory, Duration timeout) throws Exception {
    int workers = workerHosts.size();
    masterPort = freePort();
    masterUiPort = freePort();
    spawn("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
        "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(masterUiPort)), "127.0.0.1");
    for (int i = 0; i < workers; i++) {
      Path work = home.resolve("work-" + i);
      Files.createDirectories(work);
      spawn("worker-" + i, List.of("org.apache.spark.deploy.worker.Worker", "--host", workerHosts.get(i),
          "--cores", String.valueOf(cores), "--memory", memory, "--webui-port", String.valueOf(freePort()),
          "--work-dir", work.toString(), masterUrl()), workerHosts.get(i));
    }
    Instant deadline = Instant.now().plus(timeout);
    while (aliveWorkers() < workers) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException("a cluster process exited early; logs:\n" + logTails());
        }
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("workers did not register within " + timeout + "; logs:\n" + logTails());
      }
      Thread.sleep(500);
    }
  }

  /**
   * Runs {@code org.apache.spark.deploy.SparkSubmit} (what {@code spark-submit} runs) in client mode
   * against this cluster and returns its exit code; its output goes to {@code logs/submit.log}.
   */
  int submit(List<String> sparkSubmitArgs, Duration timeout) throws Exception {
    Process p = launch("submit", sparkSubmitArgs);
    if (!p.waitFor(timeout.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
      throw new IllegalStateException("spark-submit did not finish within " + timeout + "; logs:\n" + logTails());
    }
    return p.exitValue();
  }

  /**
   * Starts {@code org.apache.spark.deploy.SparkSubmit} in client mode against this cluster and returns at
   * once; its output goes to {@code logs/<name>.log} (see {@link #log}).
   */
  Process launch(String name, List<String> sparkSubmitArgs) throws IOException {
    List<String> args = new ArrayList<>(List.of("org.apache.spark.deploy.SparkSubmit", "--master", masterUrl(),
        "--deploy-mode", "client"));
    args.addAll(sparkSubmitArgs);
    return spawn(name, args, "127.0.0.1");
  }

  /** The whole log of the process started as {@code name}. */
  String log(String name) throws IOException {
    return Files.readString(logs.resolve(name + ".log"), StandardCharsets.UTF_8);
  }

  /** The last lines of every process's log. */
  String logTails() {
    StringBuilder b = new StringBuilder();
    try (Stream<Path> files = Files.list(logs)) {
      for (Path f : (Iterable<Path>) files.sorted()::iterator) {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        b.append("--- ").append(f.getFileName()).append('\n');
        lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> b.append(l).append('\n'));
      }
    } catch (IOException e) {
      b.append("(logs unreadable: ").append(e).append(")");
    }
    return b.toString();
  }

  private Process spawn(String name, List<String> mainAndArgs, String host) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(sparkJars.toAbsolutePath() + "/*");
    command.addAll(mainAndArgs);
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.put("SPARK_HOME", home.toString());
    env.put("SPARK_SCALA_VERSION", scala.util.Properties.versionNumberString().replaceAll("^(\\d+\\.\\d+).*", "$1"));
    env.put("SPARK_LOCAL_IP", host);
    env.put("SPARK_MASTER_HOST", "127.0.0.1");
    pb.redirectErrorStream(true);
    pb.redirectOutput(logs.resolve(name + ".log").toFile());
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  private int aliveWorkers() {
    try (InputStream in = URI.create("http://127.0.0.1:" + masterUiPort + "/json/").toURL().openStream()) {
      Matcher m = ALIVE_WORKERS.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return m.find() ? Integer.parseInt(m.group(1)) : 0;
    } catch (IOException e) {
      return 0; // the master is not up yet
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void stopAll() {
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    for (Process p : processes) {
      try {
        p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs anyway
    }
  }
}
