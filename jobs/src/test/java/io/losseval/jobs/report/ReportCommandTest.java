package io.losseval.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.losseval.jobs.JobRun;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report} on the bundled epochs data (conf/examples/report.yaml): its numbers are the per-epoch
 * losses computed directly with the SQL functions, the verdict is overfitting from epoch 7, every chart
 * is a PNG of the stated size, and a report drawn from earlier evaluate results has the same numbers.
 */
class ReportCommandTest {
  private static SparkSession spark;
  @TempDir static Path out;
  private static final String INPUT = JobRun.repo("sample-data/epochs.parquet");
  private static final String CONFIG = JobRun.repo("conf/examples/report.yaml");

  @BeforeAll
  static void session() {
    spark = JobRun.session();
  }

  /** (split, epoch) -> the SQL function's value, over the same rows. */
  private static Map<String, Double> direct(String loss) {
    Map<String, Double> m = new HashMap<>();
    for (Row r : spark.sql("SELECT split, epoch, " + loss + "(logits, label) FROM parquet.`" + INPUT
        + "` GROUP BY split, epoch").collectAsList()) {
      m.put(r.getString(0) + "/" + r.getInt(1), r.getDouble(2));
    }
    return m;
  }

  private static void assertCurvesEqualDirect(JsonNode curves) {
    assertEquals(2, curves.size());
    for (JsonNode c : curves) {
      Map<String, Double> expected = direct(c.get("loss").asText());
      int n = 0;
      for (String split : List.of("train", "validation")) {
        for (JsonNode p : c.get(split)) {
          Double want = expected.get(split + "/" + p.get("epoch").asInt());
          assertEquals(want, p.get("value").asDouble(), c.get("loss") + " " + split + " " + p);
          if (p.get("lower").isNumber()) {
            assertTrue(p.get("lower").asDouble() <= want && want <= p.get("upper").asDouble(), p.toString());
          }
          n++;
        }
      }
      assertEquals(24, n, "12 epochs x 2 splits");
    }
  }

  @Test
  void reportOfTheEpochsDataShowsOverfittingFromEpoch7WithTheDirectNumbers() throws Exception {
    Path dir = out.resolve("from-input");
    JobRun run = JobRun.of("report", "--config", CONFIG, "--set", "input.path=" + INPUT,
        "--set", "report.path=" + dir, "--set", "bootstrap.replicates=50");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().lines().anyMatch(
        l -> l.startsWith("cross_entropy (mean)") && l.matches(".*\\soverfitting\\s+7\\s.*")),
        run.out());

    JsonNode json = new ObjectMapper().readTree(dir.resolve("curves.json").toFile());
    assertCurvesEqualDirect(json.get("curves"));
    JsonNode ce = json.get("curves").get(0);
    assertEquals("OVERFITTING", ce.get("verdict").get("kind").asText());
    assertEquals(7, ce.get("verdict").get("fromEpoch").asInt());
    assertTrue(ce.get("validation").get(6).get("lower").isNumber(), "intervals were computed");

    try (var charts = Files.list(dir)) {
      List<Path> pngs = charts.filter(p -> p.toString().endsWith(".png")).sorted().toList();
      assertEquals(2, pngs.size(), pngs.toString());
      for (Path png : pngs) {
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(LossChart.DEFAULT_WIDTH, image.getWidth(), png.toString());
        assertEquals(LossChart.DEFAULT_HEIGHT, image.getHeight(), png.toString());
      }
    }
    String html = Files.readString(dir.resolve("report.html"));
    assertTrue(html.contains("overfitting"), "verdict in the page");
    assertTrue(html.contains("How verdicts are decided"), "rules in the page");
    assertFalse(html.contains("http://") || html.contains("https://") || html.contains("<script"),
        "self-contained");
  }

  @Test
  void reportFromEarlierEvaluateResultsHasTheSameNumbers() throws Exception {
    Path results = out.resolve("results");
    Path config = Files.writeString(out.resolve("epochs.yaml"), String.join("\n",
        "run: {id: epochs-nightly}",
        "input: {path: '" + INPUT + "'}",
        "columns: {prediction: logits, target: label}",
        "group_by: [split, epoch]",
        "losses: [{name: cross_entropy}, {name: multi_margin_loss}]",
        "output: {path: '" + results + "'}"));
    JobRun evaluate = JobRun.of("evaluate", "--config", config.toString());
    assertEquals(0, evaluate.exitCode(), evaluate.err());
    Path dir = out.resolve("from-results");
    JobRun run = JobRun.of("report", "--config", CONFIG, "--set", "report.results=" + results,
        "--set", "report.path=" + dir);
    assertEquals(0, run.exitCode(), run.err());
    JsonNode json = new ObjectMapper().readTree(dir.resolve("curves.json").toFile());
    assertCurvesEqualDirect(json.get("curves"));
    assertTrue(json.get("curves").get(0).get("train").get(0).get("lower").isTextual(),
        "no intervals in those results: NaN");
  }

  @Test
  void aConfigWithoutEpochColumnsIsABadConfig() {
    JobRun run = JobRun.of("report", "--config", CONFIG, "--set", "input.path=" + INPUT,
        "--set", "report.epoch=round", "--set", "report.path=" + out.resolve("bad"));
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains("round"), run.err());
  }
}
