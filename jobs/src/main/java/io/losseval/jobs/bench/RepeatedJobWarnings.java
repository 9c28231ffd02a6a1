package io.losseval.jobs.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Silences, while the benchmark runs, the warnings that running the {@code evaluate} job again and again
 * in one JVM repeats on every run: Spark's "Using an existing Spark session" and the function registry's
 * "The function ... replaced a previously registered function" (the job registers every loss function,
 * about 80 of them, in the session it shares with the benchmark). A user runs the job once per JVM and
 * never sees them repeated; here they would bury the progress lines. {@link #close()} restores the levels.
 * Without log4j 2 (not Spark's default) it does nothing.
 */
final class RepeatedJobWarnings implements AutoCloseable {
  private static final List<String> LOGGERS = List.of(
      "org.apache.spark.sql.SparkSession",
      "org.apache.spark.sql.catalyst.analysis.SimpleFunctionRegistry");

  private final Map<String, Level> before = new LinkedHashMap<>();

  private RepeatedJobWarnings() {}

  /** Raises the loggers' levels to ERROR until {@link #close()}. */
  static RepeatedJobWarnings silence() {
    RepeatedJobWarnings w = new RepeatedJobWarnings();
    try {
      for (String name : LOGGERS) {
        w.before.put(name, LogManager.getLogger(name).getLevel());
        Configurator.setLevel(name, Level.ERROR);
      }
    } catch (LinkageError | RuntimeException e) {
      w.before.clear(); // another logging backend: leave its levels alone
    }
    return w;
  }

  @Override
  public void close() {
    before.forEach(Configurator::setLevel);
  }
}
