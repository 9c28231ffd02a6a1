package io.losseval.core;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
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
 * One reference case computed by PyTorch (or printed by a seed article), read from the test resources
 * {@code golden/pytorch/*.json} and {@code golden/seeds/*.json} (format: {@code golden/README.md}).
 */
final class GoldenCase {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  final String id;
  final String loss;
  final String options;
  final String reduction;
  final List<String> columns;
  final JsonNode rows;
  final JsonNode expected;
  final double toleranceAbs;

  private GoldenCase(JsonNode n) {
    id = n.get("id").asText();
    loss = n.get("loss").asText();
    options = n.get("options").asText();
    reduction = n.get("reduction").asText();
    columns = new ArrayList<>();
    n.get("columns").forEach(c -> columns.add(c.asText()));
    rows = n.get("rows");
    expected = n.get("expected");
    toleranceAbs = n.has("tolerance_abs") ? n.get("tolerance_abs").asDouble() : Double.NaN;
  }

  /** Every case of a folder under {@code golden/}, sorted by file name. */
  static List<GoldenCase> load(String folder) {
    URL url = GoldenCase.class.getResource("/golden/" + folder);
    if (url == null) {
      throw new IllegalStateException("missing test resources golden/" + folder);
    }
    try (Stream<Path> files = Files.list(Paths.get(url.toURI()))) {
      List<GoldenCase> cases = new ArrayList<>();
      for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(p)) {
          cases.add(new GoldenCase(JSON.readTree(in)));
        }
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The case's rows as a batch, one column per argument. */
  Batch batch() {
    Column[] cols = new Column[columns.size()];
    for (int c = 0; c < cols.length; c++) {
      cols[c] = column(columns.get(c));
    }
    return Batch.of(cols);
  }

  /** Rows {@code [from, to)} as a batch. */
  Batch batch(int from, int to) {
    Column[] cols = new Column[columns.size()];
    for (int c = 0; c < cols.length; c++) {
      cols[c] = column(columns.get(c), from, to);
    }
    return Batch.of(from, cols);
  }

  int rowCount() {
    return rows.size();
  }

  private Column column(String name) {
    return column(name, 0, rows.size());
  }

  /** Builds a column from JSON values: numbers, arrays, or arrays of arrays ({@code [C][d]}). */
  private Column column(String name, int from, int to) {
    boolean integral = true;
    for (int i = from; i < to; i++) {
      integral &= allIntegral(rows.get(i).get(name));
    }
    ColumnBuilder b = integral ? ColumnBuilder.integers() : ColumnBuilder.create();
    for (int i = from; i < to; i++) {
      JsonNode v = rows.get(i).get(name);
      if (!v.isArray()) {
        b.add(v.asDouble());
      } else if (v.size() > 0 && v.get(0).isArray()) {
        List<Double> flat = new ArrayList<>();
        flatten(v, flat);
        b.addNested(flat.stream().mapToDouble(Double::doubleValue).toArray(), v.get(0).size());
      } else {
        List<Double> flat = new ArrayList<>();
        flatten(v, flat);
        b.add(flat.stream().mapToDouble(Double::doubleValue).toArray());
      }
    }
    return b.build();
  }

  private static boolean allIntegral(JsonNode v) {
    if (v.isArray()) {
      for (JsonNode x : v) {
        if (!allIntegral(x)) {
          return false;
        }
      }
      return true;
    }
    return v.isIntegralNumber();
  }

  /** The expected per-row losses of a {@code reduction=none} case, each flattened. */
  double[] expectedRow(int i) {
    JsonNode e = expected.get(i);
    List<Double> flat = new ArrayList<>();
    flatten(e, flat);
    return flat.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void flatten(JsonNode n, List<Double> out) {
    if (n.isArray()) {
      n.forEach(x -> flatten(x, out));
    } else {
      out.add(n.asDouble());
    }
  }

  @Override
  public String toString() {
    return id;
  }
}
