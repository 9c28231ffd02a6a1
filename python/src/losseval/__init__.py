"""losseval: PyTorch-compatible loss functions for Apache Spark, from PySpark.

::

    from pyspark.sql import SparkSession
    import losseval
    from losseval import functions as LF

    spark = losseval.configure(SparkSession.builder.master("local[2]")).getOrCreate()
    spark.sql("SELECT model, cross_entropy(logits, label) FROM preds GROUP BY model")
    preds.groupBy("model").agg(LF.cross_entropy("logits", "label", label_smoothing=0.1))

The losses run in the JVM (the jar ships inside this package); this package only builds their columns.
"""

from __future__ import annotations

import glob
import importlib
import os
from typing import Any

from losseval._jvm import LossArgumentError

__version__ = "0.1.0.dev0"
__all__ = ["configure", "jar_path", "LossArgumentError", "LossEvaluator", "functions", "__version__"]

#: The session extension that registers every loss as a SQL function.
EXTENSIONS_CLASS = "io.losseval.spark.LossSessionExtensions"

#: JVM flag for the SIMD kernels (JDK Vector API); without it the scalar kernels run, with the same results.
VECTOR_MODULE_FLAG = "--add-modules=jdk.incubator.vector"


def jar_path() -> str:
    """The losseval jar this package ships (``LOSSEVAL_JAR`` overrides it)."""
    override = os.environ.get("LOSSEVAL_JAR")
    if override:
        if not os.path.isfile(override):
            raise FileNotFoundError(f"losseval: LOSSEVAL_JAR names {override}, which is not a file")
        return os.path.abspath(override)
    jars = sorted(glob.glob(os.path.join(os.path.dirname(__file__), "jars", "*.jar")))
    if not jars:
        raise FileNotFoundError(
            "losseval: this package has no jar (losseval/jars/*.jar): install the built wheel, or set "
            "LOSSEVAL_JAR to jobs/target/losseval-<version>.jar of a Maven build")
    return jars[-1]


def configure(builder: Any, *, vector_api: bool = True) -> Any:
    """Adds losseval to a ``SparkSession.Builder`` and returns it (as ``delta-spark`` does).

    - ``spark.jars`` and ``spark.driver.extraClassPath`` gain the jar of this package, so the driver and
      every executor load the losses;
    - ``spark.sql.extensions`` gains ``io.losseval.spark.LossSessionExtensions``, so every session has
      the SQL functions (``cross_entropy(logits, label)``, ``row_mse_loss(p, t)``, ...);
    - with ``vector_api`` (the default), the driver's and executors' Java options gain
      ``--add-modules=jdk.incubator.vector`` for the SIMD kernels.

    Settings already on the builder are kept: the values are appended to them. It must run before the
    session's JVM starts (the first ``getOrCreate()`` of the process).
    """
    jar = jar_path()
    options = getattr(builder, "_options", {})

    def append(key: str, value: str, sep: str) -> None:
        current = options.get(key)
        if current:
            parts = [p for p in str(current).split(sep) if p]
            if value in parts:
                return
            value = str(current) + sep + value
        builder.config(key, value)

    append("spark.jars", jar, ",")
    append("spark.driver.extraClassPath", jar, os.pathsep)
    append("spark.sql.extensions", EXTENSIONS_CLASS, ",")
    if vector_api:
        append("spark.driver.extraJavaOptions", VECTOR_MODULE_FLAG, " ")
        append("spark.executor.extraJavaOptions", VECTOR_MODULE_FLAG, " ")
    return builder


def __getattr__(name: str) -> Any:
    # functions and LossEvaluator import pyspark.ml and py4j: load them when first used
    if name == "functions":
        return importlib.import_module("losseval.functions")
    if name == "LossEvaluator":
        from losseval.evaluation import LossEvaluator
        return LossEvaluator
    raise AttributeError(f"module 'losseval' has no attribute {name!r}")
