"""A small named dataset for the partner-finder tests: programmes in 世田谷区,
横浜市鶴見区 (22.6 km from 世田谷区, another prefecture), 八王子市 and nationwide (and, in
EXTRA, 足立区 and 和歌山市, far), written as records with quoted passages and loaded
like real ones."""

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


def _area(pref: str, name: str, code: str) -> dict:
    return {"text": pref + name, "prefecture": pref, "municipality": name, "code": code,
            "level": "municipality"}


SETAGAYA = _area("東京都", "世田谷区", "13112")
TSURUMI = {**_area("神奈川県", "鶴見区", "14101"), "text": "横浜市鶴見区"}
HACHIOJI = _area("東京都", "八王子市", "13201")
ADACHI = _area("東京都", "足立区", "13121")
WAKAYAMA = _area("和歌山県", "和歌山市", "30201")

RECORDS = [
    _rec("casebook-000-0002", "自由価格制のコミュニティ「タノバ食堂」", 2, "TanoBa合同会社", [SETAGAYA], [
        {"name": "宗教法人 龍雲寺", "roles": ["venue"], "role_text": "タノバ食堂の会場提供パートナー",
         "line": 10, "quote": "宗教法人 龍雲寺(タノバ食堂の会場提供パートナー)"},
        {"name": "野沢2丁目町内会", "roles": ["publicity"], "role_text": "周知", "line": 11,
         "quote": "野沢2丁目町内会（参加者への案内）"},
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
        {"name": "企業", "roles": ["volunteering"], "generic": True, "line": 43},
    ]),
    _rec("casebook-000-0050", "全国つながりキャンペーン", 50, "特定非営利活動法人 全国つながりセンター",
         [{"text": "全国", "level": "national"}], [
        {"name": "株式会社 はちおうじ食品", "roles": ["in_kind"], "line": 51},
    ]),
]

# Two more places for the reach and grouping tests: 足立区 (a ward's departments) and
# 和歌山市 (far from everything else).
EXTRA = [
    _rec("casebook-000-0060", "足立区のママフェスタ", 60, "特定非営利活動法人 子育てパレット", [ADACHI], [
        {"name": "足立区教育委員会", "roles": ["co_organiser"], "line": 61},
        {"name": "足立区", "roles": ["co_organiser"], "line": 62},
        {"name": "こども家庭部", "roles": ["publicity"], "line": 63},
    ], ["子ども"]),
    _rec("casebook-000-0070", "和歌山の清掃活動", 70, "和歌山市", [WAKAYAMA], [
        {"name": "JAわかやま", "roles": ["volunteering", "venue"], "line": 71},
    ]),
]


def load(store: GraphStore, extra: bool = False) -> dict[str, str]:
    """Load the dataset (with EXTRA too when asked); return organisation ids by display name."""
    write_graph(store, RECORDS + (EXTRA if extra else []))
    rows = store.run("MATCH (o:Organisation) RETURN o.name AS name, o.id AS id")
    return {r["name"]: r["id"] for r in rows}
