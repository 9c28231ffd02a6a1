package io.losseval.jobs.sampledata;

import io.losseval.jobs.JobFailure;
import io.losseval.jobs.spark.JobSessions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code losseval sample-data --out DIR [--seed N]}: writes the sample datasets, one Parquet file each
 * ({@code DIR/<name>.parquet}), deterministic from the seed. The committed {@code sample-data/} was made
 * with the defaults.
 */
@Command(
    name = "sample-data",
    mixinStandardHelpOptions = true,
    description = "Write the sample datasets (one Parquet file each), deterministic from a seed; the"
        + " committed sample-data/ was made with the defaults.")
public final class SampleDataCommand implements Callable<Integer> {
  /** The seed of the committed files. */
  public static final long DEFAULT_SEED = 20261123L;

  @Spec CommandSpec spec;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "sample-data",
      description = "Where to write (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--seed", defaultValue = "" + DEFAULT_SEED,
      description = "The seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws IOException {
    PrintWriter console = spec.commandLine().getOut();
    SparkSession spark = JobSessions.start("sample-data", Map.of());
    Files.createDirectories(out);
    for (SampleData.Dataset d : SampleData.all(seed)) {
      Path target = out.resolve(d.name() + ".parquet");
      write(spark, d, target);
      console.printf("%-28s %6d rows  %s%n", target, d.rows().size(), d.description());
    }
    console.flush();
    return JobFailure.SUCCESS;
  }

  /** Writes {@code d} as the single Parquet file {@code target}. */
  static void write(SparkSession spark, SampleData.Dataset d, Path target) throws IOException {
    Path tmp = Files.createTempDirectory("losseval-sample-");
    Path dir = tmp.resolve("out");
    spark.createDataFrame(d.rows(), d.schema()).coalesce(1).write().parquet(dir.toString());
    try (Stream<Path> files = Files.list(dir)) {
      Path part = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst()
          .orElseThrow(() -> new IOException("Spark wrote no Parquet file for " + d.name()));
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
    }
    try (Stream<Path> walk = Files.walk(tmp)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
