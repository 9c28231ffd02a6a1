package io.losseval.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs JMH benchmarks (the arguments are JMH's own: a benchmark regex, {@code -f}, {@code -wi}, ...) and,
 * after JMH's usual output, prints their scores as Markdown on stdout, one line per benchmark and
 * parameter set: for benchmarks with the {@code impl} parameter ({@link KernelBenchmark}) the scalar and
 * SIMD scores side by side with the speed-up {@code scalar / simd}; for the others ({@link SumBenchmark})
 * the score alone, in a second table. Scores are in JMH's unit: nanoseconds per element here.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar io.losseval.bench.BenchmarkTable 'KernelBenchmark|SumBenchmark'}
 */
public final class BenchmarkTable {
  private static final String IMPL = "impl";

  private BenchmarkTable() {}

  public static void main(String[] args) throws Exception {
    Collection<RunResult> results = new Runner(new CommandLineOptions(args)).run();
    System.out.println();
    System.out.print(markdown(results));
  }

  /**
   * The tables of {@code results}: the benchmarks with an {@code impl} parameter (scalar and SIMD side by
   * side, and the speed-up), then the others (one score each).
   */
  static String markdown(Collection<RunResult> results) {
    Map<String, Map<String, RunResult>> paired = new LinkedHashMap<>();
    List<RunResult> single = new ArrayList<>();
    for (RunResult r : results) {
      if (r.getParams().getParamsKeys().contains(IMPL)) {
        paired.computeIfAbsent(shortName(r) + " " + parameters(r), k -> new LinkedHashMap<>())
            .put(r.getParams().getParam(IMPL), r);
      } else {
        single.add(r);
      }
    }
    StringBuilder sb = new StringBuilder();
    if (!paired.isEmpty()) {
      sb.append("| benchmark | parameters | scalar | SIMD | speed-up (scalar / SIMD) | unit |\n");
      sb.append("|---|---|---:|---:|---:|---|\n");
      for (Map<String, RunResult> byImpl : paired.values()) {
        RunResult any = byImpl.values().iterator().next();
        RunResult scalar = byImpl.get("scalar");
        RunResult simd = byImpl.get("simd");
        String ratio = scalar != null && simd != null
            ? String.format(Locale.ROOT, "%.2fx",
                scalar.getPrimaryResult().getScore() / simd.getPrimaryResult().getScore())
            : "";
        sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", shortName(any), parameters(any),
            scalar == null ? "" : score(scalar), simd == null ? "" : score(simd), ratio, unit(any)));
      }
      sb.append('\n');
    }
    if (!single.isEmpty()) {
      sb.append("| benchmark | parameters | score | unit |\n");
      sb.append("|---|---|---:|---|\n");
      for (RunResult r : single) {
        sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", shortName(r), parameters(r), score(r),
            unit(r)));
      }
      sb.append('\n');
    }
    sb.append("One op is one element (each benchmark's @OperationsPerInvocation), so ns/op is ns per element.\n");
    return sb.toString();
  }

  private static String unit(RunResult r) {
    return r.getPrimaryResult().getScoreUnit();
  }

  private static String shortName(RunResult r) {
    String full = r.getParams().getBenchmark();
    int method = full.lastIndexOf('.');
    int type = full.lastIndexOf('.', method - 1);
    return full.substring(type + 1);
  }

  private static String parameters(RunResult r) {
    List<String> out = new ArrayList<>();
    for (String key : r.getParams().getParamsKeys()) {
      if (!key.equals(IMPL)) {
        out.add(key + "=" + r.getParams().getParam(key));
      }
    }
    return out.isEmpty() ? "-" : String.join(", ", out);
  }

  private static String score(RunResult r) {
    return String.format(Locale.ROOT, "%.3f ± %.3f", r.getPrimaryResult().getScore(),
        r.getPrimaryResult().getScoreError());
  }
}
