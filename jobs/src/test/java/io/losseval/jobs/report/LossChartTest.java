package io.losseval.jobs.report;

import static io.losseval.jobs.report.ReportSamples.ci;
import static io.losseval.jobs.report.ReportSamples.plain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** {@link LossChart}: PNG images of the requested size that show something, in every shape. */
class LossChartTest {

  private static BufferedImage decode(byte[] png) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertNotNull(image, "not an image ImageIO reads");
    return image;
  }

  /** Decodes the chart, checks its size, and returns how many colours it has. */
  private static int check(LossCurves curves, int width, int height) throws IOException {
    byte[] png = LossChart.png(curves, width, height);
    assertEquals(0x89, png[0] & 0xff);
    assertEquals("PNG", new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
    BufferedImage image = decode(png);
    assertEquals(width, image.getWidth());
    assertEquals(height, image.getHeight());
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < height; y += 2) {
      for (int x = 0; x < width; x += 2) {
        colours.add(image.getRGB(x, y));
      }
    }
    assertTrue(colours.size() > 1, "the chart is one flat colour");
    return colours.size();
  }

  /** How many pixels of the image are close to {@code rgb}. */
  private static int pixelsNear(byte[] png, int rgb) throws IOException {
    BufferedImage image = decode(png);
    int count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int p = image.getRGB(x, y);
        int d = Math.abs((p >> 16 & 0xff) - (rgb >> 16 & 0xff))
            + Math.abs((p >> 8 & 0xff) - (rgb >> 8 & 0xff)) + Math.abs((p & 0xff) - (rgb & 0xff));
        if (d < 30) {
          count++;
        }
      }
    }
    return count;
  }

  @Test
  void withIntervalsHasTheRequestedSize() throws IOException {
    check(ReportSamples.overfitting(true), LossChart.DEFAULT_WIDTH, LossChart.DEFAULT_HEIGHT);
    check(ReportSamples.improving(), 640, 360);
  }

  @Test
  void withoutIntervalsHasTheRequestedSize() throws IOException {
    check(ReportSamples.overfitting(false), 800, 500);
    check(ReportSamples.overfitting(false), 333, 217);
  }

  @Test
  void anEmptyValidationListLeavesItsSeriesOut() throws IOException {
    LossCurves trainOnly = ReportSamples.trainOnly();
    check(trainOnly, 600, 400);
    byte[] png = LossChart.png(trainOnly, 600, 400);
    assertTrue(pixelsNear(png, 0x1f77b4) > 100, "the train curve is drawn in blue");
    assertEquals(0, pixelsNear(png, 0xe66a00), "no validation curve (orange)");
  }

  @Test
  void anEmptyTrainListLeavesItsSeriesOut() throws IOException {
    LossCurves curves = new LossCurves("mse", "mean", "", "", List.of(),
        List.of(plain(1, 0.3, 10), plain(2, 0.2, 10), plain(3, 0.25, 10)),
        new Verdict(Verdict.Kind.INSUFFICIENT_DATA, "no train split.", 2, null));
    check(curves, 500, 300);
    byte[] png = LossChart.png(curves, 500, 300);
    assertEquals(0, pixelsNear(png, 0x1f77b4), "no train curve (blue)");
    assertTrue(pixelsNear(png, 0xe66a00) > 100, "the validation curve is drawn in orange");
  }

  @Test
  void overfittingDrawsItsLineAndTheBestEpoch() throws IOException {
    byte[] overfitting = LossChart.png(ReportSamples.overfitting(true), 800, 500);
    check(ReportSamples.overfitting(true), 800, 500);
    assertTrue(pixelsNear(overfitting, 0xc62828) > 100, "the red overfitting line");
    assertTrue(pixelsNear(overfitting, 0x1a8a3a) > 30, "the green best-epoch diamond");

    LossCurves same = ReportSamples.overfitting(true);
    LossCurves notOverfitting = new LossCurves(same.loss(), same.reduction(), same.options(),
        same.slice(), same.train(), same.validation(),
        new Verdict(Verdict.Kind.PLATEAUED, "flat.", 5, null));
    byte[] plateaued = LossChart.png(notOverfitting, 800, 500);
    assertEquals(0, pixelsNear(plateaued, 0xc62828), "no overfitting line without the verdict");
  }

  @Test
  void noValuesAtAllStillGivesAnImage() throws IOException {
    LossCurves empty = new LossCurves("mse", "mean", "", "", List.of(), List.of(),
        new Verdict(Verdict.Kind.INSUFFICIENT_DATA, "nothing.", null, null));
    check(empty, 400, 250);
  }

  @Test
  void gapsAndOneEpochAndFlatValuesAreDrawn() throws IOException {
    List<EpochValue> withGap = List.of(ci(1, 1.0, 0.9, 1.1, 5), plain(2, Double.NaN, 0),
        ci(3, 0.8, 0.7, 0.9, 5), ci(4, 0.7, Double.NaN, Double.NaN, 5), ci(5, 0.6, 0.5, 0.7, 5));
    check(new LossCurves("mse", "mean", "", "", withGap, withGap,
        new Verdict(Verdict.Kind.IMPROVING, "falls.", 5, null)), 500, 300);
    check(new LossCurves("mse", "mean", "", "", List.of(plain(3, 0.5, 1)),
        List.of(ci(3, 0.6, 0.55, 0.65, 1)),
        new Verdict(Verdict.Kind.INSUFFICIENT_DATA, "one epoch.", 3, null)), 500, 300);
    List<EpochValue> flat = new ArrayList<>();
    for (int epoch = 1; epoch <= 4; epoch++) {
      flat.add(plain(epoch, 0.25, 1));
    }
    check(new LossCurves("mse", "mean", "", "", flat, flat,
        new Verdict(Verdict.Kind.PLATEAUED, "flat.", 1, null)), 500, 300);
  }

  @Test
  void curvesThroughEveryCornerStillLeaveRoomForTheLegend() throws IOException {
    // a zigzag that touches all four corners of the plot
    List<EpochValue> train = new ArrayList<>();
    List<EpochValue> validation = new ArrayList<>();
    for (int epoch = 1; epoch <= 12; epoch++) {
      train.add(plain(epoch, epoch % 2 == 0 ? 1.0 : 0.1, 10));
      validation.add(plain(epoch, epoch % 2 == 0 ? 0.15 : 0.95, 10));
    }
    check(new LossCurves("mse", "mean", "", "zigzag", train, validation,
        new Verdict(Verdict.Kind.OVERFITTING, "zigzag.", 3, 6)), 800, 500);
  }

  @Test
  void rejectsAnEmptySize() {
    assertThrows(IllegalArgumentException.class,
        () -> LossChart.png(ReportSamples.improving(), 0, 100));
  }

  @Test
  void labelsNameTheBestEpochAndTheOverfittingStart() {
    assertEquals("best validation: epoch 7 (0.869)", LossChart.bestLabel(7, 0.86900001));
    assertEquals("best validation: epoch 2 (2.303)", LossChart.bestLabel(2, 2.302585));
    assertEquals("overfitting from epoch 4", LossChart.overfittingLabel(4));
  }

  @Test
  void runsHeadless() {
    LossChart.png(ReportSamples.improving(), 100, 80);
    assertEquals("true", System.getProperty("java.awt.headless"));
    assertTrue(java.awt.GraphicsEnvironment.isHeadless());
  }
}
