"""losseval through PySpark against live PyTorch (float64) on seeded random cases: every loss, random
shapes, options, reductions, edge values (NaN, +-1e6, 0, 1e-300, impossible CTC alignments), and
integer sample weights checked as repeated rows. Within 1e-9 relative (1e-15 absolute near 0).

The quick run (CI) takes ``LOSSEVAL_DIFF_SETS`` case sets (default 42: 210 cases, two sets per loss);
the full run is ``LOSSEVAL_DIFF_SETS=200`` (1,000 cases). ``LOSSEVAL_DIFF_SEED`` (default 20261123)
picks the cases; ``LOSSEVAL_DIFF_ONLY=17`` replays case set 17 alone. A mismatch prints the case as JSON.
"""

import os

import pytest
from pyspark.sql.types import ArrayType, DoubleType, IntegerType, LongType, StructField, StructType

from losseval import functions as LF

# PyTorch is required, not optional: without it this module fails to import (Debian: python3-torch)
from differential import DRAWS, case_set, close

SEED = int(os.environ.get("LOSSEVAL_DIFF_SEED", "20261123"))
SETS = int(os.environ.get("LOSSEVAL_DIFF_SETS", "42"))
ONLY = os.environ.get("LOSSEVAL_DIFF_ONLY")
INDICES = [int(i) for i in ONLY.split(",")] if ONLY else list(range(SETS))

pytestmark = pytest.mark.torch


def _column_type(array, integer: bool):
    t = LongType() if integer else DoubleType()
    for _ in range(array.ndim - 1):
        t = ArrayType(t, True)
    return t


def _cell(value, integer: bool):
    if hasattr(value, "tolist"):
        return value.tolist()
    return int(value) if integer else float(value)


def dataframe(spark, cs):
    first = cs.draws[0]
    names = [f"a{j}" for j in range(len(first.arguments))]
    fields = [StructField("case", IntegerType(), False), StructField("idx", IntegerType(), False)]
    fields += [StructField(n, _column_type(a, k), True) for n, a, k in zip(names, first.arguments, cs.integer_kinds)]
    weighted = first.sample_weight is not None
    if weighted:
        fields.append(StructField("sw", DoubleType(), True))
    rows = []
    for d, draw in enumerate(cs.draws):
        for i in range(draw.arguments[0].shape[0]):
            row = [d, i] + [_cell(a[i], k) for a, k in zip(draw.arguments, cs.integer_kinds)]
            if weighted:
                row.append(float(draw.sample_weight[i]))
            rows.append(tuple(row))
    return spark.createDataFrame(rows, StructType(fields)), names, weighted


def losseval_results(spark, cs):
    df, names, weighted = dataframe(spark, cs)
    if cs.reduction == "none":
        fn = getattr(LF, "row_" + cs.loss)
        rows = df.select("case", "idx", fn(*names, **cs.options).alias("v")).orderBy("case", "idx").collect()
        out = [[] for _ in range(DRAWS)]
        for r in rows:
            out[r["case"]].append(r["v"])
        return out
    fn = getattr(LF, cs.loss)
    agg = fn(*names, reduction=cs.reduction, sample_weight="sw" if weighted else None, **cs.options)
    rows = df.groupBy("case").agg(agg.alias("v")).collect()
    by_case = {r["case"]: r["v"] for r in rows}
    return [by_case[d] for d in range(DRAWS)]


@pytest.mark.parametrize("index", INDICES)
def test_losseval_matches_pytorch(spark, index):
    cs = case_set(SEED, index)
    actual = losseval_results(spark, cs)
    failures = []
    for d, draw in enumerate(cs.draws):
        if not close(draw.expected, actual[d]):
            failures.append(f"case {cs.describe(d)}\n  losseval: {actual[d]!r}")
    assert not failures, (
        f"{len(failures)} of {DRAWS} cases of set {index} differ from PyTorch; replay with "
        f"LOSSEVAL_DIFF_SEED={SEED} LOSSEVAL_DIFF_ONLY={index} python -m pytest tests/test_differential.py\n"
        + "\n".join(failures))
