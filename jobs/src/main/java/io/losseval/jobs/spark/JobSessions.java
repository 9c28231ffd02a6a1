package io.losseval.jobs.spark;

import io.losseval.spark.LossFunctions;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of a job run: the one {@code spark-submit} configured, or an embedded local Spark
 * ({@code local[*]}, UI off) when no master is set, as with {@code bin/losseval}. Every loss function is
 * registered for SQL.
 */
public final class JobSessions {
  private JobSessions() {}

  /** The session for {@code app}, with {@code settings} (a config's {@code spark:} map) applied. */
  public static SparkSession start(String app, Map<String, String> settings) {
    SparkConf conf = new SparkConf();
    SparkSession.Builder builder = SparkSession.builder().appName("losseval " + app);
    if (!conf.contains("spark.master")) {
      builder.master("local[*]")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "8");
    }
    settings.forEach(builder::config);
    SparkSession spark = builder.getOrCreate();
    LossFunctions.register(spark);
    return spark;
  }
}
