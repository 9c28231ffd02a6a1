package io.losseval.jobs.bench;

import io.losseval.jobs.JobFailure;
import io.losseval.jobs.spark.SparkFailures;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates the benchmark's Parquet data, deterministically, or reuses it.
 *
 * <p>Every value is a hash ({@code xxhash64}) of the row number, the seed and the value's position, so
 * the files hold the same rows whatever the cluster or the partitioning. A dataset is a directory under
 * the data directory named by its kind, rows, seed and {@link #VERSION} ({@code
 * logits10-2000000-seed42-v1}); a directory with Spark's {@code _SUCCESS} marker is reused unless
 * {@code regenerate} is set, and within one run each dataset is written at most once. The data directory
 * may be on any Hadoop file system.
 *
 * <p>The data: a uniform number {@code u} in [-1, 1] is {@code xxhash64(...) / 2^63}.
 *
 * <ul>
 *   <li>regression: {@code p = u}, {@code t = p + 0.1 u'} (doubles);
 *   <li>logits: {@code C} floats {@code 4 u} per row and an int label uniform in [0, C);
 *   <li>triplets: {@code anchor} of D floats {@code u}, {@code positive = anchor + 0.5 u'} and {@code
 *       negative = anchor + 0.55 u''} elementwise, so that most triplets have a positive loss.
 * </ul>
 */
final class BenchData {
  /** Bumped whenever the generated data changes, so that older files are not reused. */
  static final String VERSION = "v1";

  private static final Logger LOG = LoggerFactory.getLogger("io.losseval.progress");

  private final SparkSession spark;
  private final Path dir;
  private final long seed;
  private final int files;
  private final boolean regenerate;
  private final Map<String, DataSet> obtained = new HashMap<>();

  /**
   * @param dir the data directory (any Hadoop file system URI, or a local path)
   * @param seed the seed every value's hash includes
   * @param files Parquet files per dataset
   * @param regenerate write each dataset again even if it is there
   */
  BenchData(SparkSession spark, String dir, long seed, int files, boolean regenerate) {
    this.spark = spark;
    this.dir = new Path(dir);
    this.seed = seed;
    this.files = files;
    this.regenerate = regenerate;
  }

  /** {@code rows} of {@code (p double, t double)}. */
  DataSet regression(long rows) {
    return obtain("regression", rows, "(p double, t double)", () -> range(rows)
        .selectExpr("id", uniform("1") + " AS p")
        .selectExpr("p", "p + 0.1 * " + uniform("2") + " AS t"));
  }

  /** {@code rows} of {@code (logits array<float>, label int)} with {@code classes} classes. */
  DataSet logits(long rows, int classes) {
    return obtain("logits" + classes, rows, "(logits array<float>, label int)", () -> range(rows).selectExpr(
        "transform(sequence(0, " + (classes - 1) + "), j -> CAST(4 * " + uniform("3, j") + " AS FLOAT)) AS logits",
        "CAST(pmod(xxhash64(id, " + seed + "L, 4), " + classes + ") AS INT) AS label"));
  }

  /** {@code rows} of {@code (anchor, positive, negative array<float>)}, {@code dim} floats each. */
  DataSet triplets(long rows, int dim) {
    return obtain("triplets" + dim, rows, "(anchor, positive, negative array<float>)",
        () -> range(rows)
            .selectExpr("id", "transform(sequence(0, " + (dim - 1) + "), j -> CAST(" + uniform("5, j")
                + " AS FLOAT)) AS anchor")
            .selectExpr("anchor",
                "transform(anchor, (x, j) -> CAST(x + 0.5 * " + uniform("6, j") + " AS FLOAT)) AS positive",
                "transform(anchor, (x, j) -> CAST(x + 0.55 * " + uniform("7, j") + " AS FLOAT)) AS negative"));
  }

  private Dataset<Row> range(long rows) {
    return spark.range(0, rows, 1, files).toDF();
  }

  /** A double uniform in [-1, 1] from the row's {@code id}, the seed and {@code more} (SQL). */
  private String uniform(String more) {
    return "CAST(xxhash64(id, " + seed + "L, " + more + ") AS DOUBLE) / 9.223372036854775807E18";
  }

  private DataSet obtain(String kind, long rows, String schema, Supplier<Dataset<Row>> data) {
    String name = String.format(Locale.ROOT, "%s-%d-seed%d-%s", kind, rows, seed, VERSION);
    DataSet known = obtained.get(name);
    if (known != null) {
      return known.obtained().startsWith("generated")
          ? new DataSet(known.name(), known.path(), known.rows(), known.schema(), known.bytes(), known.files(),
              known.obtained() + " for an earlier workload of this run")
          : known;
    }
    Path path = new Path(dir, name);
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      String qualified = fs.makeQualified(path).toString();
      String how;
      if (!regenerate && fs.exists(new Path(path, "_SUCCESS"))) {
        how = "reused";
      } else {
        LOG.info("generating {} ({} rows) in {}", name, rows, qualified);
        long t0 = System.nanoTime();
        data.get().write().mode(SaveMode.Overwrite).option("compression", "snappy").parquet(qualified);
        how = String.format(Locale.ROOT, "generated in %.1f s", (System.nanoTime() - t0) / 1e9);
      }
      long bytes = 0;
      int count = 0;
      for (FileStatus f : fs.listStatus(path)) {
        if (f.getPath().getName().endsWith(".parquet")) {
          bytes += f.getLen();
          count++;
        }
      }
      DataSet set = new DataSet(name, qualified, rows, schema, bytes, count, how);
      obtained.put(name, set);
      return set;
    } catch (IOException e) {
      throw JobFailure.other("cannot use the data directory " + dir + ": " + e.getMessage()
          + ": check that --data-dir is a writable directory", e);
    } catch (RuntimeException e) {
      throw JobFailure.other("cannot write the benchmark data " + path + ": "
          + SparkFailures.firstLine(String.valueOf(e.getMessage()))
          + ": check that --data-dir is a writable directory with room for the data", e);
    }
  }
}
