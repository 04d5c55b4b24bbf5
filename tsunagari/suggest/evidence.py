"""Each organisation's memberships by role, derived on load, so that the evidence
of the candidates an organisation's request shows is a few key lookups.

The live reads (queries/suggest_candidate_evidence and
suggest_candidate_area_evidence) expand every PARTNER_IN of each candidate shown
with every target area of its programme: a hub's thousands, for the two it cites.
Instead, per organisation and role it played (``lead`` for the programmes it
leads, as answers_memberships names them), an ``Answer`` node keyed
``ev|ID|ROLE`` (graph/model.py ANSWER) holds, as compact JSON, its memberships in
that role in the store's order: ``[programme, source, department, [target codes]]``
each. Ids, codes and short strings only: a programme's title is read by key, and
only for the few memberships a reason words (fetch.add_evidence). One node
``ev|`` says the index is there: a store without it (made by an older version, or
with TSUNAGARI_SUGGEST_ANSWERS=off) is read by the live queries.

They are derived with the organisation seeds (seeds.py), from the same tables,
beside the need answers (answers.refresh_answers).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

import orjson

from tsunagari.core.vocabulary import LEAD
from tsunagari.graph.store import GraphStore, Row, StoreError, StoreUnavailable

if TYPE_CHECKING:
    from tsunagari.suggest.answers import Tables

#: the key of the node that says the evidence index is stored
EVIDENCE_MARK = "ev|"
#: the role under which the programmes an organisation leads are kept
LEAD_KEY_ROLE = LEAD

#: one membership as the index holds it: programme, source, department, target codes
Entry = tuple[str, str | None, str | None, list[str]]


def evidence_key(org: str, role: str) -> str:
    return f"{EVIDENCE_MARK}{org}|{role}"


def derive_evidence(tables: Tables) -> list[Row]:
    """The evidence index of every organisation, as Answer rows (the mark first)."""
    out: list[Row] = [{"key": EVIDENCE_MARK, "body": "{}"}]
    targets = tables.targets
    for org in sorted(tables.memberships):
        by_role: dict[str, list[list[Any]]] = defaultdict(list)
        for role, prog, _title, source, dept, _quote in tables.memberships[org]:
            by_role[role].append([prog, source, dept, targets.get(prog) or []])
        for role in sorted(by_role):
            out.append({"key": evidence_key(org, role), "body": orjson.dumps(by_role[role]).decode()})
    return out


def read_evidence(store: GraphStore, keys: list[str]) -> dict[str, list[Entry]] | None:
    """The stored memberships under these keys (a key with none is absent), or None
    when the store holds no evidence index (no mark, or no Answer table)."""
    try:
        rows = store.query("suggest_answer_bodies", keys=[EVIDENCE_MARK, *keys])
    except StoreUnavailable:
        raise
    except StoreError:  # no Answer table: a graph made by an older version
        return None
    found = {r["key"]: r["body"] for r in rows if r["body"]}
    if found.pop(EVIDENCE_MARK, None) is None:
        return None
    return {k: orjson.loads(body) for k, body in found.items()}


def read_evidence_kept(store: GraphStore, keys: list[str]) -> dict[str, tuple[Entry, ...]] | None:
    """read_evidence through the cache of the store's graph version (fetch.read_kept):
    a hub shown in many answers is read and decoded once. Entries as tuples; a key
    with none holds an empty tuple."""
    from tsunagari.suggest.fetch import EVIDENCE_CACHE_SIZE, read_kept

    def read(unread: list[str]) -> dict[str, object] | None:
        index = read_evidence(store, [k for k in unread if k != EVIDENCE_MARK])
        if index is None:
            return None
        return {k: tuple((e[0], e[1], e[2], tuple(e[3] or ())) for e in index.get(k, ()))
                for k in unread}

    # the mark is asked with every key: kept only where the index is there
    got = read_kept(store, "evidence", EVIDENCE_CACHE_SIZE, [EVIDENCE_MARK, *keys], read)
    if got is None:
        return None
    got.pop(EVIDENCE_MARK, None)
    return got  # type: ignore[return-value]
