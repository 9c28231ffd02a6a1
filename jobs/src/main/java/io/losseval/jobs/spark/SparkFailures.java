package io.losseval.jobs.spark;

import io.losseval.core.LossArgumentException;
import io.losseval.jobs.JobFailure;

/**
 * Classifies what a Spark job threw into the job's exit codes: a loss's {@link LossArgumentException}
 * (a value it cannot take, with the row) and a file that cannot be read are bad input (3); anything
 * else is 1. The message keeps the first line of the cause and says what to fix.
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
      String m = String.valueOf(t.getMessage());
      String type = t.getClass().getName();
      if (t instanceof java.io.FileNotFoundException || m.contains("FAILED_READ_FILE")
          || m.contains("is not a Parquet file") || m.contains("CANNOT_READ_FILE_FOOTER")
          || type.contains("ParquetDecodingException") || type.contains("MalformedRecord")
          || type.contains("SchemaColumnConvertNotSupported")) {
        return JobFailure.badInput(input + " cannot be read: " + firstLine(m)
            + ": check that its files are complete and in the format the config or query says", e);
      }
    }
    return JobFailure.other("the Spark job failed: " + firstLine(String.valueOf(e.getMessage()))
        + " (the log above has the details)", e);
  }

  /** The first line of a (multi-line) message. */
  public static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
