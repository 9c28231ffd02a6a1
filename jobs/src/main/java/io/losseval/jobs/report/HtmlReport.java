package io.losseval.jobs.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a {@link ReportDocument} as one self-contained HTML5 page: inline CSS, no scripts, no
 * external resources, the charts embedded as {@code data:image/png;base64} images. Every string
 * from the document is HTML-escaped; numbers are shown with up to 6 significant digits.
 */
public final class HtmlReport {
  private static final String STYLE = """
      :root { color-scheme: light; }
      body { margin: 0; padding: 24px 16px 48px; color: #1f2328; background: #fff;
        font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
          "Noto Sans", "Liberation Sans", sans-serif; }
      main { max-width: 1100px; margin: 0 auto; }
      h1 { font-size: 1.7em; margin: 0 0 16px; }
      h2 { font-size: 1.3em; margin: 36px 0 10px; padding-bottom: 4px;
        border-bottom: 1px solid #d0d7de; }
      .scroll { overflow-x: auto; margin: 8px 0 16px; }
      table { border-collapse: collapse; font-size: 0.9em; }
      table.comparison { font-size: 0.85em; }
      table.comparison th, table.comparison td { padding: 3px 6px; }
      th, td { border: 1px solid #d0d7de; padding: 4px 9px; text-align: left;
        vertical-align: top; }
      thead th { background: #f3f5f7; }
      td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
      table.meta th { background: #f3f5f7; font-weight: 600; }
      tr.best td { background: #e6f4ea; font-weight: 600; }
      tr.failed td { background: #fdecea; }
      .tag { font-size: 0.8em; font-weight: 600; color: #1a7f37; margin-left: 4px; }
      .badge { display: inline-block; padding: 1px 8px; border-radius: 10px;
        border: 1px solid currentColor; font-size: 0.85em; font-weight: 600;
        white-space: nowrap; }
      .v-improving, .v-plateaued, .pass { color: #1a7f37; background: #e6f4ea; }
      .v-overfitting, .v-underfitting, .fail { color: #b42318; background: #fdecea; }
      .v-insufficient-data, .none { color: #57606a; background: #f3f5f7; }
      figure { margin: 8px 0; }
      img { max-width: 100%; height: auto; border: 1px solid #e4e4e4; }
      p.verdict { margin: 6px 0 10px; }
      .muted { color: #57606a; }
      a { color: #0b5cad; }
      @media print {
        body { padding: 0; font-size: 11pt; }
        main { max-width: none; }
        .scroll { overflow: visible; }
        section, figure, tr { break-inside: avoid; }
        h2 { break-after: avoid; }
        * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
      }
      """;

  private HtmlReport() {}

  /**
   * Renders {@code doc} as an HTML page.
   *
   * @param doc the report's contents
   * @return the page, a complete HTML5 document
   */
  public static String render(ReportDocument doc) {
    StringBuilder out = new StringBuilder(64 * 1024);
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(escape(doc.title())).append("</title>\n")
        .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n<main>\n")
        .append("<h1>").append(escape(doc.title())).append("</h1>\n");
    metadata(out, doc.metadata());
    summary(out, doc.sections());
    for (int i = 0; i < doc.sections().size(); i++) {
      section(out, doc.sections().get(i), i + 1);
    }
    if (doc.comparison() != null) {
      comparison(out, doc.comparison());
    }
    rules(out, doc.verdictRules());
    out.append("</main>\n</body>\n</html>\n");
    return out.toString();
  }

  /**
   * Renders {@code doc} and writes it to {@code file} in UTF-8, replacing any file there.
   *
   * @param doc the report's contents
   * @param file where to write the page
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void write(ReportDocument doc, Path file) {
    try {
      Files.writeString(file, render(doc), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + file, e);
    }
  }

  private static void metadata(StringBuilder out, Map<String, String> metadata) {
    if (metadata.isEmpty()) {
      return;
    }
    out.append("<div class=\"scroll\"><table class=\"meta\">\n<tbody>\n");
    metadata.forEach((key, value) -> out.append("<tr><th scope=\"row\">").append(escape(key))
        .append("</th><td>").append(escape(value)).append("</td></tr>\n"));
    out.append("</tbody>\n</table></div>\n");
  }

  private static void summary(StringBuilder out, List<ReportDocument.Section> sections) {
    if (sections.isEmpty()) {
      return;
    }
    out.append("<section id=\"verdicts\">\n<h2>Verdicts</h2>\n")
        .append("<div class=\"scroll\"><table>\n<thead><tr>")
        .append("<th>Loss curve</th><th>Verdict</th><th>Best epoch</th><th>Explanation</th>")
        .append("</tr></thead>\n<tbody>\n");
    for (int i = 0; i < sections.size(); i++) {
      LossCurves curves = sections.get(i).curves();
      Verdict verdict = curves.verdict();
      out.append("<tr><td><a href=\"#").append(anchor(i + 1)).append("\">")
          .append(escape(curves.title())).append("</a></td><td>").append(badge(verdict))
          .append("</td><td class=\"num\">")
          .append(verdict == null || verdict.bestEpoch() == null ? "-" : verdict.bestEpoch())
          .append("</td><td>").append(verdict == null ? "" : escape(verdict.explanation()))
          .append("</td></tr>\n");
    }
    out.append("</tbody>\n</table></div>\n</section>\n");
  }

  private static void section(StringBuilder out, ReportDocument.Section section, int number) {
    LossCurves curves = section.curves();
    Verdict verdict = curves.verdict();
    out.append("<section id=\"").append(anchor(number)).append("\">\n<h2>")
        .append(escape(curves.title())).append("</h2>\n");
    image(out, section);
    out.append("<p class=\"verdict\">Verdict: ").append(badge(verdict));
    if (verdict != null && verdict.explanation() != null && !verdict.explanation().isEmpty()) {
      out.append(" ").append(escape(verdict.explanation()));
    }
    out.append("</p>\n");
    numbers(out, curves);
    out.append("</section>\n");
  }

  private static void image(StringBuilder out, ReportDocument.Section section) {
    byte[] png = section.chartPng();
    if (png == null || png.length == 0) {
      out.append("<p class=\"muted\">No chart.</p>\n");
      return;
    }
    int[] size = pngSize(png);
    out.append("<figure><img src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(png)).append('"');
    if (size != null) {
      out.append(" width=\"").append(size[0]).append("\" height=\"").append(size[1]).append('"');
    }
    out.append(" alt=\"").append(escape("Train and validation loss by epoch: "
        + section.curves().title())).append("\"></figure>\n");
  }

  private static void numbers(StringBuilder out, LossCurves curves) {
    Map<Integer, EpochValue[]> byEpoch = new TreeMap<>();
    for (EpochValue v : curves.train()) {
      byEpoch.computeIfAbsent(v.epoch(), e -> new EpochValue[2])[0] = v;
    }
    for (EpochValue v : curves.validation()) {
      byEpoch.computeIfAbsent(v.epoch(), e -> new EpochValue[2])[1] = v;
    }
    if (byEpoch.isEmpty()) {
      out.append("<p class=\"muted\">No values.</p>\n");
      return;
    }
    Integer best = curves.verdict() == null ? null : curves.verdict().bestEpoch();
    out.append("<div class=\"scroll\"><table class=\"numbers\">\n<thead><tr><th>Epoch</th>")
        .append("<th>Train</th>")
        .append("<th>Train 95% CI</th><th>Validation</th><th>Validation 95% CI</th>")
        .append("<th>Rows (train / validation)</th></tr></thead>\n<tbody>\n");
    byEpoch.forEach((epoch, pair) -> {
      boolean isBest = epoch.equals(best) && pair[1] != null;
      out.append(isBest ? "<tr class=\"best\">" : "<tr>").append("<td class=\"num\">")
          .append(epoch).append(isBest ? "<span class=\"tag\">best</span>" : "").append("</td>")
          .append(cell(pair[0] == null ? "-" : number(pair[0].value())))
          .append(cell(interval(pair[0])))
          .append(cell(pair[1] == null ? "-" : number(pair[1].value())))
          .append(cell(interval(pair[1])))
          .append(cell(rows(pair[0]) + " / " + rows(pair[1]))).append("</tr>\n");
    });
    out.append("</tbody>\n</table></div>\n");
  }

  private static void comparison(StringBuilder out, ReportDocument.Comparison comparison) {
    out.append("<section id=\"comparison\">\n<h2>Baseline vs candidate</h2>\n")
        .append("<p>Baseline: <strong>").append(escape(comparison.baseline()))
        .append("</strong>; candidate: <strong>").append(escape(comparison.candidate()))
        .append("</strong>. Overall: ")
        .append(comparison.passed() ? "<span class=\"badge pass\">PASSED</span>"
            : "<span class=\"badge fail\">FAILED</span>")
        .append("</p>\n");
    if (comparison.rows().isEmpty()) {
      out.append("<p class=\"muted\">No losses compared.</p>\n</section>\n");
      return;
    }
    out.append("<div class=\"scroll\"><table class=\"comparison\">\n<thead><tr><th>Slice</th>")
        .append("<th>Loss</th>")
        .append("<th>Reduction</th><th>Options</th><th>Baseline</th><th>Candidate</th>")
        .append("<th>Difference</th><th>Relative difference</th><th>Difference 95% CI</th>")
        .append("<th>Threshold</th><th>Result</th></tr></thead>\n<tbody>\n");
    for (ComparisonRow row : comparison.rows()) {
      out.append(row.failed() ? "<tr class=\"failed\">" : "<tr>")
          .append("<td>").append(orDash(row.slice(), "(all)")).append("</td>")
          .append("<td>").append(escape(row.loss())).append("</td>")
          .append("<td>").append(escape(row.reduction())).append("</td>")
          .append("<td>").append(orDash(row.options(), "-")).append("</td>")
          .append(cell(number(row.baseline())))
          .append(cell(number(row.candidate())))
          .append(cell(signed(row.difference())))
          .append(cell(percent(row.relativeDifference())))
          .append(cell(row.hasInterval()
              ? "[" + number(row.differenceLower()) + ", " + number(row.differenceUpper()) + "]"
              : "-"))
          .append("<td>").append(orDash(row.threshold(), "-")).append("</td>")
          .append("<td>").append(result(row.passed())).append("</td></tr>\n");
    }
    out.append("</tbody>\n</table></div>\n</section>\n");
  }

  private static void rules(StringBuilder out, List<String> rules) {
    if (rules.isEmpty()) {
      return;
    }
    out.append("<section id=\"rules\">\n<h2>How verdicts are decided</h2>\n<ul>\n");
    for (String rule : rules) {
      out.append("<li>").append(escape(rule)).append("</li>\n");
    }
    out.append("</ul>\n</section>\n");
  }

  private static String badge(Verdict verdict) {
    if (verdict == null || verdict.kind() == null) {
      return "<span class=\"badge none\">-</span>";
    }
    String label = verdict.kind().label();
    return "<span class=\"badge v-" + label.replace(' ', '-') + "\">" + escape(label) + "</span>";
  }

  private static String result(Boolean passed) {
    if (passed == null) {
      return "<span class=\"muted\">-</span>";
    }
    return passed ? "<span class=\"badge pass\">passed</span>"
        : "<span class=\"badge fail\">FAILED</span>";
  }

  private static String cell(String number) {
    return "<td class=\"num\">" + number + "</td>";
  }

  private static String interval(EpochValue value) {
    if (value == null || !value.hasInterval()) {
      return "-";
    }
    return "[" + number(value.lower()) + ", " + number(value.upper()) + "]";
  }

  private static String rows(EpochValue value) {
    if (value == null) {
      return "-";
    }
    return new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT))
        .format(value.rows());
  }

  private static String orDash(String text, String empty) {
    return text == null || text.isEmpty() ? empty : escape(text);
  }

  private static String anchor(int number) {
    return "curve-" + number;
  }

  /**
   * A number for display: up to 6 significant digits without trailing zeros ({@code 0.869},
   * {@code 2.30259}, {@code 1200}), scientific below 1e-4 and from 1e9 on ({@code 1.5e-07}),
   * {@code -} for NaN, {@code inf}/{@code -inf} for infinities.
   *
   * @param value the number
   * @return its display text
   */
  static String number(double value) {
    if (Double.isNaN(value)) {
      return "-";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    if (value == 0) {
      return "0";
    }
    BigDecimal rounded = new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros();
    double abs = Math.abs(rounded.doubleValue());
    if (abs < 1e-4 || abs >= 1e9) {
      String digits = rounded.unscaledValue().abs().toString();
      int exponent = digits.length() - 1 - rounded.scale();
      String mantissa = digits.length() == 1 ? digits
          : digits.charAt(0) + "." + digits.substring(1);
      return (rounded.signum() < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
          + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    }
    return rounded.toPlainString();
  }

  /** {@link #number} with a {@code +} before positive values. */
  static String signed(double value) {
    String text = number(value);
    return value > 0 ? "+" + text : text;
  }

  /** A ratio as a signed percentage: {@code 0.0123} is {@code +1.23%}; NaN is {@code -}. */
  static String percent(double ratio) {
    return Double.isNaN(ratio) ? "-" : signed(ratio * 100) + "%";
  }

  /**
   * Escapes text for HTML content and attribute values: {@code & < > " '}.
   *
   * @param text the text, or null (rendered as nothing)
   * @return the escaped text
   */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** The width and height in a PNG's IHDR chunk, or null when the bytes are not a PNG. */
  static int[] pngSize(byte[] png) {
    byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (png.length < 24) {
      return null;
    }
    for (int i = 0; i < signature.length; i++) {
      if (png[i] != signature[i]) {
        return null;
      }
    }
    if (png[12] != 'I' || png[13] != 'H' || png[14] != 'D' || png[15] != 'R') {
      return null;
    }
    return new int[] {readInt(png, 16), readInt(png, 20)};
  }

  private static int readInt(byte[] bytes, int at) {
    return (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8
        | (bytes[at + 3] & 0xff);
  }
}
