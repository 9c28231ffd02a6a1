package io.losseval.jobs.errors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One bad input of the catalogue ({@link BadInputCatalogue}): the data, a SQL query over it and an
 * {@code evaluate} config over it, and what each must give: a clear error (the parts its message must
 * hold, and for the job its exit code) or a result whose skips are counted.
 *
 * @param id a stable name, used in {@code docs/errors.md}
 * @param category the category (a heading of {@code docs/errors.md})
 * @param description what is wrong with the input, in a few words
 * @param data how the input is made
 * @param sql the query; {@code {in}} stands for the input (a temporary view); null when SQL has no
 *     equivalent (a config key), with {@code sqlExpect} saying why
 * @param sqlExpect what the query gives
 * @param config the {@code evaluate} config; {@code ${input}}, {@code ${format}} and {@code ${output}}
 *     stand for the input's path and format and the output directory
 * @param jobExpect what the job gives
 */
public record BadInputCase(
    String id,
    String category,
    String description,
    Data data,
    String sql,
    Expect sqlExpect,
    String config,
    Expect jobExpect) {

  @Override
  public String toString() {
    return id;
  }

  /**
   * How a case's input is made.
   *
   * @param format the input's format (parquet, csv, json)
   * @param select a Spark SQL {@code SELECT} whose rows are the input (written as {@code format}); null
   *     when the input is raw files
   * @param vectors columns of {@code select} (arrays of doubles) turned into ML Vectors
   * @param files raw files (name to content) written as they are
   * @param readOptions the reader options (CSV's header, a mode) for the SQL view and the config
   * @param truncate whether the written files are cut to half their length (a truncated copy)
   * @param missing whether the input path does not exist at all
   */
  public record Data(String format, String select, List<String> vectors, Map<String, String> files,
      Map<String, String> readOptions, boolean truncate, boolean missing) {

    /** The rows of {@code select}, as parquet. */
    public static Data rows(String select) {
      return new Data("parquet", select, List.of(), Map.of(), Map.of(), false, false);
    }

    /** Raw files of {@code format}, read with {@code options} ("key=value" pairs). */
    public static Data files(String format, Map<String, String> files, String... options) {
      return new Data(format, null, List.of(), files, options(options), false, false);
    }

    /** A path that does not exist. */
    public static Data missingPath() {
      return new Data("parquet", null, List.of(), Map.of(), Map.of(), false, true);
    }

    /** This data with {@code columns} turned into ML Vectors. */
    public Data vectors(String... columns) {
      return new Data(format, select, List.of(columns), files, readOptions, truncate, missing);
    }

    /** This data's files cut to half their length. */
    public Data truncated() {
      return new Data(format, select, vectors, files, readOptions, true, missing);
    }

    private static Map<String, String> options(String... pairs) {
      Map<String, String> out = new LinkedHashMap<>();
      for (String p : pairs) {
        out.put(p.substring(0, p.indexOf('=')), p.substring(p.indexOf('=') + 1));
      }
      return out;
    }
  }

  /** What a query or a run must give. */
  public enum Outcome {
    /** An error: the message holds every part; a run exits with the code. */
    ERROR,
    /** One result: its value, the rows used and the skip counts by reason. */
    RESULT,
    /** No result rows (a grouped query over no rows). */
    NO_ROWS,
    /** The path has no equivalent here (SQL has no config); {@code note} says why. */
    NOT_APPLICABLE
  }

  /**
   * An expected outcome.
   *
   * @param outcome the kind
   * @param exitCode the job's exit code (errors; 0 otherwise)
   * @param parts what an error's message must hold
   * @param value a result's value: a number, {@code NaN}, {@code Infinity} or {@code null}
   * @param rows a result's rows used
   * @param skipped a result's skip counts by reason
   * @param note why the path does not apply, or what the result means
   */
  public record Expect(Outcome outcome, int exitCode, List<String> parts, String value, long rows,
      Map<String, Long> skipped, String note) {

    /** A SQL error whose message holds every one of {@code parts}. */
    public static Expect error(String... parts) {
      return new Expect(Outcome.ERROR, 0, List.of(parts), null, 0, Map.of(), null);
    }

    /** A job error: exit code {@code exitCode}, the message on stderr holds every one of {@code parts}. */
    public static Expect exit(int exitCode, String... parts) {
      return new Expect(Outcome.ERROR, exitCode, List.of(parts), null, 0, Map.of(), null);
    }

    /** A result: {@code value}, {@code rows} used, {@code skips} as {@code "null_value=1, ..."}. */
    public static Expect result(String value, long rows, String skips) {
      Map<String, Long> m = new LinkedHashMap<>();
      for (String s : skips.isBlank() ? new String[0] : skips.split(",\\s*")) {
        m.put(s.substring(0, s.indexOf('=')), Long.parseLong(s.substring(s.indexOf('=') + 1)));
      }
      return new Expect(Outcome.RESULT, 0, List.of(), value, rows, m, null);
    }

    /** No rows at all (a grouped query over an empty input). */
    public static Expect noRows() {
      return new Expect(Outcome.NO_ROWS, 0, List.of(), null, 0, Map.of(), null);
    }

    /** Not applicable, because {@code why}. */
    public static Expect notApplicable(String why) {
      return new Expect(Outcome.NOT_APPLICABLE, 0, List.of(), null, 0, Map.of(), why);
    }

    /** The same error parts for the job, with {@code exitCode} and {@code more} parts. */
    public Expect exitCode(int code, String... more) {
      List<String> all = new ArrayList<>(parts);
      all.addAll(Arrays.asList(more));
      return new Expect(Outcome.ERROR, code, List.copyOf(all), null, 0, Map.of(), null);
    }

    /** This expectation with a note (what the result means, e.g. "as PyTorch"). */
    public Expect because(String text) {
      return new Expect(outcome, exitCode, parts, value, rows, skipped, text);
    }

    /** The outcome as {@code docs/errors.md} states it (the docs test looks for this text). */
    public String describe(boolean job) {
      switch (outcome) {
        case ERROR:
          return (job ? "exit " + exitCode + ", " : "error, ") + "message with "
              + parts.stream().map(p -> "`" + p.replace("|", "\\|") + "`").collect(Collectors.joining(" + "));
        case RESULT:
          String skips = skipped.isEmpty() ? "no skips" : skipped.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
          return (job ? "exit 0, " : "") + "value " + value + ", rows " + rows + ", " + skips;
        case NO_ROWS:
          return "no result rows";
        default:
          return "n/a";
      }
    }
  }
}
