package io.losseval.jobs.bench;

import java.util.function.ToDoubleFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Makes the lines of one dataset, each a full query from the Parquet files to one number: a SQL query
 * over {@code parquet.`path`}, a DataFrame aggregation over {@code spark.read().parquet(path)}, or a
 * function of that DataFrame (MLlib's evaluators). Every line reads the files itself; nothing is cached
 * between runs.
 */
final class VariantFactory {
  /** What stands for the dataset in the code shown in reports. */
  static final String DATA = "{data}";

  private final SparkSession spark;
  private final DataSet data;

  VariantFactory(SparkSession spark, DataSet data) {
    this.spark = spark;
    this.data = data;
  }

  /** A SQL query; {@code sql} reads the data as {@code FROM {data}}. */
  Variant sql(String id, Variant.Role role, String label, String sql, String note) {
    String runnable = sql.replace(DATA, "parquet.`" + data.path() + "`");
    return new Variant(id, role, label, sql, note, () -> {
      double v = firstValue(spark.sql(runnable).first());
      return () -> v;
    }, 0);
  }

  /** A DataFrame aggregation: {@code df.agg(aggregate)}; {@code code} shows it. */
  Variant dataFrame(String id, Variant.Role role, String label, String code, Column aggregate, String note) {
    return new Variant(id, role, label, code, note, () -> {
      double v = firstValue(read().agg(aggregate).first());
      return () -> v;
    }, 0);
  }

  /**
   * Any computation over the data read as a DataFrame (MLlib's {@code Evaluator.evaluate}), dropped
   * after its first run if that took longer than {@code limitSeconds} (0: never).
   */
  Variant compute(String id, Variant.Role role, String label, String code, ToDoubleFunction<Dataset<Row>> run,
      String note, double limitSeconds) {
    return new Variant(id, role, label, code, note, () -> {
      double v = run.applyAsDouble(read());
      return () -> v;
    }, limitSeconds);
  }

  /** A line that runs {@code query}, made elsewhere (the evaluate job). */
  Variant query(String id, Variant.Role role, String label, String code, Variant.Query query, String note) {
    return new Variant(id, role, label, code, note, query, 0);
  }

  /** The data, read afresh. */
  Dataset<Row> read() {
    return spark.read().parquet(data.path());
  }

  private static double firstValue(Row r) {
    return r.isNullAt(0) ? Double.NaN : ((Number) r.get(0)).doubleValue();
  }
}
