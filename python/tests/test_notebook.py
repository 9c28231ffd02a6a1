"""Executes examples/notebooks/evaluate-losses.ipynb headless (nbclient) and holds the losses it prints
to the ones the JVM's evaluate job writes for the same file (conf/evaluate.yaml): the same bits."""

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import losseval

from conftest import REPO

NOTEBOOK = REPO / "examples" / "notebooks" / "evaluate-losses.ipynb"
pytestmark = pytest.mark.notebook


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    nb = nbformat.read(str(NOTEBOOK), as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError, with the cell and its traceback, if any cell fails
    out = tmp_path_factory.mktemp("notebook") / NOTEBOOK.name
    nbformat.write(nb, str(out))
    return nb


def printed_rows(nb):
    rows = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("name") == "stdout":
                rows += [json.loads(line) for line in output["text"].splitlines() if line.startswith("{")]
    return rows


def evaluate_job_results(spark, tmp_path):
    """Runs the evaluate job (the jar this package ships) with spark-submit on conf/evaluate.yaml."""
    import pyspark
    submit = Path(pyspark.__file__).parent / "bin" / "spark-submit"
    out = tmp_path / "results"
    cmd = [str(submit), "--master", "local[2]", "--driver-java-options", losseval.VECTOR_MODULE_FLAG,
           "--class", "io.losseval.jobs.Main", losseval.jar_path(),
           "evaluate", "--config", "conf/evaluate.yaml", "--set", f"output.path={out}"]
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
    done = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"evaluate job failed ({done.returncode}):\n{done.stderr[-4000:]}"
    return spark.read.parquet(str(out / "run_id=sample-multiclass")).collect()


def test_every_cell_runs_and_shows_the_chart(executed):
    images = [o for c in executed.cells for o in c.get("outputs", [])
              if "image/png" in o.get("data", {})]
    assert len(images) == 1
    text = "".join(o.get("text", "") for c in executed.cells for o in c.get("outputs", []))
    assert "best validation epoch: 7" in text


def test_printed_losses_are_the_evaluate_jobs_bits(spark, executed, tmp_path):
    notebook = {(r["model"], r["loss"], r["reduction"], r["options"]): r["value"] for r in printed_rows(executed)}
    assert len(notebook) == 10  # 2 models x 5 losses
    job = {(r["slice"]["model"], r["loss"], r["reduction"], r["options"] or ""): r["value"]
           for r in evaluate_job_results(spark, tmp_path)}
    for key, value in notebook.items():
        assert key in job, f"{key} is not in the job's results: {sorted(job)}"
        assert value == job[key], f"{key}: notebook {value!r}, evaluate job {job[key]!r}"
