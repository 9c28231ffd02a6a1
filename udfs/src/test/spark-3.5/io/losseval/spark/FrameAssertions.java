package io.losseval.spark;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import com.holdenkarau.spark.testing.SparkSessionProvider;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * DataFrame comparisons for the tests. Spark 3.5: spark-testing-base's, on the test class's session.
 * (Only the ones that collect: the others ship the suite object to tasks, which needs Hive classes we
 * leave out.)
 */
final class FrameAssertions {
  private final JavaDataFrameSuiteBase suite;

  FrameAssertions(SparkSession spark) {
    SparkSessionProvider._sparkSession_$eq(spark);
    suite = new JavaDataFrameSuiteBase();
  }

  /** Fails unless both frames have the same schema and the same rows in the same order. */
  void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    suite.assertSmallDataFrameDataEquals(expected, actual);
  }
}
