"""Organisation seeds (tsunagari/suggest/seeds.py): an organisation's request
answered from its stored seed and its areas' stored need answers equals the
finder's own answer worked out from the store, and a load keeps them true."""

from __future__ import annotations

import math

import orjson
import pytest
from tsunagari.core.vocabulary import ASKABLE_ROLES
from tsunagari.graph import GraphStore
from tsunagari.graph.derived import POOL_CAP

from tests.suggest_data import RECORDS, SETAGAYA, _rec
from tsunagari.loading import write_graph
from tsunagari.suggest import seeds, suggest_for_organisation
from tsunagari.suggest.fetch import friends_of_friends, read_seed
from tsunagari.suggest.finder import MAX_SEED_AREAS, _pool_codes, organisation_answer
from tsunagari.suggest.scope import Placer, area_scope


def _organisations(store: GraphStore) -> list[str]:
    return sorted(r["key"][5:] for r in store.run(
        "MATCH (a:Answer) WHERE a.key STARTS WITH 'seed|' RETURN a.key AS key"))


def _compare(store: GraphStore, every: int) -> tuple[int, list[tuple[str, str]]]:
    """For one organisation in ``every`` and each role, the fast answer against the
    reference; returns (compared, differing). An organisation with areas always has
    one: nothing a pool leaves out sends a request back to the finder."""
    compared, differing = 0, []
    for org in _organisations(store)[::every]:
        key = seeds.seed_key(org)
        has_areas = bool(orjson.loads(seeds.read_bodies(store, [key])[key])["areas"])
        for role in ASKABLE_ROLES:
            fast = seeds.fast_for_organisation(store, org, role, 10)
            assert (fast is not None) == has_areas, (org, role)
            if fast is None:
                continue
            compared += 1
            if fast != organisation_answer(store, org, role, None, 10):
                differing.append((org, role))
    return compared, differing


def test_shipped_fast_answers_equal_the_finders(shipped_store: GraphStore) -> None:
    compared, differing = _compare(shipped_store, 3)
    assert compared > 100
    assert differing == []


def test_seed_network_is_the_finders(shipped_store: GraphStore) -> None:
    """The stored friends of friends (scipy, every organisation at once) are those
    fetch.friends_of_friends counts from the partners' lists, in order, with their
    Adamic–Adar and how many partners they share."""
    checked = 0
    for org in _organisations(shipped_store)[::2]:
        body = seeds.read_bodies(shipped_store, [seeds.seed_key(org)])
        assert body
        s = orjson.loads(body[seeds.seed_key(org)])
        # with the first shared partners, named, as the network reason names them
        stored = [(f[0], f[1], f[2], [tuple(s["via"][x]) for x in f[4]]) for f in s["fof"]]
        (seed,) = shipped_store.query("suggest_seed", id=org)
        lists = shipped_store.query("suggest_partner_lists", ids=sorted(seed["partners"] or []))
        found = friends_of_friends(org, lists)
        readable = {r["id"] for r in shipped_store.query("suggest_candidate_features",
                                                         ids=[c for c, _ in found])}
        expected = [(c, pytest.approx(sum(1 / math.log(v[2]) for v in via), abs=1e-8), len(via),
                     via[:seeds.SHOWN_VIA])
                    for c, via in found if c in readable]
        assert stored == expected, org
        checked += bool(stored)
    assert checked > 10


def test_shared_partners_are_named_for_those_shown(shipped_store: GraphStore) -> None:
    """The network reason of a friend of a friend shown names the partners it
    shares with the organisation (the seed holds the first few, named)."""
    named = 0
    for org in _organisations(shipped_store)[::3]:
        for role in ASKABLE_ROLES:
            fast = seeds.fast_for_organisation(shipped_store, org, role, 10)
            if fast is None:
                continue
            for s in fast.suggestions:
                network = [r for r in s.reasons if r.kind == "network"]
                if s.parts["network"] > 0:
                    assert network and "（" in network[0].text, (org, role, s.id)
                    named += 1
    assert named > 0


def test_a_load_refreshes_the_seeds(store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TSUNAGARI_SUGGEST_ANSWERS", "on")
    write_graph(store, RECORDS, mode="rebuild")
    tanoba = store.query("search_organisations", q="TanoBa合同会社", key="TanoBa合同会社", limit=1)[0]["id"]
    before = suggest_for_organisation(store, tanoba, role="venue")
    assert before == organisation_answer(store, tanoba, "venue", None, 10)
    shown = [s.id for s in before.suggestions]
    assert shown
    # TanoBa now works with the first one suggested: it is no longer suggested
    (first,) = store.query("organisation_by_id", id=shown[0])
    write_graph(store, [_rec("casebook-000-0091", "世田谷の新しい場", 92, "TanoBa合同会社", [SETAGAYA], [
        {"name": first["name"], "roles": ["venue"], "line": 93}])], mode="load")
    after = suggest_for_organisation(store, tanoba, role="venue")
    assert seeds.fast_for_organisation(store, tanoba, "venue", 10) == after
    assert shown[0] not in [s.id for s in after.suggestions]
    assert after == organisation_answer(store, tanoba, "venue", None, 10)


def _pool_cap_binds(store: GraphStore, org: str, role: str) -> bool:
    """Whether a place whose pool the finder reads around the organisation's areas
    holds as many players as a pool keeps (graph/derived.py POOL_CAP): there the
    finder sees fewer candidates than the stored need answers, which count every
    membership (ranking.py), and may pick farther ones among its nearest."""
    seed = read_seed(store, org)
    scopes = [area_scope(a) for a in seed.areas[:MAX_SEED_AREAS]]
    for pool in store.query("suggest_area_pools", codes=_pool_codes(scopes, Placer(scopes))):
        players = [r for r in pool["roles"] or [] if role in r.split()]
        if len(players) >= POOL_CAP or len(pool["ids"] or []) >= POOL_CAP:
            return True
    return False


@pytest.mark.slow
def test_synthetic_fast_answers_equal_the_finders(synth_store: GraphStore) -> None:
    compared, differing = _compare(synth_store, 50)
    assert compared > 200
    # only where a place's pool is full (a prefecture's players at 2k organisations)
    # may the finder, seeing fewer candidates, differ from the stored answers
    assert len(differing) < compared // 50
    assert all(_pool_cap_binds(synth_store, org, role) for org, role in differing), differing


@pytest.mark.slow
def test_pooled_candidates_never_score_above_their_bound(synth_store: GraphStore) -> None:
    """What lets a request read the features of only some pooled candidates: none
    scores for the organisation above the bound its stored pool entries give
    (seeds._bounds), whichever of its areas hold it."""
    from tsunagari.suggest.answers import pool_key
    from tsunagari.suggest.fetch import read_features
    from tsunagari.suggest.score import score

    checked = tight = 0
    for org in _organisations(synth_store)[::40]:
        key = seeds.seed_key(org)
        areas = orjson.loads(seeds.read_bodies(synth_store, [key])[key])["areas"]
        if not areas:
            continue
        seed = read_seed(synth_store, org)
        placer = Placer([area_scope(a) for a in areas])
        for role in ASKABLE_ROLES:
            keys = [pool_key(role, a) for a in areas]
            bodies = seeds.read_bodies(synth_store, keys)
            if len(bodies) < len(keys):
                continue
            bound, _, degrees = seeds._bounds(seed, areas, [orjson.loads(bodies[k]) for k in keys],
                                              seed.partners | {org})
            finite = [c for c, b in bound.items() if b != math.inf]
            for c in read_features(synth_store, finite).values():
                s = score(c, seed, role, placer)
                assert s.parts["role"] == 1.0 and s.parts["network"] == 0.0
                assert s.score <= bound[c.id], (org, role, c.id, s.parts)
                # what seeds._loses_tie rests on: the bound less its margin, rounded as
                # scores are, is never below the score; the collaborators are the candidate's
                assert s.score <= round(bound[c.id] - 1e-4, 4) + 1e-9, (org, role, c.id, s.parts)
                assert degrees[c.id] == c.degree
                checked += 1
                tight += s.score > bound[c.id] - 0.01
    assert checked > 1000
    assert tight > checked // 10  # mostly exact: single-area organisations, and areas that agree


def test_seeds_without_named_partners_still_answer(store: GraphStore, monkeypatch: pytest.MonkeyPatch
                                                    ) -> None:
    """A store whose seeds were derived by an older version (friends of friends
    without their shared partners) reads those partners when shown: the same
    answers as from today's seeds, and as the finder's own."""
    monkeypatch.setenv("TSUNAGARI_SUGGEST_ANSWERS", "on")
    write_graph(store, RECORDS, mode="rebuild")
    orgs = _organisations(store)
    asked = [(org, role) for org in orgs[::2] for role in ASKABLE_ROLES]
    new = {q: seeds.fast_for_organisation(store, *q, 10) for q in asked}
    named = [q for q, a in new.items() if a is not None
             and any(r.kind == "network" for s in a.suggestions for r in s.reasons)]
    assert named
    bodies = seeds.read_bodies(store, [seeds.seed_key(o) for o in orgs])
    assert bodies and all("via" in orjson.loads(b) for b in bodies.values())
    old = []
    for key, body in bodies.items():
        s = orjson.loads(body)
        del s["via"]
        s["fof"] = [f[:4] for f in s["fof"]]
        old.append({"key": key, "body": orjson.dumps(s).decode()})
    with store.writing("load") as target:
        seeds.write_seeds(target, old)
    assert not any("via" in orjson.loads(b)
                   for b in seeds.read_bodies(store, [seeds.seed_key(o) for o in orgs]).values())
    for q in asked:
        again = seeds.fast_for_organisation(store, *q, 10)
        assert again == new[q], q
    for q in named:
        assert new[q] == organisation_answer(store, q[0], q[1], None, 10), q


def test_first_shared_partners_least_connected_first() -> None:
    """The partners two organisations share, as the network reason names them: the
    least connected first, then by name and id, at most SHOWN_VIA, never a hub."""
    import numpy as np

    from tsunagari.suggest.fetch import HUB_CAP

    # 0 and 1 share 2..6 and a hub (7, with HUB_CAP + 1 collaborators); 8 shares 5 only with 0
    ids = [f"o{i:03d}" for i in range(9 + HUB_CAP)]
    names = {o: "同名" for o in ids} | {"o002": "甲", "o003": "乙"}
    pairs = [(0, m) for m in range(2, 8)] + [(1, m) for m in range(2, 8)] + [(8, 5)]
    pairs += [(7, j) for j in range(9, 9 + HUB_CAP - 1)]
    # 2 and 3 have two collaborators, 4 three, 5 three, 6 four
    pairs += [(4, 9), (6, 9), (6, 10)]
    a, b = (np.array(x, dtype=np.int64) for x in zip(*pairs, strict=True))
    A, *_ = seeds.network_top(len(ids), a, b)
    rows, cands = np.array([0, 1, 0, 8], dtype=np.int64), np.array([1, 0, 8, 0], dtype=np.int64)
    ptr, found = seeds.first_shared(A, rows, cands, names, ids)
    got = [[ids[j] for j in found[ptr[p]:ptr[p + 1]]] for p in range(len(rows))]
    # 3 (乙) before 2 (甲) by name; then 4 and 5 (three each) by name then id
    assert got == [["o003", "o002", "o004"], ["o003", "o002", "o004"], ["o005"], ["o005"]]
