package io.losseval.jobs;

import io.losseval.core.LossCatalog;
import io.losseval.core.LossSpec;
import io.losseval.core.OptionSpec;
import io.losseval.core.Reduction;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code losseval list}: every loss with its SQL functions, its inputs in PyTorch's order, its options
 * with their defaults, and its reductions.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List every loss: SQL names, inputs, options and defaults, reductions.")
final class ListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    for (LossSpec loss : LossCatalog.all()) {
      out.printf("%s  (torch.nn.%s)%n", loss.name(), loss.torchClass());
      out.printf("  SQL:        %s(%s[, sample_weight][, 'options']), row_%s(...), %s_stats(...)%n",
          loss.name(), String.join(", ", loss.arguments()), loss.name(), loss.name());
      List<String> reductions = new ArrayList<>();
      for (Reduction r : loss.reductions()) {
        reductions.add(r.torchName());
      }
      out.printf("  reduction:  %s (default %s)%n", String.join(", ", reductions), reductions.get(0));
      for (OptionSpec o : loss.options()) {
        String choices = o.choices().isEmpty() ? "" : " (" + String.join("|", o.choices()) + ")";
        out.printf("  %-11s %s%s: %s%n", o.name() + ":", o.defaultValue(), choices, o.description());
      }
      out.printf("  %-11s skip (skip|error): what a row with a null input does%n", "on_null:");
      out.println();
    }
    out.flush();
    return 0;
  }
}
