package io.losseval.jobs;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.losseval.core.Batch;
import io.losseval.core.Column;
import io.losseval.core.ColumnBuilder;
import io.losseval.core.Loss;
import io.losseval.core.LossCatalog;
import io.losseval.core.accum.LossAccumulator;
import io.losseval.core.kernel.KernelProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code losseval seed-examples}: computes every printed example of the seed articles with losseval and
 * prints it next to the value the article printed.
 */
@Command(
    name = "seed-examples",
    mixinStandardHelpOptions = true,
    description = "Compute the seed articles' examples and compare them with the printed values.")
final class SeedExamplesCommand implements Callable<Integer> {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  @Spec CommandSpec spec;

  @Option(
      names = "--dir",
      defaultValue = "sample-data/seed-examples",
      description = "Folder of example files (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (!Files.isDirectory(dir)) {
      spec.commandLine().getErr().println(
          "seed-examples: --dir " + dir + " is not a folder: expected the folder of example files"
              + " (sample-data/seed-examples in the repository)");
      return 2;
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    out.printf("kernels: %s%n%n", KernelProvider.kernels().name());
    out.printf("%-26s %-22s %-42s %12s %10s %s%n",
        "example", "loss", "options", "losseval", "article", "");
    int mismatches = 0;
    for (Path file : files) {
      JsonNode c = JSON.readTree(file.toFile());
      Loss loss = LossCatalog.create(c.get("loss").asText(), c.get("options").asText());
      LossAccumulator acc = LossAccumulator.create();
      loss.accumulate(batch(c), acc);
      double value = loss.result(acc);
      double printed = c.get("expected").asDouble();
      double tolerance = c.path("tolerance_abs").asDouble(1e-3);
      boolean ok = Math.abs(value - printed) <= tolerance;
      mismatches += ok ? 0 : 1;
      out.printf("%-26s %-22s %-42s %12.4f %10.4f %s%n", c.get("id").asText(),
          loss.name(), c.get("options").asText().isEmpty() ? "(defaults)" : c.get("options").asText(),
          value, printed, ok ? "ok" : "MISMATCH");
    }
    out.printf("%n%d examples, %d match the printed value within its precision%n",
        files.size(), files.size() - mismatches);
    return mismatches == 0 ? 0 : 1;
  }

  private static Batch batch(JsonNode c) {
    List<Column> columns = new ArrayList<>();
    for (JsonNode name : c.get("columns")) {
      boolean integral = true;
      for (JsonNode row : c.get("rows")) {
        integral &= row.get(name.asText()).isIntegralNumber();
      }
      ColumnBuilder b = integral ? ColumnBuilder.integers() : ColumnBuilder.create();
      for (JsonNode row : c.get("rows")) {
        JsonNode v = row.get(name.asText());
        if (v.isArray()) {
          double[] values = new double[v.size()];
          for (int i = 0; i < values.length; i++) {
            values[i] = v.get(i).asDouble();
          }
          b.add(values);
        } else {
          b.add(v.asDouble());
        }
      }
      columns.add(b.build());
    }
    return Batch.of(columns.toArray(new Column[0]));
  }
}
