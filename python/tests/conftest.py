"""One local Spark session for the whole test run, built the way users build theirs: with
``losseval.configure``. The package under test is whatever ``import losseval`` finds: the installed
wheel in the Maven build (``python/target/site``), or ``src`` with ``LOSSEVAL_JAR`` when developing.

With ``LOSSEVAL_TEST_CONNECT=1`` the session is a Spark Connect one,
``losseval.configure(SparkSession.builder.remote("local[2]"))``: PySpark starts a Connect server on
loopback for it, and stopping the session stops the server (checked). PySpark 3.5 does not ship the
server's jar: ``LOSSEVAL_TEST_CONNECT_JARS`` names it (the Maven build copies it from Maven Central).
Tests that need the JVM in this process are marked ``classic``."""

import os
import socket
import sys
import time
from pathlib import Path

import pytest
from pyspark.sql import SparkSession

import losseval

# Python UDFs in the tests run in this interpreter (with numpy), not whatever python3 is on PATH
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

REPO = Path(__file__).resolve().parents[2]
GOLDEN = REPO / "core" / "src" / "test" / "resources" / "golden"
CONNECT = os.environ.get("LOSSEVAL_TEST_CONNECT") == "1"
CONNECT_PORT = 15002


def pytest_collection_modifyitems(config, items):
    if CONNECT:
        skip = pytest.mark.skip(reason="needs a classic session (py4j); this run is on Spark Connect")
        for item in items:
            if "classic" in item.keywords:
                item.add_marker(skip)


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def session_builder(app: str) -> SparkSession.Builder:
    return with_test_settings(SparkSession.builder.master("local[2]").appName(app))


def connect_builder(app: str) -> SparkSession.Builder:
    builder = with_test_settings(SparkSession.builder.remote("local[2]").appName(app))
    if os.environ.get("LOSSEVAL_TEST_CONNECT_JARS"):
        builder = builder.config("spark.jars", os.environ["LOSSEVAL_TEST_CONNECT_JARS"])
    return builder


def with_test_settings(builder: SparkSession.Builder) -> SparkSession.Builder:
    return (builder.config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.default.parallelism", "2")
            .config("spark.driver.memory", os.environ.get("LOSSEVAL_TEST_DRIVER_MEMORY", "2g")))


@pytest.fixture(scope="session")
def spark() -> SparkSession:
    if CONNECT:
        assert not listening(CONNECT_PORT), f"a Spark Connect server already listens on {CONNECT_PORT}"
        session = losseval.configure(connect_builder("losseval-python-connect-tests")).getOrCreate()
        yield session
        session.stop()
        deadline = time.time() + 30
        while listening(CONNECT_PORT) and time.time() < deadline:
            time.sleep(0.5)
        assert not listening(CONNECT_PORT), "the local Spark Connect server outlived its session"
        return
    session = losseval.configure(session_builder("losseval-python-tests")).getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
