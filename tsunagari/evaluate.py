"""Measure the suggester by hiding partnerships and asking for them back.

For each seed, a random share of the memberships (organisation, programme)
reached through PARTNER_IN is hidden, among organisations with at least two
programmes (so the hidden partner is still in the graph). The rest is written
to a fresh embedded store and COLLABORATES_WITH re-derived there. For each
hidden membership the question is the product's own: the programme's lead
asks for partners in the role the hidden partner played (None when it was
'unspecified' or 'other'), in the programme's area. The suggester answers
through ``suggest_for_organisation`` on that store, the very code used
online; the baselines rank the same candidate set (every named organisation
that is not the lead nor already its partner) by collaborator count
(popularity), by shared partners (common neighbours) or at random, ties broken
at random. A hidden partner that is already the lead's partner through another
programme is not a question (it cannot be suggested) and is skipped.
"""

from __future__ import annotations

import random
import statistics
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tsunagari.graph import GraphRows, GraphStore, open_store
from tsunagari.graph.derived import collaborations, refresh_collaborations
from tsunagari.graph.model import NODES, RELATIONSHIPS
from tsunagari.suggest import suggest_for_organisation

METHODS = ("suggester", "popularity", "common_neighbours", "random")
K = 10
VAGUE_ROLES = {"unspecified", "other"}


def dump(store: GraphStore) -> GraphRows:
    """Every node and stored (non-derived) relationship, as rows a store can bulk insert."""
    rows = GraphRows()
    for node in NODES:
        for r in store.run(f"MATCH (n:{node.name}) RETURN n AS n"):
            n = r["n"]
            rows.add_node(node.name, {c: n.get(c) for c in node.columns()})
    for rel in RELATIONSHIPS:
        if rel.derived:
            continue
        for a, b in rel.pairs:
            ka = next(n.key for n in NODES if n.name == a)
            kb = next(n.key for n in NODES if n.name == b)
            for r in store.run(f"MATCH (a:{a})-[r:`{rel.name}`]->(b:{b}) "
                               f"RETURN a.{ka} AS f, b.{kb} AS t, r AS r"):
                props = r["r"] if isinstance(r["r"], dict) else dict(r["r"])
                rows.add_rel(rel.name, a, b, {"from": r["f"], "to": r["t"],
                                              **{p: props.get(p) for p in rel.properties}})
    return rows


@dataclass(frozen=True)
class Question:
    lead: str
    partner: str
    programme: str
    role: str | None
    area: str | None


def _questions(rows: GraphRows, holdout: float, rng: random.Random) -> tuple[list[Question], set[tuple[str, str]]]:
    orgs = {o["id"]: o for o in rows.nodes.get("Organisation", [])}
    named = {i for i, o in orgs.items() if o.get("kind") != "generic"}
    partner_rows = [r for rr in rows.rels if rr.type == "PARTNER_IN" for r in rr.rows]
    lead_of = {r["to"]: r["from"] for rr in rows.rels if rr.type == "LEADS" for r in rr.rows}
    targets: dict[str, list[str]] = defaultdict(list)
    for rr in rows.rels:
        if rr.type == "TARGETS":
            for r in rr.rows:
                targets[r["from"]].append(r["to"])
    programmes_of: dict[str, set[str]] = defaultdict(set)
    for rr in rows.rels:
        if rr.type in ("LEADS", "PARTNER_IN"):
            for r in rr.rows:
                programmes_of[r["from"]].add(r["to"])
    roles: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in partner_rows:
        if r["from"] in named and len(programmes_of[r["from"]]) >= 2:
            roles[(r["from"], r["to"])].add(r["role"])
    memberships = sorted(roles)
    hidden = set(rng.sample(memberships, round(len(memberships) * holdout)))
    questions = []
    for org, prog in sorted(hidden):
        lead = lead_of.get(prog)
        if lead is None or lead == org or lead not in named:
            continue
        specific = sorted(roles[(org, prog)] - VAGUE_ROLES)
        area = sorted(targets.get(prog, []))
        questions.append(Question(lead, org, prog, specific[0] if specific else None,
                                  area[0] if area else None))
    return questions, hidden


def _training_rows(rows: GraphRows, hidden: set[tuple[str, str]]) -> GraphRows:
    out = GraphRows(nodes=rows.nodes)
    for rr in rows.rels:
        keep = [r for r in rr.rows
                if not (rr.type == "PARTNER_IN" and (r["from"], r["to"]) in hidden)]
        for r in keep:
            out.add_rel(rr.type, rr.from_label, rr.to_label, r)
    return out


def _rank_of(target: str, ranked: list[str]) -> int | None:
    try:
        return ranked.index(target) + 1
    except ValueError:
        return None


def _baseline_ranks(q: Question, named: list[str], neighbours: dict[str, set[str]],
                    rng: random.Random) -> dict[str, int | None]:
    mine = neighbours.get(q.lead, set())
    pool = [o for o in named if o != q.lead and o not in mine]
    rng.shuffle(pool)  # ties broken at random, not by id
    scores = {
        "popularity": {o: len(neighbours.get(o, ())) for o in pool},
        "common_neighbours": {o: len(mine & neighbours.get(o, set())) for o in pool},
        "random": {o: 0 for o in pool},
    }
    return {m: _rank_of(q.partner, sorted(pool, key=lambda o: -s[o])) for m, s in scores.items()}


def run_seed(source_rows: GraphRows, holdout: float, seed: int, workdir: Path) -> dict[str, list[int | None]]:
    rng = random.Random(seed)
    questions, hidden = _questions(source_rows, holdout, rng)
    train = _training_rows(source_rows, hidden)
    store = open_store(f"embedded:{workdir / f'seed-{seed}'}")
    try:
        store.bulk_insert(train)
        refresh_collaborations(store)
        collab = collaborations(store.query("programme_memberships"))
        neighbours: dict[str, set[str]] = defaultdict(set)
        for c in collab:
            neighbours[c["from"]].add(c["to"])
            neighbours[c["to"]].add(c["from"])
        named = sorted(o["id"] for o in train.nodes.get("Organisation", []) if o.get("kind") != "generic")
        ranks: dict[str, list[int | None]] = {m: [] for m in METHODS}
        for q in questions:
            if q.partner in neighbours.get(q.lead, set()):
                continue
            result = suggest_for_organisation(store, q.lead, role=q.role, area=q.area, k=None)
            ranks["suggester"].append(_rank_of(q.partner, [s.id for s in result.suggestions]))
            for m, r in _baseline_ranks(q, named, neighbours, rng).items():
                ranks[m].append(r)
    finally:
        store.close()
    return ranks


def metrics(ranks: list[int | None], k: int = K) -> tuple[float, float]:
    if not ranks:
        return 0.0, 0.0
    hit = sum(1 for r in ranks if r is not None and r <= k) / len(ranks)
    mrr = sum(1 / r for r in ranks if r is not None) / len(ranks)
    return hit, mrr


def evaluate(store: GraphStore, holdout: float = 0.2, seeds: int = 5) -> dict[str, Any]:
    """hit@10 and MRR per method, mean and standard deviation over the seeds."""
    if not 0 < holdout < 1:
        raise ValueError("holdout must be between 0 and 1")
    rows = dump(store)
    per_seed: dict[str, list[tuple[float, float]]] = {m: [] for m in METHODS}
    questions = []
    with tempfile.TemporaryDirectory(prefix="tsunagari-eval-") as tmp:
        for seed in range(seeds):
            ranks = run_seed(rows, holdout, seed, Path(tmp))
            questions.append(len(ranks["suggester"]))
            for m in METHODS:
                per_seed[m].append(metrics(ranks[m]))

    def summary(i: int, spread: bool) -> dict[str, float]:
        out = {}
        for m in METHODS:
            values = [v[i] for v in per_seed[m]]
            out[m] = round(statistics.pstdev(values) if spread else statistics.fmean(values), 4)
        return out

    return {
        "hit@10": summary(0, False),
        "mrr": summary(1, False),
        "spread": {"hit@10": summary(0, True), "mrr": summary(1, True)},
        "questions_per_seed": questions,
        "holdout": holdout,
        "seeds": seeds,
    }

