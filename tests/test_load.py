"""Loading records into the real embedded engine: idempotence, rejects, resolution."""

import json
import subprocess
import sys

import pytest
from tsunagari.graph import open_store

from tests.conftest import RECORDS, ROOT


def cli(*args, store=None):
    cmd = [sys.executable, "-m", "tsunagari.cli"]
    if store:
        cmd += ["--store", f"embedded:{store}"]
    return subprocess.run(cmd + list(args), cwd=ROOT, capture_output=True, text=True, check=False)


def counts(path):
    s = open_store(f"embedded:{path}")
    try:
        return s.counts()
    finally:
        s.close()


@pytest.mark.slow
def test_rebuild_twice_then_load_gives_the_same_graph(tmp_path):
    g = tmp_path / "graph"
    first = cli("rebuild", str(RECORDS), "--quiet", store=g)
    assert first.returncode == 0, first.stderr
    c1 = counts(g)
    assert cli("rebuild", str(RECORDS), "--quiet", store=g).returncode == 0
    c2 = counts(g)
    loaded = cli("load", str(RECORDS), "--quiet", store=g)
    assert loaded.returncode == 0, loaded.stderr
    c3 = counts(g)
    assert c1 == c2 == c3
    assert c1["nodes"]["Programme"] > 150 and c1["relationships"]["COLLABORATES_WITH"] > 100


@pytest.mark.slow
def test_a_malformed_line_is_reported_and_the_rest_loads(tmp_path):
    lines = RECORDS.read_text(encoding="utf-8").splitlines()[:20]
    bad = json.loads(lines[4])
    bad["partners"] = [{"name": "X", "roles": ["catering"]}]
    lines[4] = json.dumps(bad, ensure_ascii=False)
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    g = tmp_path / "graph"
    # a load refuses a store that does not exist (a mistyped path, issue 14) …
    refused = cli("load", str(path), "--quiet", store=g)
    assert refused.returncode == 2 and "--create" in refused.stderr
    assert not g.exists()
    # … and makes it when told to; the bad line is reported, the rest loads
    done = cli("--create", "load", str(path), "--quiet", store=g)
    assert done.returncode == 1
    assert f"{path}:5: partners[0].roles:" in done.stderr
    rejects = tmp_path / "in.rejects.jsonl"
    assert json.loads(rejects.read_text(encoding="utf-8"))["line"] == 5
    s = open_store(f"embedded:{g}")
    try:
        ids = {r["id"] for r in s.run("MATCH (p:Programme) RETURN p.id AS id")}
    finally:
        s.close()
    good_ids = {json.loads(line)["id"] for i, line in enumerate(lines) if i != 4}
    assert bad["id"] not in ids
    assert good_ids <= ids


def test_one_organisation_for_several_spellings(shipped_store):
    rows = shipped_store.run(
        "MATCH (o:Organisation) WHERE o.name CONTAINS '抱樸' RETURN o.id AS id, o.aliases AS aliases")
    assert len(rows) == 1
    assert {"NPO法人 抱樸", "特定非営利活動法人 抱樸"} <= set(rows[0]["aliases"])
    nimo = shipped_store.run(
        "MATCH (o:Organisation) WHERE o.key CONTAINS 'nimoalcamo' RETURN o.id AS id")
    assert len(nimo) == 1
    pok = shipped_store.run(
        "MATCH (o:Organisation) WHERE o.name CONTAINS 'メンズ・シェッド' AND o.name CONTAINS '札幌' "
        "RETURN o.aliases AS aliases")
    assert len(pok) == 1
    assert any("ポックコタン" in a for a in pok[0]["aliases"])
    assert any("ポツケコタン" in a for a in pok[0]["aliases"])


def test_tokyo_kita_and_sapporo_kita_are_not_one_government(shipped_store):
    from tsunagari.loaders.places import gazetteer
    from tsunagari.loaders.project import Projector, default_resolver

    pj = Projector(default_resolver(), gazetteer())
    tokyo = pj.government("北区子ども未来部子ども未来課", "13")
    sapporo = pj.government("札幌市北区", None)
    assert tokyo is not None and tokyo[0].code == "13117" and tokyo[1] == "子ども未来部子ども未来課"
    assert sapporo is not None and sapporo[0].code == "01102"
    assert pj.government("八王子市社会福祉協議会", "13") is None
    hirosaki = pj.government("弘前市役所", None)
    assert hirosaki is not None and hirosaki[0].code == "02202" and hirosaki[1] is None


def test_governments_govern_their_municipality(shipped_store):
    rows = shipped_store.run(
        "MATCH (o:Organisation)-[:GOVERNS]->(m:Municipality {code: '40130'}) RETURN o.id AS id, o.kind AS kind")
    assert rows == [{"id": "gov-40130", "kind": "government"}]


@pytest.mark.slow
def test_loading_in_two_parts_equals_one_rebuild(tmp_path):
    lines = RECORDS.read_text(encoding="utf-8").splitlines()
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text("\n".join(lines[:120]) + "\n", encoding="utf-8")
    second.write_text("\n".join(lines[100:]) + "\n", encoding="utf-8")  # overlaps the first
    whole, parts = tmp_path / "whole", tmp_path / "parts"
    assert cli("rebuild", str(RECORDS), "--quiet", store=whole).returncode == 0
    assert cli("rebuild", str(first), "--quiet", store=parts).returncode == 0
    assert cli("load", str(second), "--quiet", store=parts).returncode == 0
    assert counts(parts) == counts(whole)
    assert snapshot(parts) == snapshot(whole)


def snapshot(path):
    """Every node with its properties and every edge with its endpoints and properties."""
    from tsunagari.graph.model import NODES, RELATIONSHIPS

    s = open_store(f"embedded:{path}")
    try:
        nodes = {n.name: sorted(repr(sorted(r["n"].items())) for r in s.run(
            f"MATCH (n:{n.name}) RETURN properties(n) AS n")) for n in NODES}
        rels = {}
        for rel in RELATIONSHIPS:
            rows = s.run(f"MATCH (a)-[r:`{rel.name}`]->(b) "
                         "RETURN coalesce(a.id, a.code) AS a, coalesce(b.id, b.code) AS b, r AS r")
            rels[rel.name] = sorted(
                repr((row["a"], row["b"], sorted((k, v) for k, v in row["r"].items() if not k.startswith("_"))))
                for row in rows)
        return nodes, rels
    finally:
        s.close()
