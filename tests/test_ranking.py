"""ranking.need_candidates: the candidates of every need answer at once are the
reference's (finder.answer_need reading the store's pools), in its scored order."""

from __future__ import annotations

import random

from tsunagari.core.vocabulary import Reach
from tsunagari.graph import GraphStore

from tsunagari.suggest import answers, fetch
from tsunagari.suggest.finder import _nearest_first, _pool_codes
from tsunagari.suggest.ranking import need_candidates
from tsunagari.suggest.scope import area_scope, placer_for, reach_of
from tsunagari.suggest.score import rank

K = answers.STORED_K


def _reference(store: GraphStore, role: str, area: str) -> tuple[list[str], list[str]]:
    """The reference's scored candidates (finder.answer_need's steps): those within
    reach best first, and the ids of those beyond."""
    scope = area_scope(area)
    placer = placer_for((scope,))
    local = reach_of(role) is Reach.LOCAL
    active = fetch.read_pools(store, _pool_codes([scope], placer), role if local else None)
    ids = _nearest_first(active, placer, role if local else None)
    if not local or len(ids) < K:
        ids += fetch.read_nationwide(store, role)
    cands = [c for c in fetch.read_features(store, ids).values() if role in c.roles]
    scored = rank(cands, None, role, placer, None)
    near = [s.candidate.id for s in scored if not local or s.candidate.id in active]
    far = [s.candidate.id for s in scored if local and s.candidate.id not in active]
    return near, far


def test_candidates_are_the_references_in_its_order(shipped_store: GraphStore) -> None:
    tables = answers.tables_from_store(shipped_store)
    roles = answers.answer_roles(tables)
    areas = answers.answer_areas(tables)
    sample = random.Random(3).sample(areas[1:], 25) + ["13112", "13", "14100", "14101"]
    found = need_candidates(tables, roles, [None, *sample], K)
    compared = 0
    for role in roles:
        # no area: the nationwide players, best connected first
        assert found[(role, None)][0] == fetch.read_nationwide(shipped_store, role)
        for area in sample:
            near, far = found[(role, area)]
            ref_near, ref_far = _reference(shipped_store, role, area)
            # the best of the reference, in its order, and only its candidates
            m = min(len(near), K)
            assert near[:m] == ref_near[:m], (role, area)
            assert set(near) <= set(ref_near), (role, area)
            assert len(near) >= min(len(ref_near), K), (role, area)
            # beyond reach: the same candidates (their order is _split's business)
            assert set(far) & (set(ref_near) | set(ref_far)) == set(ref_far), (role, area)
            compared += bool(ref_near or ref_far)
    assert compared > 50
