package io.losseval.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * DataFrame comparisons for the tests. Spark 4: spark-testing-base has no build for it, so the frames are
 * collected and compared here, as its {@code assertSmallDataFrameDataEquals} does.
 */
final class FrameAssertions {
  FrameAssertions(SparkSession spark) {}

  /** Fails unless both frames have the same schema and the same rows in the same order. */
  void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    assertEquals(expected.schema(), actual.schema(), "schema");
    List<Row> want = expected.collectAsList();
    List<Row> got = actual.collectAsList();
    assertEquals(want, got, "rows");
  }
}
