"""Spark Connect (``LOSSEVAL_TEST_CONNECT=1``): on a session built with
``losseval.configure(SparkSession.builder.remote("local[2]"))`` the functions are calls of the SQL
functions, and give the bits of the classic job (``losseval sql`` run by spark-submit), the errors the
SQL functions give. The golden cases and the API tests of test_golden.py and test_functions.py run on
the same session, and on PySpark 4 the evaluator's tests of test_evaluator.py (CrossValidator included)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import losseval
from losseval import LossArgumentError
from losseval import functions as LF

from conftest import CONNECT, REPO

pytestmark = pytest.mark.skipif(not CONNECT, reason="runs on a Spark Connect session (LOSSEVAL_TEST_CONNECT=1)")

SAMPLE = REPO / "sample-data" / "multiclass.parquet"


def classic_sql(query: str):
    """The rows of ``losseval sql --format json --query QUERY``: the job's jar for this PySpark, run by
    its own spark-submit on a classic local Spark."""
    import pyspark
    submit = Path(pyspark.__file__).parent / "bin" / "spark-submit"
    cmd = [str(submit), "--master", "local[2]", "--driver-java-options", losseval.VECTOR_MODULE_FLAG,
           "--conf", "spark.ui.enabled=false", "--class", "io.losseval.jobs.Main", losseval.jar_path(),
           "sql", "--format", "json", "--query", query]
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
    env.pop("SPARK_CONNECT_MODE_ENABLED", None)
    env.pop("SPARK_REMOTE", None)
    done = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"losseval sql failed ({done.returncode}):\n{done.stderr[-4000:]}"
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def test_the_session_is_a_spark_connect_one(spark):
    assert type(spark).__module__.startswith("pyspark.sql.connect")
    from losseval._jvm import is_connect
    assert is_connect()


def test_lf_over_connect_has_the_bits_of_the_classic_sql_job(spark):
    expected = classic_sql(
        "SELECT model, cross_entropy(logits, label) AS ce, "
        "cross_entropy(logits, label, 'reduction=sum, label_smoothing=0.1') AS ce_sum, "
        "nll_loss(log_probs, label, 'weight=[1.0,2.0,0.5,1.0,3.0]') AS nll, "
        "cross_entropy(logits, label, 'weight=[0.5,1.0,2.0,1.0,1.5], label_smoothing=0.05') AS ce_weighted "
        f"FROM parquet.`{SAMPLE}` GROUP BY model ORDER BY model")
    df = spark.read.parquet(str(SAMPLE))
    actual = (df.groupBy("model").agg(
        LF.cross_entropy("logits", "label").alias("ce"),
        LF.cross_entropy("logits", "label", reduction="sum", label_smoothing=0.1).alias("ce_sum"),
        LF.nll_loss("log_probs", "label", weight=[1.0, 2.0, 0.5, 1.0, 3.0]).alias("nll"),
        LF.cross_entropy("logits", "label", weight=[0.5, 1.0, 2.0, 1.0, 1.5], label_smoothing=0.05)
        .alias("ce_weighted"))
        .orderBy("model").collect())
    assert len(expected) == len(actual) == 2
    for e, a in zip(expected, actual):
        assert a.asDict() == e  # every double bit for bit (JSON keeps a double's shortest exact digits)


def test_columns_are_named_as_the_sql_calls(spark):
    df = spark.read.parquet(str(SAMPLE))
    api = df.agg(LF.cross_entropy("logits", "label", label_smoothing=0.1, reduction="sum"),
                 LF.cross_entropy_stats("logits", "label"))
    df.createOrReplaceTempView("connect_sample")
    sql = spark.sql("SELECT cross_entropy(logits, label, 'reduction=sum, label_smoothing=0.1'), "
                    "cross_entropy_stats(logits, label) FROM connect_sample")
    assert api.columns == sql.columns
    assert api.columns[0] == "cross_entropy(logits, label, reduction=sum, label_smoothing=0.1)"
    assert api.collect() == sql.collect()


def test_an_option_out_of_range_fails_when_the_plan_is_analysed_with_the_sql_message(spark):
    df = spark.read.parquet(str(SAMPLE))
    column = LF.cross_entropy("logits", "label", label_smoothing=1.5)  # no JVM here to check it yet
    with pytest.raises(Exception) as e:
        df.agg(column).collect()
    assert "cross_entropy: label_smoothing is out of range: expected a number in [0, 1], found 1.5" in str(e.value)
    assert type(e.value).__name__ == "AnalysisException"


def test_option_values_of_the_wrong_form_raise_where_the_column_is_built(spark):
    with pytest.raises(LossArgumentError, match="expected a list of numbers"):
        LF.cross_entropy("logits", "label", weight=[1.0, "x"])
    with pytest.raises(LossArgumentError, match="replicates has the wrong form"):
        LF.mse_loss_bootstrap("p", "t", replicates="200")
    with pytest.raises(LossArgumentError, match="key is not available over Spark Connect"):
        LF.mse_loss_bootstrap("p", "t", key="id")
