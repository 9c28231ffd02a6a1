package io.losseval.jobs.evaluate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/**
 * One result of an evaluation: a loss with one reduction over one slice of the input.
 *
 * @param runId the run id
 * @param model the model named in the config's run metadata (may be null)
 * @param timestamp the run's timestamp
 * @param slice the slice's value of each {@code group_by} column, in config order (as text; empty
 *     without {@code group_by})
 * @param loss the loss's name
 * @param reduction {@code mean}, {@code sum} or {@code batchmean}
 * @param options the options that differ from the defaults, besides the reduction ({@code ""} if none)
 * @param value the reduced loss; null when no row of the slice was used
 * @param rows the rows used
 * @param rowsSkipped the rows skipped whole (a null argument with {@code on_null=skip}, or an empty array)
 * @param skipped every skip count by reason ({@code null_value}, {@code ignored_target}, ...)
 * @param input the input read (path or table)
 * @param ciLower the lower bound of the value's 95% bootstrap interval (null: no bootstrap)
 * @param ciUpper the upper bound of the value's 95% bootstrap interval (null: no bootstrap)
 * @param replicates the bootstrap's replicate values, in replicate order (null: no bootstrap)
 */
public record ResultRow(
    String runId,
    String model,
    Instant timestamp,
    Map<String, String> slice,
    String loss,
    String reduction,
    String options,
    Double value,
    long rows,
    long rowsSkipped,
    Map<String, Long> skipped,
    String input,
    Double ciLower,
    Double ciUpper,
    List<Double> replicates) {

  /** The results table's schema: one row per (slice, loss, reduction) of a run. */
  public static final StructType SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType, false)
      .add("model", DataTypes.StringType, true)
      .add("run_timestamp", DataTypes.TimestampType, false)
      .add("slice", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true), false)
      .add("loss", DataTypes.StringType, false)
      .add("reduction", DataTypes.StringType, false)
      .add("options", DataTypes.StringType, false)
      .add("value", DataTypes.DoubleType, true)
      .add("rows", DataTypes.LongType, false)
      .add("rows_skipped", DataTypes.LongType, false)
      .add("skipped", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, false), false)
      .add("input", DataTypes.StringType, false)
      .add("losseval_version", DataTypes.StringType, false)
      .add("ci_lower", DataTypes.DoubleType, true)
      .add("ci_upper", DataTypes.DoubleType, true)
      .add("replicates", DataTypes.createArrayType(DataTypes.DoubleType, false), true);

  /** This result as a row of {@link #SCHEMA}. */
  public Row toRow(String version) {
    return RowFactory.create(runId, model, Timestamp.from(timestamp),
        JavaConverters.mapAsScalaMap(slice), loss, reduction, options, value, rows, rowsSkipped,
        JavaConverters.mapAsScalaMap(skipped), input, version, ciLower, ciUpper,
        replicates == null ? null : JavaConverters.asScalaBuffer(replicates).toList());
  }

  /**
   * A result read back from a results table (a row with {@link #SCHEMA}'s columns, by name; {@code
   * run_id} may be a partition column; tables written before bootstrap intervals have none).
   */
  public static ResultRow fromRow(Row row) {
    List<String> fields = List.of(row.schema().fieldNames());
    Map<String, String> slice = new java.util.TreeMap<>(
        JavaConverters.mapAsJavaMap(row.<String, String>getMap(row.fieldIndex("slice"))));
    Map<String, Long> skipped = new java.util.TreeMap<>(
        JavaConverters.mapAsJavaMap(row.<String, Long>getMap(row.fieldIndex("skipped"))));
    int value = row.fieldIndex("value");
    Double lower = null;
    Double upper = null;
    List<Double> replicates = null;
    if (fields.contains("replicates") && !row.isNullAt(row.fieldIndex("replicates"))) {
      lower = row.isNullAt(row.fieldIndex("ci_lower")) ? null : row.getDouble(row.fieldIndex("ci_lower"));
      upper = row.isNullAt(row.fieldIndex("ci_upper")) ? null : row.getDouble(row.fieldIndex("ci_upper"));
      replicates = row.getList(row.fieldIndex("replicates"));
    }
    return new ResultRow(String.valueOf(row.get(row.fieldIndex("run_id"))),
        row.getString(row.fieldIndex("model")),
        row.getTimestamp(row.fieldIndex("run_timestamp")).toInstant(), slice,
        row.getString(row.fieldIndex("loss")), row.getString(row.fieldIndex("reduction")),
        row.getString(row.fieldIndex("options")), row.isNullAt(value) ? null : row.getDouble(value),
        row.getLong(row.fieldIndex("rows")), row.getLong(row.fieldIndex("rows_skipped")), skipped,
        row.getString(row.fieldIndex("input")), lower, upper, replicates);
  }

  /** The slice without the keys {@code drop}, as {@code k=v, k=v} ({@code ""} for none). */
  public String sliceText(java.util.Collection<String> drop) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : slice.entrySet()) {
      if (!drop.contains(e.getKey())) {
        sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append('=').append(e.getValue());
      }
    }
    return sb.toString();
  }

  /** The rows of {@code results}. */
  public static List<Row> toRows(List<ResultRow> results, String version) {
    List<Row> out = new ArrayList<>(results.size());
    for (ResultRow r : results) {
      out.add(r.toRow(version));
    }
    return out;
  }
}
