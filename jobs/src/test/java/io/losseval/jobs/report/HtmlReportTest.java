package io.losseval.jobs.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link HtmlReport}: one self-contained, escaped page with every part of the document. */
class HtmlReportTest {
  private static final Pattern IMAGE =
      Pattern.compile("<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\" width=\"(\\d+)\""
          + " height=\"(\\d+)\" alt=\"([^\"]+)\">");

  private static ReportDocument document;
  private static String html;

  @BeforeAll
  static void render() {
    document = ReportSamples.document(true, 320, 200);
    html = HtmlReport.render(document);
  }

  /** The part of the page from the section whose h2 is {@code title} to the next section. */
  private static String section(String page, String title) {
    int start = page.indexOf("<h2>" + HtmlReport.escape(title) + "</h2>");
    assertTrue(start >= 0, "no section " + title);
    int end = page.indexOf("</section>", start);
    return page.substring(start, end);
  }

  @Test
  void isOneSelfContainedPage() {
    assertTrue(html.startsWith("<!DOCTYPE html>"), html.substring(0, 40));
    assertTrue(html.contains("<meta charset=\"utf-8\">"));
    assertTrue(html.contains("<style>"));
    String lower = html.toLowerCase(Locale.ROOT);
    assertFalse(lower.contains("http://"), "an external reference");
    assertFalse(lower.contains("https://"), "an external reference");
    assertFalse(lower.contains("<script"), "a script");
    assertFalse(lower.contains("<link"), "a linked resource");
    assertFalse(lower.contains("@import"), "an imported style sheet");
    assertFalse(lower.contains("url("), "a style resource");
    assertTrue(html.trim().endsWith("</html>"));
  }

  @Test
  void showsTitleMetadataAndTheSectionsInOrder() {
    int title = html.indexOf("<h1>Loss report: nightly-42</h1>");
    int meta = html.indexOf("<th scope=\"row\">run id</th><td>nightly-42</td>");
    int verdicts = html.indexOf("<h2>Verdicts</h2>");
    int first = html.indexOf("<h2>" + HtmlReport.escape(document.sections().get(0).curves()
        .title()) + "</h2>");
    int comparison = html.indexOf("<h2>Baseline vs candidate</h2>");
    int rules = html.indexOf("<h2>How verdicts are decided</h2>");
    assertTrue(title >= 0 && title < meta && meta < verdicts && verdicts < first
        && first < comparison && comparison < rules, html);
    assertTrue(html.contains("<td>convnet &amp; friends</td>"));
    for (ReportDocument.Section section : document.sections()) {
      String heading = "<h2>" + HtmlReport.escape(section.curves().title()) + "</h2>";
      assertEquals(1, count(html, heading), heading);
    }
    for (String rule : document.verdictRules()) {
      assertTrue(html.contains("<li>" + HtmlReport.escape(rule) + "</li>"), rule);
    }
  }

  @Test
  void summarisesEveryVerdict() {
    String summary = html.substring(html.indexOf("<h2>Verdicts</h2>"),
        html.indexOf("</section>", html.indexOf("<h2>Verdicts</h2>")));
    assertEquals(3, count(summary, "<tr><td><a href=\"#curve-"));
    assertTrue(summary.contains("<a href=\"#curve-1\">cross_entropy (mean, label_smoothing=0.1)"
        + " - model=convnet</a></td><td><span class=\"badge v-overfitting\">overfitting</span>"
        + "</td><td class=\"num\">5</td>"), summary);
    assertTrue(summary.contains("<span class=\"badge v-improving\">improving</span>"));
    assertTrue(summary.contains(
        "<span class=\"badge v-insufficient-data\">insufficient data</span></td>"
            + "<td class=\"num\">-</td><td>no validation split.</td>"), summary);
  }

  @Test
  void escapesEveryString() {
    assertFalse(html.contains("model=<b>"), "an unescaped slice");
    assertTrue(html.contains("l1 (sum) - model=&lt;b&gt;&amp;&quot;x&quot;"), "the escaped slice");
    assertEquals("&amp;&lt;&gt;&quot;&#39;plain", HtmlReport.escape("&<>\"'plain"));
    assertEquals("", HtmlReport.escape(null));

    ReportDocument hostile = new ReportDocument("<script>alert('x')</script>",
        java.util.Map.of("k<", "v&"), List.of(), List.of("a < b"), null);
    String page = HtmlReport.render(hostile);
    assertFalse(page.contains("<script"), page);
    assertTrue(page.contains("<h1>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</h1>"));
    assertTrue(page.contains("<th scope=\"row\">k&lt;</th><td>v&amp;</td>"));
    assertTrue(page.contains("<li>a &lt; b</li>"));
  }

  @Test
  void embedsEachSectionsChartOnce() {
    Matcher images = IMAGE.matcher(html);
    List<String> found = new ArrayList<>();
    while (images.find()) {
      found.add(images.group(1));
      assertEquals("320", images.group(2));
      assertEquals("200", images.group(3));
      assertTrue(images.group(4).startsWith("Train and validation loss by epoch: "));
    }
    assertEquals(document.sections().size(), count(html, "data:image/png;base64,"));
    assertEquals(document.sections().size(), found.size());
    for (ReportDocument.Section section : document.sections()) {
      String part = section(html, section.curves().title());
      assertEquals(1, count(part, "data:image/png;base64,"), section.curves().title());
      Matcher image = IMAGE.matcher(part);
      assertTrue(image.find());
      assertArrayEquals(section.chartPng(), Base64.getDecoder().decode(image.group(1)));
    }
  }

  @Test
  void tabulatesTheNumbersWithTheBestRowHighlighted() {
    String overfitting = section(html, document.sections().get(0).curves().title());
    assertTrue(overfitting.contains("<p class=\"verdict\">Verdict: <span class=\"badge "
        + "v-overfitting\">overfitting</span> validation rose from 1.17"), overfitting);
    assertEquals(10, count(overfitting, "<tr><td class=\"num\">")
        + count(overfitting, "<tr class=\"best\">"));
    assertEquals(1, count(overfitting, "<tr class=\"best\">"));
    // epoch 5: train 0.93 [0.8928, 0.9765], validation 1.17 [1.0764, 1.2753], 48,000 / 6,000 rows
    assertTrue(overfitting.contains("<tr class=\"best\"><td class=\"num\">5<span class=\"tag\">"
        + "best</span></td><td class=\"num\">0.93</td><td class=\"num\">[0.8928, 0.9765]</td>"
        + "<td class=\"num\">1.17</td><td class=\"num\">[1.0764, 1.2753]</td>"
        + "<td class=\"num\">48,000 / 6,000</td></tr>"), overfitting);

    String improving = section(html, document.sections().get(1).curves().title());
    EpochValue third = document.sections().get(1).curves().train().get(2);
    assertTrue(improving.contains("<td class=\"num\">" + HtmlReport.number(third.value())
        + "</td><td class=\"num\">-</td>"), "a train value without an interval");

    String trainOnly = section(html, document.sections().get(2).curves().title());
    assertTrue(trainOnly.contains("<tr><td class=\"num\">2</td><td class=\"num\">0.4</td>"
        + "<td class=\"num\">-</td><td class=\"num\">-</td><td class=\"num\">-</td>"
        + "<td class=\"num\">100 / -</td></tr>"), trainOnly);
    assertFalse(trainOnly.contains("class=\"best\""));
  }

  @Test
  void formatsNumbersWithUpToSixSignificantDigits() {
    assertEquals("0.869", HtmlReport.number(0.869));
    assertEquals("2.30259", HtmlReport.number(2.302585093));
    assertEquals("1200", HtmlReport.number(1200));
    assertEquals("123457", HtmlReport.number(123456.7));
    assertEquals("0.000123457", HtmlReport.number(0.0001234567));
    assertEquals("1.5e-07", HtmlReport.number(1.5e-7));
    assertEquals("-2.5e+12", HtmlReport.number(-2.5e12));
    assertEquals("0", HtmlReport.number(-0.0));
    assertEquals("-", HtmlReport.number(Double.NaN));
    assertEquals("inf", HtmlReport.number(Double.POSITIVE_INFINITY));
    assertEquals("+0.0208", HtmlReport.signed(0.0208));
    assertEquals("+2.56063%", HtmlReport.percent(0.0208 / 0.8123));
    assertEquals("-1%", HtmlReport.percent(-0.01));
    assertEquals("-", HtmlReport.percent(Double.NaN));
  }

  @Test
  void comparesBaselineAndCandidateMarkingFailedRows() {
    String part = section(html, "Baseline vs candidate");
    assertTrue(part.contains("Baseline: <strong>model=baseline</strong>; candidate: <strong>"
        + "model=candidate</strong>. Overall: <span class=\"badge fail\">FAILED</span>"), part);
    assertEquals(1, count(part, "<tr class=\"failed\">"));
    assertTrue(part.contains("<tr class=\"failed\"><td>region=eu</td><td>cross_entropy</td>"
        + "<td>mean</td><td>label_smoothing=0.1</td><td class=\"num\">0.8123</td>"
        + "<td class=\"num\">0.8331</td><td class=\"num\">+0.0208</td>"
        + "<td class=\"num\">+2.56063%</td><td class=\"num\">[0.011, 0.0301]</td>"
        + "<td>must not rise by more than 1%</td><td><span class=\"badge fail\">FAILED</span>"
        + "</td></tr>"), part);
    assertTrue(part.contains("<tr><td>(all)</td><td>mse</td><td>mean</td><td>-</td>"
        + "<td class=\"num\">0.25</td><td class=\"num\">0.2475</td><td class=\"num\">-0.0025</td>"
        + "<td class=\"num\">-1%</td><td class=\"num\">-</td><td>must not rise by more than 1%"
        + "</td><td><span class=\"badge pass\">passed</span></td></tr>"), part);
    assertTrue(part.contains("<td class=\"num\">+0.5</td><td class=\"num\">-</td>"
        + "<td class=\"num\">-</td><td>-</td><td><span class=\"muted\">-</span></td></tr>"), part);

    ReportDocument.Comparison passed = new ReportDocument.Comparison("run nightly-41",
        "run nightly-42", List.of(ReportSamples.comparison().rows().get(1)), true);
    String page = HtmlReport.render(new ReportDocument("t", java.util.Map.of(), List.of(),
        List.of(), passed));
    assertTrue(page.contains("<span class=\"badge pass\">PASSED</span>"));
    assertFalse(page.contains("class=\"failed\""));
    assertFalse(page.contains("<h2>Verdicts</h2>"), "no verdicts without sections");
  }

  @Test
  void leavesTheComparisonOutWhenThereIsNone() {
    String page = HtmlReport.render(ReportSamples.document(false, 120, 80));
    assertFalse(page.contains("Baseline vs candidate"));
    assertFalse(page.contains("FAILED"));
    assertFalse(page.contains("PASSED"));
    assertTrue(page.contains("<h2>How verdicts are decided</h2>"));
  }

  @Test
  void writesUtf8(@TempDir Path dir) throws Exception {
    ReportDocument doc = new ReportDocument("Verlust – Übersicht", java.util.Map.of("Modell",
        "größer"), List.of(), List.of("règle"), null);
    Path file = dir.resolve("report.html");
    HtmlReport.write(doc, file);
    String written = Files.readString(file, StandardCharsets.UTF_8);
    assertEquals(HtmlReport.render(doc), written);
    assertTrue(written.contains("<h1>Verlust – Übersicht</h1>"));
    assertTrue(written.contains("<td>größer</td>"));
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
      count++;
    }
    return count;
  }
}
