package io.losseval.jobs.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small report fixtures for the tests. Its {@code main} writes a sample chart and page to look at:
 * {@code [chart.png [report.html]]}, by default {@code /tmp/losschart-sample.png} and
 * {@code /tmp/report-sample.html}.
 */
final class ReportSamples {
  private ReportSamples() {}

  /** A value with a bootstrap interval. */
  static EpochValue ci(int epoch, double value, double lower, double upper, long rows) {
    return new EpochValue(epoch, value, lower, upper, rows);
  }

  /** A value without an interval. */
  static EpochValue plain(int epoch, double value, long rows) {
    return new EpochValue(epoch, value, Double.NaN, Double.NaN, rows);
  }

  /** Train falls all along; validation falls to epoch 5, then rises. */
  static LossCurves overfitting(boolean intervals) {
    double[] train = {2.1, 1.62, 1.31, 1.08, 0.93, 0.81, 0.70, 0.61, 0.53, 0.47};
    double[] validation = {2.15, 1.71, 1.42, 1.24, 1.17, 1.19, 1.24, 1.31, 1.38, 1.46};
    List<EpochValue> t = new ArrayList<>();
    List<EpochValue> v = new ArrayList<>();
    for (int i = 0; i < train.length; i++) {
      int epoch = i + 1;
      t.add(intervals ? ci(epoch, train[i], train[i] * 0.96, train[i] * 1.05, 48_000)
          : plain(epoch, train[i], 48_000));
      v.add(intervals ? ci(epoch, validation[i], validation[i] * 0.92, validation[i] * 1.09, 6_000)
          : plain(epoch, validation[i], 6_000));
    }
    Verdict verdict = new Verdict(Verdict.Kind.OVERFITTING,
        "validation rose from 1.17 at epoch 5 to 1.46 at epoch 10 while train fell 0.93 -> 0.47.",
        5, 5);
    return new LossCurves("cross_entropy", "mean", "label_smoothing=0.1", "model=convnet", t, v,
        verdict);
  }

  /** Both curves still falling, with intervals on validation only. */
  static LossCurves improving() {
    List<EpochValue> t = new ArrayList<>();
    List<EpochValue> v = new ArrayList<>();
    for (int epoch = 1; epoch <= 8; epoch++) {
      double train = 0.9 * Math.exp(-0.25 * epoch) + 0.1;
      double validation = 0.95 * Math.exp(-0.2 * epoch) + 0.15;
      t.add(plain(epoch, train, 10_000));
      v.add(ci(epoch, validation, validation - 0.03, validation + 0.04, 2_500));
    }
    double best = v.get(7).value();
    Verdict verdict = new Verdict(Verdict.Kind.IMPROVING,
        "validation still falls: " + HtmlReport.number(best) + " at epoch 8.", 8, null);
    return new LossCurves("mse", "mean", "", "", t, v, verdict);
  }

  /** Train values only: no validation split. */
  static LossCurves trainOnly() {
    List<EpochValue> t = List.of(plain(1, 0.5, 100), plain(2, 0.4, 100), plain(3, 0.35, 100));
    return new LossCurves("l1", "sum", "", "model=<b>&\"x\"", t, List.of(),
        new Verdict(Verdict.Kind.INSUFFICIENT_DATA, "no validation split.", null, null));
  }

  /** A section with its chart drawn at a small size. */
  static ReportDocument.Section section(LossCurves curves, int width, int height) {
    return new ReportDocument.Section(curves, LossChart.png(curves, width, height),
        curves.loss() + "-" + curves.reduction() + ".png");
  }

  static Map<String, String> metadata() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("run id", "nightly-42");
    metadata.put("model", "convnet & friends");
    metadata.put("input", "/data/eval/2024-05-10/*.parquet");
    metadata.put("losseval version", "0.1.0-SNAPSHOT");
    return metadata;
  }

  static List<String> rules() {
    return List.of(
        "overfitting: validation loss rises for 2 epochs in a row while train loss falls.",
        "plateaued: neither loss moves by more than 0.5% over the last 3 epochs.",
        "insufficient data: fewer than 3 epochs, or no validation split.");
  }

  static ReportDocument.Comparison comparison() {
    return new ReportDocument.Comparison("model=baseline", "model=candidate", List.of(
        new ComparisonRow("region=eu", "cross_entropy", "mean", "label_smoothing=0.1", 0.8123,
            0.8331, 0.0208, 0.0208 / 0.8123, 0.011, 0.0301, "must not rise by more than 1%",
            false),
        new ComparisonRow("", "mse", "mean", "", 0.25, 0.2475, -0.0025, -0.01, Double.NaN,
            Double.NaN, "must not rise by more than 1%", true),
        new ComparisonRow("region=us", "l1", "sum", "", 0.0, 0.5, 0.5, Double.NaN, Double.NaN,
            Double.NaN, null, null)),
        false);
  }

  /** A document of the three sample curves and, when asked, a comparison. */
  static ReportDocument document(boolean withComparison, int width, int height) {
    return new ReportDocument("Loss report: nightly-42", metadata(), List.of(
        section(overfitting(true), width, height),
        section(improving(), width, height),
        section(trainOnly(), width, height)),
        rules(), withComparison ? comparison() : null);
  }

  public static void main(String[] args) throws Exception {
    Path png = Path.of(args.length > 0 ? args[0] : "/tmp/losschart-sample.png");
    Path html = Path.of(args.length > 1 ? args[1] : "/tmp/report-sample.html");
    Files.write(png, LossChart.png(overfitting(true), LossChart.DEFAULT_WIDTH,
        LossChart.DEFAULT_HEIGHT));
    HtmlReport.write(document(true, LossChart.DEFAULT_WIDTH, LossChart.DEFAULT_HEIGHT), html);
    System.out.println("wrote " + png + " and " + html);
  }
}
