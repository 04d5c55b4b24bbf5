"""The table loader on CSV, Excel and JSON files written from casebook (seed 000) rows."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from tsunagari.loaders.tabular import COLUMNS, read_table, table_id

TEMPLATE = Path(__file__).resolve().parents[1] / "data" / "records_template.csv"

# Two initiatives of the casebook as a user would type them
TANOBA = {
    "id": "tanoba-1",
    "title": "多様な世代や属性の人が集い、孤独の予防を目指す自由価格制のコミュニティ「タノバ食堂」",
    "kind": "initiative",
    "collaboration_type": "民民連携",
    "lead": "TanoBa合同会社",
    "lead_area": "東京都世田谷区",
    "areas": "東京都世田谷区野沢エリア",
    "partners": "宗教法人 龍雲寺（タノバ食堂の会場提供パートナー）、坂ノ途中（地域共創パートナー※余剰野菜の提供）",
    "schemes": "",
    "period": "2023年5月に実証実験を開始",
    "url": "https://tanoba.jp/",
}
FUMANET = {
    "id": "",
    "title": "ふまねっと運動を利用した健康づくり仲間づくり",
    "kind": "",
    "collaboration_type": "官民連携",
    "lead": "認定特定非営利活動法人ふまねっと",
    "lead_area": "",
    "areas": "札幌市、北広島市、北見市",
    "partners": "稚内市(事業委託元)、池田町社会福祉協議会、北広島市にし高齢者支援センター（ネットワーク）",
    "schemes": "",
    "period": "2004年~",
    "url": "https://www.1to3.jp/",
}


def _check_tanoba(rec, document: str, line: int) -> None:
    assert rec.id == "tanoba-1"
    assert rec.title == TANOBA["title"]
    assert rec.collaboration_type == "民民連携"
    assert rec.lead.name == "TanoBa合同会社"
    assert rec.lead.area.code == "13112"
    assert [a.code for a in rec.areas] == ["13112"]
    assert [(p.name, p.roles, p.role_text) for p in rec.partners] == [
        ("宗教法人 龍雲寺", ["venue"], "タノバ食堂の会場提供パートナー"),
        ("坂ノ途中", ["in_kind"], "地域共創パートナー※余剰野菜の提供"),
    ]
    assert (rec.period.start, rec.url) == ("2023-05", "https://tanoba.jp/")
    assert rec.source.model_dump() == {"document": document, "line": line, "format": "tabular"}


def _check_fumanet(rec) -> None:
    assert rec.id == table_id(FUMANET["title"], FUMANET["lead"])
    assert rec.kind == "initiative"
    assert rec.lead.area is None
    assert [a.code for a in rec.areas] == ["01100", "01234", "01208"]
    assert [(p.name, p.roles) for p in rec.partners] == [
        ("稚内市", ["funding"]),
        ("池田町社会福祉協議会", ["unspecified"]),
        ("北広島市にし高齢者支援センター", ["networking"]),
    ]
    assert rec.period.start == "2004"


def test_template_loads_as_documented() -> None:
    res = read_table(TEMPLATE)
    assert res.notes == []
    assert [r.id for r in res.records] == [
        "example-0001",
        table_id("第二期・食で結ぶ「孤独・孤立対策プラットフォーム」の構築", "一般社団法人フードバンク八王子"),
    ]
    second = res.records[1]
    assert [s.title for s in second.schemes] == ["令和6年度 地域における孤独・孤立対策に関するNPO等の取組モデル調査"]
    assert (second.period.start, second.period.end) == ("2023-07", "2024-02")
    assert second.lead.area.code == "13201"
    with TEMPLATE.open(encoding="utf-8") as fh:
        assert fh.readline().strip().split(",") == list(COLUMNS)


def test_table_id_is_stable_and_normalised() -> None:
    assert table_id("タノバ食堂", "TanoBa合同会社") == table_id(" タノバ食堂 ", "ＴａｎｏＢａ合同会社")
    assert table_id("タノバ食堂", "TanoBa合同会社") != table_id("タノバ食堂", "坂ノ途中")
    assert table_id("a", "b").startswith("tabular-") and len(table_id("a", "b")) == 20


def test_csv_with_a_bad_row_and_a_multiline_cell(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    bad = dict(FUMANET, title="清掃活動を通して人と人とがつながる", lead="", partners="")
    frame = pd.DataFrame([TANOBA, bad, FUMANET], columns=list(COLUMNS))
    # a line break inside a quoted cell: the next row starts one line later
    frame.loc[0, "period"] = "2023年5月に実証実験を開始\n2023年10月から月1定期開催"
    frame.to_csv(path, index=False, encoding="utf-8")
    res = read_table(path)
    assert [r.source.line for r in res.records] == [2, 5]
    assert res.records[0].period.start == "2023-05"
    _check_fumanet(res.records[1])
    assert [(n.document, n.line, n.kind) for n in res.notes] == [("mine.csv", 4, "skipped")]
    assert "field 'lead'" in res.notes[0].message


def test_csv_in_shift_jis(tmp_path: Path) -> None:
    path = tmp_path / "sjis.csv"
    pd.DataFrame([TANOBA], columns=list(COLUMNS)).to_csv(path, index=False, encoding="cp932")
    res = read_table(path)
    _check_tanoba(res.records[0], "sjis.csv", 2)
    assert [n.kind for n in res.notes] == ["warning"]


def test_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "mine.xlsx"
    bad = dict(TANOBA, id="tanoba 2", title="別の行")  # a space is not allowed in an id
    pd.DataFrame([TANOBA, FUMANET, bad], columns=list(COLUMNS)).to_excel(path, index=False)
    res = read_table(path)
    _check_tanoba(res.records[0], "mine.xlsx", 2)
    _check_fumanet(res.records[1])
    assert [(n.line, n.kind) for n in res.notes] == [(4, "skipped")]
    assert "field 'id'" in res.notes[0].message


def test_json_array_with_partner_objects(tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    fumanet = dict(FUMANET, areas=["札幌市", "北広島市", "北見市"], partners=[
        "稚内市(事業委託元)",
        {"name": "池田町社会福祉協議会"},
        {"name": "北広島市にし高齢者支援センター", "role_text": "ネットワーク"},
    ])
    bad = dict(TANOBA, id="tanoba-3", partners=[{"name": "坂ノ途中", "roles": ["cooking"]}])
    objects = [json.dumps(o, ensure_ascii=False) for o in (TANOBA, fumanet, bad)]
    path.write_text("[\n" + ",\n".join(objects) + "\n]\n", encoding="utf-8")
    res = read_table(path)
    _check_tanoba(res.records[0], "mine.json", 2)  # line 1 is "["
    _check_fumanet(res.records[1])
    assert [(n.line, n.kind) for n in res.notes] == [(4, "skipped")]
    assert "field 'partners[0].roles'" in res.notes[0].message


def test_json_lines_and_duplicate_ids(tmp_path: Path) -> None:
    path = tmp_path / "mine.jsonl"
    lines = [json.dumps(TANOBA, ensure_ascii=False), "", "{not json",
             json.dumps(FUMANET, ensure_ascii=False), json.dumps(TANOBA, ensure_ascii=False)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = read_table(path)
    _check_tanoba(res.records[0], "mine.jsonl", 1)
    _check_fumanet(res.records[1])
    assert [(n.line, n.kind) for n in res.notes] == [(3, "skipped"), (5, "skipped")]
    assert "already used by the row at line 1" in res.notes[1].message


def test_unresolved_area_and_unknown_column(tmp_path: Path) -> None:
    path = tmp_path / "areas.csv"
    # 浦和市 merged into さいたま市 in 2001: a place name that no longer has a code
    row = dict(TANOBA, areas="東京都世田谷区野沢エリア、浦和市、どこでもない所", memo="自分用")
    pd.DataFrame([row]).to_csv(path, index=False)
    res = read_table(path)
    assert [a.code for a in res.records[0].areas] == ["13112"]
    assert [(n.line, n.kind) for n in res.notes] == [
        (1, "warning"), (2, "unresolved_area"), (2, "unresolved_area")]
    assert "memo" in res.notes[0].message
    assert "'浦和市'" in res.notes[1].message and "'どこでもない所'" in res.notes[2].message


def test_missing_required_column_and_unbalanced_partner(tmp_path: Path) -> None:
    path = tmp_path / "nolead.csv"
    pd.DataFrame([{"title": TANOBA["title"]}]).to_csv(path, index=False)
    res = read_table(path)
    assert res.records == [] and [(n.line, n.kind) for n in res.notes] == [(1, "skipped")]

    path = tmp_path / "paren.csv"
    pd.DataFrame([dict(TANOBA, partners="宗教法人 龍雲寺（会場提供")]).to_csv(path, index=False)
    res = read_table(path)
    assert res.records == []
    assert "field 'partners'" in res.notes[0].message and res.notes[0].line == 2


def test_unsupported_file_type(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unsupported file type '.ods'"):
        read_table(tmp_path / "mine.ods")


def test_partners_carry_their_item_as_quote_and_the_row_line(tmp_path) -> None:
    from tsunagari.loaders.tabular import read_table

    path = tmp_path / "mine.csv"
    path.write_text("title,lead,partners\n"
                    "食堂,TanoBa合同会社,宗教法人 龍雲寺（タノバ食堂の会場提供パートナー）、坂ノ途中\n"
                    "見守り,一般社団法人テスト,"
                    "\"[{\"\"name\"\": \"\"北区社協\"\", \"\"quote\"\": \"\"北区社協と連携して見守りを行った。\"\"}]\"\n",
                    encoding="utf-8")
    recs = read_table(path).records
    ryuunji = recs[0].partners[0]
    assert ryuunji.quote == "宗教法人 龍雲寺(タノバ食堂の会場提供パートナー)" and ryuunji.line == 2
    assert recs[0].partners[1].quote == "坂ノ途中"
    assert recs[1].partners[0].quote == "北区社協と連携して見守りを行った。" and recs[1].partners[0].line == 3
