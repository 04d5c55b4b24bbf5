"""The evidence index (tsunagari/suggest/evidence.py): an organisation's request
answered with its candidates' memberships read from the index equals the answer
read by the live evidence queries, and a store without the index (made by an
older version) still answers, by those queries."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from tsunagari.core.vocabulary import ASKABLE_ROLES
from tsunagari.graph import GraphStore, open_store
from tsunagari.graph.counting import CountingStore
from tsunagari.graph.store import Row
from tsunagari.loaders.records import read_records
from tsunagari.queries import registry

from tests.conftest import RECORDS, answers_on
from tests.suggest_data import SETAGAYA, _rec
from tsunagari.loading import write_graph
from tsunagari.suggest import suggest_for_organisation
from tsunagari.suggest.evidence import EVIDENCE_MARK, derive_evidence, evidence_key
from tsunagari.suggest.finder import organisation_answer

LIVE = ("suggest_candidate_evidence", "suggest_candidate_area_evidence")


class Recording(CountingStore):
    """The store as it is, remembering the text of each statement run through it."""

    def __init__(self, inner: GraphStore) -> None:
        super().__init__(inner)
        self.texts: list[str] = []

    def run(self, cypher: str, params: dict[str, Any] | None = None) -> list[Row]:
        self.texts.append(cypher)
        return super().run(cypher, params)

    def ran(self, name: str) -> bool:
        text = registry().get(name).text(self.dialect)
        return any(t == text for t in self.texts)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """The shipped records rebuilt with answers, seeds and the evidence index."""
    result = read_records([RECORDS])
    s = open_store(f"embedded:{tmp_path_factory.mktemp('index') / 'graph'}")
    with answers_on():
        write_graph(s, result.records, mode="rebuild")
    try:
        yield s
    finally:
        s.close()


def _organisations(store: GraphStore) -> list[str]:
    return sorted(r["key"][5:] for r in store.run(
        "MATCH (a:Answer) WHERE a.key STARTS WITH 'seed|' RETURN a.key AS key"))


def _answers(store: GraphStore, every: int) -> dict[tuple[str, str | None, str], Any]:
    """Organisations' answers, each role and none (whose lists ask for several roles
    at once), by their own areas and around 世田谷区 (where most are beyond reach)."""
    out = {}
    for org in _organisations(store)[::every]:
        for role in (*ASKABLE_ROLES, None):
            out[(org, role, "")] = organisation_answer(store, org, role, None, 10)
            out[(org, role, SETAGAYA["code"])] = organisation_answer(store, org, role, SETAGAYA["code"], 10)
        out[(org, "venue", "fast")] = suggest_for_organisation(store, org, role="venue")
    return out


def _index_keys(store: GraphStore) -> list[str]:
    return [r["key"] for r in store.run(
        "MATCH (a:Answer) WHERE a.key STARTS WITH $ev RETURN a.key AS key", {"ev": EVIDENCE_MARK})]


def test_answers_from_the_index_equal_the_live_reads(built: GraphStore) -> None:
    assert EVIDENCE_MARK in _index_keys(built)
    indexed = Recording(built)
    with_index = _answers(indexed, 5)
    assert not any(indexed.ran(n) for n in LIVE)
    assert indexed.ran("suggest_programme_titles")
    cited = sum(bool(r.evidence) for a in with_index.values() for s in a.suggestions for r in s.reasons)
    areas = sum(r.kind == "area" for a in with_index.values() for s in a.suggestions for r in s.reasons)
    assert cited > 100 and areas > 0
    # the same store as an older version left it: no index
    with built.writing("load") as target:
        target.run("MATCH (a:Answer) WHERE a.key STARTS WITH $ev DELETE a", {"ev": EVIDENCE_MARK})
    try:
        live = Recording(built)
        without = _answers(live, 5)
        assert live.ran("suggest_candidate_evidence")
        assert not live.ran("suggest_programme_titles")
        differing = [k for k in with_index if with_index[k] != without[k]]
        assert differing == []
    finally:
        with built.writing("load") as target:
            from tsunagari.suggest.seeds import refresh_seeds
            refresh_seeds(target)
    assert EVIDENCE_MARK in _index_keys(built)


def test_every_membership_is_in_the_index_under_its_role(built: GraphStore) -> None:
    """Each organisation's memberships, role by role in the store's order, as the
    live read of its programmes gives them."""
    rows = built.query("answers_memberships")
    by_key: dict[str, list[tuple[str, str | None, str | None]]] = {}
    for r in rows:
        by_key.setdefault(evidence_key(r["id"], r["role"]), []).append(
            (r["programme"], r["source"], r["department"]))
    stored = {r["key"]: r["body"] for r in built.query("suggest_answer_bodies", keys=sorted(by_key))}
    assert set(stored) == set(by_key)
    targets = {r["id"]: sorted(r["codes"]) for r in built.query("programme_target_codes")}
    for key, expected in by_key.items():
        got = orjson.loads(stored[key])
        assert [(p, s, d) for p, s, d, _ in got] == expected, key
        assert all(sorted(codes) == targets.get(p, []) for p, _, _, codes in got), key


def test_a_load_refreshes_the_index(tmp_path: Path) -> None:
    """A load in parts derives the index again: a new membership is read from it."""
    store = open_store(f"embedded:{tmp_path / 'graph'}")
    try:
        with answers_on():
            write_graph(store, read_records([RECORDS]).records, mode="rebuild")
            tanoba = store.query("search_organisations", q="TanoBa合同会社", key="TanoBa合同会社",
                                 limit=1)[0]["id"]
            assert evidence_key(tanoba, "expertise") not in _index_keys(store)
            write_graph(store, [_rec("casebook-000-0091", "世田谷の新しい講座", 92, "区民の会", [SETAGAYA], [
                {"name": "TanoBa合同会社", "roles": ["expertise"], "line": 93}])], mode="load")
        assert evidence_key(tanoba, "expertise") in _index_keys(store)
        recorded = Recording(store)
        for org in _organisations(store)[::5]:
            answer = organisation_answer(recorded, org, "expertise", SETAGAYA["code"], 10)
            assert answer is not None
        assert not any(recorded.ran(n) for n in LIVE)
    finally:
        store.close()


def test_derive_evidence_marks_even_an_empty_graph() -> None:
    """The mark is stored whatever the graph: an index of no memberships is an index."""
    from tsunagari.suggest.answers import Tables

    rows = derive_evidence(Tables())
    assert rows == [{"key": EVIDENCE_MARK, "body": "{}"}]


def test_a_store_without_stored_answers_reads_evidence_live(store: GraphStore) -> None:
    """Rebuilt with stored answers off (or by a version without the index): no index,
    the live reads give the evidence, and the reasons cite it."""
    from tests.suggest_data import RECORDS as SMALL

    write_graph(store, SMALL, mode="rebuild")  # tests/conftest.py: stored answers off
    assert _index_keys(store) == []
    recorded = Recording(store)
    tanoba = store.query("search_organisations", q="TanoBa合同会社", key="TanoBa合同会社", limit=1)[0]["id"]
    answer = organisation_answer(recorded, tanoba, "venue", None, 10)
    assert recorded.ran("suggest_candidate_evidence")
    assert any(r.kind == "role" and r.evidence for s in answer.suggestions for r in s.reasons)


def test_a_server_keeps_what_it_read_of_a_graph_only_while_it_lasts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A read-only store keeps the evidence and titles it read (fetch.read_kept): the
    answers are those read afresh, and a load that changes the graph is seen at once."""
    from tsunagari.suggest import fetch
    from tsunagari.suggest.evidence import read_evidence_kept

    writer = open_store(f"embedded:{tmp_path / 'graph'}")
    server = None
    try:
        with answers_on():
            write_graph(writer, read_records([RECORDS]).records, mode="rebuild")
        server = open_store(writer.describe(), read_only=True)
        kept = _answers(server, 7)
        assert _answers(server, 7) == kept  # the second time from what was kept
        for size in ("FEATURE_CACHE_SIZE", "EVIDENCE_CACHE_SIZE", "TITLE_CACHE_SIZE"):
            monkeypatch.setattr(fetch, size, 0)
        assert _answers(server, 7) == kept
        monkeypatch.undo()
        tanoba = server.query("search_organisations", q="TanoBa合同会社", key="TanoBa合同会社",
                              limit=1)[0]["id"]
        key = evidence_key(tanoba, "expertise")
        assert read_evidence_kept(server, [key]) == {key: ()}
        with answers_on():
            write_graph(writer, [_rec("casebook-000-0091", "世田谷の新しい講座", 92, "区民の会", [SETAGAYA], [
                {"name": "TanoBa合同会社", "roles": ["expertise"], "line": 93}])], mode="load")
        got = read_evidence_kept(server, [key])
        assert [e[0] for e in got[key]] == ["casebook-000-0091"]
        assert fetch.read_kept(server, "titles", 10, ["casebook-000-0091"], lambda ids: None) is None
    finally:
        if server is not None:
            server.close()
        writer.close()
