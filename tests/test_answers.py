"""Stored suggestion answers (tsunagari/suggest/answers.py): what a load derives for
every role and place is what the suggester works out from the store, and a load
or a rebuild keeps them true."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tsunagari.graph import GraphStore, open_store
from tsunagari.loaders.records import read_records

from tests.conftest import answers_on
from tests.suggest_data import EXTRA, RECORDS, SETAGAYA, _rec
from tsunagari.loading import write_graph
from tsunagari.suggest import answers, suggest_for_need
from tsunagari.suggest.finder import answer_need
from tsunagari.synth import profile_of, write_synthetic


@pytest.fixture(autouse=True)
def _answers_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loads in these tests store answers (tests/conftest.py switches them off elsewhere)."""
    monkeypatch.setenv("TSUNAGARI_SUGGEST_ANSWERS", "on")


def _stored_keys(store: GraphStore) -> list[str]:
    return sorted(r["key"] for r in store.run("MATCH (a:Answer) RETURN a.key AS key")
                  if not r["key"].startswith("seed|"))  # organisations' seeds: test_seeds.py


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
    body = shipped_store.query("suggest_answer", key=key)[0]["body"]
    assert suggest_for_need(shipped_store, role, area="13112") == answers.from_body(body)
    # the body is the answer as JSON, and the pool an organisation's request re-ranks
    assert answers.to_body(answers.from_body(body))[:-1] == body[:body.index(',"pool":')]
    # another k or other weights are worked out by the suggester
    assert suggest_for_need(shipped_store, role, area="13112", k=3) == answer_need(
        shipped_store, role, "13112", 3)


@pytest.fixture(scope="module")
def synth_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    base = tmp_path_factory.mktemp("synth")
    out = base / "synth.jsonl"
    write_synthetic(out, 2000, 20000, seed=1, profile=profile_of())
    result = read_records([out])
    assert not result.errors, result.errors[:3]
    s = open_store(f"embedded:{base / 'graph'}")
    with answers_on():  # module-scoped: set up before the autouse switch below
        write_graph(s, result.records, mode="rebuild")
    try:
        yield s
    finally:
        s.close()


@pytest.mark.slow  # a 2k-organisation rebuild derives some twenty thousand answers
def test_synthetic_answers_equal_the_suggesters(synth_store: GraphStore) -> None:
    assert _check_sample(synth_store, 40) > 300


def _bodies(store: GraphStore) -> dict[str, str]:
    return {r["key"]: r["body"] for r in store.run("MATCH (a:Answer) RETURN a.key AS key, a.body AS body")}


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
