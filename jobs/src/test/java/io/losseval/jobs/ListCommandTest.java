package io.losseval.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.LossCatalog;
import io.losseval.core.LossSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code losseval list} names every loss with its SQL call, options and defaults. */
class ListCommandTest {

  @Test
  void listsEveryLossWithItsSqlCallAndDefaults() {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out, true));
    assertEquals(0, cli.execute("list"));
    String text = out.toString();
    for (LossSpec spec : LossCatalog.all()) {
      assertTrue(text.contains(spec.name() + "  (torch.nn." + spec.torchClass() + ")"), spec.name());
    }
    assertTrue(text.contains("  SQL:        cross_entropy(input, target[, sample_weight][, 'options'])"), text);
    assertTrue(text.contains("  label_smoothing: 0.0: mix of the target"), text);
    assertTrue(text.contains("  reduction:  mean, sum, none, batchmean (default mean)"), text);
    assertTrue(text.contains("  distance:   pairwise (pairwise|cosine)"), text);
  }
}
