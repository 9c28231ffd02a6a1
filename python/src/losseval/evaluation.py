"""``LossEvaluator``: any loss as a ``pyspark.ml`` evaluator, for ``CrossValidator`` and
``TrainValidationSplit``.

It wraps the JVM's ``io.losseval.spark.ml.LossEvaluator``: the metric is computed by the same
aggregate as the SQL function, and smaller is better (``isLargerBetter()`` is False), so model
selection picks the model with the lowest loss.
"""

from __future__ import annotations

from typing import Any, List, Optional

from pyspark import keyword_only
from pyspark.ml.evaluation import JavaEvaluator
from pyspark.ml.param import Param, Params, TypeConverters
from pyspark.ml.param.shared import HasLabelCol, HasPredictionCol, HasWeightCol
from pyspark.ml.util import JavaMLReadable, JavaMLReader, JavaMLWritable

_JAVA_CLASS = "io.losseval.spark.ml.LossEvaluator"


class _LossEvaluatorReader(JavaMLReader):
    @classmethod
    def _java_loader_class(cls, clazz: Any) -> str:
        return _JAVA_CLASS


class LossEvaluator(JavaEvaluator, HasPredictionCol, HasLabelCol, HasWeightCol, JavaMLReadable,
                    JavaMLWritable):
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
        self._java_obj = self._new_java_obj(_JAVA_CLASS, self.uid)
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

    @classmethod
    def read(cls) -> JavaMLReader:
        return _LossEvaluatorReader(cls)
