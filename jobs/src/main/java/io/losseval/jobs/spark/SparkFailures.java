package io.losseval.jobs.spark;

import io.losseval.core.LossArgumentException;
import io.losseval.jobs.JobFailure;

/**
 * Classifies what a Spark job threw into the job's exit codes: a loss's {@link LossArgumentException}
 * (a value it cannot take, with the column), a malformed CSV or JSON record and a file that cannot be
 * read are bad input (3); anything else is 1. The message is one line: what failed, the innermost
 * cause's own message (not Spark's "Job aborted due to stage failure ..." wrapper), and what to fix.
 */
public final class SparkFailures {
  private SparkFailures() {}

  /** The failure of a Spark job that read {@code input} ("the input 'x'" or "the query"). */
  public static JobFailure classify(Throwable e, String input) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof LossArgumentException) {
        return JobFailure.badInput("bad input data in " + input + ": " + t.getMessage()
            + ": fix the data, or leave such rows out (input.filter, or a WHERE clause)", e);
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      if (m.contains("MALFORMED_RECORD") || m.contains("Malformed records are detected")
          || t.getClass().getName().endsWith("BadRecordException")) {
        return JobFailure.badInput(input + " has a malformed record: " + describe(t)
            + ": fix the file, or set input.options.mode to PERMISSIVE (malformed fields become nulls,"
            + " skipped and counted as null_value) or DROPMALFORMED (such rows are dropped uncounted)", e);
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      String type = t.getClass().getName();
      if (t instanceof java.io.FileNotFoundException || m.contains("FAILED_READ_FILE")
          || m.contains("is not a Parquet file") || m.contains("CANNOT_READ_FILE_FOOTER")
          || m.contains("Encountered error while reading file")
          || type.contains("ParquetDecodingException") || type.contains("MalformedRecord")
          || type.contains("SchemaColumnConvertNotSupported")) {
        return JobFailure.badInput(input + " cannot be read: " + describe(t)
            + ": check that its files are complete and in the format the config or query says", e);
      }
    }
    return JobFailure.other("the Spark job failed: " + describe(e) + " (the log above has the details)", e);
  }

  /**
   * One line for {@code t}: the first line of its innermost cause's message (what actually went wrong),
   * after the first line of {@code t}'s own when that says something the cause does not (the file
   * read, the record). Spark's wrappers ("Job aborted due to stage failure: ...") are left out.
   */
  public static String describe(Throwable t) {
    Throwable inner = t;
    while (inner.getCause() != null && inner.getCause() != inner) {
      inner = inner.getCause();
    }
    String innerText = firstLine(message(inner));
    String own = firstLine(message(t));
    if (inner == t || own.isEmpty() || own.contains(innerText) || own.startsWith("Job aborted")) {
      return innerText.isEmpty() ? own : innerText;
    }
    return own + ": " + innerText;
  }

  private static String message(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** The first line of a (multi-line) message. */
  public static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).trim();
  }
}
