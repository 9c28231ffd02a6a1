package io.losseval.jobs.evaluate;

import io.losseval.core.bootstrap.PoissonBootstrap;
import io.losseval.jobs.JobFailure;
import io.losseval.jobs.config.ConfigLocations;
import io.losseval.jobs.config.JobConfig;
import io.losseval.jobs.spark.SparkFailures;
import io.losseval.spark.Losses;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Runs an {@link EvaluationPlan}: reads the input, computes every planned loss over each slice in one
 * aggregation (one pass over the data), and returns the results sorted by slice, in config order within
 * a slice. Failures become {@link JobFailure}s: a column the input lacks is a config error (2), an input
 * that cannot be read or values a loss cannot take are input errors (3).
 */
public final class Evaluation {
  private final SparkSession spark;
  private final EvaluationPlan plan;

  public Evaluation(SparkSession spark, EvaluationPlan plan) {
    this.spark = spark;
    this.plan = plan;
  }

  /** The input's name in results and messages: its path or table. */
  public String inputName() {
    JobConfig.Input in = plan.config().input();
    return in.path() != null ? in.path() : in.table();
  }

  /** Reads the input (and applies its filter). */
  public Dataset<Row> input() {
    JobConfig.Input in = plan.config().input();
    ConfigLocations at = plan.locations();
    Dataset<Row> df;
    try {
      if (in.table() != null) {
        df = spark.table(in.table());
      } else {
        DataFrameReader reader = spark.read().format(in.format().sparkName()).options(in.options());
        if (failFast(in)) {
          // a malformed CSV or JSON record fails the run (exit 3) rather than turning into nulls or
          // disappearing; input.options.mode (PERMISSIVE, DROPMALFORMED) chooses otherwise
          reader = reader.option("mode", "FAILFAST");
        }
        df = reader.load(in.path());
      }
    } catch (Exception e) { // AnalysisException is checked in Java but undeclared by Scala
      String what = in.table() != null ? "input.table '" + in.table() + "'" : "input.path '" + in.path() + "'";
      JobFailure malformed = SparkFailures.classify(e, what);
      if (malformed.getMessage().startsWith(what + " has a malformed record")) {
        throw malformed; // FAILFAST found it while inferring the schema
      }
      throw JobFailure.badInput(at.where(in.table() != null ? "/input/table" : "/input/path") + ": " + what
          + " cannot be read as " + (in.table() != null ? "a table" : in.format().sparkName()) + ": "
          + SparkFailures.describe(e) + ": check the path (or table) and input.format", e);
    }
    if (in.filter() != null && !in.filter().isBlank()) {
      try {
        df = df.filter(functions.expr(in.filter()));
      } catch (Exception e) {
        throw JobFailure.badConfig(at.error("/input/filter", "is not a SQL condition over the input: "
            + SparkFailures.firstLine(String.valueOf(e.getMessage())) + " (columns: " + columns(df) + ")"), e);
      }
    }
    return df;
  }

  /** CSV and JSON input is read in FAILFAST mode unless {@code input.options} sets a mode. */
  static boolean failFast(JobConfig.Input in) {
    if (in.format() != JobConfig.Format.CSV && in.format() != JobConfig.Format.JSON) {
      return false;
    }
    for (String key : in.options().keySet()) {
      if (key.equalsIgnoreCase("mode")) {
        return false;
      }
    }
    return true;
  }

  /** Computes every planned loss per slice. */
  public List<ResultRow> run(Dataset<Row> input) {
    JobConfig config = plan.config();
    List<Column> groups = new ArrayList<>();
    for (int i = 0; i < config.groupBy().size(); i++) {
      groups.add(column(input, config.groupBy().get(i), "/group_by/" + i, "a column of the input"));
    }
    Column weight = config.columns().weight() == null
        ? null
        : column(input, config.columns().weight(), "/columns/weight", "a numeric column or expression");
    JobConfig.Bootstrap boot = config.bootstrap();
    PoissonBootstrap bootstrap = boot == null ? null : plan.bootstrap();
    Column bootstrapKey = boot == null || boot.key() == null ? null
        : column(input, boot.key(), "/bootstrap/key", "a column or SQL expression of the input");
    List<Column> aggregates = new ArrayList<>();
    for (int i = 0; i < plan.losses().size(); i++) {
      PlannedLoss loss = plan.losses().get(i);
      Column[] args = new Column[loss.arguments().size()];
      for (int k = 0; k < args.length; k++) {
        String key = loss.kind() == PlannedLoss.Kind.SQL_EXPRESSION
            ? loss.pointer() + "/expression"
            : loss.pointer() + "/arguments/" + loss.options().spec().arguments().get(k);
        args[k] = column(input, loss.arguments().get(k), key, "a column or SQL expression of the input");
      }
      aggregates.add((bootstrap == null ? Losses.lossStats(loss.options(), weight, args)
          : Losses.lossBootstrap(loss.options(), bootstrap, weight, bootstrapKey, args))
          .as("loss_" + i));
    }
    Dataset<Row> aggregated;
    try {
      aggregated = groups.isEmpty()
          ? input.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(new Column[0]))
          : input.groupBy(groups.toArray(new Column[0])).agg(aggregates.get(0),
              aggregates.subList(1, aggregates.size()).toArray(new Column[0]))
              .orderBy(groups.toArray(new Column[0]));
    } catch (Exception e) {
      if (!(e instanceof AnalysisException)) {
        throw e instanceof RuntimeException ? (RuntimeException) e : new IllegalStateException(e);
      }
      throw JobFailure.badInput("the input's columns do not fit the losses: " + SparkFailures.firstLine(e.getMessage())
          + ": check the input's column types, or the columns the config names", e);
    }
    List<Row> rows;
    try {
      rows = aggregated.collectAsList();
    } catch (Exception e) { // SparkException is checked in Java but undeclared by Scala
      throw SparkFailures.classify(e, "the input '" + inputName() + "'");
    }
    List<ResultRow> results = results(rows, groups.size());
    checkNotEmpty(results);
    return results;
  }

  /**
   * Fails (exit 3) when the input had no rows at all, or none passing {@code input.filter}: a scheduled
   * run over a partition that has not arrived must not write an empty (or null) result as if it had
   * evaluated something. Rows that were all skipped (nulls, empty arrays) are not empty input: their
   * counts are in the results.
   */
  private void checkNotEmpty(List<ResultRow> results) {
    for (ResultRow r : results) {
      if (r.rows() > 0 || r.rowsSkipped() > 0) {
        return;
      }
    }
    JobConfig.Input in = plan.config().input();
    boolean filtered = in.filter() != null && !in.filter().isBlank();
    throw JobFailure.badInput(filtered
        ? plan.locations().where("/input/filter") + ": input.filter '" + in.filter() + "' leaves no rows of"
            + " the input '" + inputName() + "': expected at least one row to evaluate; check the filter"
            + " and that the input holds the data the run expects"
        : "the input '" + inputName() + "' has no rows: expected at least one row to evaluate; check"
            + " that input." + (in.table() != null ? "table" : "path") + " holds the data the run expects"
            + " (was the job started before its data arrived?)");
  }

  private List<ResultRow> results(List<Row> rows, int groupCount) {
    JobConfig config = plan.config();
    boolean bootstrapped = config.bootstrap() != null;
    List<ResultRow> out = new ArrayList<>();
    for (Row row : rows) {
      Map<String, String> slice = new LinkedHashMap<>();
      for (int g = 0; g < groupCount; g++) {
        Object v = row.get(g);
        slice.put(config.groupBy().get(g), v == null ? null : v.toString());
      }
      for (int i = 0; i < plan.losses().size(); i++) {
        PlannedLoss loss = plan.losses().get(i);
        Row stats = row.getStruct(groupCount + i);
        Map<String, Long> skipped = new TreeMap<>(scala.collection.JavaConverters.mapAsJavaMap(
            stats.<String, Long>getMap(3)));
        out.add(new ResultRow(plan.runId(), config.run().model(), plan.timestamp(), slice, loss.name(),
            loss.reduction(), loss.optionsText(), stats.isNullAt(0) ? null : stats.getDouble(0),
            stats.getLong(1), stats.getLong(2), skipped, inputName(),
            bootstrapped && !stats.isNullAt(4) ? stats.getDouble(4) : null,
            bootstrapped && !stats.isNullAt(5) ? stats.getDouble(5) : null,
            bootstrapped && !stats.isNullAt(6) ? stats.<Double>getList(6) : null));
      }
    }
    return out;
  }

  /** The column {@code text} names (or its SQL expression), checked against the input. */
  private Column column(Dataset<Row> input, String text, String pointer, String expected) {
    Column c = Arrays.asList(input.columns()).contains(text) ? input.col("`" + text.replace("`", "``") + "`")
        : null;
    try {
      if (c == null) {
        c = functions.expr(text);
      }
      input.select(c);
      return c;
    } catch (Exception e) {
      throw JobFailure.badConfig(plan.locations().error(pointer, "is '" + text + "', not " + expected
          + " (" + SparkFailures.firstLine(String.valueOf(e.getMessage())) + "); the input's columns are "
          + columns(input)), e);
    }
  }

  private static String columns(Dataset<Row> df) {
    List<String> out = new ArrayList<>();
    for (org.apache.spark.sql.types.StructField f : df.schema().fields()) {
      out.add(f.name() + " " + f.dataType().simpleString());
    }
    return String.join(", ", out);
  }
}
