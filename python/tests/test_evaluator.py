"""LossEvaluator in pyspark.ml: its metric against PyTorch, model selection by CrossValidator,
save and load; classic, and over Spark Connect from PySpark 4 (pyspark.ml is not Connect-capable in 3.5)."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as TF
from pyspark.ml.classification import LogisticRegression
from pyspark.ml.linalg import Vectors
from pyspark.ml.tuning import CrossValidator, CrossValidatorModel, ParamGridBuilder
from pyspark.sql import functions as F
from pyspark.sql.types import ArrayType, DoubleType

import pyspark

from losseval import LossEvaluator

from conftest import CONNECT

pytestmark = pytest.mark.skipif(CONNECT and int(pyspark.__version__.split(".")[0]) < 4,
                                reason="pyspark.ml runs over Spark Connect from PySpark 4")



def log_of(column):
    """log of each probability, as a Python UDF made for the running session (classic or Connect)."""
    return F.udf(lambda v: [math.log(x) for x in v.toArray().tolist()], ArrayType(DoubleType()))(column)


@pytest.fixture(scope="module")
def three_classes(spark):
    rng = np.random.default_rng(11)
    rows = []
    for i in range(300):
        label = int(rng.integers(0, 3))
        centre = np.array([[2.0, 0.0], [0.0, 2.0], [-1.5, -1.5]])[label]
        x = centre + rng.normal(0, 1.3, size=2)
        rows.append((Vectors.dense(x.tolist()), float(label)))
    return spark.createDataFrame(rows, ["features", "label"])


def test_metric_is_pytorchs_cross_entropy_on_the_raw_predictions(spark, three_classes):
    model = LogisticRegression(maxIter=50, regParam=0.01).fit(three_classes)
    scored = model.transform(three_classes)
    ce = LossEvaluator(lossName="cross_entropy", predictionCol="rawPrediction", labelCol="label",
                       options="label_smoothing=0.1")
    rows = scored.select("rawPrediction", "label").collect()
    logits = torch.tensor([r["rawPrediction"].toArray().tolist() for r in rows], dtype=torch.float64)
    labels = torch.tensor([int(r["label"]) for r in rows])
    expected = TF.cross_entropy(logits, labels, label_smoothing=0.1).item()
    assert ce.evaluate(scored) == pytest.approx(expected, rel=1e-12)
    assert ce.isLargerBetter() is False


def test_cross_validator_selects_the_model_with_the_lowest_loss(spark, three_classes):
    lr = LogisticRegression(maxIter=50)
    grid = ParamGridBuilder().addGrid(lr.regParam, [0.0, 0.1, 1.0, 10.0]).build()
    ce = LossEvaluator(lossName="cross_entropy", predictionCol="rawPrediction")
    cv = CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=ce, numFolds=3, seed=5).fit(three_classes)
    metrics = list(cv.avgMetrics)
    best = int(np.argmin(metrics))
    assert cv.bestModel.getRegParam() == grid[best][lr.regParam]
    # heavy regularisation flattens the logits towards log(1/3): the loss is worse, not better
    assert metrics[3] > metrics[0] and metrics[3] > metrics[best]
    assert best != 3


def test_nll_over_log_probabilities_and_sample_weights(spark, three_classes):
    model = LogisticRegression(maxIter=50).fit(three_classes)
    scored = (model.transform(three_classes)
              .withColumn("logp", log_of(F.col("probability")))
              .withColumn("w", F.col("label") + 1))
    ev = LossEvaluator(lossName="nll_loss", predictionCol="logp", weightCol="w")
    rows = scored.select("logp", "label", "w").collect()
    # a sample weight of k counts a row k times: PyTorch gets the repeated rows
    logp = torch.tensor([r["logp"] for r in rows for _ in range(int(r["w"]))], dtype=torch.float64)
    labels = torch.tensor([int(r["label"]) for r in rows for _ in range(int(r["w"]))])
    assert ev.evaluate(scored) == pytest.approx(TF.nll_loss(logp, labels).item(), rel=1e-12)


@pytest.mark.classic  # DefaultParamsWriter of a Python evaluator needs the JVM session in PySpark 4.2
def test_params_round_trip_through_save_and_load(spark, tmp_path):
    ev = LossEvaluator(lossName="triplet_margin_loss", inputCols=["a", "p", "n"], options="margin=0.5")
    path = str(tmp_path / "evaluator")
    ev.write().overwrite().save(path)
    loaded = LossEvaluator.load(path)
    assert loaded.getLossName() == "triplet_margin_loss"
    assert loaded.getInputCols() == ["a", "p", "n"]
    assert loaded.getOptions() == "margin=0.5"
    assert loaded.uid == ev.uid


def test_a_cross_validator_model_with_the_evaluator_saves_and_loads(spark, three_classes, tmp_path):
    lr = LogisticRegression(maxIter=20)
    grid = ParamGridBuilder().addGrid(lr.regParam, [0.0, 1.0]).build()
    ce = LossEvaluator(lossName="cross_entropy", predictionCol="rawPrediction", options="reduction=sum")
    cv = CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=ce, numFolds=2, seed=3).fit(three_classes)
    path = str(tmp_path / "cv")
    cv.write().overwrite().save(path)
    loaded = CrossValidatorModel.load(path)
    assert isinstance(loaded.getEvaluator(), LossEvaluator)
    assert loaded.getEvaluator().getOptions() == "reduction=sum"
    assert list(loaded.avgMetrics) == list(cv.avgMetrics)
    scored = loaded.bestModel.transform(three_classes)
    assert loaded.getEvaluator().evaluate(scored) == ce.evaluate(scored)
