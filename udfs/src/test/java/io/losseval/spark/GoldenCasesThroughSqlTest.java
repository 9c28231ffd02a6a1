package io.losseval.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.losseval.core.GoldenCase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import scala.collection.JavaConverters;

/**
 * Every golden case (computed by PyTorch, or printed in the seed articles) through SQL text: the case's
 * rows are written as JSON Lines and read with {@code FROM json.`file`}; reduced cases call {@code
 * <loss>(columns..., 'options')}, {@code reduction=none} cases call {@code row_<loss>(...)} ordered by
 * {@code idx}. Tolerances as in core ({@link GoldenCase#assertClose}): 1e-9 relative plus 1e-12, or a
 * seed's printed precision. Each case runs with ANSI mode on (Spark 4's default) and off (Spark 3.5's):
 * no loss raises an ANSI error where PyTorch returns a value.
 */
class GoldenCasesThroughSqlTest extends SparkTestSession {
  @TempDir static Path dir;

  static Stream<GoldenCase> cases() {
    List<GoldenCase> all = new ArrayList<>(GoldenCase.load("pytorch"));
    all.addAll(GoldenCase.load("seeds"));
    return all.stream();
  }


  static Stream<Arguments> casesUnderBothAnsiModes() {
    return cases().flatMap(c -> Stream.of(Arguments.of(c, true), Arguments.of(c, false)));
  }

  @ParameterizedTest(name = "{0}, ansi={1}")
  @MethodSource("casesUnderBothAnsiModes")
  void matchesPyTorchThroughSql(GoldenCase c, boolean ansi) throws Exception {
    spark.conf().set("spark.sql.ansi.enabled", ansi);
    Path file = c.writeJsonLines(dir.resolve(c.id + ".jsonl"));
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
            GoldenCase.assertClose(e.get(j).asDouble(), (Double) actual.get(j), c.toleranceAbs,
                c + " row " + i + "[" + j + "]");
          }
        } else {
          GoldenCase.assertClose(e.asDouble(), (Double) v, c.toleranceAbs, c + " row " + i);
        }
      }
    } else {
      Row r = spark.sql("SELECT " + c.loss + "(" + args + ") AS v" + from).first();
      GoldenCase.assertClose(c.expected.asDouble(), r.getDouble(0), c.toleranceAbs, c.toString());
    }
  }
}
