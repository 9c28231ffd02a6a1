package io.losseval.jobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark as JSON, for tools: {@code environment}, {@code settings}, and per workload its data, CPU
 * use, exact-vs-plain ratio and lines, each with every measured time, the median, rows per second, the
 * time relative to losseval's SQL line, the result and its relative difference from losseval's. Times
 * are in milliseconds; a number that does not exist (no times, the scan floor's difference) is null.
 */
final class JsonReport {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  private JsonReport() {}

  /** The whole run as indented JSON text. */
  static String of(BenchEnvironment env, BenchSettings s, List<WorkloadResult> results) {
    ObjectNode root = JSON.createObjectNode();
    root.set("environment", JSON.valueToTree(env));
    ObjectNode settings = root.putObject("settings");
    settings.put("command", s.commandLine());
    settings.put("revision", s.revision());
    settings.put("seed", s.seed());
    settings.put("data_version", BenchData.VERSION);
    settings.put("data_dir", s.dataDir());
    settings.put("warmup_rounds", s.warmup());
    settings.put("measured_rounds", s.rounds());
    settings.put("max_other_cpu", s.maxOtherCpu());
    settings.put("gc_before_runs", s.gcBeforeRuns());
    settings.put("tolerance", s.tolerance());
    ArrayNode workloads = root.putArray("workloads");
    for (WorkloadResult r : results) {
      workloads.add(workload(r, s.tolerance()));
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write the benchmark's JSON report", e);
    }
  }

  private static ObjectNode workload(WorkloadResult r, double tolerance) {
    Workload w = r.workload();
    ObjectNode out = JSON.createObjectNode();
    out.put("key", w.kind().key());
    out.put("title", w.title());
    out.put("rows", w.data().rows());
    ObjectNode data = out.putObject("data");
    data.put("name", w.data().name());
    data.put("path", w.data().path());
    data.put("schema", w.data().schema());
    data.put("bytes", w.data().bytes());
    data.put("files", w.data().files());
    data.put("obtained", w.data().obtained());
    ObjectNode cpu = out.putObject("cpu");
    if (r.cpu().available()) {
      cpu.put("this_jvm_share", r.cpu().selfShare());
      cpu.put("other_processes_share", r.cpu().othersShare());
    }
    cpu.put("discarded_rounds", r.discardedRounds());
    cpu.put("waited_seconds", r.waitedSeconds());
    ObjectNode pair = out.putObject("exact_vs_plain_sum");
    pair.put("exact", w.exactSumId());
    pair.put("plain", w.plainSumId());
    number(pair, "time_ratio", r.exactOverPlain());
    ArrayNode lines = out.putArray("variants");
    for (Measurement m : r.measurements()) {
      lines.add(line(r, m, tolerance));
    }
    return out;
  }

  private static ObjectNode line(WorkloadResult r, Measurement m, double tolerance) {
    Variant v = m.variant();
    ObjectNode out = JSON.createObjectNode();
    out.put("id", v.id());
    out.put("role", v.role().name().toLowerCase(Locale.ROOT));
    out.put("label", v.label());
    out.put("code", v.code());
    out.put("note", v.note());
    out.put("dropped", m.dropped());
    ArrayNode times = out.putArray("times_ms");
    m.nanos().forEach(t -> times.add(t / 1e6));
    number(out, "median_ms", m.medianNanos() / 1e6);
    number(out, "min_ms", m.minNanos() / 1e6);
    number(out, "max_ms", m.maxNanos() / 1e6);
    number(out, "rows_per_second", r.rowsPerSecond(m));
    number(out, "time_vs_losseval_sql", r.timeVsReference(m));
    number(out, "result", m.value());
    number(out, "relative_difference", r.relativeDifference(m));
    out.put("agrees", r.agrees(m, tolerance));
    out.put("same_result_every_run", !m.valueChanged());
    return out;
  }

  /** A finite number, or null: JSON has no NaN. */
  private static void number(ObjectNode node, String key, double v) {
    if (Double.isFinite(v)) {
      node.put(key, v);
    } else {
      node.putNull(key);
    }
  }
}
