"""COLLABORATES_WITH derivation: the array implementation against a plain reading of the rule."""

from __future__ import annotations

import random
from itertools import combinations

from tsunagari.graph.derived import collaborations


def _by_rule(memberships: list[dict]) -> list[dict]:
    """One edge per pair of organisations sharing programmes: weight, the roles either
    played in the shared programmes, the programmes; sorted by (from, to)."""
    members: dict[str, set[str]] = {}
    roles: dict[tuple[str, str], set[str]] = {}
    for m in memberships:
        members.setdefault(m["programme"], set()).add(m["org"])
        if m.get("role"):
            roles.setdefault((m["org"], m["programme"]), set()).add(m["role"])
    pairs: dict[tuple[str, str], tuple[set[str], set[str]]] = {}
    for prog, orgs in members.items():
        for a, b in combinations(sorted(orgs), 2):
            progs, rs = pairs.setdefault((a, b), (set(), set()))
            progs.add(prog)
            rs |= roles.get((a, prog), set()) | roles.get((b, prog), set())
    return [{"from": a, "to": b, "weight": len(p), "roles": sorted(r), "programmes": sorted(p)}
            for (a, b), (p, r) in sorted(pairs.items())]


def test_same_edges_as_the_rule_on_random_memberships() -> None:
    rng = random.Random(11)
    roles = [None, "venue", "publicity", "funding", "lead-only", "other"]
    memberships = []
    for p in range(300):
        for org in rng.sample(range(120), rng.choice([1, 2, 3, 5, 9, 20])):
            for _ in range(rng.choice([1, 1, 2])):  # one organisation, several roles
                memberships.append({"org": f"org-{org:03d}", "programme": f"prog-{p:03d}",
                                    "role": rng.choice(roles)})
    rng.shuffle(memberships)
    assert collaborations(memberships) == _by_rule(memberships)


def test_nothing_to_pair() -> None:
    assert collaborations([]) == []
    alone = [{"org": "a", "programme": "p", "role": "venue"}, {"org": "a", "programme": "p", "role": None},
             {"org": "b", "programme": "q", "role": None}]
    assert collaborations(alone) == []


def test_rows_do_not_share_lists() -> None:
    rows = collaborations([{"org": o, "programme": "p", "role": "venue"} for o in "abc"])
    assert [(r["from"], r["to"]) for r in rows] == [("a", "b"), ("a", "c"), ("b", "c")]
    rows[0]["roles"].append("changed")
    assert rows[1]["roles"] == ["venue"]
