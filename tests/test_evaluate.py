"""The evaluation: questions made from hidden memberships, metrics, and the report shape."""

from __future__ import annotations

import random

import pytest
from tsunagari.graph import open_store

from tests.suggest_data import load
from tsunagari.evaluate import METHODS, _questions, dump, evaluate, metrics


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = open_store(f"embedded:{tmp_path_factory.mktemp('evaluate') / 'graph'}")
    load(s)
    yield s
    s.close()


def test_metrics_by_hand():
    assert metrics([1, 4, None, 11]) == (0.5, pytest.approx((1 + 0.25 + 1 / 11) / 4))
    assert metrics([]) == (0.0, 0.0)


def test_dump_keeps_every_stored_edge_and_no_derived_one(store):
    rows = dump(store)
    counts: dict[str, int] = {}
    for rr in rows.rels:  # IN, TARGETS … have several label pairs
        counts[rr.type] = counts.get(rr.type, 0) + len(rr.rows)
    stored = store.counts()["relationships"]
    assert "COLLABORATES_WITH" not in counts
    assert counts == {rel: n for rel, n in stored.items() if n and rel != "COLLABORATES_WITH"}
    assert sum(len(rr.rows) for rr in rows.rels if rr.type == "PARTNER_IN") == stored["PARTNER_IN"] == 8
    # the generic 各地のハローワーク and 企業 are participant categories, kept too
    assert stored["PARTICIPATES_IN"] == 2


def test_only_partners_in_two_programmes_are_hidden_and_asked_for_by_the_lead(store):
    rows = dump(store)
    questions, hidden = _questions(rows, holdout=0.99, rng=random.Random(0))
    # 野沢 (joins P1, leads P2), せたがやネット (P2, P3) and はちおうじ食品 (P4, P5) are the
    # partners in two programmes: 5 memberships, round(5 * 0.99) = 5 hidden.
    assert len(hidden) == 5
    asked = sorted((q.programme, q.role, q.area) for q in questions)
    assert asked == [("casebook-000-0002", "publicity", "13112"), ("casebook-000-0020", "publicity", "13112"), ("casebook-000-0030", "networking", "14101"),
                     ("casebook-000-0040", "venue", "13201"), ("casebook-000-0050", "in_kind", None)]


def test_report_shape(store):
    report = evaluate(store, holdout=0.5, seeds=2)
    assert set(report["hit@10"]) == set(report["mrr"]) == set(METHODS)
    assert all(0.0 <= v <= 1.0 for v in report["hit@10"].values())
    assert len(report["questions_per_seed"]) == 2
