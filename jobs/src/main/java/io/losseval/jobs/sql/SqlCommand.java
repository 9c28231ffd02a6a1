package io.losseval.jobs.sql;

import com.univocity.parsers.csv.CsvWriter;
import com.univocity.parsers.csv.CsvWriterSettings;
import io.losseval.jobs.JobFailure;
import io.losseval.jobs.TextTable;
import io.losseval.jobs.spark.JobSessions;
import io.losseval.jobs.spark.SparkFailures;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code losseval sql (--query TEXT | --file FILE) [--format table|csv|json]}: runs one Spark SQL query
 * with every loss function registered and prints its rows on stdout; logs and progress go to stderr,
 * so with {@code --format json} stdout is exactly one JSON object per row (JSON Lines, keys = column
 * names, nulls kept).
 */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = {
        "Run one Spark SQL query with every loss function registered, over files or tables, and print"
            + " all its rows on stdout (logs go to stderr; use LIMIT for a sample of a large result).",
        "",
        "Exit codes: 0 success, 2 bad query or arguments, 3 bad input data, 1 anything else."},
    footer = {"", "Example:",
        "  bin/losseval sql --query \"SELECT model, cross_entropy(logits, label) AS ce"
            + " FROM parquet.\\`sample-data/multiclass.parquet\\` GROUP BY model\" --format json"})
public final class SqlCommand implements Callable<Integer> {

  /** How rows are printed. */
  public enum Format { table, csv, json }

  static final class QuerySource {
    @Option(names = {"-q", "--query"}, paramLabel = "TEXT", description = "The query.")
    String query;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "A file holding the query.")
    Path file;
  }

  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  QuerySource source;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "table (default), csv (a header, then RFC 4180 rows) or json (JSON Lines).")
  Format format;

  @Option(names = "--conf", paramLabel = "KEY=VALUE",
      description = "A Spark setting for the session (repeatable): --conf spark.sql.shuffle.partitions=4")
  Map<String, String> conf = Map.of();

  @Override
  public Integer call() {
    String query = query();
    SparkSession spark = JobSessions.start("sql", conf);
    Dataset<Row> result;
    try {
      result = spark.sql(query);
    } catch (Exception e) { // ParseException and AnalysisException: checked in Java, undeclared in Scala
      throw JobFailure.badConfig("the query is not valid: " + SparkFailures.firstLine(e.getMessage())
          + ": fix the SQL (bin/losseval list shows every loss function and its arguments)", e);
    }
    PrintWriter out = spec.commandLine().getOut();
    try {
      switch (format) {
        case json -> printJson(result, out);
        case csv -> printCsv(result, out);
        default -> printTable(result, out);
      }
    } catch (JobFailure e) {
      throw e;
    } catch (Exception e) { // SparkException is checked in Java but undeclared by Scala
      throw SparkFailures.classify(e, "the query's input");
    }
    out.flush();
    return JobFailure.SUCCESS;
  }

  private String query() {
    if (source.query != null) {
      if (source.query.isBlank()) {
        throw JobFailure.badConfig("--query is empty: give a SQL query");
      }
      return source.query;
    }
    try {
      return Files.readString(source.file);
    } catch (NoSuchFileException e) {
      throw JobFailure.badConfig("--file " + source.file + " does not exist: give a file holding one query");
    } catch (IOException e) {
      throw JobFailure.badConfig("--file " + source.file + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static void printJson(Dataset<Row> result, PrintWriter out) {
    Dataset<Row> renamed = positional(result);
    Column[] all = new Column[result.columns().length];
    for (int i = 0; i < all.length; i++) {
      all[i] = renamed.col("c" + i).as(result.columns()[i]);
    }
    Column json = functions.to_json(functions.struct(all), Map.of("ignoreNullFields", "false"));
    for (Row line : renamed.select(json).collectAsList()) {
      out.println(line.getString(0));
    }
  }

  private static void printCsv(Dataset<Row> result, PrintWriter out) {
    Dataset<Row> flat = asText(result);
    CsvWriterSettings settings = new CsvWriterSettings();
    settings.setQuoteEscapingEnabled(true);
    settings.getFormat().setLineSeparator("\n");
    CsvWriter csv = new CsvWriter(out, settings);
    csv.writeHeaders(result.columns());
    for (Row r : flat.collectAsList()) {
      Object[] cells = new Object[r.length()];
      for (int i = 0; i < cells.length; i++) {
        cells[i] = r.isNullAt(i) ? null : r.get(i).toString();
      }
      csv.writeRow(cells);
    }
    csv.flush();
  }

  private static void printTable(Dataset<Row> result, PrintWriter out) {
    Dataset<Row> flat = asText(result);
    TextTable table = new TextTable(List.of(result.columns()));
    for (Row r : flat.collectAsList()) {
      List<Object> cells = new ArrayList<>();
      for (int i = 0; i < r.length(); i++) {
        cells.add(r.isNullAt(i) ? null : r.get(i).toString());
      }
      table.add(cells);
    }
    table.print(out);
    out.println("(" + table.size() + (table.size() == 1 ? " row)" : " rows)"));
  }

  /** Arrays, maps and structs as JSON text, for the flat formats (columns by position: names may repeat). */
  private static Dataset<Row> asText(Dataset<Row> result) {
    StructField[] fields = result.schema().fields();
    Dataset<Row> renamed = positional(result);
    List<Column> cols = new ArrayList<>();
    for (int i = 0; i < fields.length; i++) {
      Column c = renamed.col("c" + i);
      if (fields[i].dataType() instanceof ArrayType || fields[i].dataType() instanceof MapType
          || fields[i].dataType() instanceof StructType) {
        c = functions.to_json(c);
      }
      cols.add(c.as("c" + i));
    }
    return renamed.select(cols.toArray(new Column[0]));
  }

  /** The result with its columns renamed c0, c1, ...: a query's column names may repeat. */
  private static Dataset<Row> positional(Dataset<Row> result) {
    String[] names = new String[result.columns().length];
    for (int i = 0; i < names.length; i++) {
      names[i] = "c" + i;
    }
    return result.toDF(names);
  }
}
