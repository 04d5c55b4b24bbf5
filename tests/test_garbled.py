"""The garbled-font decoder of seed 001, pinned on characters read by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tsunagari.loaders.garbled import (
    MAP_PATH,
    broken_font,
    decode,
    decode_aligned,
    display_name,
    kana_of,
    learn,
    load_map,
)

from tests.conftest import SEEDS

SEED_001 = SEEDS / "001_1143c6004f43cb1f.txt"


@pytest.mark.parametrize(
    ("garbled", "reading"),
    [
        # katakana: a fixed offset (001:6416)
        ("崣カンド崷ーベスト崠ャ崹ン", "セカンドハーベストジャパン"),
        ("プ嵕グラ嵈", "プログラム"),  # 001:28
        # hiragana: another offset (さまざまな 001:1246, および 001:2129, ひきこもり)
        ("さま峀まな", "さまざまな"),
        ("およ峝", "および"),
        ("峜きこもり", "ひきこもり"),
        # brackets (【解決策】)
        ("岧解決策岨", "【解決策】"),
    ],
)
def test_kana_rule(garbled: str, reading: str) -> None:
    assert decode(garbled).text == reading


def test_real_kanji_of_the_mountain_block_stay() -> None:
    # 豊島区, 宮崎県, 岐阜県, 岡山県 are written with these kanji as themselves
    for ch in "島崎岐岡":
        assert kana_of(ch) is None
    assert decode("豊島区").text == "豊島区"


@pytest.mark.parametrize(
    ("garbled", "reading"),
    [
        ("社会ૣක協৮会", "社会福祉協議会"),  # 001:463
        ("社会ૣක法人みんなの", "社会福祉法人みんなの"),  # 001:77
        ("ઙ式会社Linewood", "株式会社Linewood"),  # 001:6024
        ("ਨ区社協", "北区社協"),  # 001:240
        # dropped characters put back: 営 (001:68), 委 (001:55), 若 (001:2132), 居 (001:1253)
        ("્定శ利活動法人わたりグリーンベルトプ嵕崠崏クト", "特定非営利活動法人わたりグリーンベルトプロジェクト"),
        ("ઇ育৩会", "教育委員会"),
        ("子ども者サポートネットワーク", "子ども若者サポートネットワーク"),
        ("こども場所ネットワーク", "こども居場所ネットワーク"),
    ],
)
def test_kanji_table_on_names_read_by_hand(garbled: str, reading: str) -> None:
    d = decode(garbled)
    assert d.complete and d.text == reading and 0 < d.confidence <= 1


def test_a_letter_without_an_entry_stays_unread() -> None:
    d = decode("ௐਆఇ局")  # 001:6414: no reading for ௐ, ఇ
    assert not d.complete and d.confidence == 0
    assert set(d.unread) >= {"ௐ", "ఇ"}
    assert "ௐ" in d.text


def test_aligned_reading_maps_back_to_the_source() -> None:
    text = "連携先であるৗଗ社会ૣක協৮会と"
    reading, starts = decode_aligned(text)
    a = reading.index("社会福祉協議会")
    assert text[starts[a]:starts[a + len("社会福祉協議会")]] == "社会ૣක協৮会"


def test_broken_font_lines_are_recognised() -> None:
    assert broken_font("の⼦ども者サポートネットワークを介した情報提・")  # 001:2132, Kangxi ⼦
    assert broken_font("社会ૣක協৮会")
    assert not broken_font("・子育て世代による")


def test_display_marks_a_recovered_name() -> None:
    assert display_name("崣カンド", "セカンド", "garbled") == "推定: セカンド（文字化けから復元）"
    assert display_name("ௐਆఇ局", None, "garbled") == "（文字化けのため判読不能）"
    assert display_name("宗教法人 龍雲寺", None, None) == "宗教法人 龍雲寺"


def test_shipped_map_has_evidence_for_every_entry() -> None:
    data = json.loads(MAP_PATH.read_text(encoding="utf-8"))
    for section in ("kanji", "reviewed"):
        for letter, entry in data[section].items():
            assert entry["evidence"], (section, letter)
    assert load_map().kanji


def test_malformed_map_names_file_and_key(tmp_path: Path) -> None:
    bad = tmp_path / "map.json"
    bad.write_text(json.dumps({"kanji": {"ৗ": {"confidence": 1}}}), encoding="utf-8")
    with pytest.raises(ValueError, match=r"map\.json: kanji\.'ৗ'"):
        load_map(bad)


def test_learning_finds_a_letter_from_aligned_contexts() -> None:
    garbled = ["地域のৗしい活動", "ৗたな取組", "とてもৗしい"]
    clean = ["新しい活動を始めた。新たな取組。とても新しい。新しい仲間と新たな場所。"]
    got = learn(garbled, clean)
    assert got["ৗ"].char == "新"
    assert got["ৗ"].evidence
