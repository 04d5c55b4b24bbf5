"""The role classifier and its lexicon, on role texts from the seed documents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tsunagari.core.vocabulary import LEXICON_ROLES, ROLE_CODES
from tsunagari.loaders.roles import (
    LexiconError,
    classify,
    default_lexicon,
    explain,
    load_lexicon,
    unmatched,
)

from tests.conftest import SEEDS

CASEBOOK = SEEDS / "000_db7cee502450179d.txt"


# Role texts as written after partner names in seed 000 (line wraps joined).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("タノバ食堂の事業運営者", ["operation"]),
        ("タノバ食堂の会場提供パートナー", ["venue"]),
        ("参加者への案内／ネットワーキング", ["publicity", "networking"]),
        ("地域共創パートナー※余剰野菜の提供", ["in_kind"]),
        (
            (
                "市民協働課：弘前市市民参加型まちづくり１％システム支援補助金の活用（補助金）、"
                "広報の連携⇒市HPやSNS、公共機関へのチラシの配布等"
            ),
            ["publicity", "funding"],
        ),
        ("事業委託元", ["funding"]),
        ("受託元", ["funding"]),
        ("共催", ["co_organiser"]),
        ("共同事務局", ["co_organiser"]),
        ("イベント協働", ["co_organiser"]),
        ("ブース出店", ["co_organiser"]),
        ("監修", ["expertise"]),
        ("システム開発", ["technology"]),
        ("チャットボットデザイン担当", ["technology"]),
        ("ボランティアの募集", ["volunteering"]),
        ("活動への参加協力", ["volunteering"]),
        ("相談窓口の連携", ["referral"]),
        ("人材紹介・就職支援の連携", ["referral"]),
        ("会合場所提供", ["venue"]),
        ("会場の提供", ["venue"]),
        ("事業実施", ["operation"]),
        ("学校への周知", ["publicity"]),
        ("ごみの処理、広報の連携", ["publicity", "in_kind"]),
        ("イベント共同開催、情報提供", ["co_organiser", "networking"]),
        ("社会課題の解決について研究", ["research"]),
        ("プロジェクトへの参画、専門的見地からの助言", ["co_organiser", "expertise"]),
        ("進学・転学相談、校内カフェ", ["venue", "referral"]),
        (
            "あおもりこどもの居場所ネットワーク：情報提供、食材・物品等の提供、研修会等の実施",
            ["in_kind", "expertise", "networking"],
        ),
    ],
)
def test_classify_seed_role_texts(text: str, expected: list[str]) -> None:
    assert classify(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 提供 alone is in_kind, but not inside a longer phrase of another role.
        ("情報提供", ["networking"]),
        ("場所の提供", ["venue"]),
        ("食材の提供", ["in_kind"]),
        ("応援メッセージの提供", ["endorsement"]),
        ("仕事の提供支援", ["referral"]),
        # 協賛 is money, 商品協賛 goods.
        ("商品協賛", ["in_kind"]),
        ("協賛", ["funding"]),
        # The contractor runs the work; the one who orders it pays.
        ("発注先", ["operation"]),
        ("発注", ["funding"]),
        ("発注なし", ["other"]),
        # Brokered donations reach the initiative as goods (seed 000:133).
        ("情報提供、一般企業・団体等からの寄贈等の仲介 等", ["in_kind", "networking"]),
        ("名義後援", ["endorsement"]),
        ("講師", ["expertise"]),
        ("効果検証", ["research"]),
    ],
)
def test_longer_phrase_wins_over_the_word_it_contains(text: str, expected: list[str]) -> None:
    assert classify(text) == expected


def test_hits_explain_the_answer() -> None:
    hits = explain("地域共創パートナー※余剰野菜の提供")
    assert [(h.phrase, h.role) for h in hits] == [("余剰野菜", "in_kind"), ("提供", "in_kind")]
    # 情報提供 hides 提供; the _ignore phrase hides システム without giving a role.
    assert [(h.phrase, h.role) for h in explain("情報提供")] == [("情報提供", "networking")]
    assert [(h.phrase, h.role) for h in explain("まちづくり1%システム")] == [("1%システム", None)]


@pytest.mark.parametrize("text", [None, "", "   ", "\u3000"])
def test_no_text_is_unspecified(text: str | None) -> None:
    assert classify(text) == ["unspecified"]


# Role texts of seeds 000 and 002 that the first lexicon left as 'other'.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 000 line 616: a B型 workplace to which participants are passed on.
        ("就労継続支援B型事業所として連携", ["referral"]),
        # 000 lines 640-641: the 社協 run the needy-support scheme.
        ("困窮者自立支援・学習支援等連携", ["referral"]),
        # 000 line 713: the 45 self-help groups take part in running the project.
        ("プロジェクトへの参画と支援の全国展開への協力", ["co_organiser"]),
        # 002 line 641: consortium members of an adopted project.
        ("コンソーシアム", ["co_organiser"]),
        # 002 lines 238 and 267: the campaign videos.
        ("メッセージ動画 出演者", ["publicity"]),
        ("座談会動画 出演企業", ["publicity"]),
        # 002 line 166: the committee that reviewed the website's content.
        ("企画委員会で内容等について検討", ["expertise"]),
    ],
)
def test_phrases_added_from_the_unmatched_list(text: str, expected: list[str]) -> None:
    assert classify(text) == expected


# Each of these states a relation but none of the taxonomy's roles: in
# スマート・ライフ・プロジェクト参画 it is the initiative that joins the ministry's
# campaign; 出演 alone (a performance) is not publicity.
@pytest.mark.parametrize(
    "text",
    ["スマート・ライフ・プロジェクト参画", "イベントに出演", "HITOMINA"],
)
def test_text_without_a_hit_is_other(text: str) -> None:
    assert classify(text) == ["other"]


def test_nfkc_whitespace_and_case() -> None:
    assert classify("ＳＮＳでの発信") == ["publicity"]
    assert classify("sns") == ["publicity"]
    # A line wrap inside a word in the PDF text leaves a space there.
    assert classify("会 場の提供") == ["venue"]
    assert classify("ドリンク\nの提供") == ["in_kind"]


def test_latin_abbreviation_does_not_match_inside_a_word() -> None:
    # PR is publicity, but not the "pr" of a press-release URL.
    assert classify("PRツール作成") == ["publicity"]
    assert classify("https://prtimes.jp/main/html/rd/p/000000002.000118826.html") == ["other"]


def test_roles_come_in_taxonomy_order() -> None:
    roles = classify("事業実施、情報提供、監修、会場の提供")
    assert roles == ["venue", "expertise", "networking", "operation"]
    order = list(ROLE_CODES)
    assert roles == sorted(roles, key=order.index)


def test_design_typical_words_give_their_role() -> None:
    # The "typical words" column of the roles table in DESIGN.md.
    typical = {
        "venue": ["会場提供", "場所の提供", "会合場所提供"],
        "publicity": ["広報", "周知", "情報発信", "チラシ", "案内"],
        "funding": ["補助金", "助成", "寄付", "協賛", "出展料", "事業委託元", "発注"],
        "in_kind": ["食材・物品の提供", "余剰野菜", "ドリンクの提供", "ごみの処理"],
        "co_organiser": ["共催", "共同開催", "イベント協働", "共同事務局", "ブース出店"],
        "endorsement": ["後援", "名義後援", "応援メッセージ"],
        "referral": ["相談窓口の連携", "人材紹介", "就職支援の連携"],
        "expertise": ["監修", "助言", "講師", "研修"],
        "volunteering": ["ボランティアの募集", "活動への参加協力", "訪問員"],
        "research": ["研究", "調査", "効果検証"],
        "technology": ["開発", "デザイン", "システム"],
        "networking": ["ネットワーク", "情報提供", "情報共有"],
        "operation": ["事業運営者", "事業実施"],
    }
    wrong = {w: classify(w) for role, words in typical.items() for w in words
             if classify(w) != [role]}
    assert wrong == {}


def _casebook_role_texts(first_line: int, last_line: int) -> list[str]:
    lines = CASEBOOK.read_text(encoding="utf-8").splitlines()
    block = "".join(lines[first_line - 1:last_line])
    return re.findall(r"（([^（）]*)）", block)


def test_tanoba_partner_block_of_seed_000() -> None:
    # Lines 10-11 of seed 000: the four partners of タノバ食堂.
    texts = _casebook_role_texts(10, 11)
    assert [(t, classify(t)) for t in texts] == [
        ("タノバ食堂の事業運営者", ["operation"]),
        ("タノバ食堂の会場提供パートナー", ["venue"]),
        ("参加者への案内／ネットワーキング", ["publicity", "networking"]),
        ("地域共創パートナー※余剰野菜の提供", ["in_kind"]),
    ]


def test_wakayama_partner_block_of_seed_000() -> None:
    # Lines 828-837: the 38 partners of a 和歌山 clean-up event, counted by hand.
    texts = _casebook_role_texts(828, 837)
    assert len(texts) == 38
    counts: dict[str, int] = {}
    for t in texts:
        for role in classify(t):
            counts[role] = counts.get(role, 0) + 1
    assert counts == {
        "publicity": 18,
        "in_kind": 6,
        "co_organiser": 7,
        "endorsement": 1,
        "volunteering": 10,
        "networking": 1,
        "other": 1,  # スマート・ライフ・プロジェクト参画
    }


def test_unmatched_counts_most_common_first() -> None:
    texts = [
        "イベントに出演", "広報の連携", None, "", "スマート・ライフ・プロジェクト参画",
        "イベントに出演", "ｽﾏｰﾄ･ﾗｲﾌ･ﾌﾟﾛｼﾞｪｸﾄ参画", "HITOMINA", "イベントに出演",
    ]
    assert unmatched(texts) == [
        ("イベントに出演", 3),
        ("スマート・ライフ・プロジェクト参画", 2),
        ("HITOMINA", 1),
    ]


# Seed 000:511 and 513 name partners as 連携団体; 000:715-716 name committees.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("連携団体", ["networking"]),
        ("健康づくりの連携団体", ["networking"]),
        # the committee's topic (就労支援) is not the partner's role
        ("就労支援部会での連携", ["networking"]),
        ("市民啓発部会、就労支援部会、中高生支援部会での連携", ["networking"]),
        # a role stated beside a committee still counts
        ("プロジェクトへの参画、専門的見地からの助言", ["co_organiser", "expertise"]),
    ],
)
def test_partner_bodies_and_committees(text: str, expected: list[str]) -> None:
    assert classify(text) == expected


def test_shipped_lexicon_gives_every_role() -> None:
    given = {role for _, role in default_lexicon().entries if role is not None}
    assert given == set(LEXICON_ROLES)
    assert set(LEXICON_ROLES) == set(ROLE_CODES) - {"other", "unspecified"}


def test_lexicon_rejects_a_phrase_under_two_roles(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.toml"
    path.write_text('venue = ["会場"]\nfunding = ["会場"]\n', encoding="utf-8")
    with pytest.raises(LexiconError, match="listed under both venue and funding"):
        load_lexicon(path)


def test_lexicon_rejects_an_unknown_role(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.toml"
    path.write_text('catering = ["弁当"]\n', encoding="utf-8")
    with pytest.raises(LexiconError, match="unknown role 'catering'"):
        load_lexicon(path)


def test_a_custom_lexicon_is_used(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.toml"
    path.write_text('venue = ["お寺"]\n', encoding="utf-8")
    lexicon = load_lexicon(path)
    assert classify("お寺の本堂", lexicon) == ["venue"]
    assert classify("会場の提供", lexicon) == ["other"]
