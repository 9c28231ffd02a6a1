package io.losseval.jobs;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code losseval} command line: {@code java io.losseval.jobs.Main <subcommand> ...}, also the main
 * class for {@code spark-submit --class}. Exit codes: 0 success, 2 bad arguments, 1 anything else.
 */
@Command(
    name = "losseval",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "PyTorch-compatible loss functions for evaluation at scale.",
    subcommands = {ListCommand.class, SeedExamplesCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code. */
  static int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"losseval " + (v == null ? "(development build)" : v)};
    }
  }
}
