package io.losseval.jobs.bench;

import java.util.Locale;

/**
 * One generated Parquet dataset of the benchmark, as found on disk.
 *
 * @param name the directory's name: kind, rows, seed and data version ({@code logits10-2000000-seed42-v1})
 * @param path the directory, fully qualified ({@code file:/...}, {@code hdfs://...})
 * @param rows its rows
 * @param schema its columns, for reports ({@code (p double, t double)})
 * @param bytes the Parquet files' total size
 * @param files the number of Parquet files
 * @param obtained how this run got it: {@code reused}, or {@code generated in 12.3 s}
 */
record DataSet(String name, String path, long rows, String schema, long bytes, int files, String obtained) {

  /** One line for reports: format, size, files, and whether it was generated or reused. */
  String describe() {
    return String.format(Locale.ROOT, "Parquet (snappy), %.1f MB in %d files, %s: `%s`", bytes / 1e6, files,
        obtained, path);
  }
}
