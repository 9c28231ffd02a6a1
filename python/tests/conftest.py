"""One local Spark session for the whole test run, built the way users build theirs: with
``losseval.configure``. The package under test is whatever ``import losseval`` finds: the installed
wheel in the Maven build (``python/target/site``), or ``src`` with ``LOSSEVAL_JAR`` when developing."""

import os
import sys
from pathlib import Path

import pytest
from pyspark.sql import SparkSession

import losseval

# Python UDFs in the tests run in this interpreter (with numpy), not whatever python3 is on PATH
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

REPO = Path(__file__).resolve().parents[2]
GOLDEN = REPO / "core" / "src" / "test" / "resources" / "golden"


def session_builder(app: str) -> SparkSession.Builder:
    return (SparkSession.builder.master("local[2]").appName(app)
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.default.parallelism", "2")
            .config("spark.driver.memory", os.environ.get("LOSSEVAL_TEST_DRIVER_MEMORY", "2g")))


@pytest.fixture(scope="session")
def spark() -> SparkSession:
    session = losseval.configure(session_builder("losseval-python-tests")).getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
