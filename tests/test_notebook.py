"""notebooks/network_metrics.ipynb runs top to bottom on the shipped data, on a
kernel of the venv that runs pytest, and writes nothing into the repository."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from tsunagari.loaders.records import read_records

from tsunagari.research import Research

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

pytestmark = pytest.mark.notebook

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "network_metrics.ipynb"


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if "__pycache__" not in p.parts}


def test_notebook_is_committed_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    assert all(not c.outputs and c.execution_count is None for c in code)


def test_notebook_runs_end_to_end(tmp_path, monkeypatch, shipped_store):
    # A user's own kernelspecs must not pick another Python: with an empty
    # Jupyter data folder the venv's python3 spec is the one found, and
    # jupyter_client runs its "python" as sys.executable.
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "jupyter-data"))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "jupyter-runtime"))
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "matplotlib"))
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    watched = [ROOT / "notebooks", ROOT / "data"]
    before = {folder: _files(folder) for folder in watched}

    nb = nbformat.read(NOTEBOOK, as_version=4)
    # asks the kernel which Python runs it; the copy in memory only
    nb.cells.append(nbformat.v4.new_code_cell("import sys; print('kernel python:', sys.executable)"))
    client = nbclient.NotebookClient(
        nb, kernel_name="python3", timeout=180,
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()

    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "\n".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    # the figures it prints are those of the shipped records, whatever they are
    records = len(read_records([ROOT / "data" / "records.jsonl"]).records)
    assert f"{records} records → " in text
    G = Research(shipped_store).organisation_graph()
    assert G.number_of_edges() > 0
    assert f"Graph with {G.number_of_nodes()} nodes and {G.number_of_edges()} edges" in text
    assert any("image/png" in o.get("data", {}) for o in outputs), "the 官民 figure is drawn"
    tables = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("法務省" in t for t in tables), "brokers table"
    assert any("東京都" in t for t in tables), "prefecture table"
    assert f"kernel python: {sys.executable}" in text

    assert {folder: _files(folder) for folder in watched} == before
