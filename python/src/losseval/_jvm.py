"""The bridge to losseval's JVM classes through PySpark's py4j gateway, and its Spark Connect twin.

Nothing here computes a loss. On a classic session every column is built by
``io.losseval.spark.Losses`` in the JVM, the same code the SQL functions and the Java API use; on a
Spark Connect session (no JVM in this process) the column is a call of the SQL function of the same name
(:func:`sql_call`), which the server builds with the same code. Either way Python, SQL and Java give the
same bits.
"""

from __future__ import annotations

import math
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

from pyspark.sql import Column

ColumnOrName = Union[Column, str]

_NOT_CONFIGURED = (
    "losseval's jar is not on the Spark driver's classpath: build the session with "
    "losseval.configure(SparkSession.builder).getOrCreate(), or start Spark with "
    "--jars <losseval jar> (losseval.jar_path() gives the jar of this package)"
)


class LossArgumentError(ValueError):
    """A loss was called with an option, argument count or reduction the JVM refuses.

    The message is the JVM's, word for word: the same text the SQL function gives, naming the
    function, the option or argument, the expected form and what was found.
    """


def is_connect() -> bool:
    """True when PySpark talks to Spark through Spark Connect (``SparkSession.builder.remote(...)``,
    ``spark.api.mode=connect``, or the pure-Python ``pyspark-client``): there is no JVM to call."""
    try:
        from pyspark.sql.utils import is_remote
    except ImportError:  # pragma: no cover - PySpark before 3.4
        return False
    return bool(is_remote())


def spark_context() -> Any:
    from pyspark import SparkContext

    sc = SparkContext._active_spark_context
    if sc is None:
        raise RuntimeError(
            "losseval: no active SparkSession: create one first, e.g. "
            "losseval.configure(SparkSession.builder).getOrCreate()"
        )
    return sc


def java_class(name: str) -> Any:
    """The JVM class ``name``, or an error that says how to put losseval's jar on the classpath."""
    from py4j.java_gateway import JavaClass

    obj = spark_context()._jvm
    for part in name.split("."):
        obj = getattr(obj, part)
    if not isinstance(obj, JavaClass):
        raise RuntimeError(_NOT_CONFIGURED + " (class " + name + " not found)")
    return obj


def _to_java_column(column: ColumnOrName) -> Any:
    try:  # PySpark 4: the classic Column's converter moved with it
        from pyspark.sql.classic.column import _to_java_column as convert
    except ImportError:  # PySpark 3.5
        from pyspark.sql.column import _to_java_column as convert
    return convert(column)


def java_columns(columns: Sequence[ColumnOrName]) -> Any:
    """A Java ``Column[]`` for a varargs parameter."""
    sc = spark_context()
    array = sc._gateway.new_array(sc._jvm.org.apache.spark.sql.Column, len(columns))
    for i, c in enumerate(columns):
        array[i] = _to_java_column(c)
    return array


def java_column(column: Optional[ColumnOrName]) -> Any:
    return None if column is None else _to_java_column(column)


def sql_call(function: str, columns: Sequence[ColumnOrName], *literals: Any) -> Column:
    """The column of the SQL call ``function(columns..., literals...)``, for Spark Connect: the server
    resolves it with the functions ``spark.sql.extensions=io.losseval.spark.LossSessionExtensions``
    registers, exactly as ``spark.sql`` would."""
    from pyspark.sql import functions as F

    arguments = [F.col(c) if isinstance(c, str) else c for c in columns]
    arguments += [F.lit(v) for v in literals]
    return F.call_function(function, *arguments)


def calling_jvm(function: str, thunk):
    """Runs ``thunk``; a JVM exception becomes a :class:`LossArgumentError` with the JVM's message."""
    from py4j.protocol import Py4JJavaError
    from pyspark.errors.exceptions.captured import CapturedException

    try:
        return thunk()
    except Py4JJavaError as e:
        message = e.java_exception.getMessage()
        raise LossArgumentError(message if message else function + ": " + str(e.java_exception)) from None
    except CapturedException as e:  # PySpark has already converted the JVM's exception
        # its description is the JVM exception's own message (PySpark 4's getMessage() asks the JVM to
        # rebuild it from the error class, another round trip that can only give the same text)
        message = getattr(e, "_desc", None)
        raise LossArgumentError(message if message else str(e)) from None


def format_options(function: str, options: Mapping[str, Any]) -> str:
    """Options in the string form the SQL functions take: ``weight=[1.0,2.0], label_smoothing=0.1``."""
    return ", ".join(name + "=" + _format_value(function, name, v) for name, v in options.items())


def _format_value(function: str, name: str, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        if any(c in value for c in ",=[]"):
            raise LossArgumentError(
                f"{function}: option {name} has a value of the wrong form: expected a word, found {value!r}")
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _format_number(function, name, value)
    if hasattr(value, "tolist"):  # numpy arrays and scalars, torch tensors: as Python values
        return _format_value(function, name, value.tolist())
    if isinstance(value, Iterable):
        items = list(value)
        return "[" + ",".join(_format_number(function, name, _as_float(function, name, v)) for v in items) + "]"
    if isinstance(value, (int, float)) or hasattr(value, "__float__"):
        return _format_number(function, name, float(value))
    raise LossArgumentError(
        f"{function}: option {name} has a value of the wrong form: expected a number, a boolean, "
        f"a word or a list of numbers, found {value!r} ({type(value).__name__})")


def _as_float(function: str, name: str, v: Any) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)) and not hasattr(v, "__float__"):
        raise LossArgumentError(
            f"{function}: option {name} has a value of the wrong form: expected a list of numbers, "
            f"found the element {v!r}")
    return float(v)


def _format_number(function: str, name: str, v: float) -> str:
    if not math.isfinite(v):
        raise LossArgumentError(
            f"{function}: option {name} has a value of the wrong form: expected a finite number, found {v!r}")
    return repr(v)
