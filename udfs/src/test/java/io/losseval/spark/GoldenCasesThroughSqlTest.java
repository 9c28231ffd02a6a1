package io.losseval.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import scala.collection.JavaConverters;

/**
 * Every golden case (computed by PyTorch, or printed in the seed articles) through SQL text: the case's
 * rows are written as JSON Lines and read with {@code FROM json.`file`}; reduced cases call {@code
 * <loss>(columns..., 'options')}, {@code reduction=none} cases call {@code row_<loss>(...)} ordered by
 * {@code idx}. Tolerance: 1e-9 relative plus the case's absolute floor (1e-12; 1e-3 for the seeds, whose
 * inputs were printed to 4 decimals).
 */
class GoldenCasesThroughSqlTest extends SparkTestSession {
  private static final double REL = 1e-9;

  @TempDir static Path dir;

  static Stream<GoldenCases> cases() {
    List<GoldenCases> all = new ArrayList<>(GoldenCases.load("pytorch"));
    all.addAll(GoldenCases.load("seeds"));
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesPyTorchThroughSql(GoldenCases c) throws Exception {
    Path file = c.writeRows(dir.resolve(c.id + ".jsonl"));
    List<String> cols = new ArrayList<>();
    for (String col : c.columns) {
      cols.add("`" + col + "`");
    }
    String args = String.join(", ", cols) + ", '" + c.options + "'";
    String from = " FROM json.`" + file.toAbsolutePath() + "`";
    if (c.reduction.equals("none")) {
      List<Row> rows = spark.sql(
          "SELECT row_" + c.loss + "(" + args + ") AS v" + from + " ORDER BY idx").collectAsList();
      assertEquals(c.expected.size(), rows.size(), c + ": rows");
      for (int i = 0; i < rows.size(); i++) {
        JsonNode e = c.expected.get(i);
        Object v = rows.get(i).get(0);
        if (e.isArray()) {
          List<?> actual = JavaConverters.seqAsJavaList(rows.get(i).getSeq(0));
          assertEquals(e.size(), actual.size(), c + " row " + i + " length");
          for (int j = 0; j < e.size(); j++) {
            assertClose(e.get(j).asDouble(), (Double) actual.get(j), c.toleranceAbs,
                c + " row " + i + "[" + j + "]");
          }
        } else {
          assertClose(e.asDouble(), (Double) v, c.toleranceAbs, c + " row " + i);
        }
      }
    } else {
      Row r = spark.sql("SELECT " + c.loss + "(" + args + ") AS v" + from).first();
      assertClose(c.expected.asDouble(), r.getDouble(0), c.toleranceAbs, c.toString());
    }
  }

  static void assertClose(double expected, double actual, double abs, String what) {
    if (Double.isNaN(expected)) {
      assertTrue(Double.isNaN(actual), what + ": expected NaN, found " + actual);
      return;
    }
    if (Double.isInfinite(expected)) {
      assertEquals(expected, actual, what);
      return;
    }
    assertFalse(Double.isNaN(actual), what + ": expected " + expected + ", found NaN");
    double tol = abs + REL * Math.abs(expected);
    assertTrue(Math.abs(actual - expected) <= tol,
        what + ": expected " + expected + ", found " + actual + " (tolerance " + tol + ")");
  }
}
