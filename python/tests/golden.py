"""The golden cases (computed by real PyTorch, or printed in the seed articles) as DataFrames and
keyword arguments of ``losseval.functions``."""

import inspect
import json
import re
from pathlib import Path
from typing import Any, Dict, List

from pyspark.sql.types import ArrayType, DataType, DoubleType, LongType, StructField, StructType

from losseval import functions as LF


def load_cases(directory: Path) -> List[Dict[str, Any]]:
    cases = []
    for f in sorted(directory.glob("*.json")):
        case = json.loads(f.read_text())
        case["file"] = f.name
        cases.append(case)
    return cases


def _depth_and_kind(values: List[Any]):
    depth, floating = 0, False

    def walk(v, d):
        nonlocal depth, floating
        if v is None:
            return
        if isinstance(v, list):
            depth = max(depth, d + 1)
            for x in v:
                walk(x, d + 1)
        elif isinstance(v, float):
            floating = True
    for v in values:
        walk(v, 0)
    return depth, floating


def column_type(values: List[Any]) -> DataType:
    """array<...<double>> for floating-point values, bigint for whole numbers, as deep as the values."""
    depth, floating = _depth_and_kind(values)
    t: DataType = DoubleType() if floating else LongType()
    for _ in range(depth):
        t = ArrayType(t, True)
    return t


def _as_typed(v: Any, t: DataType) -> Any:
    if v is None:
        return None
    if isinstance(t, ArrayType):
        return [_as_typed(x, t.elementType) for x in v]
    return float(v) if isinstance(t, DoubleType) else int(v)


def dataframe(spark, case: Dict[str, Any]):
    columns = case["columns"]
    rows = case["rows"]
    types = {c: column_type([r.get(c) for r in rows]) for c in columns}
    schema = StructType([StructField("idx", LongType(), False)]
                        + [StructField(c, types[c], True) for c in columns])
    data = [tuple([r["idx"]] + [_as_typed(r.get(c), types[c]) for c in columns]) for r in rows]
    return spark.createDataFrame(data, schema)


_ENTRY = re.compile(r"\s*([a-z_]+)\s*=\s*(\[[^\]]*\]|[^,]+)\s*(?:,|$)")


def keyword_arguments(case: Dict[str, Any]) -> Dict[str, Any]:
    """The case's option string as Python keyword arguments, typed by the function's signature."""
    fn = getattr(LF, case["loss"])
    params = inspect.signature(fn).parameters
    out: Dict[str, Any] = {}
    text = case.get("options") or ""
    pos = 0
    while pos < len(text):
        m = _ENTRY.match(text, pos)
        if not m:
            raise ValueError(f"cannot read options {text!r} at {pos}")
        key, raw = m.group(1), m.group(2).strip()
        pos = m.end()
        if key == "reduction":
            continue
        default = params[key].default
        if raw.startswith("["):
            out[key] = [float(x) for x in raw[1:-1].split(",") if x.strip()]
        elif isinstance(default, bool):
            out[key] = raw == "true"
        elif isinstance(default, int):
            out[key] = int(raw)
        elif isinstance(default, float):
            out[key] = float(raw)
        else:
            out[key] = raw
    return out
