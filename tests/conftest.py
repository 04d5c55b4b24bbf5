"""Fixture policy.

- Every test that touches a graph uses the real embedded engine (LadybugDB) in a
  temporary folder; nothing is mocked.
- `shipped_store` is the committed data/records.jsonl rebuilt once per session
  into a temporary embedded store; tests only read it.
- Small named datasets are built in the tests that use them, as records.
- Neo4j tests run only when TSUNAGARI_TEST_NEO4J holds a URI (see test_neo4j.py).
- `browser` is Debian's chromium driven by Playwright, one per test module; the page
  tests skip where either is missing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from tsunagari.graph import GraphStore, open_store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
RECORDS = ROOT / "data" / "records.jsonl"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[GraphStore]:
    s = open_store(f"embedded:{tmp_path / 'graph'}")
    try:
        yield s
    finally:
        s.close()


# Stored suggestion answers cost ~30 s on every rebuild of the shipped data; the many
# tests (and CLI subprocesses) that rebuild it for other reasons go without them. The
# session's shipped store and tests/test_answers.py switch them on.
os.environ.setdefault("TSUNAGARI_SUGGEST_ANSWERS", "off")


@contextmanager
def answers_on() -> Iterator[None]:
    """Stored answers derived by the loads inside the block."""
    before = os.environ.get("TSUNAGARI_SUGGEST_ANSWERS")
    os.environ["TSUNAGARI_SUGGEST_ANSWERS"] = "on"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TSUNAGARI_SUGGEST_ANSWERS", None)
        else:
            os.environ["TSUNAGARI_SUGGEST_ANSWERS"] = before


def _store_with_answers(records_file: Path, folder: Path) -> GraphStore:
    """An embedded store rebuilt from ``records_file`` with its stored answers and seeds."""
    from tsunagari.loaders.records import read_records

    from tsunagari.loading import write_graph

    result = read_records([records_file])
    assert not result.errors, result.errors[:3]
    s = open_store(f"embedded:{folder / 'graph'}")
    with answers_on():
        write_graph(s, result.records, mode="rebuild")
    return s


@pytest.fixture(scope="session")
def shipped_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    s = _store_with_answers(RECORDS, tmp_path_factory.mktemp("shipped"))
    try:
        yield s
    finally:
        s.close()


@pytest.fixture(scope="session")
def synth_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """2,000 synthetic organisations (seed 1) with stored answers, for the tests that
    compare stored answers with the suggester's own (read only)."""
    from tsunagari.synth import profile_of, write_synthetic

    base = tmp_path_factory.mktemp("synth")
    write_synthetic(base / "synth.jsonl", 2000, 20000, seed=1, profile=profile_of())
    s = _store_with_answers(base / "synth.jsonl", base)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture(scope="session")
def seed_text() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (make system-deps)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()
