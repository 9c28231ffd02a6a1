package io.losseval.jobs.evaluate;

import io.losseval.jobs.JobFailure;
import io.losseval.jobs.spark.SparkFailures;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reads back the results that {@link ResultsWriter} wrote (Parquet, every run under a directory). */
public final class ResultsReader {
  private ResultsReader() {}

  /**
   * Every result under {@code path} ({@code <path>/run_id=<id>/...}), or of one run directory.
   *
   * @param key the config key that names the path, for errors ({@code report.results})
   * @throws JobFailure (exit 3) when the path cannot be read as results
   */
  public static List<ResultRow> read(SparkSession spark, String path, String key) {
    List<Row> rows;
    try {
      rows = spark.read().parquet(path).collectAsList();
    } catch (Exception e) { // AnalysisException is checked in Java but undeclared by Scala
      throw JobFailure.badInput(key + " '" + path + "' cannot be read as results: "
          + SparkFailures.firstLine(String.valueOf(e.getMessage())) + ": expected the output.path of"
          + " earlier evaluate runs (Parquet)", e);
    }
    List<ResultRow> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      try {
        out.add(ResultRow.fromRow(r));
      } catch (RuntimeException e) {
        throw JobFailure.badInput(key + " '" + path + "' holds rows that are not losseval results ("
            + e.getMessage() + "): expected the output.path of earlier evaluate runs", e);
      }
    }
    return out;
  }
}
