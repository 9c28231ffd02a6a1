package io.losseval.jobs.spark;

import io.losseval.spark.LossFunctions;
import io.losseval.spark.LossSessionExtensions;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/**
 * The Spark session of a job run: the one {@code spark-submit} configured, or an embedded local Spark
 * ({@code local[*]}, UI off, 8 shuffle partitions) when no master is set, as with {@code bin/losseval}.
 *
 * <p>A new session is built with {@link LossSessionExtensions}: every loss function, and the aggregates'
 * map side planned over the scan's columnar batches. When the process already has a session (a
 * notebook, a test, an application calling {@code Main.run}), the job runs in it: the config's {@code
 * spark:} settings apply as Spark applies a builder's to an existing session (runtime SQL settings
 * only), the embedded defaults are not forced on it, and the functions are registered only if they are
 * not there yet.
 */
public final class JobSessions {
  private JobSessions() {}

  /** The session for {@code app}, with {@code settings} (a config's {@code spark:} map) applied. */
  public static SparkSession start(String app, Map<String, String> settings) {
    boolean existing = active().isDefined();
    SparkSession.Builder builder = SparkSession.builder().appName("losseval " + app);
    if (!existing) {
      builder.withExtensions(new LossSessionExtensions());
      if (!new SparkConf().contains("spark.master")) {
        builder.master("local[*]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "8");
      }
    }
    settings.forEach(builder::config);
    SparkSession spark = builder.getOrCreate();
    if (!spark.catalog().functionExists("mse_loss")) {
      LossFunctions.register(spark);
    }
    return spark;
  }

  private static Option<SparkSession> active() {
    Option<SparkSession> active = SparkSession.getActiveSession();
    return active.isDefined() ? active : SparkSession.getDefaultSession();
  }
}
