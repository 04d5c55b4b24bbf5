"""Suggestion latency on a synthetic graph, beside the bare friend-of-friend query.

    python -m benchmarks.suggest_bench [--orgs 20000] [--edges 100000] [--requests 200]

Builds an embedded store in a temporary folder through the bulk path: ORGS
organisations, EDGES/5 programmes each with a lead and five partners (EDGES
PARTNER_IN edges) in random municipalities, partner popularity skewed so that
some organisations are hubs; COLLABORATES_WITH is derived as on a real load.
Prints p50/p95 in milliseconds; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from tsunagari.core.vocabulary import ASKABLE_ROLES, SECTOR_CODES
from tsunagari.graph import GraphRows, open_store
from tsunagari.graph.derived import refresh_collaborations
from tsunagari.loaders.places import gazetteer

from tsunagari.suggest import suggest_for_need, suggest_for_organisation

PARTNERS_PER_PROGRAMME = 5


def synthetic(orgs: int, edges: int, rng: random.Random) -> GraphRows:
    rows = GraphRows()
    places = [p for p in gazetteer().places() if p.kind != "prefecture"]
    for p in gazetteer().places():
        if p.kind == "prefecture":
            rows.add_node("Prefecture", {"code": p.code, "name": p.name})
    for p in places:
        rows.add_node("Municipality", {"code": p.code, "name": p.name, "full_name": p.full_name,
                                       "kind": p.kind, "prefecture_code": p.prefecture_code,
                                       "parent_code": p.parent_code})
    for i in range(orgs):
        rows.add_node("Organisation", {"id": f"org-{i:06d}", "name": f"団体{i:06d}",
                                       "sector": rng.choice(SECTOR_CODES), "kind": "npo",
                                       "aliases": [f"団体{i:06d}"], "sources": []})
    roles = list(ASKABLE_ROLES)
    cum, total = [], 0.0
    for i in range(orgs):  # a few hubs, a long tail
        total += 1 / (i + 1) ** 0.6
        cum.append(total)
    population = range(orgs)
    stages = ["子ども", "若者", "高齢者", "子育て世代", "全世代"]
    for j in range(edges // PARTNERS_PER_PROGRAMME):
        pid = f"prog-{j:06d}"
        place = rng.choice(places)
        rows.add_node("Programme", {"id": pid, "title": f"取組{j:06d}", "kind": "initiative",
                                    "life_stages": rng.sample(stages, 2), "area_texts": [place.name],
                                    "national": False, "source": f"synthetic.txt:{j + 1}"})
        rows.add_rel("TARGETS", "Programme", "Municipality",
                     {"from": pid, "to": place.code, "text": place.name, "source": f"synthetic.txt:{j + 1}"})
        members = set()
        lead = f"org-{rng.randrange(orgs):06d}"
        members.add(lead)
        rows.add_rel("LEADS", "Organisation", "Programme", {"from": lead, "to": pid, "source": f"synthetic.txt:{j + 1}"})
        while len(members) < PARTNERS_PER_PROGRAMME + 1:
            org = f"org-{rng.choices(population, cum_weights=cum)[0]:06d}"
            if org in members:
                continue
            members.add(org)
            rows.add_rel("PARTNER_IN", "Organisation", "Programme", {
                "from": org, "to": pid, "role": rng.choice(roles), "generic": False,
                "source": f"synthetic.txt:{j + 1}"})
    return rows


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--orgs", type=int, default=20_000)
    ap.add_argument("--edges", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="tsunagari-bench-") as tmp:
        store = open_store(f"embedded:{Path(tmp) / 'graph'}")
        try:
            t = time.perf_counter()
            rows = synthetic(args.orgs, args.edges, rng)
            store.bulk_insert(rows)
            n_collab = refresh_collaborations(store)
            print(f"built {args.orgs} organisations, {args.edges} partnership edges, "
                  f"{n_collab} collaborations in {time.perf_counter() - t:.1f} s")
            codes = [m["code"] for m in rows.nodes["Municipality"]]
            roles = list(ASKABLE_ROLES)
            ids = [f"org-{rng.randrange(args.orgs):06d}" for _ in range(args.requests)]
            timings: dict[str, list[float]] = {"friend-of-friend query": [], "suggest ORG --role R": [],
                                               "suggest ORG (lacking roles)": [],
                                               "suggest --need R --area CODE": []}
            for org in ids:
                t = time.perf_counter()
                store.query("suggest_network_candidates", id=org, limit=100)
                timings["friend-of-friend query"].append(time.perf_counter() - t)
                t = time.perf_counter()
                suggest_for_organisation(store, org, role=rng.choice(roles), k=10)
                timings["suggest ORG --role R"].append(time.perf_counter() - t)
                t = time.perf_counter()
                suggest_for_organisation(store, org, k=10)
                timings["suggest ORG (lacking roles)"].append(time.perf_counter() - t)
                t = time.perf_counter()
                suggest_for_need(store, rng.choice(roles), area=rng.choice(codes), k=10)
                timings["suggest --need R --area CODE"].append(time.perf_counter() - t)
        finally:
            store.close()
    print(f"{'request':32s} {'p50 ms':>8s} {'p95 ms':>8s}  (n={args.requests})")
    for name, values in timings.items():
        ms = [v * 1000 for v in values]
        print(f"{name:32s} {pct(ms, 50):8.1f} {pct(ms, 95):8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
