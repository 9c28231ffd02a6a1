package io.losseval.jobs.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.internal.chartpart.Annotation;
import org.knowm.xchart.style.AxesChartStyler.TextAlignment;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the train and validation loss curves of one {@link LossCurves} as a PNG line chart, with
 * XChart and Java2D only (headless): x is the epoch, y the loss. Bootstrap intervals are drawn as
 * light bands in the series' colour, the best validation epoch as a large diamond, and an
 * overfitting verdict as a dashed vertical line at its first epoch; each has a legend entry. The
 * legend sits inside the plot in a corner no curve passes through, or above the curves when every
 * corner is taken (the y axis is then extended to make room).
 */
public final class LossChart {
  /** The default image width, in pixels. */
  public static final int DEFAULT_WIDTH = 800;
  /** The default image height, in pixels. */
  public static final int DEFAULT_HEIGHT = 500;

  static final String TRAIN = "train";
  static final String VALIDATION = "validation";
  static final String CI_SUFFIX = " 95% CI";

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private static final Color TRAIN_COLOR = new Color(0x1f, 0x77, 0xb4);
  private static final Color VALIDATION_COLOR = new Color(0xe6, 0x6a, 0x00);
  private static final Color BEST_COLOR = new Color(0x1a, 0x8a, 0x3a);
  private static final Color OVERFITTING_COLOR = new Color(0xc6, 0x28, 0x28);
  private static final Color GRID_COLOR = new Color(0xe4, 0xe4, 0xe4);
  private static final Color BORDER_COLOR = new Color(0xb0, 0xb0, 0xb0);
  private static final int BAND_ALPHA = 56;
  private static final Font BASE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

  // XChart's layout constants (Legend_, Styler): kept in step to place the legend.
  private static final int LEGEND_MARGIN = 6;
  private static final int LEGEND_PADDING = 8;
  private static final int LEGEND_LINE_LENGTH = 24;
  private static final int LEGEND_BOX_SIZE = 20;
  private static final int MARKER_SIZE = 7;
  private static final int CHART_PADDING = 12;
  private static final float MIN_TITLE_SIZE = 10f;
  private static final int Y_AXIS_ALLOWANCE = 70;
  private static final double PLOT_CONTENT_SIZE = 0.92;
  private static final LegendPosition[] CORNERS = {
    LegendPosition.InsideNE, LegendPosition.InsideNW, LegendPosition.InsideSE,
    LegendPosition.InsideSW
  };

  private LossChart() {}

  /**
   * Draws {@code curves} as a PNG image.
   *
   * @param curves the curves; either split may be empty (its series is then left out)
   * @param width the image width in pixels
   * @param height the image height in pixels
   * @return the PNG file's bytes
   * @throws IllegalArgumentException if width or height is not positive
   */
  public static byte[] png(LossCurves curves, int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("chart size must be positive: " + width + "x" + height);
    }
    Plot plot = new Plot(curves, width, height);
    plot.placeLegend();
    try {
      return BitmapEncoder.getBitmapBytes(plot.chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the chart of " + curves.title(), e);
    }
  }

  /** The legend label of the best validation epoch: {@code best validation: epoch 7 (0.869)}. */
  static String bestLabel(int epoch, double value) {
    return "best validation: epoch " + epoch + " (" + shortNumber(value) + ")";
  }

  /** The legend label of an overfitting verdict's line. */
  static String overfittingLabel(int fromEpoch) {
    return "overfitting from epoch " + fromEpoch;
  }

  /** Up to 4 significant digits, without trailing zeros: {@code 0.869}, {@code 2.303}. */
  static String shortNumber(double value) {
    if (!Double.isFinite(value)) {
      return Double.isNaN(value) ? "-" : value > 0 ? "inf" : "-inf";
    }
    double abs = Math.abs(value);
    if (abs != 0 && (abs < 1e-3 || abs >= 1e6)) {
      return String.format(Locale.ROOT, "%.3e", value);
    }
    BigDecimal rounded = new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros();
    return rounded.signum() == 0 ? "0" : rounded.toPlainString();
  }

  /** One chart being built: its series, the points they pass through, the legend's entries. */
  private static final class Plot {
    final XYChart chart;
    final int width;
    final int height;
    /** Every drawn polyline, in data space (NaN breaks a line). */
    final List<double[][]> lines = new ArrayList<>();
    final List<String> legendLabels = new ArrayList<>();
    boolean legendHasBox;
    double xMin = Double.POSITIVE_INFINITY;
    double xMax = Double.NEGATIVE_INFINITY;
    double yMin = Double.POSITIVE_INFINITY;
    double yMax = Double.NEGATIVE_INFINITY;
    final PlotProbe probe = new PlotProbe();

    Plot(LossCurves curves, int width, int height) {
      this.width = width;
      this.height = height;
      chart = new XYChart(width, height);
      chart.setXAxisTitle("epoch");
      chart.setYAxisTitle("loss");
      style(chart.getStyler());
      fitTitle(curves.title());

      // bands first, so that the curves are drawn over them
      addBand(curves.train(), TRAIN, TRAIN_COLOR);
      addBand(curves.validation(), VALIDATION, VALIDATION_COLOR);
      addCurve(curves.train(), TRAIN, TRAIN_COLOR, SeriesMarkers.CIRCLE);
      addCurve(curves.validation(), VALIDATION, VALIDATION_COLOR, SeriesMarkers.SQUARE);
      addBest(curves);
      addOverfitting(curves.verdict());
      if (legendLabels.isEmpty()) {
        chart.getStyler().setLegendVisible(false);
      }
      if (yMin > yMax) {
        chart.addAnnotation(new AnnotationText("no loss values", width / 2.0, height / 2.0, true));
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
      } else {
        if (yMax - yMin <= 1e-12 * Math.max(1, Math.abs(yMax))) {
          double pad = Math.max(Math.abs(yMax) * 0.05, 1e-3);
          yMin -= pad;
          yMax += pad;
        }
        chart.getStyler().setYAxisMin(yMin).setYAxisMax(yMax);
        if (xMin == xMax) { // one epoch: XChart would centre it on an axis without ticks
          chart.getStyler().setXAxisMin(xMin - 0.5).setXAxisMax(xMax + 0.5);
        }
      }
      chart.addAnnotation(probe);
    }

    private static void style(XYStyler styler) {
      styler.setBaseFont(BASE_FONT);
      styler.setChartTitleFont(BASE_FONT.deriveFont(Font.BOLD, 15f));
      styler.setAxisTitleFont(BASE_FONT.deriveFont(12f));
      styler.setAxisTickLabelsFont(BASE_FONT.deriveFont(11f));
      styler.setLegendFont(BASE_FONT.deriveFont(11.5f));
      styler.setAnnotationTextFont(BASE_FONT.deriveFont(Font.ITALIC, 14f));
      styler.setChartBackgroundColor(Color.WHITE);
      styler.setPlotBackgroundColor(Color.WHITE);
      styler.setPlotBorderColor(BORDER_COLOR);
      styler.setPlotGridLinesColor(GRID_COLOR);
      styler.setPlotGridLinesStroke(new BasicStroke(1f));
      styler.setChartTitleBoxVisible(false);
      styler.setChartPadding(CHART_PADDING);
      styler.setLegendBackgroundColor(new Color(255, 255, 255, 235));
      styler.setLegendBorderColor(BORDER_COLOR);
      styler.setLegendPadding(LEGEND_PADDING);
      styler.setLegendSeriesLineLength(LEGEND_LINE_LENGTH);
      styler.setLegendPosition(LegendPosition.InsideNE);
      styler.setMarkerSize(MARKER_SIZE);
      styler.setAntiAlias(true);
      styler.setXAxisDecimalPattern("#0"); // epochs: the ticks stay on whole numbers
      styler.setYAxisLabelAlignment(TextAlignment.Right);
      styler.setPlotContentSize(PLOT_CONTENT_SIZE);
    }

    /** Sets the title, in a smaller font or cut short with an ellipsis if it is too wide. */
    private void fitTitle(String title) {
      FontRenderContext frc = new FontRenderContext(null, true, true);
      // XChart centres the title over the plot, right of the y axis's labels and title
      double room = width - 2.0 * CHART_PADDING - Y_AXIS_ALLOWANCE;
      Font font = chart.getStyler().getChartTitleFont();
      while (font.getSize2D() > MIN_TITLE_SIZE && textWidth(title, font, frc) > room) {
        font = font.deriveFont(font.getSize2D() - 1);
      }
      String shown = title;
      while (shown.length() > 1 && textWidth(shown, font, frc) > room) {
        shown = title.substring(0, shown.length() - 2) + "\u2026";
      }
      chart.getStyler().setChartTitleFont(font);
      chart.setTitle(shown);
    }

    private static double textWidth(String text, Font font, FontRenderContext frc) {
      return text.isEmpty() ? 0 : new TextLayout(text, font, frc).getAdvance();
    }

    private void addCurve(List<EpochValue> values, String name, Color color, Marker marker) {
      if (!hasValue(values)) {
        return;
      }
      double[] x = new double[values.size()];
      double[] y = new double[values.size()];
      for (int i = 0; i < values.size(); i++) {
        x[i] = values.get(i).epoch();
        y[i] = finiteOrNaN(values.get(i).value());
      }
      XYSeries series = chart.addSeries(name, x, y);
      series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
      series.setLineColor(color);
      series.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      series.setMarker(marker);
      series.setMarkerColor(color);
      track(x, y);
      legendLabels.add(name);
      if (values.stream().anyMatch(EpochValue::hasInterval)) {
        addBandLegend(name, color, x, y);
      }
    }

    /**
     * The band of a split's intervals: one polygon per run of epochs with an interval, upper
     * bounds left to right then lower bounds right to left, runs separated by NaN.
     */
    private void addBand(List<EpochValue> values, String name, Color color) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      List<EpochValue> whiskers = new ArrayList<>();
      int i = 0;
      while (i < values.size()) {
        if (!hasFiniteInterval(values.get(i))) {
          i++;
          continue;
        }
        int end = i;
        while (end < values.size() && hasFiniteInterval(values.get(end))) {
          end++;
        }
        if (end == i + 1) {
          whiskers.add(values.get(i)); // one epoch alone spans no band: drawn as a bar
          i = end;
          continue;
        }
        if (!xs.isEmpty()) {
          xs.add(xs.get(xs.size() - 1));
          ys.add(Double.NaN);
        }
        for (int k = i; k < end; k++) {
          xs.add((double) values.get(k).epoch());
          ys.add(values.get(k).upper());
        }
        for (int k = end - 1; k >= i; k--) {
          xs.add((double) values.get(k).epoch());
          ys.add(values.get(k).lower());
        }
        i = end;
      }
      if (!xs.isEmpty()) {
        double[] x = xs.stream().mapToDouble(Double::doubleValue).toArray();
        double[] y = ys.stream().mapToDouble(Double::doubleValue).toArray();
        XYSeries band = chart.addSeries(name + " band", x, y);
        band.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
        band.setFillColor(translucent(color));
        band.setLineColor(translucent(color));
        band.setLineStyle(SeriesLines.NONE);
        band.setMarker(SeriesMarkers.NONE);
        band.setShowInLegend(false);
        track(x, y);
      }
      if (!whiskers.isEmpty()) {
        addWhiskers(whiskers, name, color);
      }
    }

    /** Intervals of epochs without a neighbouring interval: wide translucent vertical bars. */
    private void addWhiskers(List<EpochValue> values, String name, Color color) {
      double[] x = new double[values.size() * 3 - 1];
      double[] y = new double[x.length];
      for (int i = 0; i < values.size(); i++) {
        EpochValue value = values.get(i);
        x[3 * i] = value.epoch();
        y[3 * i] = value.lower();
        x[3 * i + 1] = value.epoch();
        y[3 * i + 1] = value.upper();
        if (i + 1 < values.size()) {
          x[3 * i + 2] = value.epoch();
          y[3 * i + 2] = Double.NaN;
        }
      }
      XYSeries bars = chart.addSeries(name + " bars", x, y);
      bars.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
      bars.setLineColor(translucent(color));
      bars.setLineStyle(new BasicStroke(MARKER_SIZE + 5, BasicStroke.CAP_BUTT,
          BasicStroke.JOIN_MITER));
      bars.setMarker(SeriesMarkers.NONE);
      bars.setShowInLegend(false);
      track(x, y);
    }

    /** A legend entry for a band: a one-point polygon, which draws nothing. */
    private void addBandLegend(String name, Color color, double[] x, double[] y) {
      int first = 0;
      while (Double.isNaN(y[first])) {
        first++;
      }
      XYSeries entry = chart.addSeries(name + CI_SUFFIX, new double[] {x[first]},
          new double[] {y[first]});
      entry.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
      entry.setFillColor(translucent(color));
      entry.setLineColor(translucent(color));
      entry.setLineStyle(SeriesLines.NONE);
      entry.setMarker(SeriesMarkers.NONE);
      legendLabels.add(name + CI_SUFFIX);
      legendHasBox = true;
    }

    private void addBest(LossCurves curves) {
      Integer best = curves.verdict() == null ? null : curves.verdict().bestEpoch();
      if (best == null) {
        return;
      }
      for (EpochValue value : curves.validation()) {
        if (value.epoch() == best && Double.isFinite(value.value())) {
          String label = bestLabel(best, value.value());
          double[] x = {best};
          double[] y = {value.value()};
          XYSeries series = chart.addSeries(label, x, y);
          series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
          series.setMarker(new BestMarker());
          series.setMarkerColor(BEST_COLOR);
          lines.add(new double[][] {x, y});
          legendLabels.add(label);
          return;
        }
      }
    }

    private void addOverfitting(Verdict verdict) {
      if (verdict == null || verdict.kind() != Verdict.Kind.OVERFITTING
          || verdict.fromEpoch() == null || yMin > yMax) {
        return;
      }
      String label = overfittingLabel(verdict.fromEpoch());
      double[] x = {verdict.fromEpoch(), verdict.fromEpoch()};
      double[] y = {yMin, yMax};
      XYSeries series = chart.addSeries(label, x, y);
      series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
      series.setLineColor(OVERFITTING_COLOR);
      series.setLineStyle(new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
          new float[] {7f, 5f}, 0f));
      series.setMarker(SeriesMarkers.NONE);
      lines.add(new double[][] {x, y});
      legendLabels.add(label);
    }

    private void track(double[] x, double[] y) {
      lines.add(new double[][] {x, y});
      for (int i = 0; i < y.length; i++) {
        if (!Double.isNaN(y[i])) {
          xMin = Math.min(xMin, x[i]);
          xMax = Math.max(xMax, x[i]);
          yMin = Math.min(yMin, y[i]);
          yMax = Math.max(yMax, y[i]);
        }
      }
    }

    /**
     * Lays the chart out once to learn where the plot lands, then puts the legend in the first
     * corner no drawn line passes through; failing that, in the top right corner over a y axis
     * extended so that the curves stay below it.
     */
    void placeLegend() {
      if (legendLabels.isEmpty() || yMin > yMax) {
        return;
      }
      BufferedImage scratch = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
      Graphics2D g = scratch.createGraphics();
      try {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        chart.paint(g, width, height);
        Rectangle2D legend = legendSize(g.getFontRenderContext());
        for (LegendPosition corner : CORNERS) {
          if (isClear(legendAt(corner, legend))) {
            chart.getStyler().setLegendPosition(corner);
            return;
          }
        }
        makeHeadroom(legend.getHeight());
      } finally {
        g.dispose();
      }
    }

    private Rectangle2D legendSize(FontRenderContext frc) {
      Font font = chart.getStyler().getLegendFont();
      double textWidth = 0;
      double contentHeight = 0;
      for (String label : legendLabels) {
        Rectangle2D text = new TextLayout(label, font, frc).getOutline(null).getBounds2D();
        textWidth = Math.max(textWidth, text.getWidth());
        boolean box = label.endsWith(CI_SUFFIX);
        contentHeight += Math.max(text.getHeight(), box ? LEGEND_BOX_SIZE : MARKER_SIZE)
            + LEGEND_PADDING;
      }
      double graphic = legendHasBox ? LEGEND_BOX_SIZE : LEGEND_LINE_LENGTH;
      double w = graphic + LEGEND_PADDING + textWidth + 2 * LEGEND_PADDING;
      return new Rectangle2D.Double(0, 0, w + 4, contentHeight + LEGEND_PADDING + 4);
    }

    private Rectangle2D legendAt(LegendPosition corner, Rectangle2D size) {
      double w = size.getWidth();
      double h = size.getHeight();
      double left = probe.left;
      double right = probe.right;
      double top = probe.top;
      double bottom = probe.bottom;
      boolean east = corner == LegendPosition.InsideNE || corner == LegendPosition.InsideSE;
      boolean north = corner == LegendPosition.InsideNE || corner == LegendPosition.InsideNW;
      double x = east ? right - w - LEGEND_MARGIN : left + LEGEND_MARGIN;
      double y = north ? top + LEGEND_MARGIN : bottom - h - LEGEND_MARGIN;
      return new Rectangle2D.Double(x - 4, y - 4, w + 8, h + 8);
    }

    /** Whether no drawn line or marker passes through {@code area} (in screen space). */
    private boolean isClear(Rectangle2D area) {
      for (double[][] line : lines) {
        double[] x = line[0];
        double[] y = line[1];
        double px = Double.NaN;
        double py = Double.NaN;
        for (int i = 0; i < x.length; i++) {
          if (Double.isNaN(y[i])) {
            px = Double.NaN;
            continue;
          }
          double sx = probe.screenX(x[i]);
          double sy = probe.screenY(y[i]);
          if (!Double.isFinite(sx) || !Double.isFinite(sy)) {
            return false;
          }
          double r = MARKER_SIZE;
          if (area.intersects(sx - r, sy - r, 2 * r, 2 * r)) {
            return false;
          }
          if (!Double.isNaN(px) && area.intersectsLine(px, py, sx, sy)) {
            return false;
          }
          px = sx;
          py = sy;
        }
      }
      return true;
    }

    /** Raises the y axis's top so the highest value stays below a top-right legend. */
    private void makeHeadroom(double legendHeight) {
      double plotHeight = probe.bottom - probe.top;
      double content = PLOT_CONTENT_SIZE * plotHeight;
      double margin = (plotHeight - content) / 2;
      double needed = LEGEND_MARGIN + legendHeight + 8 + MARKER_SIZE;
      double fraction = Math.min(0.6, Math.max(0, (needed - margin) / content));
      double top = (yMax - fraction * yMin) / (1 - fraction);
      chart.getStyler().setLegendPosition(LegendPosition.InsideNE);
      chart.getStyler().setYAxisMax(top);
    }
  }

  private static boolean hasValue(List<EpochValue> values) {
    return values.stream().anyMatch(v -> Double.isFinite(v.value()));
  }

  private static boolean hasFiniteInterval(EpochValue value) {
    return value.hasInterval() && Double.isFinite(value.lower()) && Double.isFinite(value.upper());
  }

  private static double finiteOrNaN(double value) {
    return Double.isFinite(value) ? value : Double.NaN;
  }

  private static Color translucent(Color color) {
    return new Color(color.getRed(), color.getGreen(), color.getBlue(), BAND_ALPHA);
  }

  /** The best validation epoch's marker: a large diamond with a white rim. */
  private static final class BestMarker extends Marker {
    @Override
    public void paint(Graphics2D g, double x, double y, int markerSize) {
      double half = markerSize * 1.25;
      Path2D.Double diamond = new Path2D.Double();
      diamond.moveTo(x - half, y);
      diamond.lineTo(x, y - half);
      diamond.lineTo(x + half, y);
      diamond.lineTo(x, y + half);
      diamond.closePath();
      Color color = g.getColor();
      g.setStroke(new BasicStroke(1.5f));
      g.fill(diamond);
      g.setColor(Color.WHITE);
      g.draw(diamond);
      g.setColor(color);
    }
  }

  /**
   * Paints nothing: records where the plot area and the axes landed at the last layout, so that
   * data can be mapped to pixels.
   */
  private static final class PlotProbe extends Annotation {
    double left;
    double right;
    double top;
    double bottom;

    PlotProbe() {
      super(false);
    }

    @Override
    public void paint(Graphics2D g) {
      left = getXAxisScreenValueForMin();
      right = getXAxisScreenValueForMax();
      top = getYAxisScreenValueForMin();
      bottom = getYAxisScreenValueForMax();
      bounds = new Rectangle2D.Double(left, top, 0, 0);
    }

    double screenX(double x) {
      return getXAxisScreenValue(x);
    }

    double screenY(double y) {
      return getYAxisScreenValue(y);
    }
  }
}
