"""Loads and rebuilds are all or nothing, and a running server sees them.

Real CLI processes on the real embedded engine; a kill is a real SIGKILL.
"""

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from fastapi.testclient import TestClient
from tsunagari.api.app import create_app
from tsunagari.graph import StoreUnavailable, open_store
from tsunagari.graph.embedded import EmbeddedStore
from tsunagari.loaders.records import read_records

from tests.conftest import RECORDS, ROOT
from tsunagari.loading import NothingToLoad, write_graph

LINES = RECORDS.read_text(encoding="utf-8").splitlines()

# Real CLI processes and full loads: `make test`, not `make test-fast`.
pytestmark = pytest.mark.slow


def cli(store, *args):
    cmd = [sys.executable, "-m", "tsunagari.cli", "--store", f"embedded:{store}", *args]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False, timeout=600)


def start(store, *args):
    cmd = [sys.executable, "-m", "tsunagari.cli", "--store", f"embedded:{store}", *args, "--quiet"]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def write_lines(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def graph_of(store):
    """Everything a reader sees: counts, and every organisation's name and spellings."""
    s = open_store(f"embedded:{store}", read_only=True)
    try:
        orgs = sorted((r["id"], r["name"], tuple(r["aliases"])) for r in s.run(
            "MATCH (o:Organisation) RETURN o.id AS id, o.name AS name, o.aliases AS aliases"))
        return s.counts(), orgs
    finally:
        s.close()


def kill_while_writing(store, *args):
    """Start the command, wait until it is writing its new generation, kill -9."""
    before = {p.name for p in store.parent.glob(store.name + ".gen-*")}
    pointer = store.with_name(store.name + ".current")
    p = start(store, *args)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and p.poll() is None:
        live = pointer.read_text().strip() if pointer.exists() else None
        # the generation being written: new, and not the live one (a new store's
        # empty first generation goes live before the rebuild writes the next)
        new = {p.name for p in store.parent.glob(store.name + ".gen-*")} - before - {live}
        if live and any((store.parent / n / "db").exists() for n in new):
            break
        time.sleep(0.02)
    assert p.poll() is None, "the command finished before it could be killed"
    time.sleep(0.3)
    os.kill(p.pid, signal.SIGKILL)
    assert p.wait() == -signal.SIGKILL


def graph_of_part(tmp_path):
    """A store rebuilt from the first 40 records, and its graph."""
    g = tmp_path / "graph"
    part = write_lines(tmp_path / "part.jsonl", LINES[:40])
    assert cli(g, "rebuild", str(part), "--quiet").returncode == 0
    return g, graph_of(g)


def test_a_rebuild_killed_while_writing_leaves_the_previous_graph(tmp_path):
    g, before = graph_of_part(tmp_path)
    kill_while_writing(g, "rebuild", str(RECORDS))
    assert graph_of(g) == before
    assert cli(g, "counts").returncode == 0
    # the next write clears what the killed one left and works
    assert cli(g, "load", str(RECORDS), "--quiet").returncode == 0
    assert len(list(tmp_path.glob("graph.gen-*"))) <= 2
    assert graph_of(g) != before


def test_a_load_killed_while_writing_leaves_the_previous_graph(tmp_path):
    g, before = graph_of_part(tmp_path)
    kill_while_writing(g, "load", str(RECORDS))
    assert graph_of(g) == before


def test_a_first_rebuild_killed_leaves_a_store_that_says_it_is_not_ready(tmp_path):
    g = tmp_path / "graph"
    kill_while_writing(g, "rebuild", str(RECORDS))
    counts = cli(g, "counts")
    assert counts.returncode == 1 and "nothing has been loaded yet" in counts.stderr
    store = open_store(f"embedded:{g}", read_only=True)
    try:
        with TestClient(create_app(store=store)) as client:
            health = client.get("/health")
        assert health.status_code == 503 and health.json()["status"] != "ok"
    finally:
        store.close()


@pytest.mark.parametrize("content", [b"", b"id,title\nx,y\n", "\n".join(LINES[:3]).encode("shift_jis",
                                                                                          "replace")])
def test_a_file_without_valid_records_changes_nothing_and_fails(tmp_path, content):
    g = tmp_path / "graph"
    part = write_lines(tmp_path / "part.jsonl", LINES[:20])
    assert cli(g, "rebuild", str(part), "--quiet").returncode == 0
    before = graph_of(g)
    wrong = tmp_path / "wrong.jsonl"
    wrong.write_bytes(content)
    for mode in ("rebuild", "load"):
        done = cli(g, mode, str(wrong), "--quiet")
        assert done.returncode == 1
        assert "left as it was" in done.stderr and "Traceback" not in done.stderr
    assert graph_of(g) == before


def test_write_graph_refuses_no_records(store):
    with pytest.raises(NothingToLoad):
        write_graph(store, [], mode="rebuild")


def test_a_running_reader_keeps_answering_and_then_sees_the_new_graph(tmp_path):
    g = tmp_path / "graph"
    part = write_lines(tmp_path / "part.jsonl", LINES[:20])
    assert cli(g, "rebuild", str(part), "--quiet").returncode == 0
    server_store = open_store(f"embedded:{g}", read_only=True)  # what `serve` opens
    try:
        with TestClient(create_app(store=server_store)) as client:
            first = client.get("/health").json()
            p = start(g, "load", str(RECORDS))
            answered = 0
            while p.poll() is None:  # the server answers while the load runs
                assert client.get("/health").status_code == 200
                answered += 1
                time.sleep(0.05)
            assert p.returncode == 0 and answered > 0
            after = client.get("/health").json()
    finally:
        server_store.close()
    assert after["generation"] != first["generation"]
    assert after["nodes"]["Programme"] > first["nodes"]["Programme"]
    assert after["nodes"] == graph_of(g)[0]["nodes"]


def test_two_writers_at_once_run_one_after_the_other(tmp_path):
    """A load started while a rebuild writes waits for it, then loads on top:
    whatever the order, the graph is the one a rebuild of everything makes."""
    g, ref = tmp_path / "graph", tmp_path / "ref"
    part = write_lines(tmp_path / "part.jsonl", LINES[:20])
    assert cli(g, "rebuild", str(part), "--quiet").returncode == 0
    assert cli(ref, "rebuild", str(RECORDS), "--quiet").returncode == 0
    first = start(g, "rebuild", str(RECORDS))
    second = start(g, "load", str(part))
    assert first.wait() == 0 and second.wait() == 0
    assert graph_of(g) == graph_of(ref)
    assert cli(g, "counts").returncode == 0


def test_rebuild_then_load_keeps_every_name(tmp_path):
    """むすびえ's name is fixed by the overrides file; a load once renamed it
    from its spellings. Names are chosen the same way whatever the order."""
    records = read_records([RECORDS]).records
    one, parts = tmp_path / "one", tmp_path / "parts"
    s = open_store(f"embedded:{one}")
    try:
        write_graph(s, records, mode="rebuild")
    finally:
        s.close()
    rebuilt = graph_of(one)[1]
    s = open_store(f"embedded:{one}")
    try:
        write_graph(s, records, mode="load")
    finally:
        s.close()
    assert graph_of(one)[1] == rebuilt
    s = open_store(f"embedded:{parts}")
    half = len(records) // 2
    try:  # the second half first, then the first half
        write_graph(s, records[half:], mode="rebuild")
        write_graph(s, records[:half], mode="load")
    finally:
        s.close()
    names = {oid: name for oid, name, _ in rebuilt}
    assert {oid: name for oid, name, _ in graph_of(parts)[1]} == names
    assert any("むすびえ" in n for n in names.values())


def test_status_reports_missing_and_complete(tmp_path):
    g = tmp_path / "graph"
    with pytest.raises(StoreUnavailable, match="no graph"):  # a mistyped path is refused
        open_store(f"embedded:{g}", read_only=True, create=False)
    s = EmbeddedStore(g, read_only=True)
    try:
        assert s.status()["state"] == "missing" and not s.status()["ok"]
        with pytest.raises(StoreUnavailable):
            s.counts()
    finally:
        s.close()
    assert cli(g, "rebuild", str(write_lines(tmp_path / "p.jsonl", LINES[:5])), "--quiet").returncode == 0
    s = open_store(f"embedded:{g}", read_only=True)
    try:
        assert s.status()["ok"] and s.status()["state"] == "complete"
    finally:
        s.close()
    body = json.loads(cli(g, "counts", "--json").stdout)
    assert body["status"]["ok"]
