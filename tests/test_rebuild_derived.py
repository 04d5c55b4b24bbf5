"""The rebuild's derived state (computed from the rows, copied as Arrow columns) is
the state a load computes from the stored graph, property for property."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from tsunagari.core.bulk import paused_gc
from tsunagari.graph import open_store
from tsunagari.graph.derived import (
    collaborations,
    derive_in_memory,
    memberships_of,
    organisation_summaries,
    pair_arrays,
)
from tsunagari.graph.store import ColumnRelRows, GraphRows
from tsunagari.loaders.places import gazetteer
from tsunagari.loaders.project import default_resolver, project
from tsunagari.loaders.records import read_records

from tests.conftest import RECORDS
from tests.test_load import cli, snapshot
from tsunagari.synth import profile_of, write_synthetic


def _memberships(seed: int, orgs: int, programmes: int, n: int) -> list[dict]:
    rnd = random.Random(seed)
    roles = [None, "funding", "venue", "referral", "consultation"]
    return [{"org": f"o{rnd.randrange(orgs):03d}", "programme": f"p{rnd.randrange(programmes):02d}",
             "role": rnd.choice(roles)} for _ in range(n)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_arrow_table_holds_the_rows_collaborations_returns(seed):
    memberships = _memberships(seed, 60, 25, 300)
    pairs = pair_arrays(memberships)
    assert len(pairs) > 100
    assert pairs.table().to_pylist() == collaborations(memberships)


def test_partners_are_the_sorted_collaborators_of_each_organisation():
    memberships = _memberships(4, 40, 15, 150)
    rows = collaborations(memberships)
    by_rows = {s["id"]: s for s in organisation_summaries(memberships, rows, {}, {})}
    partners = pair_arrays(memberships).partners()
    for org, summary in by_rows.items():
        assert partners.get(org, []) == summary["partners"]
        assert summary["collaborators"] == len(summary["partners"])


def _projected(path: Path) -> GraphRows:
    result = read_records([path])
    assert not result.errors, result.errors[:3]
    with paused_gc():
        return project(result.records, default_resolver(), gazetteer()).rows


def test_deriving_twice_gives_the_same_rows():
    rows = _projected(RECORDS)
    n = derive_in_memory(rows)
    first = [(rr.type, rr.from_label, rr.to_label, rr.rows) for rr in rows.rels]
    orgs = [dict(o) for o in rows.nodes["Organisation"]]
    assert derive_in_memory(rows) == n > 0
    collab = [rr for rr in rows.rels if rr.type == "COLLABORATES_WITH"]
    assert len(collab) == 1 and isinstance(collab[0], ColumnRelRows)
    assert [(rr.type, rr.from_label, rr.to_label, rr.rows) for rr in rows.rels] == first
    assert rows.nodes["Organisation"] == orgs
    # the rows the table holds are the rule's, from the same memberships
    assert collab[0].rows == collaborations(memberships_of(rows))
    assert rows.count()[1] == sum(len(rr.rows) for rr in rows.rels)


@pytest.mark.slow
def test_a_synthetic_rebuild_equals_a_load_into_an_empty_store(tmp_path):
    """The rebuild derives from the rows in memory; a load into an empty graph derives
    from what it stored (graph/derived.py refresh_collaborations): the same graph."""
    records = tmp_path / "synth.jsonl"
    write_synthetic(records, 600, 5000, seed=7, profile=profile_of())
    rebuilt, loaded = tmp_path / "rebuilt", tmp_path / "loaded"
    done = cli("rebuild", str(records), "--quiet", store=rebuilt)
    assert done.returncode == 0, done.stderr
    open_store(f"embedded:{loaded}").close()  # an empty store, then one load
    done = cli("load", str(records), "--quiet", store=loaded)
    assert done.returncode == 0, done.stderr
    a, b = snapshot(rebuilt), snapshot(loaded)
    assert len(a[1]["COLLABORATES_WITH"]) > 1000
    assert a == b


def test_rows_become_a_table_typed_by_the_model():
    """A key a row lacks is a null of the column's type; a key the model lacks is left out."""
    import pyarrow as pa
    from tsunagari.graph.embedded import _table
    from tsunagari.graph.model import NODE_BY_NAME

    columns = NODE_BY_NAME["Organisation"].properties
    rows = [{"id": "a", "name": "団体", "aliases": ["x", "y"], "collaborators": 3, "extra": 1},
            {"id": "b", "legal_form": "NPO法人", "aliases": None}]
    table = _table(columns, rows)
    assert table.column_names == list(columns)
    assert table.column("collaborators").type == pa.int64()
    assert table.column("aliases").type == pa.list_(pa.string())
    assert table.to_pylist() == [{c: r.get(c) for c in columns} for r in rows]
