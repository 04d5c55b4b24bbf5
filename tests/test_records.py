import json
from pathlib import Path

from tsunagari.loaders.records import Record, read_records, write_records, write_rejects

GOOD = {
    "id": "casebook-000-0002",
    "title": "タノバ食堂",
    "lead": {"name": "TanoBa合同会社"},
    "areas": [{"text": "東京都世田谷区野沢エリア", "prefecture": "東京都", "municipality": "世田谷区",
               "code": "13112", "level": "municipality"}],
    "partners": [{"name": "宗教法人 龍雲寺", "roles": ["venue"], "role_text": "会場提供パートナー"}],
    "schemes": ["令和6年度 地域における孤独・孤立対策に関するNPO等の取組モデル調査"],
    "source": {"document": "000_db7cee502450179d.txt", "line": 2, "format": "casebook"},
}


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_good_record_round_trips(tmp_path):
    rec = Record.model_validate(GOOD)
    assert rec.schemes[0].kind == "scheme"
    out = tmp_path / "r.jsonl"
    write_records([rec], out)
    again = read_records([out])
    assert again.errors == []
    assert again.records == [rec]


def test_bad_lines_are_reported_by_line_and_field_and_good_ones_kept(tmp_path):
    bad_role = dict(GOOD, id="x-2", partners=[{"name": "A", "roles": ["catering"]}])
    no_lead = {k: v for k, v in GOOD.items() if k != "lead"} | {"id": "x-3"}
    bad_code = dict(GOOD, id="x-4", areas=[{"text": "?", "code": "123"}])
    path = write_lines(tmp_path / "in.jsonl", [
        json.dumps(GOOD, ensure_ascii=False),
        json.dumps(bad_role, ensure_ascii=False),
        "{not json",
        json.dumps(no_lead, ensure_ascii=False),
        "",
        json.dumps(bad_code, ensure_ascii=False),
        json.dumps(GOOD, ensure_ascii=False),
    ])
    result = read_records([path])
    assert [r.id for r in result.records] == ["casebook-000-0002"]
    where = [(e.line, e.field) for e in result.errors]
    assert where == [(2, "partners[0].roles"), (3, "(json)"), (4, "lead"), (6, "areas[0].code"), (7, "id")]
    assert "catering" in result.errors[0].message
    assert "duplicate" in result.errors[-1].message
    assert str(result.errors[0]).startswith(f"{path}:2: partners[0].roles:")

    rejects = tmp_path / "rejects.jsonl"
    write_rejects(result.errors, rejects)
    rows = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert [r["line"] for r in rows] == [2, 3, 4, 6, 7]
    assert rows[1]["raw"] == "{not json"
