"""``losseval.configure`` in a fresh interpreter, as a user's first cell runs it: the package's own jar,
the SQL functions in every session, the Vector API flag; and the error without it."""

import os
import subprocess
import sys
import textwrap

import torch
import torch.nn.functional as TF

import losseval

FIRST_CELL = textwrap.dedent("""
    import json, losseval
    from pyspark.sql import SparkSession
    from losseval import functions as LF
    spark = losseval.configure(SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false")).getOrCreate()
    sql = spark.sql("SELECT cross_entropy(logits, label, 'label_smoothing=0.2') AS ce FROM VALUES "
                    "(array(1.0D, 2.0D, 0.5D), 0), (array(0.1D, -1.0D, 3.0D), 2) AS t(logits, label)").first()[0]
    df = spark.createDataFrame([([1.0, 2.0, 0.5], 0), ([0.1, -1.0, 3.0], 2)], "logits array<double>, label int")
    api = df.agg(LF.cross_entropy("logits", "label", label_smoothing=0.2)).first()[0]
    flags = spark.sparkContext.getConf().get("spark.driver.extraJavaOptions")
    print(json.dumps({"sql": sql, "api": api, "jar": losseval.jar_path(), "flags": flags,
                      "kernels": spark.sparkContext._jvm.io.losseval.core.kernel.KernelProvider.kernels().name()}))
""")


def run_fresh(code: str):
    env = {k: v for k, v in os.environ.items() if k != "LOSSEVAL_JAR" or v}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)


def test_configure_in_a_fresh_interpreter_gives_pytorchs_number():
    import json
    done = run_fresh(FIRST_CELL)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    expected = TF.cross_entropy(torch.tensor([[1.0, 2.0, 0.5], [0.1, -1.0, 3.0]], dtype=torch.float64),
                                torch.tensor([0, 2]), label_smoothing=0.2).item()
    assert abs(result["sql"] - expected) <= 1e-12 * abs(expected)
    assert result["api"] == result["sql"]
    assert "--add-modules=jdk.incubator.vector" in result["flags"]
    assert result["kernels"].startswith("simd"), result["kernels"]
    if not os.environ.get("LOSSEVAL_JAR"):  # the installed wheel: its own jar
        assert result["jar"].startswith(os.path.dirname(losseval.__file__))


def test_without_configure_the_error_says_how_to_add_the_jar():
    done = run_fresh(textwrap.dedent("""
        from pyspark.sql import SparkSession
        from losseval import functions as LF
        spark = SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false").getOrCreate()
        try:
            LF.mse_loss("p", "t")
        except RuntimeError as e:
            print("ERROR", e)
    """))
    assert done.returncode == 0, done.stderr[-3000:]
    assert "losseval.configure(SparkSession.builder)" in done.stdout
