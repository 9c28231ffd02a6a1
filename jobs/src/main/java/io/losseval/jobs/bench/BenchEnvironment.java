package io.losseval.jobs.bench;

import io.losseval.core.kernel.KernelProvider;
import io.losseval.jobs.Main;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;

/**
 * What a benchmark's numbers depend on, for the report's header: when, which losseval, the JVM and its
 * flags, the CPU, Spark and its settings, and the kernels in use.
 *
 * @param date when the run started ({@code 2026-11-23 09:00 UTC})
 * @param version losseval's version
 * @param jvm the JVM's name, version and vendor
 * @param maxHeapMb the JVM's maximum heap
 * @param jvmFlags the JVM's flags, without the {@code --add-opens} ones
 * @param addOpens how many {@code --add-opens} flags there were
 * @param cpu the CPU model and its widest SIMD extension
 * @param cores the cores this JVM may use
 * @param spark Spark's and Scala's versions
 * @param master the Spark master
 * @param sparkSettings the Spark settings that shape the plans: shuffle partitions, AQE, whole-stage
 *     codegen, the vectorized Parquet reader (and for nested columns)
 * @param kernels losseval's kernels in this JVM ({@code simd(512-bit)}) and the property that chose them
 */
record BenchEnvironment(String date, String version, String jvm, long maxHeapMb, String jvmFlags,
    long addOpens, String cpu, int cores, String spark, String master, String sparkSettings, String kernels) {

  /** The environment of this JVM and {@code session}. */
  static BenchEnvironment of(SparkSession session) {
    List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
    String flags = args.stream().filter(a -> !a.startsWith("--add-opens") && !a.startsWith("-Dlog4j"))
        .collect(Collectors.joining(" "));
    long opens = args.stream().filter(a -> a.startsWith("--add-opens")).count();
    return new BenchEnvironment(
        ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")),
        Main.version(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
            + System.getProperty("java.vm.vendor") + ")",
        Runtime.getRuntime().maxMemory() >> 20,
        flags,
        opens,
        cpuModel(),
        Runtime.getRuntime().availableProcessors(),
        session.version() + " (Scala " + scala.util.Properties.versionNumberString() + ")",
        session.sparkContext().master(),
        "spark.sql.shuffle.partitions=" + conf(session, "spark.sql.shuffle.partitions")
            + ", AQE " + conf(session, "spark.sql.adaptive.enabled")
            + ", whole-stage codegen " + conf(session, "spark.sql.codegen.wholeStage")
            + ", vectorized Parquet reader " + conf(session, "spark.sql.parquet.enableVectorizedReader")
            + " (nested columns: " + conf(session, "spark.sql.parquet.enableNestedColumnVectorizedReader") + ")",
        KernelProvider.kernels().name() + " (-D" + KernelProvider.PROPERTY + "="
            + System.getProperty(KernelProvider.PROPERTY, "auto") + ")");
  }

  private static String conf(SparkSession session, String key) {
    try {
      return session.conf().get(key);
    } catch (NoSuchElementException e) {
      return "unknown";
    }
  }

  /** The CPU model from {@code /proc/cpuinfo} and its widest SIMD extension; the architecture elsewhere. */
  private static String cpuModel() {
    try {
      List<String> lines = Files.readAllLines(Paths.get("/proc/cpuinfo"));
      String model = lines.stream().filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(System.getProperty("os.arch"));
      String flags = lines.stream().filter(l -> l.startsWith("flags")).findFirst().orElse("") + " ";
      String simd = flags.contains(" avx512f ") ? "AVX-512" : flags.contains(" avx2 ") ? "AVX2"
          : flags.contains(" asimd ") ? "NEON" : "no AVX2";
      return model + " (" + simd + ")";
    } catch (IOException | RuntimeException e) {
      return System.getProperty("os.arch");
    }
  }
}
