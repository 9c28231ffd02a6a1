package io.losseval.jobs;

import io.losseval.jobs.compare.CompareCommand;
import io.losseval.jobs.evaluate.EvaluateCommand;
import io.losseval.jobs.report.ReportCommand;
import io.losseval.jobs.sampledata.SampleDataCommand;
import io.losseval.jobs.sql.SqlCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code losseval} command line: {@code java io.losseval.jobs.Main <subcommand> ...}, also the main
 * class for {@code spark-submit --class io.losseval.jobs.Main}. Exit codes: 0 success, 2 bad config or
 * arguments, 3 bad input data, 1 anything else; errors print one message on stderr that says what to fix.
 */
@Command(
    name = "losseval",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
        "PyTorch-compatible loss functions for evaluation at scale, on an embedded Spark (bin/losseval)"
            + " or a cluster (spark-submit --class io.losseval.jobs.Main losseval-<version>.jar ...).",
        ""},
    subcommands = {
        EvaluateCommand.class,
        ReportCommand.class,
        CompareCommand.class,
        SqlCommand.class,
        ListCommand.class,
        SeedExamplesCommand.class,
        SampleDataCommand.class,
        io.losseval.jobs.bench.BenchCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Exit codes: 0 success, 2 bad config or arguments, 3 bad input data, 4 a compare"
        + " threshold failed, 1 anything else.",
        "Run 'losseval <command> --help' for a command's options."})
public final class Main implements Runnable {

  public static void main(String[] args) {
    int code = run(args);
    System.exit(code);
  }

  /** Runs the command line on stdout and stderr and returns its exit code. */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs the command line with results on {@code out}, errors on {@code err}; returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(Main::onFailure);
    cli.setParameterExceptionHandler(Main::onBadArguments);
    return cli.execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  private static int onFailure(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    if (e instanceof JobFailure failure) {
      err.println("losseval " + cli.getCommandName() + ": error: " + failure.getMessage());
      err.flush();
      return failure.exitCode();
    }
    err.println("losseval " + cli.getCommandName() + ": unexpected failure: " + e
        + " (a bug or an environment problem; the stack trace follows)");
    e.printStackTrace(err);
    err.flush();
    return JobFailure.OTHER;
  }

  private static int onBadArguments(CommandLine.ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    PrintWriter err = cli.getErr();
    err.println("losseval " + cli.getCommandName() + ": error: " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Run 'losseval " + (cli.getParent() == null ? "" : cli.getCommandName() + " ")
        + "--help' for the options.");
    err.flush();
    return JobFailure.BAD_CONFIG;
  }

  /** losseval's version (from the jar's manifest), or {@code development} in a source build. */
  public static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "development" : v;
  }

  /** The version for {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"losseval " + version()};
    }
  }
}
