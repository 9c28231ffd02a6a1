package io.losseval.jobs.bench;

/**
 * One line of a workload's table: a way to compute the workload's loss (or, for the scan floor, to read
 * its data) with one full query from Parquet to one number.
 *
 * @param id a short stable name ({@code losseval-sql}), used in progress lines and the JSON report
 * @param role what the line is, for ratios and the agreement check
 * @param label the line's name in the Markdown table
 * @param code the query or code as a reader would write it; {@code {data}} stands for the dataset
 * @param note what the reader must know to read the line's time fairly, or null
 * @param query runs the query; only this call is timed
 * @param limitSeconds drop the line after the first round if one run took longer; 0 for never
 */
record Variant(String id, Role role, String label, String code, String note, Query query,
    double limitSeconds) {

  /** What a line is. */
  enum Role {
    /** losseval's SQL function: every other line's time and result are compared to it. */
    REFERENCE,
    /** Another way to run losseval (DataFrame API, the evaluate job, the exact sum of a row expression). */
    LOSSEVAL,
    /** What users would run instead: Spark SQL built-ins, MLlib, a plain sum. */
    ALTERNATIVE,
    /** Reads every column and computes almost nothing: the cost of the scan alone. Not a loss. */
    SCAN_FLOOR
  }

  /** The timed part of a line. */
  @FunctionalInterface
  interface Query {
    /** Runs the full query and returns how to read its result. */
    Answer run();
  }

  /** A query's one number, read after the timing stopped (for the evaluate job: from its output). */
  @FunctionalInterface
  interface Answer {
    double value();
  }

  /** Whether the line's result is the workload's mean loss, to be checked against the reference. */
  boolean computesTheLoss() {
    return role != Role.SCAN_FLOOR;
  }
}
