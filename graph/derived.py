"""Derived relationships, recomputed from the graph after every load."""

from __future__ import annotations

from collections import defaultdict

from graph.store import GraphRows, GraphStore, Row


def collaborations(memberships: list[Row]) -> list[Row]:
    """Pairs of organisations that share programmes, from (org, programme, role) rows.

    One edge per unordered pair, from the smaller id to the larger: weight is
    the number of shared programmes, roles the partnership roles either played
    in them, programmes their ids.
    """
    by_prog: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for m in memberships:
        roles = by_prog[m["programme"]][m["org"]]
        if m.get("role"):
            roles.add(m["role"])
    pairs: dict[tuple[str, str], tuple[set[str], set[str]]] = {}
    for prog, members in by_prog.items():
        ids = sorted(members)
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                progs, roles = pairs.setdefault((a, b), (set(), set()))
                progs.add(prog)
                roles.update(members[a], members[b])
    return [
        {"from": a, "to": b, "weight": len(progs), "roles": sorted(roles), "programmes": sorted(progs)}
        for (a, b), (progs, roles) in sorted(pairs.items())
    ]


def memberships_of(rows: GraphRows) -> list[Row]:
    """The memberships a set of graph rows holds, as programme_memberships returns them."""
    generic = {n["id"] for n in rows.nodes.get("Organisation", []) if n.get("kind") == "generic"}
    return [{"org": r["from"], "programme": r["to"], "role": r.get("role")}
            for rr in rows.rels if rr.type in ("LEADS", "PARTNER_IN")
            for r in rr.rows if r["from"] not in generic]


def refresh_collaborations(store: GraphStore, memberships: list[Row] | None = None) -> int:
    """Recompute COLLABORATES_WITH; pass the memberships when the caller already
    holds the whole graph (a rebuild), to save reading them back."""
    if memberships is None:
        memberships = store.query("programme_memberships")
    rows = collaborations(memberships)
    store.replace_derived("COLLABORATES_WITH", rows)
    return len(rows)
