package io.losseval.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
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
 * Published in core's test jar, so that every module holds its numbers to the same cases and the same
 * tolerance ({@link #assertClose}).
 */
public final class GoldenCase {
  /** Relative tolerance of the PyTorch cases. */
  public static final double REL = 1e-9;
  /** Absolute tolerance floor of the PyTorch cases. */
  public static final double ABS = 1e-12;

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
      .build();

  public final String id;
  public final String loss;
  public final String options;
  public final String reduction;
  public final List<String> columns;
  public final JsonNode rows;
  public final JsonNode expected;
  /** The absolute tolerance of a seed case (printed precision), or NaN for the PyTorch tolerance. */
  public final double toleranceAbs;

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
  public static List<GoldenCase> load(String folder) {
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

  /** Writes the rows as JSON Lines ({@code idx} and one field per column; NaN as a bare token). */
  public Path writeJsonLines(Path file) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (JsonNode r : rows) {
      sb.append(JSON.writeValueAsString(r)).append('\n');
    }
    return Files.writeString(file, sb.toString());
  }

  /**
   * Asserts {@code actual} is PyTorch's {@code expected}: NaN for NaN, the same infinity, else within
   * {@code absTolerance} (a seed's printed precision) or, when that is NaN, {@link #REL} relative plus
   * {@link #ABS}.
   */
  public static void assertClose(double expected, double actual, double absTolerance, String what) {
    if (Double.isNaN(expected)) {
      assertTrue(Double.isNaN(actual), what + ": expected NaN, found " + actual);
      return;
    }
    if (Double.isInfinite(expected)) {
      assertEquals(expected, actual, what);
      return;
    }
    assertFalse(Double.isNaN(actual), what + ": expected " + expected + ", found NaN");
    double tol = Double.isNaN(absTolerance) ? REL * Math.abs(expected) + ABS : absTolerance;
    if (!(Math.abs(actual - expected) <= tol)) {
      fail(what + ": expected " + expected + ", found " + actual + " (diff "
          + Math.abs(actual - expected) + ", tolerance " + tol + ")");
    }
  }

  @Override
  public String toString() {
    return id;
  }
}
