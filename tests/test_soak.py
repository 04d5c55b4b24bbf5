"""The short version of the reliability suite (`make soak` runs the long one).

Each section prints its figures (pytest -s shows them) and asserts the
outcome, never a time: nothing leaks, nothing is lost, every kill leaves a
whole graph, no client request fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tsunagari.graph import GraphStore

from benchmarks import soak
from benchmarks.live import LiveServer


@pytest.fixture(scope="module")
def hostile_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("soak") / "graph"
    soak.build_graph(path, shipped=False)
    return path


@pytest.fixture(scope="module")
def app_client(hostile_graph: Path) -> Iterator[tuple[TestClient, GraphStore]]:
    with soak.app_client(hostile_graph) as pair:
        yield pair


def test_every_route_and_parameter_holds_against_hostile_payloads(app_client) -> None:
    client, store = app_client
    figures = soak.run_payloads(client, store, soak.SHORT)
    print(f"payloads: tried {figures.total_tried} / leaked {figures.total_leaked} {figures.tried}")
    assert set(figures.tried) == set(soak.PAYLOADS)
    assert figures.tried["formula"] > 10, "the hostile names reached the CSV exports"
    assert figures.total_leaked == 0, figures.examples


def test_the_leak_check_catches_what_it_looks_for(app_client) -> None:
    """The suite's own check, on answers that do leak: without this, 0 leaked proves little."""
    import httpx

    page = httpx.Response(200, headers={"content-type": "text/html"},
                          text="<p><script>alert(1)</script></p>")
    assert soak._leak("xss", "<script>alert(1)</script>", page, False)
    sheet = httpx.Response(200, headers={"content-type": "text/csv"}, text="a,=1+1\n")
    assert soak._leak("formula", "=1+1", sheet, False)
    told = httpx.Response(503, json={"detail": "Binder exception: (query: MATCH …)"})
    assert soak._leak("cypher", "x", told, False)
    clean = httpx.Response(200, headers={"content-type": "text/csv"}, text="a,'=1+1\n")
    assert soak._leak("formula", "=1+1", clean, False) is None


@pytest.mark.slow
def test_kill_9_during_a_load_leaves_a_whole_graph() -> None:
    figures = soak.run_kills(2)
    print(f"kill -9: faults injected {figures['injected']} / graph intact {figures['intact']}")
    assert figures["injected"] == 2 and figures["intact"] == figures["injected"]


def test_hostile_files_lose_no_good_row_and_name_every_bad_one(tmp_path: Path) -> None:
    figures = soak.run_bad_rows(tmp_path)
    print(f"bad rows: {figures['bad']} / reported {figures['reported']} / lost {figures['lost']}")
    assert figures["lost"] == 0 and figures["reported"] == figures["bad"]


@pytest.mark.slow
def test_clients_on_loopback_get_no_errors(hostile_graph: Path) -> None:
    with soak.app_client(hostile_graph) as (_client, store):
        urls = soak.client_urls(store)
    with LiveServer(f"embedded:{hostile_graph}") as server:
        figures = soak.run_clients(server.base, urls, clients=3, seconds=3, max_requests=300)
        assert server.running()
    print(f"loopback: {figures}")
    assert figures["requests"] > 0 and figures["errors"] == 0
