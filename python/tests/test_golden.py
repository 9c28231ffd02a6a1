"""Every golden case through the Python API: the numbers PyTorch printed, within the tolerances the
JVM's golden tests use (1e-9 relative plus 1e-12; the seed articles' 4-decimal examples within 1e-3)."""

import math

import pytest
from pyspark.sql import functions as F

from losseval import functions as LF

from conftest import GOLDEN
from golden import dataframe, keyword_arguments, load_cases

PYTORCH = load_cases(GOLDEN / "pytorch")
SEEDS = load_cases(GOLDEN / "seeds")


def close(expected, actual, tolerance_abs):
    if expected is None or actual is None:
        return expected is actual
    if math.isnan(expected):
        return math.isnan(actual)
    if math.isinf(expected):
        return expected == actual
    return abs(expected - actual) <= tolerance_abs + 1e-9 * abs(expected)


def assert_close(expected, actual, tolerance_abs, where):
    if isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), f"{where}: {actual} vs {expected}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            assert_close(e, a, tolerance_abs, f"{where}[{i}]")
    else:
        assert close(expected, actual, tolerance_abs), f"{where}: expected {expected!r}, found {actual!r}"


def run_case(spark, case):
    df = dataframe(spark, case)
    kwargs = keyword_arguments(case)
    columns = case["columns"]
    if case["reduction"] == "none":
        result = (df.select("idx", getattr(LF, "row_" + case["loss"])(*columns, **kwargs).alias("loss"))
                  .orderBy("idx").collect())
        return [r["loss"] for r in result]
    fn = getattr(LF, case["loss"])
    return df.agg(fn(*columns, reduction=case["reduction"], **kwargs).alias("loss")).first()["loss"]


@pytest.mark.parametrize("case", PYTORCH, ids=[c["id"] for c in PYTORCH])
def test_pytorch_golden_case(spark, case):
    actual = run_case(spark, case)
    assert_close(case["expected"], actual, case.get("tolerance_abs", 1e-12), case["id"])


@pytest.mark.parametrize("case", SEEDS, ids=[c["id"] for c in SEEDS])
def test_seed_article_example(spark, case):
    actual = run_case(spark, case)
    assert_close(case["expected"], actual, case.get("tolerance_abs", 1e-3), case["id"])


def test_every_loss_has_golden_cases():
    assert {c["loss"] for c in PYTORCH} == set(LF.LOSSES)
    assert len(PYTORCH) >= 185
