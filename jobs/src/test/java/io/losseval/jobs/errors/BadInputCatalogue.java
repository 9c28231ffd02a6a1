package io.losseval.jobs.errors;

import static io.losseval.jobs.errors.BadInputCase.Data.files;
import static io.losseval.jobs.errors.BadInputCase.Data.missingPath;
import static io.losseval.jobs.errors.BadInputCase.Data.rows;
import static io.losseval.jobs.errors.BadInputCase.Expect.error;
import static io.losseval.jobs.errors.BadInputCase.Expect.exit;
import static io.losseval.jobs.errors.BadInputCase.Expect.noRows;
import static io.losseval.jobs.errors.BadInputCase.Expect.notApplicable;
import static io.losseval.jobs.errors.BadInputCase.Expect.result;

import io.losseval.jobs.errors.BadInputCase.Data;
import io.losseval.jobs.errors.BadInputCase.Expect;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The catalogue of bad inputs: each case through SQL and through {@code evaluate}, with what the user
 * sees. {@code docs/errors.md} lists the same cases ({@link BadInputDocsTest} keeps them in step).
 */
public final class BadInputCatalogue {
  static final String NULLS = "Nulls";
  static final String NON_FINITE = "NaN and infinities";
  static final String LENGTHS = "Array lengths";
  static final String EMPTY_ARRAYS = "Empty arrays";
  static final String CLASS_INDEX = "Class indices";
  static final String IGNORE_INDEX = "ignore_index";
  static final String PROBABILITIES = "Probability targets";
  static final String TYPES = "Column types";
  static final String WEIGHTS = "Class weights and pos_weight";
  static final String OPTIONS = "Option strings";
  static final String EMPTY_INPUT = "Empty input";
  static final String FILES = "Missing, unreadable and malformed files";
  static final String CONFIG = "Config";
  static final String OUTPUT = "Output";

  /** The categories in the order of {@code docs/errors.md}. */
  public static final List<String> CATEGORIES = List.of(NULLS, NON_FINITE, LENGTHS, EMPTY_ARRAYS,
      CLASS_INDEX, IGNORE_INDEX, PROBABILITIES, TYPES, WEIGHTS, OPTIONS, EMPTY_INPUT, FILES, CONFIG,
      OUTPUT);

  static final int BAD_CONFIG = 2;
  static final int BAD_INPUT = 3;
  static final int OTHER = 1;

  private static final String LN2 = "0.6931471805599453";
  private static final String NO_SQL = "SQL has no config: this is a key of the evaluate config";

  private BadInputCatalogue() {}

  // ----------------------------------------------------------------------------------------- helpers

  /** The evaluate config: run, input and output settings, then {@code body} (columns, losses, ...). */
  static String config(String... body) {
    return "run: {id: bad, model: m, timestamp: '2026-01-01T00:00:00Z'}\n"
        + "input: {path: '${input}', format: ${format}}\n"
        + "output: {path: '${output}'}\n"
        + String.join("\n", body) + "\n";
  }

  /** A config of the columns {@code p} (prediction) and {@code t} (target) and one loss. */
  static String pt(String loss) {
    return config("columns: {prediction: p, target: t}", "losses: [{" + loss + "}]");
  }

  /** Logits and a label. */
  static String ce(String loss) {
    return config("columns: {prediction: logits, target: label}", "losses: [{" + loss + "}]");
  }

  private static final List<BadInputCase> CASES = new ArrayList<>();

  private static void add(String id, String category, String description, Data data, String sql,
      Expect sqlExpect, String config, Expect jobExpect) {
    CASES.add(new BadInputCase(id, category, description, data, sql, sqlExpect, config, jobExpect));
  }

  /** A case whose SQL and job outcomes are the same result. */
  private static void same(String id, String category, String description, Data data, String sql,
      String config, Expect result) {
    add(id, category, description, data, sql, result, config, result);
  }

  /** A case that is an error in SQL and the same error (with {@code exit}) in the job. */
  private static void fails(String id, String category, String description, Data data, String sql,
      String config, int exit, String... parts) {
    add(id, category, description, data, sql, error(parts), config, error(parts).exitCode(exit));
  }

  /** Every case. */
  public static List<BadInputCase> all() {
    return Collections.unmodifiableList(CASES);
  }

  static {
    nulls();
    nonFinite();
    lengths();
    emptyArrays();
    classIndices();
    ignoreIndex();
    probabilities();
    types();
    weights();
    options();
    emptyInput();
    files_();
    configs();
    outputs();
  }

  // ------------------------------------------------------------------------------------------- nulls

  private static void nulls() {
    same("null-prediction", NULLS, "a null prediction",
        rows("SELECT * FROM VALUES (1.0D, 2.0D), (CAST(NULL AS DOUBLE), 1.0D) AS v(p, t)"),
        "SELECT mse_loss_stats(p, t) FROM {in}", pt("name: mse_loss"),
        result("1.0", 1, "null_value=1"));
    same("null-target", NULLS, "a null class index",
        rows("SELECT * FROM VALUES (array(0.0D, 0.0D), 0), (array(1.0D, 0.0D), CAST(NULL AS INT))"
            + " AS v(logits, label)"),
        "SELECT cross_entropy_stats(logits, label) FROM {in}", ce("name: cross_entropy"),
        result(LN2, 1, "null_value=1"));
    same("null-sample-weight", NULLS, "a null sample weight",
        rows("SELECT * FROM VALUES (1.0D, 2.0D, 1.0D), (3.0D, 1.0D, CAST(NULL AS DOUBLE)) AS v(p, t, w)"),
        "SELECT mse_loss_stats(p, t, w) FROM {in}",
        config("columns: {prediction: p, target: t, weight: w}", "losses: [{name: mse_loss}]"),
        result("1.0", 1, "null_value=1"));
    same("null-array-element", NULLS, "a null inside an array",
        rows("SELECT * FROM VALUES (array(1.0D, CAST(NULL AS DOUBLE)), array(1.0D, 1.0D)),"
            + " (array(2.0D, 2.0D), array(1.0D, 1.0D)) AS v(p, t)"),
        "SELECT mse_loss_stats(p, t) FROM {in}", pt("name: mse_loss"),
        result("1.0", 1, "null_value=1"));
    same("null-third-argument", NULLS, "a null in the third argument (margin_ranking_loss's target)",
        rows("SELECT * FROM VALUES (1.0D, 2.0D, 1.0D), (1.0D, 2.0D, CAST(NULL AS DOUBLE)) AS v(x1, x2, y)"),
        "SELECT margin_ranking_loss_stats(x1, x2, y) FROM {in}",
        config("columns: {prediction: x1, target: y, inputs: {input2: x2}}",
            "losses: [{name: margin_ranking_loss}]"),
        result("1.0", 1, "null_value=1"));
    fails("null-on-null-error", NULLS, "a null prediction with on_null=error",
        rows("SELECT * FROM VALUES (1.0D, 2.0D), (CAST(NULL AS DOUBLE), 1.0D) AS v(p, t)"),
        "SELECT mse_loss(p, t, 'on_null=error') FROM {in}", pt("name: mse_loss, options: 'on_null=error'"),
        BAD_INPUT, "mse_loss: input is null: expected a value (or the option on_null=skip to skip and"
            + " count such rows), found null (column 'p')");
    same("all-null", NULLS, "every row has a null",
        rows("SELECT * FROM VALUES (CAST(NULL AS DOUBLE), 2.0D), (CAST(NULL AS DOUBLE), 1.0D) AS v(p, t)"),
        "SELECT mse_loss_stats(p, t) FROM {in}", pt("name: mse_loss"),
        result("null", 0, "null_value=2").because("no row was used: the value is null, as Spark's avg"));
  }

  // ------------------------------------------------------------------------------------- non-finite

  private static void nonFinite() {
    same("nan-prediction", NON_FINITE, "a NaN prediction",
        rows("SELECT * FROM VALUES (CAST('NaN' AS DOUBLE), 1.0D), (2.0D, 1.0D) AS v(p, t)"),
        "SELECT mse_loss_stats(p, t) FROM {in}", pt("name: mse_loss"),
        result("NaN", 2, "").because("NaN propagates, as in PyTorch"));
    same("nan-target", NON_FINITE, "a NaN target",
        rows("SELECT * FROM VALUES (1.0D, CAST('NaN' AS DOUBLE)), (2.0D, 1.0D) AS v(p, t)"),
        "SELECT l1_loss_stats(p, t) FROM {in}", pt("name: l1_loss"),
        result("NaN", 2, "").because("NaN propagates, as in PyTorch"));
    same("inf-prediction", NON_FINITE, "a +Infinity prediction",
        rows("SELECT * FROM VALUES (CAST('Infinity' AS DOUBLE), 1.0D), (2.0D, 1.0D) AS v(p, t)"),
        "SELECT mse_loss_stats(p, t) FROM {in}", pt("name: mse_loss"),
        result("Infinity", 2, "").because("as in PyTorch"));
    same("neg-inf-prediction", NON_FINITE, "a -Infinity prediction (huber_loss)",
        rows("SELECT * FROM VALUES (CAST('-Infinity' AS DOUBLE), 1.0D), (2.0D, 1.0D) AS v(p, t)"),
        "SELECT huber_loss_stats(p, t) FROM {in}", pt("name: huber_loss"),
        result("Infinity", 2, "").because("as in PyTorch"));
    same("ce-inf-logit", NON_FINITE, "a +Infinity logit (cross_entropy)",
        rows("SELECT * FROM VALUES (array(CAST('Infinity' AS DOUBLE), 0.0D, 0.0D), 1),"
            + " (array(0.0D, 0.0D, 0.0D), 0) AS v(logits, label)"),
        "SELECT cross_entropy_stats(logits, label) FROM {in}", ce("name: cross_entropy"),
        result("NaN", 2, "").because("PyTorch's log_softmax gives NaN for every class of the sample"));
    same("ce-neg-inf-logit", NON_FINITE, "a -Infinity logit at the target class (cross_entropy)",
        rows("SELECT * FROM VALUES (array(CAST('-Infinity' AS DOUBLE), 0.0D, 0.0D), 0) AS v(logits, label)"),
        "SELECT cross_entropy_stats(logits, label) FROM {in}", ce("name: cross_entropy"),
        result("Infinity", 1, "").because("log-probability -inf, as in PyTorch"));
    same("ce-nan-logit", NON_FINITE, "a NaN logit (cross_entropy)",
        rows("SELECT * FROM VALUES (array(CAST('NaN' AS DOUBLE), 0.0D), 1) AS v(logits, label)"),
        "SELECT cross_entropy_stats(logits, label) FROM {in}", ce("name: cross_entropy"),
        result("NaN", 1, "").because("NaN propagates, as in PyTorch"));
    fails("bce-nan-input", NON_FINITE, "a NaN probability (binary_cross_entropy)",
        rows("SELECT * FROM VALUES (CAST('NaN' AS DOUBLE), 1.0D) AS v(p, t)"),
        "SELECT binary_cross_entropy(p, t) FROM {in}", pt("name: binary_cross_entropy"),
        BAD_INPUT, "binary_cross_entropy: input is not a probability: expected values in [0, 1],"
            + " found NaN (column 'p')");
    fails("nan-sample-weight", NON_FINITE, "a NaN sample weight",
        rows("SELECT * FROM VALUES (1.0D, 2.0D, CAST('NaN' AS DOUBLE)) AS v(p, t, w)"),
        "SELECT mse_loss(p, t, w) FROM {in}",
        config("columns: {prediction: p, target: t, weight: w}", "losses: [{name: mse_loss}]"),
        BAD_INPUT, "mse_loss: sample_weight is not a finite non-negative number: expected a weight >= 0,"
            + " found NaN (column 'w')");
    fails("negative-sample-weight", NON_FINITE, "a negative sample weight",
        rows("SELECT * FROM VALUES (1.0D, 2.0D, -1.0D) AS v(p, t, w)"),
        "SELECT mse_loss(p, t, w) FROM {in}",
        config("columns: {prediction: p, target: t, weight: w}", "losses: [{name: mse_loss}]"),
        BAD_INPUT, "mse_loss: sample_weight is not a finite non-negative number: expected a weight >= 0,"
            + " found -1.0 (column 'w')");
    fails("nan-class-index", NON_FINITE, "a NaN class index (a double label)",
        rows("SELECT * FROM VALUES (array(0.0D, 0.0D), CAST('NaN' AS DOUBLE)) AS v(logits, label)"),
        "SELECT cross_entropy(logits, label) FROM {in}", ce("name: cross_entropy"),
        BAD_INPUT, "cross_entropy: target is not a whole number: expected an integer, found NaN"
            + " (column 'label')");
    same("kl-div-negative-target", NON_FINITE, "a negative target (kl_div): NaN",
        rows("SELECT * FROM VALUES (array(-0.5D, -1.0D), array(-0.1D, 1.1D)) AS v(p, t)"),
        "SELECT kl_div_stats(p, t) FROM {in}", pt("name: kl_div"),
        result("NaN", 1, "").because("xlogy of a negative target is NaN, as in PyTorch >= 1.12"));
  }

  // ---------------------------------------------------------------------------------------- lengths

  private static void lengths() {
    fails("elementwise-length-mismatch", LENGTHS, "prediction and target arrays of different lengths",
        rows("SELECT * FROM VALUES (array(1.0D, 2.0D, 3.0D), array(1.0D, 2.0D)) AS v(p, t)"),
        "SELECT mse_loss(p, t) FROM {in}", pt("name: mse_loss"),
        BAD_INPUT, "mse_loss: target length differs from input's: expected 3 values, found 2 values"
            + " (column 't')");
    fails("scalar-vs-array", LENGTHS, "a number against an array",
        rows("SELECT * FROM VALUES (1.0D, array(1.0D, 2.0D)) AS v(p, t)"),
        "SELECT mse_loss(p, t) FROM {in}", pt("name: mse_loss"),
        BAD_INPUT, "mse_loss: target does not match input's shape: expected a number per row like input,"
            + " found an array (column 't')");
    same("ragged-classes-without-weight", LENGTHS, "rows with different class counts, no class weight",
        rows("SELECT * FROM VALUES (array(0.0D, 0.0D), 0), (array(0.0D, 0.0D, 0.0D, 0.0D), 1)"
            + " AS v(logits, label)"),
        "SELECT cross_entropy_stats(logits, label) FROM {in}", ce("name: cross_entropy"),
        result("1.0397207708399179", 2, "").because("each row is its own sample, as PyTorch computes"
            + " one sample at a time"));
    fails("ragged-classes-with-weight", LENGTHS, "a row whose class count differs from the class weight's",
        rows("SELECT * FROM VALUES (array(0.0D, 0.0D, 0.0D), 0), (array(0.0D, 0.0D, 0.0D, 0.0D), 1)"
            + " AS v(logits, label)"),
        "SELECT cross_entropy(logits, label, 'weight=[1.0,1.0,1.0]') FROM {in}",
        ce("name: cross_entropy, options: 'weight=[1.0,1.0,1.0]'"),
        BAD_INPUT, "cross_entropy: weight length differs from the number of classes: expected 4 values"
            + " (one per class), found 3 values (column 'logits')");
    fails("nested-inner-lengths", LENGTHS, "[C][d1] logits with inner arrays of different lengths",
        rows("SELECT * FROM VALUES (array(array(0.0D, 0.0D), array(0.0D)), array(0, 1)) AS v(logits, label)"),
        "SELECT cross_entropy(logits, label) FROM {in}", ce("name: cross_entropy"),
        BAD_INPUT, "cross_entropy: input holds inner arrays of different lengths: expected [k][d] with"
            + " every inner array of the same length 2, found an inner array of length 1 at position 1"
            + " (column 'logits')");
    fails("cosine-length-mismatch", LENGTHS, "cosine_embedding_loss inputs of different lengths",
        rows("SELECT * FROM VALUES (array(1.0D, 0.0D), array(1.0D, 0.0D, 0.0D), 1.0D) AS v(x1, x2, y)"),
        "SELECT cosine_embedding_loss(x1, x2, y) FROM {in}",
        config("columns: {prediction: x1, target: y, inputs: {input2: x2}}",
            "losses: [{name: cosine_embedding_loss}]"),
        BAD_INPUT, "cosine_embedding_loss: input2", "(column 'x2')");
    fails("triplet-length-mismatch", LENGTHS, "triplet_margin_loss anchor and positive of different lengths",
        rows("SELECT * FROM VALUES (array(1.0D, 0.0D), array(1.0D), array(0.0D, 1.0D)) AS v(a, pos, neg)"),
        "SELECT triplet_margin_loss(a, pos, neg) FROM {in}",
        config("columns: {prediction: a, inputs: {positive: pos, negative: neg}}",
            "losses: [{name: triplet_margin_loss}]"),
        BAD_INPUT, "triplet_margin_loss: positive", "(column 'pos')");
    fails("kl-div-length-mismatch", LENGTHS, "kl_div input and target of different lengths",
        rows("SELECT * FROM VALUES (array(-0.5D, -1.0D), array(0.5D)) AS v(p, t)"),
        "SELECT kl_div(p, t) FROM {in}", pt("name: kl_div"),
        BAD_INPUT, "kl_div: target length differs from input's: expected 2 values, found 1 values"
            + " (column 't')");
    fails("bce-logits-length-mismatch", LENGTHS, "binary_cross_entropy_with_logits target of another length",
        rows("SELECT * FROM VALUES (array(0.5D, -1.0D), array(1.0D, 0.0D, 1.0D)) AS v(p, t)"),
        "SELECT binary_cross_entropy_with_logits(p, t) FROM {in}",
        pt("name: binary_cross_entropy_with_logits"),
        BAD_INPUT, "binary_cross_entropy_with_logits: target length differs from input's: expected 2"
            + " values, found 3 values (column 't')");
    fails("probability-target-length", LENGTHS, "class probabilities of another length than the logits",
        rows("SELECT * FROM VALUES (array(0.0D, 0.0D, 0.0D), array(0.5D, 0.5D)) AS v(logits, label)"),
        "SELECT cross_entropy(logits, label) FROM {in}", ce("name: cross_entropy"),
        BAD_INPUT, "cross_entropy: target probabilities do not match input's shape: expected 3 entries",
        "found 2 entries (column 'label')");
  }

  // ----------------------------------------------------------------------------------- empty arrays

  private static void emptyArrays() {
    same("empty-elementwise", EMPTY_ARRAYS, "empty prediction and target arrays (mse_loss)",
        rows("SELECT * FROM VALUES (CAST(array() AS array<double>), CAST(array() AS array<double>)),"
            + " (array(2.0D, 1.0D), array(1.0D, 1.0D)) AS v(p, t)"),
        "SELECT mse_loss_stats(p, t) FROM {in}", pt("name: mse_loss"),
        result("0.5", 1, "empty_row=1"));
    same("empty-logits", EMPTY_ARRAYS, "empty logits (cross_entropy)",
        rows("SELECT * FROM VALUES (CAST(array() AS array<double>), 0), (array(0.0D, 0.0D), 0)"
            + " AS v(logits, label)"),
        "SELECT cross_entropy_stats(logits, label) FROM {in}", ce("name: cross_entropy"),
        result(LN2, 1, "empty_row=1"));
    same("empty-probabilities", EMPTY_ARRAYS, "empty logits and probability targets",
        rows("SELECT * FROM VALUES (CAST(array() AS array<double>), CAST(array() AS array<double>)),"
            + " (array(0.0D, 0.0D), array(1.0D, 0.0D)) AS v(logits, label)"),
        "SELECT cross_entropy_stats(logits, label) FROM {in}", ce("name: cross_entropy"),
        result(LN2, 1, "empty_row=1"));
    same("empty-target-only", EMPTY_ARRAYS, "an empty target against a full prediction (kl_div)",
        rows("SELECT * FROM VALUES (array(-0.5D, -1.0D), CAST(array() AS array<double>)),"
            + " (array(0.0D), array(1.0D)) AS v(p, t)"),
        "SELECT kl_div_stats(p, t) FROM {in}", pt("name: kl_div"),
        result("0.0", 1, "empty_row=1"));
    same("all-empty", EMPTY_ARRAYS, "every row empty",
        rows("SELECT * FROM VALUES (CAST(array() AS array<double>), CAST(array() AS array<double>)),"
            + " (CAST(array() AS array<double>), CAST(array() AS array<double>)) AS v(p, t)"),
        "SELECT mse_loss_stats(p, t) FROM {in}", pt("name: mse_loss"),
        result("null", 0, "empty_row=2"));
    add("empty-row-function", EMPTY_ARRAYS, "an empty array in a per-row function",
        rows("SELECT * FROM VALUES (CAST(array() AS array<double>), CAST(array() AS array<double>)) AS v(p, t)"),
        "SELECT row_mse_loss(p, t) FROM {in}", result("null", 0, "").because("the row's loss is null"),
        null, notApplicable("evaluate reduces: it has no per-row losses"));
  }

  // ---------------------------------------------------------------------------------- class indices

  private static void classIndices() {
    String three = "SELECT * FROM VALUES (array(0.0D, 0.0D, 0.0D), %s) AS v(logits, label)";
    fails("class-out-of-range", CLASS_INDEX, "a class index >= the number of classes",
        rows(String.format(three, "5")), "SELECT cross_entropy(logits, label) FROM {in}",
        ce("name: cross_entropy"), BAD_INPUT, "cross_entropy: target is out of range for 3 classes:"
            + " expected an index in [0, 3) or ignore_index -100, found 5 (column 'label')");
    fails("class-negative", CLASS_INDEX, "a negative class index (not ignore_index)",
        rows(String.format(three, "-1")), "SELECT cross_entropy(logits, label) FROM {in}",
        ce("name: cross_entropy"), BAD_INPUT, "cross_entropy: target is out of range for 3 classes:"
            + " expected an index in [0, 3) or ignore_index -100, found -1 (column 'label')");
    fails("class-non-integral", CLASS_INDEX, "a fractional class index (a double label)",
        rows(String.format(three, "1.5D")), "SELECT cross_entropy(logits, label) FROM {in}",
        ce("name: cross_entropy"), BAD_INPUT, "cross_entropy: target is not a whole number: expected an"
            + " integer, found 1.5 (column 'label')");
    fails("class-huge-bigint", CLASS_INDEX, "a bigint class index beyond int range",
        rows(String.format(three, "1099511627776L")), "SELECT cross_entropy(logits, label) FROM {in}",
        ce("name: cross_entropy"), BAD_INPUT, "cross_entropy: target is out of range for 3 classes:"
            + " expected an index in [0, 3) or ignore_index -100, found 1099511627776 (column 'label')");
    fails("nll-out-of-range", CLASS_INDEX, "a class index out of range (nll_loss)",
        rows("SELECT * FROM VALUES (array(-0.5D, -1.0D), 2) AS v(logits, label)"),
        "SELECT nll_loss(logits, label) FROM {in}", ce("name: nll_loss"),
        BAD_INPUT, "nll_loss: target is out of range for 2 classes", "found 2 (column 'label')");
    fails("multi-margin-out-of-range", CLASS_INDEX, "ignore_index -100 where a loss has none"
            + " (multi_margin_loss)",
        rows(String.format(three, "-100")), "SELECT multi_margin_loss(logits, label) FROM {in}",
        ce("name: multi_margin_loss"), BAD_INPUT, "multi_margin_loss: target is out of range for 3"
            + " classes: expected an index in [0, 3), found -100 (column 'label')");
    fails("spatial-out-of-range", CLASS_INDEX, "a class index out of range in a [d1] target",
        rows("SELECT * FROM VALUES (array(array(0.0D, 0.0D), array(0.0D, 0.0D)), array(0, 2))"
            + " AS v(logits, label)"),
        "SELECT cross_entropy(logits, label) FROM {in}", ce("name: cross_entropy"),
        BAD_INPUT, "cross_entropy: target is out of range for 2 classes", "found 2 (column 'label')");
  }

  // ---------------------------------------------------------------------------------- ignore_index

  private static void ignoreIndex() {
    String ignored = "SELECT * FROM VALUES (array(0.0D, 0.0D), -100), (array(1.0D, 0.0D), -100)"
        + " AS v(logits, label)";
    same("all-ignored-mean", IGNORE_INDEX, "every target equals ignore_index, reduction mean",
        rows(ignored), "SELECT cross_entropy_stats(logits, label) FROM {in}", ce("name: cross_entropy"),
        result("NaN", 2, "ignored_target=2").because("0/0, as PyTorch"));
    same("all-ignored-sum", IGNORE_INDEX, "every target equals ignore_index, reduction sum",
        rows(ignored), "SELECT cross_entropy_stats(logits, label, 'reduction=sum') FROM {in}",
        ce("name: cross_entropy, reduction: sum"), result("0.0", 2, "ignored_target=2"));
    same("ignore-valid-class", IGNORE_INDEX, "ignore_index equal to a valid class",
        rows("SELECT * FROM VALUES (array(0.0D, 0.0D), 1), (array(0.0D, 0.0D), 0) AS v(logits, label)"),
        "SELECT cross_entropy_stats(logits, label, 'ignore_index=1') FROM {in}",
        ce("name: cross_entropy, options: 'ignore_index=1'"),
        result(LN2, 2, "ignored_target=1").because("class 1 is ignored, as in PyTorch"));
    same("negative-ignore-index", IGNORE_INDEX, "a negative ignore_index other than -100",
        rows("SELECT * FROM VALUES (array(0.0D, 0.0D), -1), (array(0.0D, 0.0D), 0) AS v(logits, label)"),
        "SELECT cross_entropy_stats(logits, label, 'ignore_index=-1') FROM {in}",
        ce("name: cross_entropy, options: 'ignore_index=-1'"),
        result(LN2, 2, "ignored_target=1"));
    fails("default-ignore-with-other-index", IGNORE_INDEX, "target -100 when ignore_index is -1",
        rows("SELECT * FROM VALUES (array(0.0D, 0.0D), -100) AS v(logits, label)"),
        "SELECT cross_entropy(logits, label, 'ignore_index=-1') FROM {in}",
        ce("name: cross_entropy, options: 'ignore_index=-1'"),
        BAD_INPUT, "cross_entropy: target is out of range for 2 classes: expected an index in [0, 2) or"
            + " ignore_index -1, found -100 (column 'label')");
  }

  // --------------------------------------------------------------------------------- probabilities

  private static void probabilities() {
    same("probabilities-not-summing-to-one", PROBABILITIES, "class probabilities summing to 1.4",
        rows("SELECT * FROM VALUES (array(0.0D, 0.0D, 0.0D), array(0.5D, 0.9D, 0.0D)) AS v(logits, label)"),
        "SELECT cross_entropy_stats(logits, label) FROM {in}", ce("name: cross_entropy"),
        result("1.5380572041353537", 1, "").because("taken as they are, as PyTorch: -sum t*log_softmax"));
    same("negative-probabilities", PROBABILITIES, "a negative class probability",
        rows("SELECT * FROM VALUES (array(0.0D, 0.0D), array(-0.5D, 1.0D)) AS v(logits, label)"),
        "SELECT cross_entropy_stats(logits, label) FROM {in}", ce("name: cross_entropy"),
        result("0.34657359027997264", 1, "").because("taken as they are, as PyTorch"));
    fails("kl-div-negative-target-error", PROBABILITIES, "a negative target with negative_target=error",
        rows("SELECT * FROM VALUES (array(-0.5D, -1.0D), array(-0.1D, 1.1D)) AS v(p, t)"),
        "SELECT kl_div(p, t, 'negative_target=error') FROM {in}",
        pt("name: kl_div, options: 'negative_target=error'"),
        BAD_INPUT, "kl_div: target is negative: expected probabilities >= 0 (negative_target=error),"
            + " found -0.1 (column 't')");
    same("bce-target-outside-unit", PROBABILITIES, "a binary target of 2.0",
        rows("SELECT * FROM VALUES (0.5D, 2.0D) AS v(p, t)"),
        "SELECT binary_cross_entropy_stats(p, t) FROM {in}", pt("name: binary_cross_entropy"),
        result(LN2, 1, "").because("taken as it is, as PyTorch"));
  }

  // ------------------------------------------------------------------------------------------ types

  private static void types() {
    String fit = "the input's columns do not fit the losses";
    fails("string-prediction", TYPES, "a string prediction column",
        rows("SELECT * FROM VALUES ('0.5', 1.0D) AS v(p, t)"), "SELECT mse_loss(p, t) FROM {in}",
        pt("name: mse_loss"), BAD_INPUT, "mse_loss: input has an unsupported type: expected a number, an"
            + " array of numbers, an array of arrays of numbers, or an ML Vector, found string (column 'p')");
    fails("struct-target", TYPES, "a struct target column",
        rows("SELECT 1.0D AS p, named_struct('a', 1.0D) AS t"), "SELECT mse_loss(p, t) FROM {in}",
        pt("name: mse_loss"), BAD_INPUT, "mse_loss: target has an unsupported type", "found struct<a:double>"
            + " (column 't')");
    fails("map-prediction", TYPES, "a map prediction column",
        rows("SELECT map('a', 1.0D) AS p, 1.0D AS t"), "SELECT mse_loss(p, t) FROM {in}",
        pt("name: mse_loss"), BAD_INPUT, "mse_loss: input has an unsupported type",
        "found map<string,double> (column 'p')");
    fails("boolean-target", TYPES, "a boolean target column",
        rows("SELECT 0.5D AS p, true AS t"), "SELECT binary_cross_entropy(p, t) FROM {in}",
        pt("name: binary_cross_entropy"), BAD_INPUT, "binary_cross_entropy: target has an unsupported type",
        "found boolean (column 't')");
    fails("string-label", TYPES, "class labels as strings",
        rows("SELECT array(0.0D, 0.0D) AS logits, 'cat' AS label"),
        "SELECT cross_entropy(logits, label) FROM {in}", ce("name: cross_entropy"),
        BAD_INPUT, "cross_entropy: target has an unsupported type", "found string (column 'label')");
    fails("array-sample-weight", TYPES, "an array as the sample weight",
        rows("SELECT 1.0D AS p, 2.0D AS t, array(1.0D) AS w"), "SELECT mse_loss(p, t, w) FROM {in}",
        config("columns: {prediction: p, target: t, weight: w}", "losses: [{name: mse_loss}]"),
        BAD_INPUT, "mse_loss: sample_weight is not a number: expected a numeric column (a weight per row),"
            + " found array<double> (column 'w')");
    fails("vector-wrong-size", TYPES, "an ML Vector of 4 scores against a 3-class weight",
        rows("SELECT array(0.0D, 0.0D, 0.0D, 0.0D) AS logits, 1 AS label").vectors("logits"),
        "SELECT cross_entropy(logits, label, 'weight=[1.0,1.0,1.0]') FROM {in}",
        ce("name: cross_entropy, options: 'weight=[1.0,1.0,1.0]'"),
        BAD_INPUT, "cross_entropy: weight length differs from the number of classes: expected 4 values"
            + " (one per class), found 3 values (column 'logits')");
    fails("vector-vs-array-length", TYPES, "an ML Vector of 2 logits against 3 binary targets",
        rows("SELECT array(0.5D, -1.0D) AS p, array(1.0D, 0.0D, 1.0D) AS t").vectors("p"),
        "SELECT binary_cross_entropy_with_logits(p, t) FROM {in}",
        pt("name: binary_cross_entropy_with_logits"),
        BAD_INPUT, "binary_cross_entropy_with_logits: target length differs from input's: expected 2"
            + " values, found 3 values (column 't')");
    // the job's message starts with what it checked
    CASES.replaceAll(c -> c.category().equals(TYPES) && !c.id().startsWith("vector")
        ? new BadInputCase(c.id(), c.category(), c.description(), c.data(), c.sql(), c.sqlExpect(),
            c.config(), c.jobExpect().exitCode(BAD_INPUT, fit))
        : c);
  }

  // ---------------------------------------------------------------------------------------- weights

  private static void weights() {
    fails("class-weight-length", WEIGHTS, "a class weight of 2 values for 3 classes",
        rows("SELECT * FROM VALUES (array(0.0D, 0.0D, 0.0D), 1) AS v(logits, label)"),
        "SELECT cross_entropy(logits, label, 'weight=[1.0,2.0]') FROM {in}",
        ce("name: cross_entropy, options: 'weight=[1.0,2.0]'"),
        BAD_INPUT, "cross_entropy: weight length differs from the number of classes: expected 3 values"
            + " (one per class), found 2 values (column 'logits')");
    fails("pos-weight-length", WEIGHTS, "a pos_weight of 2 values for 3 outputs",
        rows("SELECT * FROM VALUES (array(0.5D, -1.0D, 2.0D), array(1.0D, 0.0D, 1.0D)) AS v(p, t)"),
        "SELECT binary_cross_entropy_with_logits(p, t, 'pos_weight=[1.0,2.0]') FROM {in}",
        pt("name: binary_cross_entropy_with_logits, options: 'pos_weight=[1.0,2.0]'"),
        BAD_INPUT, "binary_cross_entropy_with_logits: pos_weight does not broadcast over input's last"
            + " dimension: expected 3 values (or 1), found 2 values (column 'p')");
    fails("multilabel-weight-length", WEIGHTS, "a weight of 2 values for 3 labels"
            + " (multilabel_soft_margin_loss)",
        rows("SELECT * FROM VALUES (array(0.5D, -1.0D, 2.0D), array(1.0D, 0.0D, 1.0D)) AS v(p, t)"),
        "SELECT multilabel_soft_margin_loss(p, t, 'weight=[1.0,2.0]') FROM {in}",
        pt("name: multilabel_soft_margin_loss, options: 'weight=[1.0,2.0]'"),
        BAD_INPUT, "multilabel_soft_margin_loss: weight", "(column 'p')");
    add("class-weight-empty", WEIGHTS, "an empty class weight",
        rows("SELECT * FROM VALUES (array(0.0D, 0.0D, 0.0D), 1) AS v(logits, label)"),
        "SELECT cross_entropy(logits, label, 'weight=[]') FROM {in}",
        error("cross_entropy: weight"),
        ce("name: cross_entropy, options: 'weight=[]'"),
        exit(BAD_CONFIG, "key 'losses[0].options' is wrong: cross_entropy: weight"));
  }

  // ---------------------------------------------------------------------------------------- options

  private static void option(String id, String description, String sqlCall, String loss, String options,
      String message) {
    Data data = rows("SELECT * FROM VALUES (array(0.0D, 0.0D, 0.0D), 1, 0.5D, 1.0D) AS v(logits, label, p, t)");
    boolean classes = loss.equals("cross_entropy") || loss.equals("nll_loss");
    add(id, OPTIONS, description, data, sqlCall, error(message),
        config("columns: {prediction: " + (classes ? "logits" : "p") + ", target: " + (classes ? "label" : "t")
            + "}", "losses: [{name: " + loss + ", options: '" + options + "'}]"),
        exit(BAD_CONFIG, "key 'losses[0].options' is wrong: " + message));
  }

  private static void options() {
    option("unbalanced-brackets", "unbalanced brackets",
        "SELECT cross_entropy(logits, label, 'weight=[1.0,2.0') FROM {in}", "cross_entropy",
        "weight=[1.0,2.0", "cross_entropy: options have unbalanced brackets: expected each '[' closed by"
            + " ']', found weight=[1.0,2.0");
    option("duplicate-option", "an option given twice", "SELECT smooth_l1_loss(p, t, 'beta=1, beta=2') FROM {in}",
        "smooth_l1_loss", "beta=1, beta=2", "smooth_l1_loss: option beta is given twice: expected each"
            + " option at most once");
    option("unknown-option", "a misspelt option",
        "SELECT cross_entropy(logits, label, 'label_smothing=0.1') FROM {in}", "cross_entropy",
        "label_smothing=0.1", "cross_entropy: option label_smothing is unknown: expected one of");
    option("option-wrong-type", "a word where a number belongs",
        "SELECT cross_entropy(logits, label, 'ignore_index=abc') FROM {in}", "cross_entropy",
        "ignore_index=abc", "cross_entropy: option ignore_index has a value of the wrong form");
    option("option-non-integral", "a fractional ignore_index",
        "SELECT cross_entropy(logits, label, 'ignore_index=1.5') FROM {in}", "cross_entropy",
        "ignore_index=1.5", "cross_entropy: option ignore_index has a value of the wrong form");
    option("negative-beta", "a negative beta", "SELECT smooth_l1_loss(p, t, 'beta=-1') FROM {in}",
        "smooth_l1_loss", "beta=-1", "smooth_l1_loss: beta is out of range: expected a finite number >= 0,"
            + " found -1.0");
    option("zero-delta", "delta 0", "SELECT huber_loss(p, t, 'delta=0') FROM {in}", "huber_loss",
        "delta=0", "huber_loss: delta is out of range: expected a finite number > 0, found 0.0");
    option("negative-eps", "a negative eps (poisson_nll_loss)",
        "SELECT poisson_nll_loss(p, t, 'eps=-1') FROM {in}", "poisson_nll_loss", "eps=-1",
        "poisson_nll_loss: eps");
    option("label-smoothing-out-of-range", "label_smoothing 1.5",
        "SELECT cross_entropy(logits, label, 'label_smoothing=1.5') FROM {in}", "cross_entropy",
        "label_smoothing=1.5", "cross_entropy: label_smoothing is out of range: expected a number in [0, 1],"
            + " found 1.5");
    option("unknown-reduction", "an unknown reduction", "SELECT mse_loss(p, t, 'reduction=avg') FROM {in}",
        "mse_loss", "reduction=avg", "mse_loss: reduction is not supported: expected one of");
    option("empty-option-entry", "an empty entry between commas",
        "SELECT smooth_l1_loss(p, t, 'beta=1,,') FROM {in}", "smooth_l1_loss", "beta=1,,",
        "smooth_l1_loss: options have an empty entry: expected key=value entries separated by commas");
    option("option-without-value", "an entry without '='", "SELECT smooth_l1_loss(p, t, 'beta') FROM {in}",
        "smooth_l1_loss", "beta", "smooth_l1_loss: options entry is malformed: expected key=value, found 'beta'");
    Data data = rows("SELECT * FROM VALUES (0.5D, 1.0D, 'reduction=sum') AS v(p, t, o)");
    add("reduction-none-in-aggregate", OPTIONS, "reduction=none where one number per group is expected",
        data, "SELECT mse_loss(p, t, 'reduction=none') FROM {in}",
        error("mse_loss: reduction none does not reduce: expected one of"),
        pt("name: mse_loss, options: 'reduction=none'"),
        exit(BAD_CONFIG, "key 'losses[0].options' is 'reduction=none': reduction none does not reduce",
            "expected reduction mean, sum", "row_mse_loss"));
    add("options-not-a-literal", OPTIONS, "options from a column rather than a literal (a list in the config)",
        data, "SELECT mse_loss(p, t, o) FROM {in}",
        error("mse_loss: options must be a string literal"),
        pt("name: mse_loss, options: [reduction, sum]"),
        exit(BAD_CONFIG, "key 'losses[0].options' has the wrong type: expected a single value"));
  }

  // ------------------------------------------------------------------------------------ empty input

  private static void emptyInput() {
    String none = "SELECT * FROM VALUES (1.0D, 2.0D, 'a') AS v(p, t, g) WHERE p > 5";
    add("empty-input", EMPTY_INPUT, "an input with no rows", rows(none),
        "SELECT mse_loss_stats(p, t) FROM {in}", result("null", 0, "").because("as Spark's avg"),
        pt("name: mse_loss"),
        exit(BAD_INPUT, "has no rows: expected at least one row to evaluate"));
    add("filter-leaves-no-rows", EMPTY_INPUT, "a filter that leaves no rows",
        rows("SELECT * FROM VALUES (1.0D, 2.0D, 'a') AS v(p, t, g)"),
        "SELECT mse_loss_stats(p, t) FROM {in} WHERE p > 5", result("null", 0, "").because("as Spark's avg"),
        config("columns: {prediction: p, target: t}", "losses: [{name: mse_loss}]")
            .replace("format: ${format}}", "format: ${format}, filter: 'p > 5'}"),
        exit(BAD_INPUT, "input.filter 'p > 5' leaves no rows of the input", "expected at least one row"));
    add("empty-input-grouped", EMPTY_INPUT, "an input with no rows, grouped", rows(none),
        "SELECT g, mse_loss_stats(p, t) FROM {in} GROUP BY g", noRows(),
        config("columns: {prediction: p, target: t}", "group_by: [g]", "losses: [{name: mse_loss}]"),
        exit(BAD_INPUT, "has no rows: expected at least one row to evaluate"));
  }

  // ------------------------------------------------------------------------------------------ files

  private static void files_() {
    add("missing-path", FILES, "an input path that does not exist", missingPath(),
        "SELECT mse_loss(p, t) FROM {in}", error("PATH_NOT_FOUND"), pt("name: mse_loss"),
        exit(BAD_INPUT, "cannot be read as parquet", "PATH_NOT_FOUND", "check the path"));
    add("garbage-parquet", FILES, "a .parquet file holding garbage",
        files("parquet", Map.of("part-0.parquet", "PAR1 this is not parquet PAR1")),
        "SELECT mse_loss(p, t) FROM {in}", error("parquet"), pt("name: mse_loss"),
        exit(BAD_INPUT, "cannot be read"));
    add("truncated-parquet", FILES, "a parquet file cut in half",
        rows("SELECT * FROM VALUES (1.0D, 2.0D), (3.0D, 1.0D) AS v(p, t)").truncated(),
        "SELECT mse_loss(p, t) FROM {in}", error("parquet"), pt("name: mse_loss"),
        exit(BAD_INPUT, "cannot be read"));
    Map<String, String> shortRow = Map.of("part-0.csv", "p,t\n1.0,2.0\n3.0\n");
    add("csv-malformed-row", FILES, "a CSV row with a missing field",
        files("csv", shortRow, "header=true", "inferSchema=true"),
        "SELECT mse_loss_stats(p, t) FROM {in}",
        result("1.0", 1, "null_value=1").because("Spark SQL reads CSV in PERMISSIVE mode: the missing"
            + " field is null, skipped and counted"),
        pt("name: mse_loss"),
        exit(BAD_INPUT, "has a malformed record", "set input.options.mode to PERMISSIVE"));
    add("csv-malformed-permissive", FILES, "a CSV row with a missing field, mode PERMISSIVE",
        files("csv", shortRow, "header=true", "inferSchema=true", "mode=PERMISSIVE"),
        "SELECT mse_loss_stats(p, t) FROM {in}", result("1.0", 1, "null_value=1"),
        pt("name: mse_loss"), result("1.0", 1, "null_value=1"));
    add("csv-malformed-dropmalformed", FILES, "a CSV row with a missing field, mode DROPMALFORMED",
        files("csv", shortRow, "header=true", "inferSchema=true", "mode=DROPMALFORMED"),
        "SELECT mse_loss_stats(p, t) FROM {in}", result("1.0", 1, "").because("the user chose to drop"),
        pt("name: mse_loss"), result("1.0", 1, "").because("the user chose to drop"));
    Map<String, String> badJson = Map.of("part-0.json", "{\"p\": 1.0, \"t\": 2.0}\n{\"p\": 3.0, \"t\": \n");
    add("json-malformed-line", FILES, "a JSON line cut short", files("json", badJson),
        "SELECT mse_loss_stats(p, t) FROM {in}",
        result("1.0", 1, "null_value=1").because("Spark SQL reads JSON in PERMISSIVE mode: the"
            + " malformed line's fields are null, skipped and counted"),
        pt("name: mse_loss"), exit(BAD_INPUT, "has a malformed record", "Unexpected end-of-input",
            "set input.options.mode to PERMISSIVE"));
    add("csv-text-in-number-column", FILES, "a word in a numeric CSV column",
        files("csv", Map.of("part-0.csv", "p,t\n1.0,2.0\nabc,1.0\n"), "header=true", "inferSchema=true"),
        "SELECT mse_loss(p, t) FROM {in}", error("mse_loss: input has an unsupported type", "found string",
            "(column 'p')"),
        pt("name: mse_loss"), exit(BAD_INPUT, "the input's columns do not fit the losses",
            "mse_loss: input has an unsupported type", "found string (column 'p')"));
  }

  // ----------------------------------------------------------------------------------------- config

  private static void cfg(String id, String description, String config, String... parts) {
    add(id, CONFIG, description, rows("SELECT * FROM VALUES (1.0D, 2.0D, 'a') AS v(p, t, g)"), null,
        notApplicable(NO_SQL), config, exit(BAD_CONFIG, parts));
  }

  private static void configs() {
    cfg("config-unknown-key", "an unknown top-level key",
        config("columns: {prediction: p, target: t}", "losses: [{name: mse_loss}]", "inptu: {path: x}"),
        "key 'inptu' is unknown: the keys here are");
    cfg("config-unknown-loss-key", "an unknown key of a loss", pt("name: mse_loss, optoins: 'beta=1'"),
        "key 'losses[0].optoins' is unknown");
    cfg("config-wrong-type", "group_by as a mapping",
        config("columns: {prediction: p, target: t}", "group_by: {g: 1}", "losses: [{name: mse_loss}]"),
        "key 'group_by' has the wrong type: expected a list");
    cfg("config-missing-losses", "no losses", config("columns: {prediction: p, target: t}"),
        "key 'losses' is missing or empty");
    cfg("config-unknown-loss", "an unknown loss name", pt("name: mse"), "key 'losses[0].name' is 'mse', not a loss");
    cfg("config-missing-group-column", "a group_by column the input lacks",
        config("columns: {prediction: p, target: t}", "group_by: [modle]", "losses: [{name: mse_loss}]"),
        "key 'group_by[0]' is 'modle', not a column of the input", "the input's columns are p double");
    cfg("config-missing-argument-column", "a prediction column the input lacks",
        config("columns: {prediction: q, target: t}", "losses: [{name: mse_loss}]"),
        "key 'losses[0].arguments.input' is 'q', not a column or SQL expression of the input");
    cfg("config-reduction-none", "reduction none", pt("name: mse_loss, reduction: none"),
        "key 'losses[0].reduction' is 'none': expected mean, sum", "row_mse_loss");
    cfg("config-not-yaml", "a config that is not YAML", config("losses: [{name: mse_loss"),
        "not valid YAML");
    cfg("config-no-prediction", "a loss without a prediction column", config("losses: [{name: mse_loss}]"),
        "(mse_loss) has no column for its argument 'input'");
  }

  // ----------------------------------------------------------------------------------------- output

  private static void outputs() {
    add("output-under-a-file", OUTPUT, "an output path under a regular file",
        rows("SELECT * FROM VALUES (1.0D, 2.0D) AS v(p, t)"), null, notApplicable(
            "a SQL query returns rows; it writes nothing"),
        pt("name: mse_loss").replace("${output}", "${file}/results"),
        exit(OTHER, "cannot write the results to", "check that output.path is a writable directory"));
    add("output-mode-unknown", OUTPUT, "an unknown output.mode",
        rows("SELECT * FROM VALUES (1.0D, 2.0D) AS v(p, t)"), null, notApplicable(NO_SQL),
        pt("name: mse_loss").replace("output: {path: '${output}'}", "output: {path: '${output}', mode: overwrite}"),
        exit(BAD_CONFIG, "key 'output.mode' has a wrong value 'overwrite': expected one of replace, fail"));
  }
}
