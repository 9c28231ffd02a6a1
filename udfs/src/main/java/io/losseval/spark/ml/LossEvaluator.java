package io.losseval.spark.ml;

import io.losseval.core.LossCatalog;
import io.losseval.core.LossOptions;
import io.losseval.core.LossSpec;
import io.losseval.spark.Losses;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Any loss as an MLlib {@link Evaluator}, so that {@code CrossValidator} and {@code
 * TrainValidationSplit} select models by it (smaller is better).
 *
 * <pre>{@code
 * LossEvaluator eval = new LossEvaluator()
 *     .setLossName("cross_entropy")          // torch.nn.functional's name
 *     .setPredictionCol("rawPrediction")     // an ML Vector or array column of logits
 *     .setLabelCol("label")                  // MLlib's double labels holding class indices
 *     .setOptions("label_smoothing=0.1");    // PyTorch's options, as in SQL
 * }</pre>
 *
 * <p>Params: {@code lossName} (default {@code mse_loss}); {@code predictionCol} and {@code labelCol}
 * (defaults {@code prediction}, {@code label}) for the loss's first two arguments; {@code inputCols}
 * for losses of more arguments ({@code margin_ranking_loss}, {@code gaussian_nll_loss}, ...), every
 * argument column in PyTorch's order, which then replaces the other two; {@code weightCol} (optional):
 * a per-row sample weight, giving the weighted sum over the summed weights; {@code options} (default
 * empty: PyTorch's defaults, reduction {@code mean}). The value is exactly the SQL aggregate's.
 * Rows with a null argument are skipped as in SQL; {@code on_null=error} in the options fails instead.
 */
public final class LossEvaluator extends Evaluator implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Param<String> lossName;
  private final Param<String> predictionCol;
  private final Param<String> labelCol;
  private final StringArrayParam inputCols;
  private final Param<String> weightCol;
  private final Param<String> options;

  public LossEvaluator() {
    this(Identifiable$.MODULE$.randomUID("lossEvaluator"));
  }

  public LossEvaluator(String uid) {
    this.uid = uid;
    lossName = new Param<>(this, "lossName",
        "the loss, by its torch.nn.functional name (mse_loss, cross_entropy, ...)");
    predictionCol = new Param<>(this, "predictionCol", "the loss's first argument (input)");
    labelCol = new Param<>(this, "labelCol", "the loss's second argument (target)");
    inputCols = new StringArrayParam(this, "inputCols",
        "every argument column in PyTorch's order; replaces predictionCol and labelCol when set");
    weightCol = new Param<>(this, "weightCol",
        "a per-row sample weight (optional): the weighted sum over the summed weights");
    options = new Param<>(this, "options",
        "PyTorch's options as in SQL, e.g. 'reduction=sum, label_smoothing=0.1'");
    setDefault(lossName, "mse_loss");
    setDefault(predictionCol, "prediction");
    setDefault(labelCol, "label");
    setDefault(options, "");
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<String> lossName() {
    return lossName;
  }

  public Param<String> predictionCol() {
    return predictionCol;
  }

  public Param<String> labelCol() {
    return labelCol;
  }

  public StringArrayParam inputCols() {
    return inputCols;
  }

  public Param<String> weightCol() {
    return weightCol;
  }

  public Param<String> options() {
    return options;
  }

  /** Sets the loss and checks that it exists. */
  public LossEvaluator setLossName(String value) {
    LossCatalog.spec(value);
    set(lossName, value);
    return this;
  }

  public LossEvaluator setPredictionCol(String value) {
    set(predictionCol, value);
    return this;
  }

  public LossEvaluator setLabelCol(String value) {
    set(labelCol, value);
    return this;
  }

  public LossEvaluator setWeightCol(String value) {
    set(weightCol, value);
    return this;
  }

  public LossEvaluator setInputCols(String... value) {
    set(inputCols, value);
    return this;
  }

  /** Sets the options and checks them against the current loss. */
  public LossEvaluator setOptions(String value) {
    LossOptions.parse(LossCatalog.spec(getLossName()), value);
    set(options, value);
    return this;
  }

  public String getLossName() {
    return getOrDefault(lossName);
  }

  public String getPredictionCol() {
    return getOrDefault(predictionCol);
  }

  public String getLabelCol() {
    return getOrDefault(labelCol);
  }

  public String getOptions() {
    return getOrDefault(options);
  }

  /** The loss's argument columns: {@code inputCols} when set, else prediction and label. */
  List<String> argumentColumns() {
    List<String> cols = new ArrayList<>();
    if (isDefined(inputCols)) {
      cols.addAll(List.of(getOrDefault(inputCols)));
    } else {
      cols.add(getPredictionCol());
      cols.add(getLabelCol());
    }
    return cols;
  }

  /** The loss of {@code dataset}'s rows; NaN when no row was used. */
  @Override
  public double evaluate(Dataset<?> dataset) {
    LossSpec spec = LossCatalog.spec(getLossName());
    List<String> names = argumentColumns();
    Column[] args = new Column[names.size()];
    for (int i = 0; i < args.length; i++) {
      args[i] = functions.col(names.get(i));
    }
    Column loss = isDefined(weightCol)
        ? Losses.weightedLoss(spec.name(), getOptions(), functions.col(getOrDefault(weightCol)), args)
        : Losses.loss(spec.name(), getOptions(), args);
    Row r = dataset.select(loss).first();
    return r.isNullAt(0) ? Double.NaN : r.getDouble(0);
  }

  /** A loss: smaller is better. */
  @Override
  public boolean isLargerBetter() {
    return false;
  }

  @Override
  public LossEvaluator copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /** Reads an evaluator saved with {@code write().save(path)}. */
  public static MLReader<LossEvaluator> read() {
    return new DefaultParamsReader<>();
  }

  public static LossEvaluator load(String path) {
    return read().load(path);
  }
}
