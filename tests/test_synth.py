"""`tsunagari synth`: synthetic records that load like real ones, shaped like the shipped data."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from tsunagari.graph import open_store
from tsunagari.loaders.orgs import parse_legal_form
from tsunagari.loaders.places import gazetteer
from tsunagari.loaders.project import default_resolver, project
from tsunagari.loaders.records import read_records

from tsunagari.cli import main
from tsunagari.loading import write_graph
from tsunagari.synth import profile_of, write_synthetic


@pytest.fixture(scope="module")
def profile():
    return profile_of()


def _project(path: Path):
    result = read_records([path])
    assert not result.errors, result.errors[:3]
    return result.records, project(result.records, default_resolver(), gazetteer())


def test_same_seed_same_file_other_seed_other_file(tmp_path: Path, profile) -> None:
    a, b, c = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "c.jsonl"
    write_synthetic(a, 120, 900, seed=3, profile=profile)
    write_synthetic(b, 120, 900, seed=3, profile=profile)
    write_synthetic(c, 120, 900, seed=4, profile=profile)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()


def test_exactly_n_organisations_and_m_partnership_edges(tmp_path: Path, profile) -> None:
    out = tmp_path / "s.jsonl"
    n, m = write_synthetic(out, 400, 3000, seed=1, profile=profile)
    assert m == 3000
    records, pj = _project(out)
    assert len(records) == n
    orgs = pj.rows.nodes["Organisation"]
    named = [o for o in orgs if o["kind"] != "generic"]
    assert len(named) == 400  # no two generated names merged, none was dropped
    assert not pj.merges and not pj.notes
    assert sum(len(p.roles) for rec in records for p in rec.partners) == 3000
    # the named partners' edges are PARTNER_IN edges of the named organisations
    ids = {o["id"] for o in named}
    named_edges = sum(len(p.roles) for rec in records for p in rec.partners if not p.generic)
    assert sum(1 for rr in pj.rows.rels if rr.type == "PARTNER_IN" for r in rr.rows if r["from"] in ids) == named_edges
    # every organisation takes part in something
    members = {r["from"] for rr in pj.rows.rels if rr.type in ("LEADS", "PARTNER_IN") for r in rr.rows}
    assert {o["id"] for o in named} <= members


def test_shaped_like_the_shipped_records(tmp_path: Path, profile) -> None:
    out = tmp_path / "s.jsonl"
    write_synthetic(out, 3000, 20000, seed=2, profile=profile)
    records, pj = _project(out)
    # every municipality of the gazetteer is the target of some programme
    targeted = {r["to"] for rr in pj.rows.rels if rr.type == "TARGETS" for r in rr.rows}
    municipalities = {p.code for p in gazetteer().places() if p.kind != "prefecture"}
    assert municipalities <= targeted
    levels = Counter(a.level for rec in records for a in rec.areas)
    assert levels["prefecture"] and levels["national"]
    kinds = Counter(rec.kind for rec in records)
    assert kinds["platform"] and kinds["initiative"]
    # the roles the shipped records use, and no others
    roles = Counter(role for rec in records for p in rec.partners for role in p.roles)
    assert set(roles) <= set(profile.roles)
    assert roles.most_common(1)[0][0] == profile.roles.most_common(1)[0][0]
    # names carry legal forms, and every sector is present
    named = [o for o in pj.rows.nodes["Organisation"] if o["kind"] != "generic"]
    forms = Counter(parse_legal_form(o["name"]).legal_form for o in named)
    assert {"特定非営利活動法人", "一般社団法人", "株式会社", "社会福祉法人"} <= set(forms)
    assert {o["sector"] for o in named} >= {"public", "private", "nonprofit", "academic", "community"}
    # heavy-tailed activity: the busiest organisation is in far more programmes than the median one
    activity = Counter(r["from"] for rr in pj.rows.rels if rr.type in ("LEADS", "PARTNER_IN") for r in rr.rows)
    counts = sorted(activity[o["id"]] for o in named)
    assert counts[-1] >= 10 * counts[len(counts) // 2]


def test_cli_writes_records_that_rebuild(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "s.jsonl"
    assert main(["synth", "--orgs", "150", "--edges", "1000", "--seed", "5", "--out", str(out)]) == 0
    assert "1000 partnership edges" in capsys.readouterr().out
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert first["source"]["format"] == "synthetic"
    store = open_store(f"embedded:{tmp_path / 'graph'}")
    try:
        report = write_graph(store, read_records([out]).records, mode="rebuild")
        counts = store.counts()
    finally:
        store.close()
    records = read_records([out]).records
    assert sum(len(p.roles) for rec in records for p in rec.partners) == 1000
    named = sum(len(p.roles) for rec in records for p in rec.partners if not p.generic)
    assert counts["relationships"]["PARTNER_IN"] >= named > 0
    assert report.collaborations == counts["relationships"]["COLLABORATES_WITH"] > 0


def test_cli_refuses_impossible_sizes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["synth", "--orgs", "1", "--edges", "10", "--out", str(tmp_path / "x.jsonl")]) == 2
    # more organisations than seats: named in the error, nothing half-promised
    assert main(["synth", "--orgs", "500", "--edges", "20", "--out", str(tmp_path / "y.jsonl")]) == 2
    assert "too few edges" in capsys.readouterr().err
    assert not (tmp_path / "y.jsonl").exists()
