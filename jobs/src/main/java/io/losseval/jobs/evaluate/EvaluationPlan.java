package io.losseval.jobs.evaluate;

import io.losseval.core.CustomLossClass;
import io.losseval.core.LossArgumentException;
import io.losseval.core.LossCatalog;
import io.losseval.core.LossOptions;
import io.losseval.core.LossSpec;
import io.losseval.core.PrecomputedLoss;
import io.losseval.core.Reduction;
import io.losseval.core.bootstrap.PoissonBootstrap;
import io.losseval.jobs.JobFailure;
import io.losseval.jobs.config.ConfigLocations;
import io.losseval.jobs.config.JobConfig;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A checked config, ready to run: every loss resolved to its spec, options, reductions and argument
 * columns; the run's id and timestamp settled. Every problem is a {@link JobFailure#badConfig} naming
 * the key and its line.
 *
 * @param config the config as read
 * @param locations where each key came from
 * @param runId the run id
 * @param timestamp the run's timestamp
 * @param losses one entry per result column (loss x reduction), in config order
 */
public record EvaluationPlan(
    JobConfig config,
    ConfigLocations locations,
    String runId,
    Instant timestamp,
    List<PlannedLoss> losses) {

  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  /** Checks {@code config} and resolves its losses. */
  public static EvaluationPlan of(JobConfig config, ConfigLocations locations) {
    checkInput(config, locations);
    Instant timestamp = timestamp(config, locations);
    String runId = config.run().id() != null
        ? config.run().id()
        : "run-" + timestamp.toString().replace(":", "").replace("-", "");
    if (!RUN_ID.matcher(runId).matches()) {
      throw JobFailure.badConfig(locations.error("/run/id", "is '" + runId + "': a run id is 1 to 128"
          + " letters, digits, '.', '_' or '-', starting with a letter or digit"));
    }
    if (config.output() != null && blank(config.output().path())) {
      throw JobFailure.badConfig(locations.error("/output", "has no path: give output.path (a"
          + " directory), or remove output to print the results only"));
    }
    Set<String> groups = new HashSet<>();
    for (int i = 0; i < config.groupBy().size(); i++) {
      String g = config.groupBy().get(i);
      if (blank(g) || !groups.add(g)) {
        throw JobFailure.badConfig(locations.error("/group_by/" + i,
            blank(g) ? "is empty: give a column name" : "repeats column '" + g + "'"));
      }
    }
    if (config.losses().isEmpty()) {
      throw JobFailure.badConfig(locations.error("/losses", "is missing or empty: list the losses to"
          + " compute, such as '- name: cross_entropy' (bin/losseval list shows them all)"));
    }
    List<PlannedLoss> losses = new ArrayList<>();
    for (int i = 0; i < config.losses().size(); i++) {
      losses.addAll(plan(config, locations, i));
    }
    EvaluationPlan plan = new EvaluationPlan(config, locations, runId, timestamp, List.copyOf(losses));
    plan.bootstrap();
    return plan;
  }

  /**
   * The bootstrap's settings, or null when the config asks for none.
   *
   * @throws JobFailure (exit 2) for a replicate count outside 1..10000
   */
  public PoissonBootstrap bootstrap() {
    JobConfig.Bootstrap b = config.bootstrap();
    if (b == null) {
      return null;
    }
    if (b.replicates() < 1 || b.replicates() > PoissonBootstrap.MAX_REPLICATES) {
      throw JobFailure.badConfig(locations.error("/bootstrap/replicates", "is " + b.replicates()
          + ": expected 1.." + PoissonBootstrap.MAX_REPLICATES + " (200 is usual)"));
    }
    if (b.key() != null && b.key().isBlank()) {
      throw JobFailure.badConfig(locations.error("/bootstrap/key", "is empty: give a column that"
          + " identifies an example, or leave key out to hash the loss's arguments"));
    }
    return new PoissonBootstrap(b.replicates(), b.seed());
  }

  private static void checkInput(JobConfig config, ConfigLocations locations) {
    JobConfig.Input in = config.input();
    if (in == null) {
      throw JobFailure.badConfig(locations.error("/input", "is missing: give input.path (a file or"
          + " directory) and input.format, or input.table"));
    }
    if (blank(in.path()) == blank(in.table())) {
      throw JobFailure.badConfig(locations.error("/input", blank(in.path())
          ? "has neither path nor table: give one"
          : "has both path and table: give one"));
    }
  }

  private static Instant timestamp(JobConfig config, ConfigLocations locations) {
    String text = config.run().timestamp();
    if (blank(text)) {
      return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw JobFailure.badConfig(locations.error("/run/timestamp", "is '" + text + "': expected an"
          + " ISO-8601 date-time with an offset, such as 2026-11-23T08:00:00Z"));
    }
  }

  private static List<PlannedLoss> plan(JobConfig config, ConfigLocations locations, int i) {
    JobConfig.LossEntry e = config.losses().get(i);
    String at = "/losses/" + i;
    int forms = (blank(e.expression()) ? 0 : 1) + (blank(e.className()) ? 0 : 1);
    if (forms > 1) {
      throw JobFailure.badConfig(locations.error(at, "has both expression and class: a custom loss is"
          + " one or the other"));
    }
    PlannedLoss.Kind kind = !blank(e.expression())
        ? PlannedLoss.Kind.SQL_EXPRESSION
        : !blank(e.className()) ? PlannedLoss.Kind.JAVA_CLASS : PlannedLoss.Kind.BUILT_IN;
    LossSpec spec;
    String name;
    switch (kind) {
      case BUILT_IN -> {
        if (blank(e.name())) {
          throw JobFailure.badConfig(locations.error(at, "has no name: give a loss name (bin/losseval"
              + " list shows them), or expression/class for a custom loss"));
        }
        try {
          spec = LossCatalog.spec(e.name());
        } catch (LossArgumentException x) {
          throw JobFailure.badConfig(locations.error(at + "/name", "is '" + e.name()
              + "', not a loss: expected " + x.getMessage().replaceFirst("^.*expected ", "")), x);
        }
        name = spec.name();
      }
      case SQL_EXPRESSION -> {
        if (blank(e.name())) {
          throw JobFailure.badConfig(locations.error(at, "has an expression but no name: name the"
              + " custom loss (name: squared_error)"));
        }
        spec = CustomLossClass.spec(PrecomputedLoss.class.getName());
        name = e.name();
      }
      default -> {
        try {
          spec = CustomLossClass.spec(e.className());
        } catch (IllegalArgumentException x) {
          throw JobFailure.badConfig(locations.error(at + "/class", x.getMessage()), x);
        }
        name = blank(e.name()) ? spec.name() : e.name();
      }
    }
    LossOptions options;
    try {
      options = LossOptions.parse(spec, e.options());
      spec.create(options); // the losses check their options' domains (label_smoothing in [0, 1], ...)
    } catch (IllegalArgumentException x) {
      throw JobFailure.badConfig(locations.error(at + "/options", "is wrong: " + x.getMessage()), x);
    }
    List<Reduction> reductions = reductions(spec, e, options, locations, at, kind);
    List<String> arguments = kind == PlannedLoss.Kind.SQL_EXPRESSION
        ? List.of(e.expression())
        : arguments(config, spec, e, locations, at);
    List<PlannedLoss> out = new ArrayList<>();
    for (Reduction r : reductions) {
      out.add(new PlannedLoss(name, kind, options.withReduction(r), arguments, at));
    }
    return out;
  }

  private static List<Reduction> reductions(LossSpec spec, JobConfig.LossEntry e, LossOptions options,
      ConfigLocations locations, String at, PlannedLoss.Kind kind) {
    boolean inOptions = e.options() != null
        && Pattern.compile("(^|,)\\s*reduction\\s*=", Pattern.CASE_INSENSITIVE).matcher(e.options()).find();
    if (e.reduction().isEmpty()) {
      if (options.reduction() == Reduction.NONE) {
        throw JobFailure.badConfig(locations.error(at + "/options", "is '" + e.options()
            + "': reduction none does not reduce, and evaluate writes one number per slice: expected"
            + " reduction " + String.join(", ", reducing(spec, kind)) + " (for per-row losses run"
            + " bin/losseval sql with row_" + spec.name() + ")"));
      }
      return List.of(options.reduction());
    }
    if (inOptions) {
      throw JobFailure.badConfig(locations.error(at + "/reduction", "is given twice, here and in"
          + " options: keep one"));
    }
    List<Reduction> out = new ArrayList<>();
    for (int k = 0; k < e.reduction().size(); k++) {
      String text = e.reduction().get(k);
      List<String> allowed = new ArrayList<>();
      Reduction found = null;
      for (Reduction r : spec.reductions()) {
        if (r == Reduction.NONE || kind == PlannedLoss.Kind.SQL_EXPRESSION && r != Reduction.MEAN
            && r != Reduction.SUM) {
          continue;
        }
        allowed.add(r.torchName());
        if (r.torchName().equals(text == null ? "" : text.toLowerCase(Locale.ROOT))) {
          found = r;
        }
      }
      if (found == null) {
        String none = "none".equalsIgnoreCase(text)
            ? " (evaluate reduces; for per-row losses run bin/losseval sql with row_" + spec.name()
                + ")"
            : "";
        throw JobFailure.badConfig(locations.error(at + "/reduction" + (e.reduction().size() > 1 ? "/"
            + k : ""), "is '" + text + "': expected " + String.join(", ", allowed) + none));
      }
      if (out.contains(found)) {
        throw JobFailure.badConfig(locations.error(at + "/reduction", "repeats " + text));
      }
      out.add(found);
    }
    return out;
  }

  /** The reductions evaluate can compute for {@code spec} (not none; custom SQL losses: mean, sum). */
  private static List<String> reducing(LossSpec spec, PlannedLoss.Kind kind) {
    List<String> out = new ArrayList<>();
    for (Reduction r : spec.reductions()) {
      if (r != Reduction.NONE && (kind != PlannedLoss.Kind.SQL_EXPRESSION || r == Reduction.MEAN
          || r == Reduction.SUM)) {
        out.add(r.torchName());
      }
    }
    return out;
  }

  /**
   * The argument columns: the loss's own {@code arguments} first, else {@code columns}: the first
   * argument is the prediction, {@code target}/{@code targets} the target, any other by name from
   * {@code columns.inputs}.
   */
  private static List<String> arguments(JobConfig config, LossSpec spec, JobConfig.LossEntry e,
      ConfigLocations locations, String at) {
    for (String key : e.arguments().keySet()) {
      if (!spec.arguments().contains(key)) {
        throw JobFailure.badConfig(locations.error(at + "/arguments/" + key, "is not an argument of "
            + spec.name() + ": its arguments are " + String.join(", ", spec.arguments())));
      }
    }
    JobConfig.Columns columns = config.columns();
    List<String> out = new ArrayList<>();
    for (int k = 0; k < spec.arguments().size(); k++) {
      String arg = spec.arguments().get(k);
      String column = e.arguments().get(arg);
      if (column == null) {
        Map<String, String> inputs = columns.inputs();
        if (inputs.containsKey(arg)) {
          column = inputs.get(arg);
        } else if (k == 0) {
          column = columns.prediction();
        } else if (arg.equals("target") || arg.equals("targets")) {
          column = columns.target();
        }
      }
      if (blank(column)) {
        throw JobFailure.badConfig(locations.error(at, "(" + spec.name() + ") has no column for its"
            + " argument '" + arg + "': set " + (k == 0 ? "columns.prediction"
                : arg.startsWith("target") ? "columns.target" : "columns.inputs." + arg)
            + " or " + "losses[" + at.substring(at.lastIndexOf('/') + 1) + "].arguments." + arg
            + " (a column name or SQL expression)"));
      }
      out.add(column);
    }
    return out;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
