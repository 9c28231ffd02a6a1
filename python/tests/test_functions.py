"""The Python API against the JVM: signatures against the JVM's catalogue, columns against the SQL
functions' bits and names, errors with the JVM's messages."""

import inspect
import math

import pytest
from pyspark.sql import functions as F

import losseval
from losseval import functions as LF
from losseval import LossArgumentError


@pytest.fixture(scope="module")
def preds(spark):
    rows = [(i % 3 == 0 and "a" or "b", [0.1 * i, -0.2 * i + 1.0, 0.5], i % 3, float(i % 4), 0.1 * i,
             0.05 * i * i, 1.0 + (i % 2)) for i in range(40)]
    df = spark.createDataFrame(
        rows, "model string, logits array<double>, label bigint, w double, p double, t double, "
              "sw double")
    df.createOrReplaceTempView("py_preds")
    return df


def jvm_specs(spark):
    return list(spark.sparkContext._jvm.io.losseval.core.LossCatalog.all().toArray())


def default_of(option):
    t, text = str(option.type().name()), option.defaultValue()
    if t == "NUMBER_LIST":
        return None
    if t == "BOOLEAN":
        return text == "true"
    if t == "INTEGER":
        return int(text)
    if t == "NUMBER":
        return float(text)
    return text


@pytest.mark.classic
def test_every_jvm_loss_has_a_python_function_with_pytorchs_arguments_and_defaults(spark):
    specs = jvm_specs(spark)
    assert [s.name() for s in specs] == list(LF.LOSSES)
    for spec in specs:
        name = spec.name()
        params = inspect.signature(getattr(LF, name)).parameters
        positional = [p for p, v in params.items() if v.kind == v.POSITIONAL_OR_KEYWORD]
        assert positional == list(spec.arguments()), name
        options = {p: v.default for p, v in params.items()
                   if v.kind == v.KEYWORD_ONLY and p not in ("reduction", "sample_weight", "on_null")}
        jvm_options = {o.name(): default_of(o) for o in spec.options()}
        assert options == jvm_options, name
        for o in spec.options():  # the types agree too: an int default for a whole number, ...
            if options[o.name()] is not None:
                assert type(options[o.name()]) is type(jvm_options[o.name()]), (name, o.name())
        assert params["reduction"].default == str(spec.reductions().get(0).torchName())
        assert params["on_null"].default == "skip"
        for form in ("row_" + name, name + "_stats", name + "_bootstrap"):
            assert callable(getattr(LF, form)), form
            assert form in LF.__all__
        assert "torch.nn" in getattr(LF, name).__doc__, name


def test_aggregate_is_the_sql_calls_bits_and_name(spark, preds):
    api = preds.groupBy("model").agg(
        LF.cross_entropy("logits", "label", label_smoothing=0.1, weight=[1.0, 2.0, 0.5], reduction="sum"),
        LF.mse_loss(F.col("p"), "t"),
        LF.huber_loss("p", "t", delta=0.5, sample_weight="sw"),
        LF.kl_div("logits", F.array(F.lit(0.2), F.lit(0.3), F.lit(0.5)), reduction="batchmean"),
    ).orderBy("model")
    sql = preds.sparkSession.sql(
        "SELECT model, cross_entropy(logits, label, 'reduction=sum, weight=[1.0,2.0,0.5], "
        "label_smoothing=0.1'), mse_loss(p, t), huber_loss(p, t, sw, 'delta=0.5'), "
        "kl_div(logits, array(0.2D, 0.3D, 0.5D), 'reduction=batchmean') "
        "FROM py_preds GROUP BY model ORDER BY model")
    assert api.collect() == sql.collect()
    assert api.columns[2] == sql.columns[2] == "mse_loss(p, t)"


def test_reduction_none_is_the_row_function(spark, preds):
    a = preds.select(LF.cross_entropy("logits", "label", reduction="none", ignore_index=1)).collect()
    b = preds.select(LF.row_cross_entropy("logits", "label", ignore_index=1)).collect()
    c = preds.sparkSession.sql("SELECT row_cross_entropy(logits, label, 'ignore_index=1') FROM py_preds").collect()
    assert [r[0] for r in a] == [r[0] for r in b] == [r[0] for r in c]
    assert preds.select(LF.row_mse_loss("p", "t")).columns == ["row_mse_loss(p, t)"]


def test_stats_and_bootstrap_are_the_sql_structs(spark, preds):
    api = preds.agg(LF.nll_loss_stats("logits", "label", ignore_index=2),
                    LF.mse_loss_bootstrap("p", "t", replicates=50, seed=7)).first()
    sql = preds.sparkSession.sql("SELECT nll_loss_stats(logits, label, 'ignore_index=2'), "
                                 "mse_loss_bootstrap(p, t, 50, 7) FROM py_preds").first()
    assert api[0] == sql[0]
    assert api[0]["skipped"]["ignored_target"] == preds.filter("label = 2").count()
    assert api[1] == sql[1]
    assert len(api[1]["replicates"]) == 50 and api[1]["ci_lower"] <= api[1]["value"] <= api[1]["ci_upper"]


def test_same_bits_for_any_partitioning(spark, preds):
    values = set()
    for n in (1, 3, 7):
        df = preds.repartition(n).orderBy(F.rand(n))
        values.add(df.agg(LF.cross_entropy("logits", "label", label_smoothing=0.2)).first()[0])
    assert len(values) == 1


def test_loss_by_name_and_numpy_options(spark, preds):
    import numpy as np
    a = preds.agg(LF.loss("cross_entropy", "logits", "label", weight=np.array([1.0, 2.0, 0.5]))).first()[0]
    b = preds.agg(LF.cross_entropy("logits", "label", weight=[1.0, 2.0, 0.5])).first()[0]
    assert a == b
    with pytest.raises(LossArgumentError, match="loss: the name is unknown"):
        LF.loss("cross_entropie", "logits", "label")


def sql_error(spark, query):
    with pytest.raises(Exception) as e:
        spark.sql(query).collect()
    return str(e.value)


@pytest.mark.classic  # over Spark Connect they surface when the plan is analysed: test_connect.py
def test_bad_options_raise_the_sql_functions_message(spark, preds):
    with pytest.raises(LossArgumentError) as e:
        LF.cross_entropy("logits", "label", label_smoothing=1.5)
    assert str(e.value) == "cross_entropy: label_smoothing is out of range: expected a number in [0, 1], found 1.5"
    assert str(e.value) in sql_error(spark, "SELECT cross_entropy(logits, label, 'label_smoothing=1.5') FROM py_preds")

    with pytest.raises(LossArgumentError) as e:
        LF.mse_loss("p", "t", reduction="batchmean")
    assert str(e.value) in sql_error(spark, "SELECT mse_loss(p, t, 'reduction=batchmean') FROM py_preds")

    with pytest.raises(LossArgumentError, match="kl_div: option negative_target"):
        LF.kl_div("logits", "logits", negative_target="drop")
    with pytest.raises(LossArgumentError, match="expected a finite number"):
        LF.huber_loss("p", "t", delta=math.inf)
    with pytest.raises(LossArgumentError, match="expected a list of numbers"):
        LF.cross_entropy("logits", "label", weight=[1.0, "x"])
    with pytest.raises(LossArgumentError, match="sample weight does not apply to a loss per row"):
        LF.mse_loss("p", "t", reduction="none", sample_weight="sw")
    with pytest.raises(TypeError):
        LF.mse_loss("p", "t", label_smoothing=0.1)  # not an option of mse_loss: Python's own error
    with pytest.raises(LossArgumentError, match="replicates"):
        LF.mse_loss_bootstrap("p", "t", replicates=0)


def test_bad_rows_fail_the_query_with_the_sql_functions_message(spark, preds):
    message = ("cross_entropy: target is out of range for 3 classes: expected an index in [0, 3) or "
               "ignore_index -100, found 3")
    with pytest.raises(Exception) as e:
        preds.withColumn("label", F.col("label") + 1).agg(LF.cross_entropy("logits", "label")).collect()
    assert message in str(e.value)
    assert message in sql_error(spark, "SELECT cross_entropy(logits, label + 1) FROM py_preds")


def test_nulls_are_skipped_and_counted_or_an_error_on_request(spark, preds):
    with_nulls = preds.withColumn("p", F.when(F.col("label") == 0, None).otherwise(F.col("p")))
    stats = with_nulls.agg(LF.mse_loss_stats("p", "t")).first()[0]
    zeros = preds.filter("label = 0").count()
    assert stats["rows_skipped"] == zeros and stats["rows"] == 40 - zeros
    with pytest.raises(Exception, match="mse_loss"):
        with_nulls.agg(LF.mse_loss("p", "t", on_null="error")).collect()


def test_configure_appends_to_the_builders_settings():
    from pyspark.sql import SparkSession
    b = SparkSession.Builder().config("spark.jars", "/x/other.jar").config(
        "spark.sql.extensions", "com.example.Ext").config("spark.driver.extraJavaOptions", "-Xss4m")
    losseval.configure(b)
    losseval.configure(b)  # twice is the same as once
    o = b._options
    assert o["spark.jars"] == "/x/other.jar," + losseval.jar_path()
    assert o["spark.sql.extensions"] == "com.example.Ext,io.losseval.spark.LossSessionExtensions"
    assert o["spark.driver.extraJavaOptions"] == "-Xss4m --add-modules=jdk.incubator.vector"
    assert o["spark.executor.extraJavaOptions"] == "--add-modules=jdk.incubator.vector"
    assert losseval.jar_path() in o["spark.driver.extraClassPath"]


def test_docstrings_state_the_formula_and_the_pytorch_equivalent():
    for name, fn in LF.LOSSES.items():
        doc = fn.__doc__
        assert "torch.nn" in doc and ":math:" in doc, name
        assert "reduction='none'" in LF.__dict__["row_" + name].__doc__


def test_numpy_and_torch_option_values_keep_their_kind():
    import numpy as np
    import torch
    from losseval._jvm import format_options
    text = format_options("cross_entropy", {"ignore_index": np.int64(3), "label_smoothing": np.float32(0.25),
                                            "weight": torch.tensor([1.0, 2.5])})
    assert text == "ignore_index=3, label_smoothing=0.25, weight=[1.0,2.5]"
