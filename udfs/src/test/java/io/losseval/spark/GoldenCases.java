package io.losseval.spark;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The golden cases of core's test resources ({@code golden/pytorch}, {@code golden/seeds}), each
 * writable as the JSON Lines file a SQL query reads.
 */
final class GoldenCases {
  static final JsonMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
      .build();

  final String id;
  final String loss;
  final String options;
  final String reduction;
  final List<String> columns;
  final JsonNode rows;
  final JsonNode expected;
  final boolean seed;
  final double toleranceAbs;

  private GoldenCases(JsonNode n, boolean seed) {
    id = n.get("id").asText();
    loss = n.get("loss").asText();
    options = n.get("options").asText();
    reduction = n.get("reduction").asText();
    columns = new ArrayList<>();
    n.get("columns").forEach(c -> columns.add(c.asText()));
    rows = n.get("rows");
    expected = n.get("expected");
    this.seed = seed;
    toleranceAbs = n.has("tolerance_abs") ? n.get("tolerance_abs").asDouble() : 1e-12;
  }

  /** Every case of {@code golden/<folder>}, sorted by file name. */
  static List<GoldenCases> load(String folder) {
    URL url = GoldenCases.class.getResource("/golden/" + folder);
    if (url == null) {
      throw new IllegalStateException("golden/" + folder + " is not on the test classpath");
    }
    List<GoldenCases> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(Paths.get(url.toURI()))) {
      for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        out.add(new GoldenCases(JSON.readTree(p.toFile()), folder.equals("seeds")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  /** Writes the rows as JSON Lines ({@code idx} and one field per column) to {@code file}. */
  Path writeRows(Path file) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (JsonNode r : rows) {
      sb.append(JSON.writeValueAsString(r)).append('\n');
    }
    return Files.writeString(file, sb.toString());
  }

  @Override
  public String toString() {
    return (seed ? "seeds/" : "pytorch/") + id;
  }
}
