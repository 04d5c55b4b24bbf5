"""One text per question: the shared texts give the embedded engine the same rows
as the type-explicit forms it once needed its own files for.

The shared texts rely on two things of the embedded engine (LadybugDB): a lead's
role written ``coalesce(r.role, 'lead')`` (LEADS has no role), and a property a
relationship table lacks read as null through a LEADS|PARTNER_IN variable. Each
check rewrites a shared text into the form that asks the relationship's table
with label() instead, runs both on the same data over many parameter sets, and
compares the rows. If an engine upgrade breaks either assumption, this fails.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from typing import Any

import pytest
from tsunagari.core.places import covered
from tsunagari.graph import GraphStore
from tsunagari.graph.model import REL_BY_NAME
from tsunagari.queries import DIALECT_DIFFERENCES, Dialect, registry

_MEMBER_VAR = re.compile(r"\[(\w+):LEADS\|PARTNER_IN\]")
_LEAD_ONLY = set(REL_BY_NAME["LEADS"].properties)


def explicit(text: str) -> str:
    """The text with every LEADS|PARTNER_IN variable read through label()."""
    for var in sorted(set(_MEMBER_VAR.findall(text))):
        text = text.replace(f"coalesce({var}.role, 'lead')", f"@LEAD_ROLE_{var}@")
        text = re.sub(rf"\b{var}\.(\w+)\b", lambda m, v=var: m.group(0) if m.group(1) in _LEAD_ONLY
                      else f"CASE WHEN label({v}) = 'LEADS' THEN NULL ELSE {m.group(0)} END", text)
        text = text.replace(f"@LEAD_ROLE_{var}@",
                            f"CASE WHEN label({var}) = 'LEADS' THEN 'lead' ELSE {var}.role END")
    return text


def _sample(store: GraphStore, cypher: str, key: str) -> list[Any]:
    return [r[key] for r in store.run(cypher)]


def parameter_sets(store: GraphStore, name: str, n: int = 12) -> Iterator[dict[str, Any]]:
    rng = random.Random(name)
    orgs = _sample(store, "MATCH (o:Organisation)-[r:LEADS|PARTNER_IN]->(:Programme) "
                          "RETURN o.id AS id, count(r) AS n ORDER BY n DESC, id", "id")
    programmes = _sample(store, "MATCH (p:Programme) RETURN p.id AS id ORDER BY id", "id")
    targeted = sorted(set(_sample(store, "MATCH (:Programme)-[:TARGETS]->(x) RETURN x.code AS c", "c")))
    areas = sorted({*targeted, *(c[:2] for c in targeted), "01100", "14100"})
    roles = ["", "lead", "venue", "funding", "unspecified", "publicity"]
    params = registry().get(name).params
    for i in range(n):
        org = orgs[i] if i < 4 else rng.choice(orgs)  # the busiest first, then any
        values: dict[str, Any] = {
            "id": org, "role": rng.choice(roles), "programme": rng.choice(programmes),
            # organisation ids or programme ids, as the question asks: some of each
            "ids": [*rng.sample(orgs, 8),
                    *rng.sample(programmes, rng.choice([1, 10, min(150, len(programmes))]))],
            "codes": covered(rng.choice(areas)),
            # a page of rows: from the start or further on, of one row or of many
            "offset": rng.choice([0, 0, 2, 5]), "limit": rng.choice([1, 3, 200]),
            # the programmes it leads, those it joins, or all
            "part": rng.choice(["", "led", "joined"]),
        }
        yield {p: values[p] for p in params}


SHARED = sorted(name for name in registry().names()
                if _MEMBER_VAR.search(registry().get(name).neo4j)
                and name not in DIALECT_DIFFERENCES)


def test_the_shared_texts_are_checked() -> None:
    assert {"area_network", "memberships_of_programmes", "research_memberships",
            "partners_of_organisation"} <= set(SHARED)


@pytest.mark.parametrize("name", SHARED)
def test_shared_text_answers_as_the_type_explicit_form(shipped_store: GraphStore, name: str) -> None:
    text = registry().text(name, Dialect.EMBEDDED)
    typed = explicit(text)
    assert typed != text or "coalesce(" not in text
    rows = 0
    for params in parameter_sets(shipped_store, name):
        got = shipped_store.run(text, params)
        assert got == shipped_store.run(typed, params), (name, params)
        rows += len(got)
    assert rows > 0, f"{name}: no parameter set gave a row; the check compared nothing"


def test_the_other_end_s_label_is_read_from_its_key(shipped_store: GraphStore) -> None:
    text = registry().text("programme_outgoing_edges", Dialect.EMBEDDED)
    typed = re.sub(r"CASE WHEN x\.id IS NOT NULL.*?END AS dst_label", "label(x) AS dst_label",
                   text, flags=re.S)
    assert typed != text

    def key(r: dict[str, Any]) -> tuple[str, ...]:
        return r["src"], r["dst"], r["dst_label"], repr(sorted(r["rel"].items()))

    for params in parameter_sets(shipped_store, "programme_outgoing_edges"):
        got = sorted(shipped_store.run(text, params), key=key)
        assert got == sorted(shipped_store.run(typed, params), key=key)
    labels = {r["dst_label"] for r in shipped_store.query(
        "programme_outgoing_edges", ids=_sample(shipped_store, "MATCH (p:Programme) RETURN p.id AS id", "id"))}
    assert labels == {"Programme", "Municipality", "Prefecture"}


def test_only_declared_differences_have_an_embedded_text() -> None:
    with_variant = {n for n in registry().names() if registry().get(n).embedded is not None}
    assert with_variant == set(DIALECT_DIFFERENCES)
