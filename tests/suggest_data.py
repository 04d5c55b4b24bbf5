"""A small named dataset for the partner-finder tests: five programmes in 世田谷区,
横浜市鶴見区, 八王子市 and nationwide, written as records and loaded like real ones."""

from __future__ import annotations

from tsunagari.graph import GraphStore
from tsunagari.loaders.records import Record

from tsunagari.loading import write_graph

DOC = "000_db7cee502450179d.txt"


def _rec(rid: str, title: str, line: int, lead: str, areas: list[dict], partners: list[dict],
         stages: list[str] = ()) -> Record:
    return Record.model_validate({
        "id": rid, "title": title, "lead": {"name": lead}, "areas": areas,
        "partners": partners, "life_stages": list(stages),
        "source": {"document": DOC, "line": line, "format": "casebook"}})


SETAGAYA = {"text": "東京都世田谷区", "prefecture": "東京都", "municipality": "世田谷区",
            "code": "13112", "level": "municipality"}
TSURUMI = {"text": "横浜市鶴見区", "prefecture": "神奈川県", "municipality": "鶴見区",
           "code": "14101", "level": "municipality"}
HACHIOJI = {"text": "八王子市", "prefecture": "東京都", "municipality": "八王子市",
            "code": "13201", "level": "municipality"}

RECORDS = [
    _rec("casebook-000-0002", "自由価格制のコミュニティ「タノバ食堂」", 2, "TanoBa合同会社", [SETAGAYA], [
        {"name": "宗教法人 龍雲寺", "roles": ["venue"], "role_text": "会場提供", "line": 10},
        {"name": "野沢2丁目町内会", "roles": ["publicity"], "role_text": "周知", "line": 11},
    ], ["高齢者"]),
    _rec("casebook-000-0020", "世田谷区の居場所づくり", 20, "野沢2丁目町内会", [SETAGAYA], [
        {"name": "特定非営利活動法人 せたがやネット", "roles": ["publicity"], "line": 21},
        {"name": "東京都", "roles": ["funding"], "role_text": "補助金", "line": 22},
    ], ["高齢者", "子ども"]),
    _rec("casebook-000-0030", "横浜の会場ネットワーク", 30, "特定非営利活動法人 よこはまの輪", [TSURUMI], [
        {"name": "宗教法人 總持寺", "roles": ["venue"], "line": 31},
        {"name": "特定非営利活動法人 せたがやネット", "roles": ["networking"], "line": 32},
    ]),
    _rec("casebook-000-0040", "八王子の食堂", 40, "八王子市社会福祉協議会", [HACHIOJI], [
        {"name": "株式会社 はちおうじ食品", "roles": ["venue"], "line": 41},
        {"name": "各地のハローワーク", "roles": ["referral"], "generic": True, "line": 42},
    ]),
    _rec("casebook-000-0050", "全国つながりキャンペーン", 50, "特定非営利活動法人 全国つながりセンター",
         [{"text": "全国", "level": "national"}], [
        {"name": "株式会社 はちおうじ食品", "roles": ["in_kind"], "line": 51},
    ]),
]


def load(store: GraphStore) -> dict[str, str]:
    """Load the dataset; return organisation ids by display name."""
    write_graph(store, RECORDS)
    rows = store.run("MATCH (o:Organisation) RETURN o.name AS name, o.id AS id")
    return {r["name"]: r["id"] for r in rows}
