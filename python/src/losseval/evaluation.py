"""``LossEvaluator``: any loss as a ``pyspark.ml`` evaluator, for ``CrossValidator`` and
``TrainValidationSplit``.

On a classic session it wraps the JVM's ``io.losseval.spark.ml.LossEvaluator``; over Spark Connect it
selects the SQL function's call (``cross_entropy(rawPrediction, label, 'label_smoothing=0.1')``). Either
way the metric is computed by the same aggregate as the SQL function, and smaller is better
(``isLargerBetter()`` is False), so model selection picks the model with the lowest loss.
"""

from __future__ import annotations

from typing import List, Optional

from pyspark import keyword_only
from pyspark.ml.evaluation import Evaluator
from pyspark.ml.param import Param, Params, TypeConverters
from pyspark.ml.param.shared import HasLabelCol, HasPredictionCol, HasWeightCol
from pyspark.ml.util import DefaultParamsReadable, DefaultParamsWritable
from pyspark.sql import DataFrame

from losseval._jvm import is_connect, java_class, spark_context, sql_call

_JAVA_CLASS = "io.losseval.spark.ml.LossEvaluator"


class LossEvaluator(Evaluator, HasPredictionCol, HasLabelCol, HasWeightCol, DefaultParamsReadable,
                    DefaultParamsWritable):
    """Evaluates a DataFrame's predictions by a loss of ``torch.nn`` (smaller is better).

    ::

        ce = LossEvaluator(lossName="cross_entropy", predictionCol="rawPrediction", labelCol="label",
                           options="label_smoothing=0.1")
        cv = CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=ce, numFolds=3)

    Params: ``lossName`` (a ``torch.nn.functional`` name, default ``mse_loss``), ``predictionCol`` and
    ``labelCol`` (the loss's first two arguments), ``inputCols`` (every argument, for losses of three or
    four), ``weightCol`` (a sample weight), ``options`` (the SQL functions' option string, e.g.
    ``"reduction=sum, weight=[1.0,2.0]"``). MLlib's ``Vector`` columns (``rawPrediction``,
    ``probability``) are read as arrays.

    A Python ``Evaluator`` (not a ``JavaEvaluator``) that hands each ``evaluate`` to the JVM's
    ``io.losseval.spark.ml.LossEvaluator``: so it saves and loads with Python's ``DefaultParamsWriter``
    (the metadata names this Python class), and a ``CrossValidatorModel`` that holds it saves and loads
    from PySpark, which the JVM class name would prevent.
    """

    lossName = Param(Params._dummy(), "lossName", "the loss, by its torch.nn.functional name",
                     typeConverter=TypeConverters.toString)
    inputCols = Param(Params._dummy(), "inputCols",
                      "every argument of the loss in PyTorch's order (instead of predictionCol, labelCol)",
                      typeConverter=TypeConverters.toListString)
    options = Param(Params._dummy(), "options", "the loss's options, as the SQL functions take them",
                    typeConverter=TypeConverters.toString)

    @keyword_only
    def __init__(self, *, lossName: str = "mse_loss", predictionCol: str = "prediction",
                 labelCol: str = "label", inputCols: Optional[List[str]] = None,
                 weightCol: Optional[str] = None, options: str = "") -> None:
        super().__init__()
        self._setDefault(lossName="mse_loss", predictionCol="prediction", labelCol="label", options="")
        self._set(**self._input_kwargs)

    @keyword_only
    def setParams(self, *, lossName: str = "mse_loss", predictionCol: str = "prediction",
                  labelCol: str = "label", inputCols: Optional[List[str]] = None,
                  weightCol: Optional[str] = None, options: str = "") -> "LossEvaluator":
        """Sets the given params."""
        return self._set(**self._input_kwargs)

    def setLossName(self, value: str) -> "LossEvaluator":
        return self._set(lossName=value)

    def getLossName(self) -> str:
        return self.getOrDefault(self.lossName)

    def setInputCols(self, value: List[str]) -> "LossEvaluator":
        return self._set(inputCols=value)

    def getInputCols(self) -> List[str]:
        return self.getOrDefault(self.inputCols)

    def setOptions(self, value: str) -> "LossEvaluator":
        return self._set(options=value)

    def getOptions(self) -> str:
        return self.getOrDefault(self.options)

    def setPredictionCol(self, value: str) -> "LossEvaluator":
        return self._set(predictionCol=value)

    def setLabelCol(self, value: str) -> "LossEvaluator":
        return self._set(labelCol=value)

    def setWeightCol(self, value: str) -> "LossEvaluator":
        return self._set(weightCol=value)

    def isLargerBetter(self) -> bool:
        return False

    def _arguments(self) -> List[str]:
        if self.isDefined(self.inputCols):
            return list(self.getInputCols())
        return [self.getPredictionCol(), self.getLabelCol()]

    def _evaluate(self, dataset: DataFrame) -> float:
        """The loss over ``dataset``, computed by the JVM evaluator with these params (over Spark
        Connect, by the SQL function the server has)."""
        if is_connect():
            columns = self._arguments()
            if self.isDefined(self.weightCol):
                columns.append(self.getWeightCol())
            options = [self.getOptions()] if self.getOptions() else []
            value = dataset.select(sql_call(self.getLossName(), columns, *options)).first()[0]
            return float("nan") if value is None else float(value)
        java = java_class(_JAVA_CLASS)(self.uid)
        java.setLossName(self.getLossName())
        java.setPredictionCol(self.getPredictionCol())
        java.setLabelCol(self.getLabelCol())
        java.setOptions(self.getOptions())
        if self.isDefined(self.inputCols):
            columns = self.getInputCols()
            array = spark_context()._gateway.new_array(spark_context()._jvm.java.lang.String, len(columns))
            for i, c in enumerate(columns):
                array[i] = c
            java.setInputCols(array)
        if self.isDefined(self.weightCol):
            java.setWeightCol(self.getWeightCol())
        return java.evaluate(dataset._jdf)
