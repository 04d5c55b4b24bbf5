"""Every partner fact cites the line where its name stands and the sentence stating it."""

from __future__ import annotations

from tsunagari.loaders.orgs import is_generic
from tsunagari.loaders.parsing import SEED_FORMATS, find_evidence, get_parser

from tests.conftest import SEEDS


def test_a_name_wrapped_after_its_legal_form_is_cited_on_its_own_line() -> None:
    lines = [
        "\t\t参画メンバー\t特定非営利活動法人くまもと災害ボランティア団体ネットワーク(KVOAD)、特定非営利活動法人",
        "",
        "④\t地域協議会 ※特に専門性の高い支援を行う団体等で構成\t\tでんでん虫の会、一般社団法人 minori、バルビーほか(全 18 団体)",
    ]  # seed 003:562-564
    line, quote = find_evidence(lines, "一般社団法人 minori", 1)
    assert line == 3 and quote == "でんでん虫の会、一般社団法人 minori、バルビーほか(全 18 団体)"
    line, _ = find_evidence(lines, "特定非営利活動法人でんでん虫の会", 1)
    assert line == 3


def test_a_name_not_near_its_line_gives_none() -> None:
    assert find_evidence(["a", "b"], "宗教法人 龍雲寺", 1) is None


def test_long_lists_are_cut_around_the_name() -> None:
    names = "、".join(f"団体{i:02d}法人" for i in range(60))
    _, quote = find_evidence([names], "団体30法人", 1)
    assert "団体30法人" in quote and len(quote) <= 162 and quote.startswith("…") and quote.endswith("…")


def test_every_partner_of_every_seed_has_line_and_quote() -> None:
    for doc, fmt in SEED_FORMATS.items():
        text = (SEEDS / doc).read_text(encoding="utf-8")
        lines = text.splitlines()
        for rec in get_parser(fmt)(text, doc).records:
            for p in rec.partners:
                assert p.line and p.quote, (doc, rec.id, p.name)
                assert "\n" not in p.quote
                assert 1 <= p.line <= len(lines)


def test_tanoba_venue_partner_quotes_its_item() -> None:
    doc = "000_db7cee502450179d.txt"
    text = (SEEDS / doc).read_text(encoding="utf-8")
    rec = next(r for r in get_parser("casebook")(text, doc).records if r.source.line == 2)
    ryuunji = next(p for p in rec.partners if p.name == "宗教法人 龍雲寺")
    assert ryuunji.quote == "宗教法人 龍雲寺(タノバ食堂の会場提供パートナー)" and ryuunji.line == 10


def test_platform_member_cited_where_the_name_stands() -> None:
    doc = "003_4d4ef3ddf692a859.txt"
    text = (SEEDS / doc).read_text(encoding="utf-8")
    rec = next(r for r in get_parser("platforms")(text, doc).records if r.id == "platforms-003-0543")
    minori = next(p for p in rec.partners if p.name == "一般社団法人 minori" and p.group == "参画メンバー")
    assert minori.line == 564  # not 562, where the cell begins


def test_generic_kinds_are_marked_by_one_rule() -> None:
    for name in ("企業", "住民", "弁護士", "司法書士", "大学生", "NPO 法人", "県内の全市町村",
                 "各地のハローワーク", "地方銀行", "全国の吃音当事者の自助グループ45団体", "民生委員等"):
        assert is_generic(name), name
    for name in ("宗教法人 龍雲寺", "弘前市千年交流センター", "各務原市", "NPO法人フローレンス", "企業組合あうん"):
        assert not is_generic(name), name


def test_generic_partners_of_policy_slides_are_marked() -> None:
    doc = "002_8caa7d252caeed8c.txt"
    text = (SEEDS / doc).read_text(encoding="utf-8")
    partners = [p for r in get_parser("policy_slides")(text, doc).records for p in r.partners]
    by_name = {p.name: p for p in partners}
    assert by_name["弁護士"].generic and by_name["県内の全市町村"].generic
