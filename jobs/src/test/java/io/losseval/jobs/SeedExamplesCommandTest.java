package io.losseval.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code losseval seed-examples} reproduces every printed example of the seed articles. */
class SeedExamplesCommandTest {

  private static int run(StringWriter out, StringWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void everySeedExampleMatchesTheArticle() {
    StringWriter out = new StringWriter();
    int code = run(out, new StringWriter(), "seed-examples", "--dir", "../sample-data/seed-examples");
    assertEquals(0, code, out.toString());
    assertTrue(out.toString().contains("8 examples, 8 match the printed value"), out.toString());
    assertTrue(out.toString().contains("seed_kl_div"), out.toString());
  }

  @Test
  void missingFolderIsABadArgument() {
    StringWriter err = new StringWriter();
    int code = run(new StringWriter(), err, "seed-examples", "--dir", "no/such/folder");
    assertEquals(2, code);
    assertTrue(err.toString().contains("--dir no/such/folder is not a folder"), err.toString());
  }
}
