package io.losseval.jobs;

import io.losseval.spark.LossSessionExtensions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.spark.sql.SparkSession;

/**
 * Runs the command line in this JVM, on the test class's shared local Spark session, and keeps its exit
 * code, stdout and stderr.
 */
public record JobRun(int exitCode, String out, String err) {

  /** The repository's root (tests run in {@code jobs/}). */
  public static final Path ROOT = Paths.get("").toAbsolutePath().getParent();

  /** Runs {@code losseval args...}. */
  public static JobRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new JobRun(code, out.toString(), err.toString());
  }

  /**
   * The session the commands will share: local[2], 4 shuffle partitions, no UI, with losseval's session
   * extensions (as a session the job builds has them).
   */
  public static SparkSession session() {
    return SparkSession.builder()
        .master("local[2]")
        .appName("losseval jobs tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .withExtensions(new LossSessionExtensions())
        .getOrCreate();
  }

  /** A path of the repository as a string. */
  public static String repo(String relative) {
    return ROOT.resolve(relative).toString();
  }
}
