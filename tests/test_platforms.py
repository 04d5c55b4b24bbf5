"""The platform-report parser on the real report (seed 003), values checked by hand."""

from __future__ import annotations

import pytest
from tsunagari.loaders.parsing import ParseResult
from tsunagari.loaders.platforms import join_wraps, parse, yen_amount
from tsunagari.loaders.records import Record

from tests.conftest import SEEDS

DOC = "003_4d4ef3ddf692a859.txt"


@pytest.fixture(scope="module")
def text() -> str:
    return (SEEDS / DOC).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def result(text: str) -> ParseResult:
    return parse(text, DOC)


def platform(result: ParseResult, city: str) -> Record:
    found = [r for r in result.records if r.kind == "platform" and r.lead.name == city]
    assert len(found) == 1, [r.title for r in found]
    return found[0]


def members(rec: Record) -> list[str]:
    return [p.name for p in rec.partners if p.roles != ["networking"]]


def trials(result: ParseResult, title: str) -> list[tuple[str, str, int | None]]:
    out = []
    for r in result.records:
        if r.kind == "initiative" and r.schemes[0].title == title:
            funding = [p for p in r.partners if p.roles == ["funding"]]
            out.append((r.title, r.lead.name, funding[0].amount_yen if funding else None))
    return out


def test_ids_are_unique(result: ParseResult) -> None:
    ids = [r.id for r in result.records]
    assert len(ids) == len(set(ids))


def test_fukuoka_platform(result: ParseResult) -> None:
    rec = platform(result, "福岡市")
    assert rec.id == "platforms-003-0269"
    # The report never names 福岡市's platform: the title is built, and a note says so.
    assert rec.title == "福岡市 地方版孤独・孤立対策官民連携プラットフォーム"
    assert rec.lead.department == "福祉局生活福祉部 生活支援課"
    assert [a.code for a in rec.areas] == ["40130"]
    # 立ち上げ年度 says 令和4年度, the 行程 header, the map and the prose 令和5年度.
    assert rec.period is not None and rec.period.start == "2023"
    assert any(n.line == 336 and "令和4年度" in n.message for n in result.notes)
    assert members(rec) == ["ライフライン関連企業", "生活協同組合", "社会福祉協議会",
                            "NPO 法人", "孤独・孤立対策関係課"]
    assert all(p.generic and p.group == "参画メンバー" for p in rec.partners
               if p.roles != ["networking"])
    met = [(p.name, p.department) for p in rec.partners if p.roles == ["networking"]]
    assert met == [("福岡市", "福祉局 生活福祉部 生活支援課"), ("東京商工リサーチ", None),
                   ("グラフィアー", None)]
    assert {p.role_text for p in rec.partners if p.roles == ["networking"]} == {"打合せ相手団体"}


def test_fukuoka_trial_projects(result: ParseResult) -> None:
    title = platform(result, "福岡市").title
    assert trials(result, title) == [
        ("実態把握調査", "東京商工リサーチ", 2_900_000),
        ("お悩みハンドブック", "グラフィア", 860_000),
        ("地域食堂向けエプロン製作", "みやざき白衣", 130_000),
    ]


def test_trial_project_shape(result: ParseResult) -> None:
    rec = next(r for r in result.records if r.id == "platforms-003-0316")
    assert rec.schemes[0].title == "福岡市 地方版孤独・孤立対策官民連携プラットフォーム"
    assert rec.schemes[0].kind == "platform"
    funding, operation = rec.partners
    assert (funding.name, funding.roles, funding.amount_yen) == ("福岡市", ["funding"], 2_900_000)
    assert funding.department == "福祉局生活福祉部 生活支援課"
    assert (operation.name, operation.roles) == ("東京商工リサーチ", ["operation"])
    assert funding.role_text == operation.role_text == "東京商工リサーチ (290 万円)"
    assert [a.code for a in rec.areas] == ["40130"]


def test_kumamoto_platform(result: ParseResult) -> None:
    rec = platform(result, "熊本市")
    assert rec.title == "熊本市 孤独・孤立対策官民連携PF"
    assert rec.lead.department == "健康福祉局 健康福祉部 健康福祉政策課"
    assert rec.period is not None and rec.period.start == "2022"
    names = members(rec)
    # 4 core members named (of 18), 16 joined in 令和6年度, 7 more existing members
    # named only in the list of the PF 会議 participants.
    assert len(names) == 27
    assert names[:4] == ["特定非営利活動法人くまもと災害ボランティア団体ネットワーク(KVOAD)",
                         "特定非営利活動法人でんでん虫の会", "一般社団法人 minori", "バルビー"]
    new = [p.name for p in rec.partners if p.group == "熊本市内の支援団体など"]
    assert len(new) == 16
    assert new[4:7] == ["一般社団法人 子育てネットワーク縁側 moyai", "熊本市心の障害者家族会",
                        "熊本市居住支援協議会"]
    assert "NPO 法人ウィメンズ・カウンセリングルーム熊本" in new
    assert "シェルターin 熊本" in new
    assert "NPO 法人 老いと病いの文化研究所 われもこう" in new
    assert [p.name for p in rec.partners if p.group == "(既)NPO 法人"][-1] == \
        "コムスタカ ― 外国人と共に生きる会"
    met = [p.name for p in rec.partners if p.roles == ["networking"]]
    assert met == ["熊本市", "NPO 法人 でんでん虫の会", "一般社団法人 minori",
                   "認定 NPO 法人自立生活 サポートセンター・もやい"]


def test_kumamoto_trial_projects(result: ParseResult) -> None:
    title = platform(result, "熊本市").title
    assert trials(result, title) == [
        ("NPO 等支援団体向け活動実態調査(リソース調査)", "株式会社九州みらい研究所", 1_200_000),
        ("PF 拡大・強化に向けた議論や取組", "熊本市", None),
        ("相談先一覧リーフレットの更新", "株式会社 ON-do", 550_000),
        ("地域協議会に係る検討", "熊本市", None),
        ("令和6年度 PF 会議および支援者向けつながりサポーター養成講座", "くまもと県民会館パレア", 13_000),
        ("新聞広告の出稿", "株式会社 広明通信社", 300_000),
    ]
    meeting = next(r for r in result.records if r.id == "platforms-003-0597")
    # The participant list of the PF 会議 page is attached to that trial project.
    assert "社会福祉法人熊本県身体障害者福祉団体連合会" in [p.name for p in meeting.partners]
    assert any(n.line == 597 and "講師謝金" in n.message for n in result.notes)


def test_ichihara_platform_and_trials(result: ParseResult) -> None:
    rec = platform(result, "市原市")
    assert rec.title == "市原市孤独・孤立対策官民連携PF"
    assert rec.lead.department == "保健福祉部 共生社会推進課"
    assert rec.period is not None and rec.period.start == "2024"
    groups = [(p.group, p.generic) for p in rec.partners if p.roles != ["networking"]]
    assert groups == [("関係会員", True), ("パートナー会員", True)]
    assert members(rec)[1] == "孤独・孤立対策に関心が高く、PFの趣旨に賛同するNPO等"
    assert trials(result, rec.title) == [
        ("福祉関係者合同研修会", "公益財団法人市原市文化振興財団", 130_000),
        ("孤独・孤立対策 PF 会議", "いちほら市民活動協議会", 800_000),
        ("ゆるサポ®研修", "淑徳大学", 30_000),
        ("企画提案型研修委託事業", "いちほら市民活動協議会", 100_000),
        ("企画提案型研修委託事業", "Amity いちほら子供食堂", 1_200_000),
    ]
    # ⑮'s name cell is merged with ⑭'s; the person in '淑徳大学 高梨氏' is left out.
    assert any(n.line == 1077 and "merged" in n.message for n in result.notes)
    assert any(n.line == 1072 and "高梨氏" in n.message for n in result.notes)


def test_cities_known_only_from_the_map(result: ParseResult) -> None:
    kure = platform(result, "呉市")
    assert kure.period is not None and kure.period.start == "2025"
    assert kure.partners == []
    assert not [r for r in result.records if r.lead.name in ("座間市", "中野区")]
    assert any(n.line == 90 and n.kind == "skipped" for n in result.notes)  # 座間市: 未
    assert any(n.line == 89 and "予定" in n.message for n in result.notes)  # 中野区
    assert len([r for r in result.records if r.kind == "platform"]) == 12


def test_unreadable_cost_is_noted_not_guessed(text: str) -> None:
    damaged = text.replace("東京商工リサーチ (290 万円)", "東京商工リサーチ (金額調整中)")
    result = parse(damaged, DOC)
    rec = next(r for r in result.records if r.id == "platforms-003-0316")
    funding = next(p for p in rec.partners if p.roles == ["funding"])
    assert funding.amount_yen is None
    assert any(n.line == 316 and "unreadable" in n.message for n in result.notes)


@pytest.mark.parametrize(("written", "expected"), [
    ("290 万円", 2_900_000), ("約 1.3 万円", 13_000), ("市費:10万円", 100_000),
    ("12,000円", 12_000), ("1.5千円", 1_500),
])
def test_yen_amount(written: str, expected: int) -> None:
    assert yen_amount(written) == (expected, None)


def test_yen_amount_refuses_what_it_cannot_read() -> None:
    assert yen_amount("未定")[0] is None
    assert yen_amount("0.5円")[0] is None
    assert yen_amount("10万円と5万円")[0] is None


def test_join_wraps_keeps_latin_spacing() -> None:
    assert join_wraps("相談先一 覧リーフレ ットの更新") == "相談先一覧リーフレットの更新"
    assert join_wraps("NPO 等支援団体") == "NPO 等支援団体"
