"""losseval: PyTorch-compatible loss functions for Apache Spark, from PySpark.

::

    from pyspark.sql import SparkSession
    import losseval
    from losseval import functions as LF

    spark = losseval.configure(SparkSession.builder.master("local[2]")).getOrCreate()
    spark.sql("SELECT model, cross_entropy(logits, label) FROM preds GROUP BY model")
    preds.groupBy("model").agg(LF.cross_entropy("logits", "label", label_smoothing=0.1))

The losses run in the JVM (the jars ship inside this package, one per Spark line); this package only
builds their columns. PySpark 3.5 and 4.x, classic or Spark Connect
(``SparkSession.builder.remote("local[2]")``, ``spark.api.mode=connect``, ``pyspark-client``).
"""

from __future__ import annotations

import glob
import importlib
import os
from typing import Any

from losseval._jvm import LossArgumentError

__version__ = "0.1.0.dev0"
__all__ = ["configure", "jar_path", "spark_line", "LossArgumentError", "LossEvaluator", "functions",
           "__version__", "SUPPORTED_SPARK"]

#: The Spark lines this package has a jar for, by the PySpark versions that run them.
SUPPORTED_SPARK = {"3.5": "3.5", "4": "4.2"}

#: The session extension that registers every loss as a SQL function.
EXTENSIONS_CLASS = "io.losseval.spark.LossSessionExtensions"

#: JVM flag for the SIMD kernels (JDK Vector API); without it the scalar kernels run, with the same results.
VECTOR_MODULE_FLAG = "--add-modules=jdk.incubator.vector"


def spark_line(version: str | None = None) -> str:
    """The line of this package's jar for a Spark (PySpark) version: ``"3.5"`` or ``"4.2"``.

    Raises a :class:`RuntimeError` naming the supported versions for any other Spark.
    """
    if version is None:
        try:
            from pyspark.version import __version__ as version
        except ImportError:
            raise RuntimeError("losseval needs PySpark 3.5.x or 4.x (pyspark or pyspark-client): "
                               "none is installed") from None
    parts = version.split(".")
    line = SUPPORTED_SPARK.get(".".join(parts[:2])) or SUPPORTED_SPARK.get(parts[0])
    if line is None:
        raise RuntimeError(f"losseval supports PySpark 3.5.x and 4.x (Spark 3.5 with Scala 2.12, Spark 4 "
                           f"with Scala 2.13); this is PySpark {version}")
    return line


def jar_path(version: str | None = None) -> str:
    """The losseval jar this package ships for the running PySpark (or for Spark ``version``):
    ``losseval_4.2_2.13-<v>.jar`` for Spark 4, ``losseval_3.5_2.12-<v>.jar`` for Spark 3.5.
    ``LOSSEVAL_JAR`` overrides it."""
    override = os.environ.get("LOSSEVAL_JAR")
    if override:
        if not os.path.isfile(override):
            raise FileNotFoundError(f"losseval: LOSSEVAL_JAR names {override}, which is not a file")
        return os.path.abspath(override)
    line = spark_line(version)
    jars = sorted(glob.glob(os.path.join(os.path.dirname(__file__), "jars", f"losseval_{line}_*.jar")))
    if not jars:
        raise FileNotFoundError(
            f"losseval: this package has no jar for Spark {line} (losseval/jars/losseval_{line}_*.jar): "
            "install the built wheel, or set LOSSEVAL_JAR to the job's jar of a Maven build "
            "(jobs/target/losseval_4.2_2.13-<version>.jar, jobs/target/spark-3.5/losseval_3.5_2.12-<version>.jar)")
    return jars[-1]


try:
    spark_line()
except RuntimeError as _unsupported:
    raise ImportError(str(_unsupported)) from None


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

    Spark Connect: with ``builder.remote("local[2]")`` (PySpark 4) the same settings go to the local
    Connect server this process starts, and ``LF.*`` become calls of the SQL functions. A remote server
    (``sc://host``) is configured where it starts: ``--jars <jar> --conf
    spark.sql.extensions=io.losseval.spark.LossSessionExtensions``; for it this returns the builder
    unchanged.
    """
    options = getattr(builder, "_options", {})
    remote = str(options.get("spark.remote", ""))
    if remote.startswith("sc://"):
        spark_line()  # an unsupported PySpark still fails here, naming the supported ones
        return builder
    jar = jar_path()

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
