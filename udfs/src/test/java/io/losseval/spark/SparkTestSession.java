package io.losseval.spark;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One local Spark session per test class ({@code local[2]}, 4 shuffle partitions, no UI), with every
 * loss function registered, and DataFrame assertions ({@link #frames}) on the same session.
 */
abstract class SparkTestSession {
  protected static SparkSession spark;
  /** DataFrame comparisons on {@link #spark} (spark-testing-base's where the Spark line has it). */
  protected static FrameAssertions frames;

  @BeforeAll
  static void startSpark() {
    spark = SparkSession.builder()
        .master("local[2]")
        .appName("losseval-tests")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate();
    LossFunctions.register(spark);
    frames = new FrameAssertions(spark);
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }
}
