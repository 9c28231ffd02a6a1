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
 * @param rowsSkipped the rows skipped (a null argument, with {@code on_null=skip})
 * @param skipped every skip count by reason ({@code null_value}, {@code ignored_target}, ...)
 * @param input the input read (path or table)
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
    String input) {

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
      .add("losseval_version", DataTypes.StringType, false);

  /** This result as a row of {@link #SCHEMA}. */
  public Row toRow(String version) {
    return RowFactory.create(runId, model, Timestamp.from(timestamp),
        JavaConverters.mapAsScalaMap(slice), loss, reduction, options, value, rows, rowsSkipped,
        JavaConverters.mapAsScalaMap(skipped), input, version);
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
