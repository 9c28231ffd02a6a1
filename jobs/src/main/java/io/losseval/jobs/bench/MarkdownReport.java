package io.losseval.jobs.bench;

import java.util.Locale;

/**
 * The benchmark as Markdown: a header naming what the numbers depend on and how they were measured,
 * then one section per workload with its table (median, spread, rows per second, time relative to
 * losseval's SQL line, result, relative difference from losseval's SQL result), the notes that a fair
 * reading needs, the exact-vs-plain-sum ratio and the queries.
 */
final class MarkdownReport {
  private MarkdownReport() {}

  /** The header: the run, the environment and the method. */
  static String header(BenchEnvironment env, BenchSettings s) {
    StringBuilder sb = new StringBuilder();
    sb.append("# losseval bench: the whole query, from Parquet to one number\n\n");
    sb.append("`").append(s.commandLine()).append("` on ").append(env.date()).append(", losseval ")
        .append(env.version());
    if (s.revision() != null && !s.revision().isBlank()) {
      sb.append(", source revision ").append(s.revision());
    }
    sb.append(".\n\n");
    sb.append("- JVM: ").append(env.jvm()).append(", max heap ").append(env.maxHeapMb()).append(" MB; flags: `")
        .append(env.jvmFlags()).append("` and ").append(env.addOpens()).append(" `--add-opens`\n");
    sb.append("- CPU: ").append(env.cpu()).append(", ").append(env.cores()).append(" cores available\n");
    sb.append("- Spark ").append(env.spark()).append(", master `").append(env.master()).append("`, ")
        .append(env.sparkSettings()).append('\n');
    sb.append("- losseval kernels: ").append(env.kernels()).append('\n');
    sb.append("- Data: seeded Parquet under `").append(s.dataDir()).append("` (seed ").append(s.seed())
        .append(", data version ").append(BenchData.VERSION).append(", ").append(s.dataFiles())
        .append(" files per dataset), generated once and reused by runs of the same size\n");
    sb.append("- Method: each line is one full query from the Parquet files to its one number, planning")
        .append(" included. ").append(s.warmup()).append(" warm-up round(s), then ").append(s.rounds())
        .append(" measured rounds; in each round every line of the workload runs once, round-robin in one")
        .append(" JVM (the first line rotates)").append(s.gcBeforeRuns()
            ? ", after a `System.gc()` that is not timed. "
            : ", without a `System.gc()` between runs (`--no-gc`). ");
    if (s.watchesOtherProcesses()) {
      sb.append(String.format(Locale.ROOT, "Each measured round first waits (within %.0f s for the run) for"
          + " other processes to use at most %.0f%% of the CPU, and a round in which they used more is"
          + " discarded and run again. ", s.quietWaitSeconds(), 100 * s.maxOtherCpu()));
    } else {
      sb.append("Other processes were not watched (`--max-other-cpu 1`). ");
    }
    sb.append("Reported: the median; rows/s = rows / median; time vs losseval SQL = median / the median of")
        .append(" losseval's SQL line (above 1: slower than losseval); relative difference = `|x - ref| /")
        .append(" |ref|` against losseval's SQL result.\n\n");
    return sb.toString();
  }

  /** One workload's section. */
  static String section(WorkloadResult r, int cores) {
    Workload w = r.workload();
    StringBuilder sb = new StringBuilder();
    sb.append("## ").append(w.title()).append("\n\n");
    sb.append(w.data().describe()).append(". ").append(r.cpuSentence(cores)).append("\n\n");
    sb.append("| variant | median ms | min-max ms | rows/s | time vs losseval SQL | result")
        .append(" | relative difference |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (Measurement m : r.measurements()) {
      sb.append("| ").append(m.variant().label()).append(" | ");
      if (!m.hasTimes()) {
        sb.append(m.isDropped() ? m.dropped() : "not measured").append(" | | | | | |\n");
        continue;
      }
      sb.append(String.format(Locale.ROOT, "%.0f | %.0f-%.0f | %s | %.2f | %s | %s |%n", m.medianNanos() / 1e6,
          m.minNanos() / 1e6, m.maxNanos() / 1e6, rate(r.rowsPerSecond(m)), r.timeVsReference(m),
          number(m.value()), m == r.reference() ? "(reference)"
              : m.variant().computesTheLoss() ? String.format(Locale.ROOT, "%.2g", r.relativeDifference(m))
              : "(not a loss)"));
    }
    sb.append('\n');
    Measurement exact = r.line(w.exactSumId());
    Measurement plain = r.line(w.plainSumId());
    if (exact.hasTimes() && plain.hasTimes()) {
      sb.append(String.format(Locale.ROOT, "Exact vs plain sum, end to end: `%s` takes %.2fx the time of `%s`"
          + " (the same per-row values, reduced by losseval's exact mean and by Spark's `avg`).%n%n",
          exact.variant().id(), r.exactOverPlain(), plain.variant().id()));
    }
    for (Measurement m : r.measurements()) {
      if (m.valueChanged()) {
        sb.append("- `").append(m.variant().id()).append("` gave different bits in different runs.\n");
      }
      if (m.variant().note() != null) {
        sb.append("- `").append(m.variant().id()).append("`: ").append(m.variant().note()).append(".\n");
      }
    }
    sb.append("\nQueries (`").append(VariantFactory.DATA).append("` is `").append(w.data().path())
        .append("`):\n\n");
    for (Measurement m : r.measurements()) {
      sb.append("- ").append(m.variant().id()).append(": `").append(m.variant().code()).append("`\n");
    }
    sb.append('\n');
    return sb.toString();
  }

  private static String rate(double perSecond) {
    if (perSecond >= 1e6) {
      return String.format(Locale.ROOT, "%.1f M", perSecond / 1e6);
    }
    return String.format(Locale.ROOT, "%.1f k", perSecond / 1e3);
  }

  private static String number(double v) {
    return String.format(Locale.ROOT, "%.10g", v);
  }
}
