"""Derived relationships, recomputed from the graph after every load."""

from __future__ import annotations

from collections import defaultdict

from graph.store import GraphRows, GraphStore, Row
from tsunagari.bulk import paused_gc


def collaborations(memberships: list[Row]) -> list[Row]:
    """Pairs of organisations that share programmes, from (org, programme, role) rows.

    One edge per unordered pair, from the smaller id to the larger: weight is
    the number of shared programmes, roles the partnership roles either played
    in them, programmes their ids. Rows come sorted by (from, to).
    """
    with paused_gc():
        return _collaborations(memberships)


def _collaborations(memberships: list[Row]) -> list[Row]:
    members: dict[str, set[str]] = defaultdict(set)
    roles_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    for m in memberships:
        members[m["programme"]].add(m["org"])
        if m.get("role"):
            roles_of[(m["org"], m["programme"])].add(m["role"])
    empty: frozenset[str] = frozenset()
    frozen = {k: frozenset(v) for k, v in roles_of.items()}
    # (a, b) -> [programmes, roles]; most pairs share one programme, so the
    # work per pair is kept to one dict lookup and one small set union.
    pairs: dict[tuple[str, str], list] = {}
    for prog, orgs in members.items():
        ids = sorted(orgs)
        roles = [frozen.get((o, prog), empty) for o in ids]
        for i, a in enumerate(ids):
            ra = roles[i]
            for j in range(i + 1, len(ids)):
                key = (a, ids[j])
                entry = pairs.get(key)
                if entry is None:
                    pairs[key] = [[prog], ra | roles[j]]
                else:
                    entry[0].append(prog)
                    entry[1] = entry[1] | ra | roles[j]
    sorted_roles: dict[frozenset[str], list[str]] = {}
    out = []
    for key in sorted(pairs):
        progs, role_set = pairs[key]
        names = sorted_roles.get(role_set)
        if names is None:
            names = sorted_roles[role_set] = sorted(role_set)
        out.append({"from": key[0], "to": key[1], "weight": len(progs), "roles": list(names),
                    "programmes": sorted(progs)})
    return out


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

