"""Stored suggestion answers (tsunagari/suggest/answers.py): what a load derives for
every role and place is what the suggester works out from the store, and a load
or a rebuild keeps them true."""

from __future__ import annotations

from pathlib import Path

import pytest
from tsunagari.graph import GraphStore, open_store

from tests.suggest_data import EXTRA, RECORDS, SETAGAYA, _rec
from tsunagari.loading import write_graph
from tsunagari.suggest import answers, suggest_for_need
from tsunagari.suggest.finder import answer_need
from tsunagari.suggest.ranking import need_candidates


@pytest.fixture(autouse=True)
def _answers_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loads in these tests store answers (tests/conftest.py switches them off elsewhere)."""
    monkeypatch.setenv("TSUNAGARI_SUGGEST_ANSWERS", "on")


def _stored_keys(store: GraphStore) -> list[str]:
    # not organisations' seeds and pools (test_seeds.py) nor evidence (test_evidence_index.py)
    return sorted(r["key"] for r in store.run("MATCH (a:Answer) RETURN a.key AS key")
                  if not r["key"].startswith(("seed|", "pool|", "ev|")))


def _check_sample(store: GraphStore, every: int) -> int:
    """Every stored answer of one area in ``every`` (and of no area), each role,
    equals the suggester's own: ids, scores, order, reasons and evidence, the
    farther list and the message. Returns how many were compared."""
    keys = _stored_keys(store)
    areas = sorted({k.split("|", 1)[1] for k in keys})
    sample = set(areas[::every]) | {""}
    compared = 0
    for key in keys:
        role, area = key.split("|", 1)
        if area not in sample:
            continue
        stored = answers.read_answer(store, role, area or None)
        assert stored is not None, key
        assert stored == answer_need(store, role, area or None, answers.STORED_K), key
        compared += 1
    return compared


def test_shipped_answers_equal_the_suggesters(shipped_store: GraphStore) -> None:
    assert _check_sample(shipped_store, 7) > 100


def test_a_default_request_is_the_stored_answer(shipped_store: GraphStore) -> None:
    key = next(k for k in _stored_keys(shipped_store) if k.endswith("|13112"))
    role = key.split("|")[0]
    # the stored body is what a request returns (the key lookup, not a new answer)
    body = shipped_store.query("suggest_answer", key=key)[0]["packed"]
    assert suggest_for_need(shipped_store, role, area="13112") == answers.from_body(body)
    # the body is the answer as JSON, alone (an organisation's pool is stored apart),
    # gzip-compressed, to a sixth of its size or less
    assert body[:2] == answers.GZIP_MAGIC
    assert answers.to_body(answers.from_body(body)).encode() == answers.unpack(body)
    assert len(body) * 4 < len(answers.unpack(body))
    assert shipped_store.query("suggest_answer", key=answers.pool_key(role, "13112"))
    # another k or other weights are worked out by the suggester
    assert suggest_for_need(shipped_store, role, area="13112", k=3) == answer_need(
        shipped_store, role, "13112", 3)


@pytest.mark.slow  # a 2k-organisation rebuild derives some twenty thousand answers
def test_synthetic_answers_equal_the_suggesters(synth_store: GraphStore) -> None:
    assert _check_sample(synth_store, 40) > 300


def _bodies(store: GraphStore) -> dict[str, bytes]:
    """The stored need answers, packed, by key."""
    return {r["key"]: r["packed"] for r in store.run("MATCH (a:Answer) RETURN a.key AS key, a.packed AS packed")
            if not r["key"].startswith(("seed|", "pool|", "ev|"))}  # organisations' (test_seeds.py)


def test_a_load_refreshes_the_answers(store: GraphStore) -> None:
    write_graph(store, RECORDS, mode="rebuild")
    before = suggest_for_need(store, "venue", area="13112")
    assert "宗教法人 龍雲寺" in [s.name for s in before.suggestions]
    assert "世田谷の公民館" not in [s.name for s in before.suggestions]
    # a new venue partner in 世田谷区, loaded on top
    write_graph(store, [_rec("casebook-000-0090", "世田谷の茶話会", 90, "TanoBa合同会社", [SETAGAYA], [
        {"name": "世田谷の公民館", "roles": ["venue"], "line": 91}])], mode="load")
    after = suggest_for_need(store, "venue", area="13112")
    assert "世田谷の公民館" in [s.name for s in after.suggestions]
    assert answers.read_answer(store, "venue", "13112") == after
    assert after == answer_need(store, "venue", "13112", answers.STORED_K)
    assert _check_sample(store, 5) > 20


def test_rebuilding_twice_gives_the_same_answers(tmp_path: Path) -> None:
    bodies = []
    for name, times in (("a", 1), ("b", 2)):
        s = open_store(f"embedded:{tmp_path / name}")
        try:
            for _ in range(times):
                write_graph(s, RECORDS + EXTRA, mode="rebuild")
            bodies.append(_bodies(s))
        finally:
            s.close()
    assert bodies[0] and bodies[0] == bodies[1]


def test_no_answer_stored_means_the_suggester_answers(store: GraphStore) -> None:
    write_graph(store, RECORDS, mode="rebuild")
    expected = answer_need(store, "venue", "13112", answers.STORED_K)
    with store.writing("load") as target:
        target.query("clear_answers")
    assert answers.read_answer(store, "venue", "13112") is None
    assert suggest_for_need(store, "venue", area="13112") == expected


def test_switched_off_no_answer_is_stored_nor_kept(store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    write_graph(store, RECORDS, mode="rebuild")
    assert _stored_keys(store)
    monkeypatch.setenv("TSUNAGARI_SUGGEST_ANSWERS", "off")
    # a load without answers forgets the old ones: they would no longer be true
    write_graph(store, EXTRA, mode="load")
    assert _stored_keys(store) == []
    assert suggest_for_need(store, "venue", area="13112") == answer_need(store, "venue", "13112", 10)
    monkeypatch.setenv("TSUNAGARI_SUGGEST_ANSWERS", "maybe")
    with pytest.raises(ValueError, match="TSUNAGARI_SUGGEST_ANSWERS"):
        write_graph(store, EXTRA, mode="load")


def test_the_api_sends_the_stored_body_as_the_model_would(shipped_store: GraphStore) -> None:
    from fastapi.testclient import TestClient
    from tsunagari.api.app import create_app
    from tsunagari.api.routes_suggestions import SuggestionResultOut

    key = next(k for k in _stored_keys(shipped_store) if k.endswith("|13112"))
    role = key.split("|")[0]
    packed = shipped_store.query("suggest_answer", key=key)[0]["packed"]
    with TestClient(create_app(store=shipped_store)) as client:
        got = client.get("/suggestions", params={"need": role, "area": "13112"})
        plain = client.get("/suggestions", params={"need": role, "area": "13112"},
                           headers={"Accept-Encoding": "identity"})
        refused = client.get("/suggestions", params={"need": role, "area": "13112"},
                             headers={"Accept-Encoding": "br, gzip;q=0"})
        other_k = client.get("/suggestions", params={"need": role, "area": "13112", "k": 3})
        bad = client.get("/suggestions", params={"need": "nonsense", "area": "13112"})
    assert got.status_code == 200 and got.headers["content-type"].startswith("application/json")
    reference = SuggestionResultOut.model_validate(answer_need(shipped_store, role, "13112", 10))
    assert got.json() == reference.model_dump(mode="json")
    # a client that takes gzip (httpx does, and unpacks it) is sent the stored bytes
    assert got.headers["content-encoding"] == "gzip" and "accept-encoding" in got.headers["vary"].lower()
    assert got.num_bytes_downloaded == len(packed)
    # any other gets the JSON itself
    for response in (plain, refused):
        assert "content-encoding" not in response.headers
        assert response.content == answers.unpack(packed)
        assert response.json() == reference.model_dump(mode="json")
    assert other_k.json() == SuggestionResultOut.model_validate(
        answer_need(shipped_store, role, "13112", 3)).model_dump(mode="json")
    assert bad.status_code == 422


@pytest.mark.parametrize(("header", "takes"), [
    ("gzip, deflate", True), ("GZip", True), ("deflate, gzip;q=0.5", True), ("*", True),
    ("x-gzip", True), (None, False), ("", False), ("identity", False), ("br, gzip;q=0", False),
    ("gzip;q=0.0, *", False), ("*;q=0", False), ("gzip;q=nonsense", False), ("deflate, br", False),
])
def test_accept_encoding_is_read_as_http_says(header: str | None, takes: bool) -> None:
    from tsunagari.api.routes_suggestions import accepts_gzip

    assert accepts_gzip(header) is takes


def _shown(body: str) -> dict[str, tuple[str | None, str]]:
    """Each candidate shown within reach: its nearest area and the text of its role reason."""
    d = answers.from_body(body)
    return {s.id: (s.area["code"] if s.area else None,
                   next((r.text for r in s.reasons if r.kind == "role"), ""))
            for s in d.suggestions}


def test_a_candidate_shared_by_two_places_is_worded_for_each(shipped_store: GraphStore) -> None:
    """bodies.py words a candidate's memberships once and reuses them: a candidate
    shown at two places with different nearest areas and cited programmes is still
    each place's own, as the suggester words it there."""
    bodies = _bodies(shipped_store)
    seen: dict[tuple[str, str], tuple[str, tuple[str | None, str]]] = {}
    pairs = []
    for key in sorted(bodies):
        role, area = key.split("|", 1)
        if not area:
            continue
        for cid, shown in _shown(bodies[key]).items():
            first = seen.setdefault((role, cid), (area, shown))
            if first[1][0] != shown[0] and first[1][1] != shown[1]:
                pairs.append((role, first[0], area))
    assert len(pairs) > 5
    for role, a, b in pairs[:: max(1, len(pairs) // 8)]:
        for area in (a, b):
            assert answers.from_body(bodies[f"{role}|{area}"]) == answer_need(
                shipped_store, role, area, answers.STORED_K), (role, area)


def test_few_places_one_by_one_equal_the_array_pass(shipped_store: GraphStore,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """bodies.py places a candidate's memberships one by one when they target a few
    places and in arrays otherwise: both give the same bodies."""
    from tsunagari.suggest import bodies as bodies_module

    tables = answers.tables_from_store(shipped_store)
    roles = answers.answer_roles(tables)
    areas = answers.answer_areas(tables)[1::9]
    cands = need_candidates(tables, roles, areas, answers.STORED_K)

    def all_bodies() -> list[bytes]:
        b = bodies_module.Bodies(tables)
        return [b.body(r, a, *cands[(r, a)]) for a in areas for r in roles]  # type: ignore[arg-type]

    few = all_bodies()
    monkeypatch.setattr(bodies_module, "_FEW", 0)
    assert all_bodies() == few


def test_work_beside_gives_its_rows_or_is_done_here_when_its_process_fails(caplog) -> None:
    """Seeds are derived in a forked process beside the need answers: its rows come
    back as they are; when it dies or fails the work is done again here, never lost."""
    import os

    parent = os.getpid()
    rows = [{"key": f"seed|{i}", "body": "x" * i} for i in range(2000)]
    assert answers._beside(lambda: rows)() == rows

    def dies() -> list:
        if os.getpid() != parent:
            os._exit(3)  # killed, as by the kernel for memory
        return rows

    def fails() -> list:
        if os.getpid() != parent:
            raise MemoryError("no room")
        return rows

    assert answers._beside(dies)() == rows
    assert answers._beside(fails)() == rows
    said = " ".join(r.getMessage() for r in caplog.records)
    assert "ended with 3" in said and "MemoryError: no room" in said
