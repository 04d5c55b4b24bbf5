"""The API benchmark's own code on a tiny synthetic store, so that it cannot rot
between the runs at 100k that use it (a function it calls moved in a refactor once
and the 100k run crashed at its first line). Figures are printed by `make bench`;
nothing about time is asserted here."""

from __future__ import annotations

import sys

import pytest
from tsunagari.graph import open_store
from tsunagari.loaders.records import Record

from benchmarks import api_bench
from tsunagari.loading import write_graph
from tsunagari.synth import synthesise


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("apibench") / "graph"
    store = open_store(f"embedded:{path}")
    try:
        write_graph(store, [Record.model_validate(r) for r in synthesise(orgs=120, edges=900, seed=2)],
                    mode="rebuild")
    finally:
        store.close()
    return f"embedded:{path}"


def test_every_route_of_the_api_step_has_its_raw_time(spec: str) -> None:
    raw = api_bench.raw_step(spec, requests=3, seed=1)["raw"]
    sample = api_bench._sample(spec, 3, 1)
    assert set(raw) == set(api_bench._routes(sample))
    assert all(len(times) == 3 and all(t > 0 for t in times) for times in raw.values())


def test_the_api_step_serves_every_route_without_errors(spec: str) -> None:
    out = api_bench.api_step(spec, requests=1, seed=1, concurrency=[2])
    assert set(out["raw"]) == {key.split("|")[0] for key in out["load"]}
    for key, figures in out["load"].items():
        assert figures["errors"] == 0, key
        assert len(figures["latencies"]) == 2
        if sys.platform == "linux":  # read from /proc: the server's own time, some of it
            assert figures["server_cpu_ms"] is not None and figures["server_cpu_ms"] >= 0, key
