package io.losseval.jobs.bench;

import java.util.List;

/**
 * A workload ready to time: its data and its lines.
 *
 * @param kind which workload
 * @param title the heading of its section ({@code MSE: 20,000,000 rows of (p double, t double)})
 * @param data the Parquet data every line reads
 * @param variants its lines, the {@link Variant.Role#REFERENCE} first
 * @param exactSumId the line that reduces a per-row loss with losseval's exact mean
 * @param plainSumId the line that reduces the same per-row values with Spark's plain {@code avg}
 */
record Workload(WorkloadKind kind, String title, DataSet data, List<Variant> variants, String exactSumId,
    String plainSumId) {

  Workload {
    variants = List.copyOf(variants);
    if (variants.isEmpty() || variants.get(0).role() != Variant.Role.REFERENCE) {
      throw new IllegalArgumentException("a workload's first line is its reference, losseval's SQL");
    }
  }
}
