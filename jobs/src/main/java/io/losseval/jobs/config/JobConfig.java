package io.losseval.jobs.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * An {@code evaluate} job's config, as read from YAML by {@link ConfigLoader}: what to read, which
 * columns, which losses, how to slice, where to write, and the run's metadata. Every key is optional
 * except {@code input} and {@code losses}; see {@code conf/evaluate.yaml} for a commented example.
 *
 * @param run the run's metadata
 * @param input what to read
 * @param columns which columns are the losses' arguments and the sample weight
 * @param groupBy the slice columns: one result per distinct combination and loss
 * @param losses the losses to compute
 * @param output where to write the results (none: print only)
 * @param spark Spark settings for this job ({@code spark.sql.shuffle.partitions: 8})
 * @param bootstrap a 95% confidence interval for every value, from a Poisson bootstrap (none: no
 *     intervals)
 * @param report what the {@code report} command draws (train vs validation over epochs)
 * @param compare what the {@code compare} command compares (baseline vs candidate) and its thresholds
 */
public record JobConfig(
    Run run,
    Input input,
    Columns columns,
    @JsonProperty("group_by") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> groupBy,
    List<LossEntry> losses,
    Output output,
    Map<String, String> spark,
    Bootstrap bootstrap,
    Report report,
    Compare compare) {

  public JobConfig {
    run = run == null ? new Run(null, null, null) : run;
    columns = columns == null ? new Columns(null, null, null, null) : columns;
    groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
    losses = losses == null ? List.of() : List.copyOf(losses);
    spark = spark == null ? Map.of() : Map.copyOf(spark);
  }

  /** This config with {@code columns} appended to {@code group_by} (those not in it already). */
  public JobConfig withGroupBy(List<String> columns) {
    List<String> g = new java.util.ArrayList<>(groupBy);
    for (String c : columns) {
      if (!g.contains(c)) {
        g.add(c);
      }
    }
    return new JobConfig(run, input, this.columns, g, losses, output, spark, bootstrap, report,
        compare);
  }

  /**
   * A one-pass Poisson bootstrap over the same aggregation: each value gets a 95% percentile interval
   * and its replicates are kept with the results (so {@code compare} can difference two models).
   *
   * @param replicates the number of replicates B (default 200; 1..10000)
   * @param seed the seed (default 0): the same seed and data give the same interval
   * @param key a column (or SQL expression) that identifies an example, such as an id; rows with the
   *     same key are resampled together, which pairs two models' rows for the same example. Default:
   *     a hash of the loss's arguments
   */
  public record Bootstrap(Integer replicates, Long seed, String key) {
    public Bootstrap {
      replicates = replicates == null ? 200 : replicates;
      seed = seed == null ? 0L : seed;
    }
  }

  /**
   * The {@code report} command: each loss per epoch and split, drawn as train and validation curves
   * with a verdict. The values come from the input (grouped by the epoch and split columns) or, with
   * {@code results}, from results that {@code evaluate} wrote earlier.
   *
   * @param path the report's directory (default {@code target/losseval-report})
   * @param epoch the epoch column (default {@code epoch}); with {@code results}, the slice key
   * @param split the split column (default {@code split}); with {@code results}, the slice key
   * @param train the split value of the training data (default {@code train})
   * @param validation the split value of the validation data (default {@code validation})
   * @param results a results directory of earlier {@code evaluate} runs to draw instead of the input
   * @param verdict the thresholds of the verdict rules
   */
  public record Report(String path, String epoch, String split, String train, String validation,
      String results, VerdictSettings verdict) {
    public Report {
      path = path == null ? "target/losseval-report" : path;
      epoch = epoch == null ? "epoch" : epoch;
      split = split == null ? "split" : split;
      train = train == null ? "train" : train;
      validation = validation == null ? "validation" : validation;
      verdict = verdict == null ? new VerdictSettings(null, null, null) : verdict;
    }
  }

  /**
   * The thresholds of the verdict rules (see the report's "How verdicts are decided").
   *
   * @param tolerance a relative change below which a loss counts as unchanged (default 0.01: 1%)
   * @param window the last epochs over which a plateau is judged (default 3)
   * @param underfit the share of its first value above which a final train loss counts as not
   *     learned (default 0.9: the train loss fell by less than 10%)
   */
  public record VerdictSettings(Double tolerance, Integer window, Double underfit) {
    public VerdictSettings {
      tolerance = tolerance == null ? 0.01 : tolerance;
      window = window == null ? 3 : window;
      underfit = underfit == null ? 0.9 : underfit;
    }
  }

  /**
   * The {@code compare} command: a baseline against a candidate, slice by slice, with thresholds that
   * make the command exit 4 when the candidate is worse.
   *
   * @param by the column whose values name the two sides (default {@code model}); with {@code
   *     results}, default {@code run_id}
   * @param baseline the baseline's value of {@code by}
   * @param candidate the candidate's value of {@code by}
   * @param results a results directory of earlier {@code evaluate} runs to compare instead of the input
   * @param thresholds rules such as {@code "cross_entropy.mean must not rise by more than 1%"}
   * @param path where the comparison's JSON and HTML go (default {@code target/losseval-compare})
   */
  public record Compare(String by, String baseline, String candidate, String results,
      List<String> thresholds, String path) {
    public Compare {
      by = by == null ? (results == null ? "model" : "run_id") : by;
      thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
      path = path == null ? "target/losseval-compare" : path;
    }
  }

  /**
   * The run's metadata, written with every result row.
   *
   * @param id the run id (letters, digits, {@code . _ -}); re-running an id replaces its results.
   *     Default: {@code run-<timestamp>}
   * @param model the model evaluated (optional)
   * @param timestamp an ISO-8601 instant ({@code 2026-11-23T08:00:00Z}); default: now
   */
  public record Run(String id, String model, String timestamp) {}

  /**
   * What to read: a {@code path} (file or directory) in a {@code format}, or a {@code table} of the
   * session's catalog.
   *
   * @param path a file or directory (any Hadoop file system URI)
   * @param table a table name, instead of a path
   * @param format parquet (default), csv, json or orc
   * @param options reader options ({@code header: "true"} for CSV)
   * @param filter an optional SQL condition applied before the losses ({@code split = 'validation'})
   */
  public record Input(
      String path, String table, Format format, Map<String, String> options, String filter) {
    public Input {
      format = format == null ? Format.PARQUET : format;
      options = options == null ? Map.of() : Map.copyOf(options);
    }
  }

  /**
   * The columns (or SQL expressions) the losses read unless a loss says otherwise.
   *
   * @param prediction the first argument of each loss ({@code input}, {@code input1}, {@code anchor},
   *     {@code log_probs})
   * @param target the argument named {@code target} (or {@code targets})
   * @param weight a per-row sample weight for every loss (optional)
   * @param inputs any other argument by its PyTorch name ({@code var: variance}, {@code input2: score_b})
   */
  public record Columns(String prediction, String target, String weight, Map<String, String> inputs) {
    public Columns {
      inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
    }
  }

  /**
   * One loss to compute, in one of three forms: a built-in loss by {@code name}; a custom loss whose
   * per-row value is a SQL {@code expression}; a custom loss given by a Java {@code class}.
   *
   * @param name the built-in loss ({@code cross_entropy}); for the custom forms, the name results carry
   * @param options the loss's options in the SQL form ({@code "label_smoothing=0.1, weight=[1,2]"})
   * @param reduction the reductions to compute (one or a list; default: the loss's default)
   * @param arguments argument columns or SQL expressions by PyTorch name, overriding {@code columns}
   * @param expression a custom loss's SQL expression for one row's loss, reduced by mean or sum
   * @param className a custom loss's Java class (implements {@code io.losseval.core.Loss})
   */
  public record LossEntry(
      String name,
      String options,
      @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> reduction,
      Map<String, String> arguments,
      String expression,
      @JsonProperty("class") String className) {
    public LossEntry {
      reduction = reduction == null ? List.of() : List.copyOf(reduction);
      arguments = arguments == null ? Map.of() : Map.copyOf(arguments);
    }
  }

  /**
   * Where the results go: rows of run {@code R} are the directory {@code <path>/run_id=R}, replaced as a
   * whole when the run is repeated.
   *
   * @param path the results directory
   * @param format parquet (default), csv, json or orc
   * @param mode replace (default: a re-run replaces the run's rows) or fail (a re-run is an error)
   */
  public record Output(String path, Format format, WriteMode mode) {
    public Output {
      format = format == null ? Format.PARQUET : format;
      mode = mode == null ? WriteMode.REPLACE : mode;
    }
  }

  /** A file format Spark reads and writes. */
  public enum Format {
    @JsonProperty("parquet") PARQUET,
    @JsonProperty("csv") CSV,
    @JsonProperty("json") JSON,
    @JsonProperty("orc") ORC;

    /** Spark's name for it. */
    public String sparkName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** What happens when the run's results exist already. */
  public enum WriteMode {
    /** Replace them (the default): re-running a run id never duplicates its rows. */
    @JsonProperty("replace") REPLACE,
    /** Fail with exit code 2. */
    @JsonProperty("fail") FAIL
  }
}
