package io.losseval.spark;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import com.holdenkarau.spark.testing.SparkSessionProvider;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One local Spark session per test class ({@code local[2]}, 4 shuffle partitions, no UI), with every
 * loss function registered, shared with spark-testing-base so that its DataFrame assertions
 * ({@link #frames}) run on the same session.
 */
abstract class SparkTestSession {
  protected static SparkSession spark;
  /**
   * spark-testing-base's DataFrame comparisons, on {@link #spark}. (Use the ones that collect, such as
   * {@code assertSmallDataFrameDataEquals}: the others ship the suite object to tasks, which needs Hive
   * classes we leave out.)
   */
  protected static JavaDataFrameSuiteBase frames;

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
    SparkSessionProvider._sparkSession_$eq(spark);
    frames = new JavaDataFrameSuiteBase();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }
}
