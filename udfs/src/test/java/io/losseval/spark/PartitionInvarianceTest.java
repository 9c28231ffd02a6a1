package io.losseval.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.losseval.core.GoldenCase;
import io.losseval.core.LossCatalog;
import io.losseval.core.LossSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every loss gives the same bits whatever the partitioning (1, 2, 7, 64 partitions) and row order
 * (shuffled): the rows of one of its golden cases, repeated 40 times, reduced with {@code sum} and with
 * its default reduction in one query.
 */
class PartitionInvarianceTest extends SparkTestSession {
  @TempDir static Path dir;

  static Stream<String> losses() {
    return LossCatalog.all().stream().map(LossSpec::name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losses")
  void sameBitsForAnyPartitioningAndRowOrder(String loss) throws Exception {
    GoldenCase c = GoldenCase.load("pytorch").stream()
        .filter(g -> g.loss.equals(loss) && !g.reduction.equals("none"))
        .findFirst().orElseThrow();
    Path file = c.writeJsonLines(dir.resolve(c.id + ".jsonl"));
    Dataset<Row> rows = spark.read().json(file.toString())
        .crossJoin(spark.range(40).toDF("copy"));
    String options = c.options.replaceAll("reduction=[a-z]+,? *", "");
    String args = String.join(", ", c.columns.stream().map(x -> "`" + x + "`").toList());
    String[] select = {
        loss + "(" + args + ", '" + options + "')",
        loss + "(" + args + ", '" + (options.isEmpty() ? "" : options + ", ") + "reduction=sum')"};
    List<List<Long>> results = new ArrayList<>();
    for (int n : new int[] {1, 2, 7, 64}) {
      results.add(bitsOf(rows.repartition(n), select));
    }
    results.add(bitsOf(rows.orderBy(functions.rand(11)).repartition(5), select));
    results.add(bitsOf(rows.orderBy(functions.rand(12)).coalesce(3), select));
    for (List<Long> r : results) {
      assertEquals(results.get(0), r, loss + ": " + List.of(select) + " differ between partitionings");
    }
    assertFalse(Double.isNaN(Double.longBitsToDouble(results.get(0).get(1))), loss + " summed to NaN");
  }

  private static List<Long> bitsOf(Dataset<Row> rows, String... select) {
    Row r = rows.selectExpr(select).first();
    return List.of(Double.doubleToRawLongBits(r.getDouble(0)), Double.doubleToRawLongBits(r.getDouble(1)));
  }
}
