"""Garbled names in the graph: recovered readings resolve and are marked, unread
ones are never a name, never suggested; overrides that match nothing fail a full load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tsunagari.api.app import create_app
from tsunagari.core.documents import DOCUMENT_TITLES
from tsunagari.graph import GraphStore
from tsunagari.loaders.garbled import UNREADABLE
from tsunagari.loaders.orgs import OrgResolver, OverridesError, load_overrides
from tsunagari.loaders.places import gazetteer
from tsunagari.loaders.project import MERGE_CONFIDENCE, project
from tsunagari.loaders.records import Record

from tests.conftest import RECORDS
from tsunagari.loading import check_overrides, write_graph
from tsunagari.suggest import fetch

# 001's model project whose partner list has セカンドハーベストジャパン garbled on
# line 6416 (recovered, confidence 1.0), 医療生協さいたま on 6415 and the
# unreadable ௐਆఇ局 on 6414.
MODEL_PROJECT = "model_projects-001-6360"
HARVEST_RAW = "崣カンド崷ーベスト崠ャ崹ン"
HARVEST = "セカンドハーベストジャパン"
UNREAD_RAW = "ௐਆఇ局"


def shipped(record_id: str) -> Record:
    for line in RECORDS.read_text(encoding="utf-8").splitlines():
        if json.loads(line)["id"] == record_id:
            return Record.model_validate_json(line)
    raise AssertionError(f"{record_id} is not in {RECORDS}")


def clean_record(rid: str, partner: str, document: str = "000_db7cee502450179d.txt",
                 line: int = 10) -> Record:
    return Record.model_validate({
        "id": rid, "title": f"{partner}と連携する取組", "kind": "initiative",
        "lead": {"name": "特定非営利活動法人 つなぎ手"},
        "areas": [{"text": "東京都北区", "code": "13117", "level": "municipality"}],
        "partners": [{"name": partner, "roles": ["in_kind"], "line": line,
                      "quote": f"{partner}から食品の提供を受ける"}],
        "source": {"document": document, "line": line, "format": "casebook"},
    })


def orgs(records: list[Record], resolver: OrgResolver | None = None) -> list[dict]:
    pj = project(records, resolver or OrgResolver(), gazetteer())
    return pj.rows.nodes["Organisation"]


def holding(nodes: list[dict], alias: str) -> list[dict]:
    return [o for o in nodes if alias in o["aliases"]]


def test_the_seed_partner_is_garbled_and_recovered() -> None:
    rec = shipped(MODEL_PROJECT)
    harvest = next(p for p in rec.partners if p.line == 6416)
    assert (harvest.name, harvest.quality, harvest.recovered_name) == (HARVEST_RAW, "garbled", HARVEST)
    assert harvest.confidence is not None and harvest.confidence >= MERGE_CONFIDENCE


def test_a_recovered_name_alone_is_marked_as_recovered() -> None:
    nodes = orgs([shipped(MODEL_PROJECT)])
    [org] = holding(nodes, HARVEST_RAW)
    assert org["name"] == f"推定: {HARVEST}（文字化けから復元）"
    assert org["name_status"] == "recovered" and org["raw_name"] == HARVEST_RAW
    assert HARVEST in org["aliases"]  # searchable by its reading
    assert "001_1143c6004f43cb1f.txt:6416" in org["sources"]
    # no organisation is named by garbled letters
    assert not [o for o in nodes if any(ch in o["name"] for ch in "崣崷崠崹ௐਆఇ")]


def test_a_recovered_name_merges_with_the_clean_spelling_in_another_document() -> None:
    nodes = orgs([shipped(MODEL_PROJECT), clean_record("clean-1", HARVEST)])
    [org] = holding(nodes, HARVEST_RAW)
    assert org["name"] == HARVEST and org["name_status"] is None
    assert {"001_1143c6004f43cb1f.txt:6416", "000_db7cee502450179d.txt:10"} <= set(org["sources"])
    assert org["raw_name"] is None  # named by the clean spelling; the raw text stays an alias


def test_northern_ward_council_merges_with_its_clean_spelling() -> None:
    # 001:254 ਨ区社会ૣක協৮会 -> 北区社会福祉協議会 (1.0), 001:240 ਨ区社協 -> 北区社協
    recs = [Record.model_validate_json(line) for line in RECORDS.read_text(encoding="utf-8").splitlines()
            if "ਨ区社会ૣක協৮会" in line]
    assert any(p.line == 254 and p.recovered_name == "北区社会福祉協議会"
               for r in recs for p in r.partners)
    nodes = orgs(recs + [clean_record("clean-2", "社会福祉法人 北区社会福祉協議会")])
    [org] = holding(nodes, "ਨ区社会ૣක協৮会")
    assert org["name"] == "社会福祉法人 北区社会福祉協議会" and org["name_status"] is None


def test_a_doubtful_reading_does_not_merge() -> None:
    # 001:4317 有明ੵ業高等専門৾ૅ -> 有明工業高等専門学校 at 0.36
    recs = [Record.model_validate_json(line) for line in RECORDS.read_text(encoding="utf-8").splitlines()
            if "有明ੵ業高等専門৾ૅ" in line]
    low = next(p for r in recs for p in r.partners if p.name == "有明ੵ業高等専門৾ૅ")
    assert low.confidence is not None and low.confidence < MERGE_CONFIDENCE
    nodes = orgs(recs + [clean_record("clean-3", "有明工業高等専門学校")])
    [garbled] = holding(nodes, "有明ੵ業高等専門৾ૅ")
    assert garbled["name"] == "推定: 有明工業高等専門学校（文字化けから復元）"
    assert garbled["name_confidence"] == low.confidence
    assert [o["name"] for o in nodes if o["name"] == "有明工業高等専門学校"]


def test_an_unreadable_name_is_never_shown_as_a_name() -> None:
    [org] = holding(orgs([shipped(MODEL_PROJECT)]), UNREAD_RAW)
    assert org["name"] == UNREADABLE and org["name_status"] == "unreadable"
    assert org["raw_name"] == UNREAD_RAW


@pytest.fixture
def garbled_graph(store: GraphStore) -> GraphStore:
    write_graph(store, [shipped(MODEL_PROJECT)], mode="rebuild")
    return store


def org_id_with(store: GraphStore, alias: str) -> str:
    rows = store.run("MATCH (o:Organisation) WHERE $a IN o.aliases RETURN o.id AS id", {"a": alias})
    assert len(rows) == 1
    return rows[0]["id"]


def test_pages_mark_recovered_and_unreadable_names(garbled_graph: GraphStore) -> None:
    harvest = org_id_with(garbled_graph, HARVEST_RAW)
    unread = org_id_with(garbled_graph, UNREAD_RAW)
    with TestClient(create_app(store=garbled_graph)) as c:
        page = c.get(f"/org/{harvest}").text
        assert f'<h1 id="org-name">推定: {HARVEST}（文字化けから復元）</h1>' in page
        page = c.get(f"/org/{unread}").text
        assert f'<h1 id="org-name">{UNREADABLE}</h1>' in page
        assert f"<small>原文の表記（文字化け）: {UNREAD_RAW}" in page
        programme = c.get(f"/programme/{MODEL_PROJECT}").text
        assert f"推定: {HARVEST}（文字化けから復元）" in programme
        assert f">{HARVEST_RAW}<" not in programme
        # search finds it by its reading, and shows it marked
        found = c.get("/organisations", params={"q": "セカンドハーベスト"}).json()
        assert [o["name"] for o in found] == [f"推定: {HARVEST}（文字化けから復元）"]
        assert found[0]["name_status"] == "recovered"
        offered = c.get("/complete", params={"q": "セカンドハーベスト"}).json()
        assert [o["label"] for o in offered if o["kind"] == "organisation"] == [
            f"推定: {HARVEST}（文字化けから復元）"]
        page = c.get("/search", params={"q": UNREAD_RAW}).text
        assert f'{UNREADABLE}</a> <small class="raw-name">{UNREAD_RAW}</small>' in page


def test_an_unreadable_name_is_never_a_candidate(garbled_graph: GraphStore) -> None:
    harvest = org_id_with(garbled_graph, HARVEST_RAW)
    unread = org_id_with(garbled_graph, UNREAD_RAW)
    assert set(fetch.read_features(garbled_graph, [harvest, unread])) == {harvest}


def test_a_load_does_not_rename_a_clean_organisation_after_a_garbled_mention(store: GraphStore) -> None:
    write_graph(store, [clean_record("clean-1", HARVEST)], mode="rebuild")
    write_graph(store, [shipped(MODEL_PROJECT)], mode="load")
    rows = store.run("MATCH (o:Organisation) WHERE $a IN o.aliases RETURN o.name AS name, "
                     "o.name_status AS status", {"a": HARVEST_RAW})
    assert rows == [{"name": HARVEST, "status": None}]


def every_document() -> list[Record]:
    return [clean_record(f"doc-{i}", f"団体{i}", document=d) for i, d in enumerate(DOCUMENT_TITLES)]


def test_an_override_matching_nothing_fails_a_load_of_every_document(tmp_path: Path,
                                                                    store: GraphStore) -> None:
    path = tmp_path / "overrides.toml"
    path.write_text('[[merge]]\nnames = ["団体0", "団体O"]\nreason = "typo"\n', encoding="utf-8")
    resolver = OrgResolver(load_overrides(path))
    with pytest.raises(OverridesError) as err:
        write_graph(store, every_document(), mode="rebuild", resolver=resolver)
    assert f"{path}: [[merge]] entry 1: '団体O' matches no name" in str(err.value)
    assert store.run("MATCH (o:Organisation) RETURN count(o) AS n")[0]["n"] == 0
    # a load of some documents only notes it, and only for entries it touches
    notes = check_overrides(every_document()[:2], resolver.overrides)
    assert len(notes) == 1 and "'団体O'" in notes[0]
    assert check_overrides(every_document()[1:2], resolver.overrides) == []
    # a recovered reading counts as a name the records give
    path.write_text(f'[[merge]]\nnames = ["{HARVEST}", "団体0"]\nreason = "test"\n', encoding="utf-8")
    assert check_overrides(every_document() + [shipped(MODEL_PROJECT)],
                           load_overrides(path)) == []


def test_the_shipped_overrides_all_match_the_shipped_records() -> None:
    recs = [Record.model_validate_json(line) for line in RECORDS.read_text(encoding="utf-8").splitlines()]
    assert check_overrides(recs, load_overrides()) == []


def test_a_reading_note_is_an_alias_not_a_name() -> None:
    rec = clean_record("clean-4", "株式会社SoooooS.")
    rec.partners[0].aliases.append("スース")
    [org] = [o for o in orgs([rec]) if "スース" in o["aliases"]]
    assert org["name"] == "株式会社SoooooS." and org["spellings"] == ["株式会社SoooooS."]


def test_a_doubtful_reading_of_a_government_body_is_marked_too() -> None:
    # 001:4725 ௳੩ਜ部 機管理対策ୖ -> 坂井市総務部 機管理対策課 (0.62): its reading looks
    # like a department, but it is not sure enough to be drawn as 坂井市 itself
    recs = [Record.model_validate_json(line) for line in RECORDS.read_text(encoding="utf-8").splitlines()
            if "௳੩ਜ部" in line]
    [org] = holding(orgs(recs), "௳੩ਜ部 機管理対策ୖ")
    assert org["name"].startswith("推定: ") and org["name_status"] == "recovered"
    assert not org["id"].startswith("gov-")
