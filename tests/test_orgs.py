"""Organisation names: legal forms, kinds, damaged text, resolution keys and overrides."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from tsunagari.core.vocabulary import SECTOR_CODES
from tsunagari.loaders.orgs import (
    SECTOR_KINDS,
    LegalName,
    OrgResolver,
    Overrides,
    OverridesError,
    classify_org,
    garbled_ratio,
    is_garbled,
    load_overrides,
    parse_legal_form,
    resolution_key,
    without_person,
)

from tests.conftest import SEEDS

MODEL_PROJECTS = SEEDS / "001_1143c6004f43cb1f.txt"


# ---------------------------------------------------------------- legal forms

@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("NPO法人 抱樸", LegalName("特定非営利活動法人", "抱樸", "prefix", "NPO法人")),
        ("特定非営利活動法人抱樸", LegalName("特定非営利活動法人", "抱樸", "prefix", "特定非営利活動法人")),
        # seed 003 writes NPO 法人 with a space, and once misspells the form
        ("NPO 法人 成年後見安心サポートネット熊本",
         LegalName("特定非営利活動法人", "成年後見安心サポートネット熊本", "prefix", "NPO 法人")),
        ("特別非営利活動法人 熊本県就労支援事業者機構",
         LegalName("特定非営利活動法人", "熊本県就労支援事業者機構", "prefix", "特別非営利活動法人")),
        ("認定NPO法人 トナリビト", LegalName("認定特定非営利活動法人", "トナリビト", "prefix", "認定NPO法人")),
        ("認定特定非営利活動法人わかやまNPOセンター",
         LegalName("認定特定非営利活動法人", "わかやまNPOセンター", "prefix", "認定特定非営利活動法人")),
        ("社会福祉法人 鳥取県社会福祉協議会",
         LegalName("社会福祉法人", "鳥取県社会福祉協議会", "prefix", "社会福祉法人")),
        ("TanoBa合同会社", LegalName("合同会社", "TanoBa", "suffix", "合同会社")),
        ("ソニー生命保険株式会社", LegalName("株式会社", "ソニー生命保険", "suffix", "株式会社")),
        ("株式会社 アメージングデザイン", LegalName("株式会社", "アメージングデザイン", "prefix", "株式会社")),
        ("（株）ベルタ", LegalName("株式会社", "ベルタ", "prefix", "(株)")),
        ("ベルタ㈱", LegalName("株式会社", "ベルタ", "suffix", "(株)")),
        ("（公社） 全日本不動産協会東京都本部",
         LegalName("公益社団法人", "全日本不動産協会東京都本部", "prefix", "(公社)")),
        ("公益財団法人和歌山県人権啓発センター",
         LegalName("公益財団法人", "和歌山県人権啓発センター", "prefix", "公益財団法人")),
        ("一般財団法人 ウェルネスサポートLab",
         LegalName("一般財団法人", "ウェルネスサポートLab", "prefix", "一般財団法人")),
        # Kangxi radicals from the PDF (⼀, ⼈) normalise to the ordinary kanji.
        ("⼀般社団法⼈NIMOALCAMO", LegalName("一般社団法人", "NIMOALCAMO", "prefix", "一般社団法人")),
        ("社団法人ママの孤立防止支援協会",
         LegalName("社団法人", "ママの孤立防止支援協会", "prefix", "社団法人")),
        ("医療法人社団 福寿会 福寿会病院",
         LegalName("医療法人社団", "福寿会 福寿会病院", "prefix", "医療法人社団")),
        ("宗教法人 龍雲寺", LegalName("宗教法人", "龍雲寺", "prefix", "宗教法人")),
        ("国立大学法人福井大学医学部地域プライマリケア講座",
         LegalName("国立大学法人", "福井大学医学部地域プライマリケア講座", "prefix", "国立大学法人")),
        ("生活協同組合コープみらい",
         LegalName("生活協同組合", "コープみらい", "prefix", "生活協同組合")),
        ("坂ノ途中", LegalName(None, "坂ノ途中", None, None)),
        # A form in the middle of a phrase is not the legal form of a name.
        ("各市町村の社会福祉法人社会福祉協議会",
         LegalName(None, "各市町村の社会福祉法人社会福祉協議会", None, None)),
    ],
)
def test_parse_legal_form(name: str, expected: LegalName) -> None:
    assert parse_legal_form(name) == expected


# ---------------------------------------------------------------- sector and kind

@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("特定非営利活動法人 抱樸", ("nonprofit", "npo")),
        ("一般社団法人チョイふる", ("nonprofit", "general_incorporated")),
        ("公益社団法人和歌山県青少年育成協会", ("nonprofit", "general_incorporated")),
        ("一般財団法人和歌山環境保全公社", ("nonprofit", "foundation")),
        ("社会福祉法人喜成会", ("nonprofit", "social_welfare")),
        ("社会福祉法人調布市社会福祉協議会", ("nonprofit", "council")),
        ("青森県社会福祉協議会", ("nonprofit", "council")),
        ("町社協", ("nonprofit", "council")),
        ("TanoBa合同会社", ("private", "company")),
        ("株式会社HeeHaa", ("private", "company")),
        ("人材紹介会社", ("private", "company")),
        ("医療法人社団 福寿会 福寿会病院", ("private", "hospital")),
        ("駒木野病院", ("private", "hospital")),
        ("宗教法人 龍雲寺", ("nonprofit", "religious")),
        ("八王子市仏教会", ("nonprofit", "religious")),
        ("生活協同組合コープみらい", ("nonprofit", "cooperative")),
        ("JAわかやま", ("nonprofit", "cooperative")),
        ("野沢2丁目町内会", ("community", "neighbourhood_association")),
        ("和歌山県BBS連盟", ("nonprofit", "association")),
        ("東京商工会議所北支部", ("nonprofit", "association")),
        ("東洋大学", ("academic", "university")),
        ("東京都立産業技術大学院大学", ("academic", "university")),
        ("法政大学現代福祉学部 助教 岩田千亜紀", ("academic", "university")),
        ("国立大学法人福井大学医学部地域プライマリケア講座", ("academic", "university")),
        ("和歌山県立北高等学校", ("academic", "school")),
        ("精華学園和歌山校", ("academic", "school")),
        ("和歌山大学附属教育学部附属小学校", ("academic", "school")),
        ("稚内市", ("public", "government")),
        ("和歌山県", ("public", "government")),
        ("国", ("public", "government")),
        ("法務省", ("public", "government")),
        ("弘前市役所", ("public", "government")),
        ("高浜町役場保健福祉課地域医療推進室", ("public", "government")),
        ("北区子ども未来部子ども未来課", ("public", "government")),
        ("和歌山県教育委員会", ("public", "government")),
        ("関西広域連合", ("public", "government")),
        ("足立区中央図書館", ("public", "facility")),
        ("高浜町まちなか交流館", ("public", "facility")),
        ("たかはま地域医療サポーターの会", ("community", "volunteer_group")),
        ("子ども若者応援フリースペース", ("community", "volunteer_group")),
        # 法人 of no known form, here damaged by the PDF font: sector not guessed.
        ("્定శ利活動法人サンカクシャ", (None, "other")),
        ("居住支援法人", (None, "other")),
        ("", (None, "other")),
    ],
)
def test_classify_org(name: str, expected: tuple[str | None, str]) -> None:
    assert classify_org(name) == expected


def test_every_kind_maps_to_a_model_sector() -> None:
    assert set(SECTOR_KINDS.values()) == set(SECTOR_CODES)


# ---------------------------------------------------------------- damaged text

# Closing lines of reports in seed 001, where the PDF font replaced characters
# with Gujarati, Sinhala, Telugu and Arabic code points.
GARBLED_001 = [
    "્定శ利活動法⼈サンカクシャ",  # line 1679: 特定非営利活動法人サンカクシャ
    "社会ૣක法⼈ ృેృ嵃ー嵈",  # line 4562: 社会福祉法人 九十九里ホーム
    "⼀般ଃ団法⼈ウ崏ルネスサポصトLab",  # line 5176: 一般財団法人ウェルネスサポートLab
    "認定્定శ利活動法⼈こまち峡らす",  # line 3525: 認定NPO法人 こまちぷらす
    "・公இଃ団法⼈共⽣地域ୗଃ団︓広域的（గ",  # line 65
]


@pytest.mark.parametrize("text", GARBLED_001)
def test_garbled_names_of_seed_001(text: str) -> None:
    assert text in MODEL_PROJECTS.read_text(encoding="utf-8")
    assert is_garbled(text)


@pytest.mark.parametrize(
    "text",
    [
        "⼀般社団法⼈ ママの孤⽴防⽌⽀援協会（東京都⾜⽴区）",  # Kangxi radicals: normalised, fine
        "特定非営利活動法人子育てママ応援塾ほっこり～の",
        "株式会社SoooooS.（スース）",
        "認定NPO法人 LivEQuality HUB",
        "・ARTRIP＋α",
        "ホテルベルクラ  シック東京（ブース出店）",
        "📍 複雑化する社会と希薄化するつながり",
        "※○●◎…―‐–—「」『』【】〜",
        "Café Tōkyō",
    ],
)
def test_clean_text_is_not_garbled(text: str) -> None:
    assert not is_garbled(text)


def test_damage_inside_the_cjk_block_is_not_seen() -> None:
    # ナ replaced by the kanji 崲 (seed 001 line 4996): only an override can fix it.
    assert not is_garbled("NPO法人ト崲リビト")


def test_garbled_ratio() -> None:
    # 12 characters besides the space; the Gujarati, Sinhala and Telugu 5 are foreign.
    assert garbled_ratio("社会ૣක法⼈ ృેృ嵃ー嵈") == pytest.approx(5 / 12)
    assert garbled_ratio("特定非営利活動法人 抱樸") == 0.0
    assert garbled_ratio("") == 0.0


def test_report_headings_of_seed_001_are_clean() -> None:
    # The 32 report headings ("name（prefecture + city）") survived the broken fonts.
    lines = MODEL_PROJECTS.read_text(encoding="utf-8").splitlines()
    headings = [
        line for line in lines if re.match(r"^\S.{1,40}（\S{2,4}[都道府県]\S*）\s*$", line)
    ]
    assert len(headings) == 32
    assert [h for h in headings if is_garbled(h)] == []


@pytest.mark.parametrize("document", ["000_db7cee502450179d.txt", "004_fd6cbdb65fe8003b.txt"])
def test_clean_seed_documents_have_no_garbled_line(document: str) -> None:
    lines = (SEEDS / document).read_text(encoding="utf-8").splitlines()
    assert [i for i, line in enumerate(lines, 1) if is_garbled(line)] == []


# ---------------------------------------------------------------- resolution keys

def test_legal_form_spellings_share_a_key() -> None:
    keys = {resolution_key(n) for n in ("NPO法人 抱樸", "特定非営利活動法人 抱樸", "特定非営利活動法人抱樸")}
    assert keys == {"抱樸"}


def test_spacing_and_case_share_a_key() -> None:
    assert resolution_key("一般社団法人 NIMO ALCAMO") == "nimoalcamo"
    assert resolution_key("⼀般社団法⼈NIMOALCAMO") == "nimoalcamo"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("認定NPO法人 全国こども食堂支援センター・むすびえ", "認定NPO法人全国こども食堂支援センターむすびえ"),
        ("札幌メンズ・シェッド ポッケコタン", "札幌メンズ･シェッド ポツケコタン"),  # small kana, half-width dot
        ("原ヶ平町内会", "原ケ平町内会"),
        ("特定非営利活動法人 まくとー", "特定非営利活動法人 まくと-"),
        ("特定非営利活動法人子育てママ応援塾ほっこり～の", "子育てママ応援塾ほっこり〜の"),
        ("NPO法人 SKY", "NPO法人  sky"),
        # A body that became 認定 keeps its identity.
        ("NPO法人 サンカクシャ", "認定NPO法人サンカクシャ"),
    ],
)
def test_variants_share_a_key(a: str, b: str) -> None:
    assert resolution_key(a) == resolution_key(b)


def test_different_kana_do_not_share_a_key() -> None:
    # ク and ケ: seed 004 spells the same group both ways; only the overrides merge them.
    a = resolution_key("札幌メンズ・シェッド ポックコタン")
    b = resolution_key("札幌メンズ・シェッド ポツケコタン")
    assert (a, b) == ("札幌メンズシエツドポツクコタン", "札幌メンズシエツドポツケコタン")


def test_children_spellings_differ_by_rules() -> None:
    # こども and 子ども are not folded: that would need a dictionary, not a rule.
    assert resolution_key("全国こども食堂支援センター") != resolution_key("全国子ども食堂支援センター")


# ---------------------------------------------------------------- resolver and overrides

def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "overrides.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_resolve_without_overrides() -> None:
    resolver = OrgResolver()
    a = resolver.resolve("NPO法人  抱樸")
    b = resolver.resolve("特定非営利活動法人抱樸")
    assert a.id == b.id == "org-" + hashlib.sha1("抱樸".encode()).hexdigest()[:16]
    assert a.id == "org-4b6ad4e6da247798"
    assert (a.key, a.name, a.legal_form, a.sector, a.kind) == (
        "抱樸", "NPO法人 抱樸", "特定非営利活動法人", "nonprofit", "npo"
    )
    assert (a.merged_by, a.evidence) == ("rules", "legal form NPO法人 removed")
    c = resolver.resolve("稚内市")
    assert (c.key, c.sector, c.kind, c.merged_by, c.evidence) == (
        "稚内市", "public", "government", None, ""
    )
    d = resolver.resolve("一般社団法人 NIMO ALCAMO")
    assert d.evidence == "legal form 一般社団法人 removed; whitespace removed; Latin case folded"


def test_ids_are_the_same_in_every_load() -> None:
    first = OrgResolver(load_overrides()).resolve("TanoBa合同会社")
    second = OrgResolver(load_overrides()).resolve("ＴａｎｏＢａ合同会社")
    assert first.id == second.id == "org-" + hashlib.sha1(b"tanoba").hexdigest()[:16]


def test_empty_name_is_refused() -> None:
    with pytest.raises(ValueError, match="empty organisation name"):
        OrgResolver().resolve("  ")


def test_shipped_overrides_merge_the_men_s_shed() -> None:
    resolver = OrgResolver(load_overrides())
    a = resolver.resolve("札幌メンズ・シェッド ポックコタン")
    b = resolver.resolve("札幌メンズ・シェッド ポツケコタン")
    assert a.id == b.id
    assert a.key == b.key == "札幌メンズシエツドポツクコタン"  # the first listed name's key
    assert (b.merged_by, b.name) == ("override", "札幌メンズ・シェッド ポツケコタン")
    assert b.evidence.startswith("merge override 1 (札幌メンズ・シェッド ポックコタン / ")


def test_shipped_overrides_use_the_canonical_name() -> None:
    resolver = OrgResolver(load_overrides())
    a = resolver.resolve("認定特定非営利活動法人全国子ども食堂支援センターむすびえ")
    b = resolver.resolve("認定NPO法人 全国こども食堂支援センター・むすびえ")
    assert a.id == b.id
    assert a.key == "全国こども食堂支援センターむすびえ"
    assert a.canonical == "認定NPO法人 全国こども食堂支援センター・むすびえ"
    assert a.name == "認定特定非営利活動法人全国子ども食堂支援センターむすびえ"


def test_shipped_overrides_join_look_alikes() -> None:
    # 003:562 and 003:921 name one member of 熊本市's platform, with and without (KVOAD)
    resolver = OrgResolver(load_overrides())
    assert (resolver.resolve("特定非営利活動法人くまもと災害ボランティア団体ネットワーク(KVOAD)").id
            == resolver.resolve("特定非営利活動法人くまもと災害ボランティア団体ネットワーク").id)
    assert resolver.resolve("グラフィア").id == resolver.resolve("グラフィアー").id


def test_merge_from_a_file(tmp_path: Path) -> None:
    path = _write(tmp_path, """
[[merge]]
names = ["一般社団法人 よだか総合研究所", "一般社団法人よだか合研所"]
reason = "seed 001, damaged closing line"
""")
    overrides = load_overrides(path)
    resolver = OrgResolver(overrides)
    damaged = resolver.resolve("一般社団法人よだか合研所")
    assert damaged.key == "よだか総合研究所"
    assert damaged.evidence == (
        "merge override 1 (一般社団法人 よだか総合研究所 / 一般社団法人よだか合研所): "
        "seed 001, damaged closing line"
    )
    # A mention without the legal form has the same key, so it joins too.
    assert resolver.resolve("よだか合研所").key == "よだか総合研究所"


def test_keep_apart_by_legal_form(tmp_path: Path) -> None:
    # NPO 法人 ガット is in seed 003; the company of the same name is invented
    # to show the case the keep_apart entries exist for.
    names = ("NPO 法人 ガット", "株式会社 ガット")
    assert resolution_key(names[0]) == resolution_key(names[1]) == "ガツト"
    path = _write(tmp_path, """
[[keep_apart]]
names = ["NPO 法人 ガット", "株式会社 ガット"]
reason = "a company and an NPO"
""")
    resolver = OrgResolver(load_overrides(path))
    npo, company = (resolver.resolve(n) for n in names)
    assert (npo.key, company.key) == ("ガツト|特定非営利活動法人", "ガツト|株式会社")
    assert npo.id != company.id
    assert npo.merged_by == "override"
    assert npo.evidence == "kept apart by override (legal form kept in the key): a company and an NPO"
    # Other spellings of the NPO still join the NPO.
    assert resolver.resolve("特定非営利活動法人ガット").id == npo.id
    # A bare mention cannot be told to belong to either.
    assert resolver.resolve("ガット").key == "ガツト|"


def test_keep_apart_with_the_same_legal_form(tmp_path: Path) -> None:
    # Same legal form after canonicalisation: the whole folded name tells them apart.
    path = _write(tmp_path, """
[[keep_apart]]
names = ["NPO法人 抱樸", "特定非営利活動法人 抱樸"]
reason = "test only: the two spellings kept apart"
""")
    resolver = OrgResolver(load_overrides(path))
    a, b = resolver.resolve("NPO法人 抱樸"), resolver.resolve("特定非営利活動法人 抱樸")
    assert (a.key, b.key) == ("抱樸|npo法人抱樸", "抱樸|特定非営利活動法人抱樸")


def test_keep_apart_that_nothing_can_split_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, """
[[keep_apart]]
names = ["一般社団法人 NIMO ALCAMO", "一般社団法人NIMOALCAMO"]
reason = "cannot work"
""")
    with pytest.raises(OverridesError, match=r"\[\[keep_apart\]\] entry 1: .* differ only"):
        OrgResolver(load_overrides(path))


def test_merge_that_undoes_a_keep_apart_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, """
[[merge]]
names = ["NPO 法人 ガット", "株式会社 ガット"]
reason = "contradiction"

[[keep_apart]]
names = ["NPO 法人 ガット", "株式会社 ガット"]
reason = "a company and an NPO"
""")
    with pytest.raises(OverridesError, match="are merged by a"):
        OrgResolver(load_overrides(path))


def test_one_name_in_two_merges_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, """
[[merge]]
names = ["認定NPO法人 トナリビト", "NPO法人ト崲リビト"]
reason = "a"

[[merge]]
names = ["NPO法人 トナリ", "トナリビト"]
reason = "b"
""")
    with pytest.raises(OverridesError, match=r"entries 1 and 2 both claim 'トナリビト'"):
        OrgResolver(load_overrides(path))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[merge]]\nnames = ["抱樸"]\nreason = "x"\n', "at least two names"),
        ('[[merge]]\nnames = ["抱樸", "NPO法人 抱樸"]\n', "'reason' is required"),
        ('[[merge]]\nnames = ["a", "b"]\nreason = "x"\nwhy = "y"\n', "unknown field"),
        ('[[keep_apart]]\nnames = ["a", "b", "c"]\nreason = "x"\n', "exactly two names"),
        ('[[split]]\nnames = ["a", "b"]\n', "unknown table"),
        ("[[merge]\n", "not valid TOML"),
        ('merge = ["a", "b"]\n', "must be written as [[merge]] tables"),
    ],
)
def test_bad_overrides_name_file_and_entry(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(OverridesError, match=re.escape(message)) as err:
        load_overrides(path)
    assert str(path) in str(err.value)


def test_shipped_overrides_load() -> None:
    overrides = load_overrides()
    assert overrides.merges
    # Every merge actually joins names the rules keep apart.
    for merge in overrides.merges:
        assert len({resolution_key(n) for n in merge.names}) > 1, merge.names
    assert OrgResolver(Overrides()).overrides.merges == ()


def test_shakyo_is_the_council() -> None:
    assert resolution_key("北区社協") == resolution_key("北区社会福祉協議会")


def test_lookalikes_are_proposed_not_merged() -> None:
    from tsunagari.loaders.orgs import lookalike

    # 003:562 vs 003:921; 003:318 vs 003:420
    assert "KVOAD" in (lookalike("特定非営利活動法人くまもと災害ボランティア団体ネットワーク(KVOAD)",
                                 "特定非営利活動法人くまもと災害ボランティア団体ネットワーク") or "").upper()
    assert lookalike("グラフィア", "グラフィアー")
    assert lookalike("弘前市", "弘前市千年交流センター") is None
    assert resolution_key("グラフィア") != resolution_key("グラフィアー")


def test_an_override_that_matches_no_name_is_an_error(tmp_path: Path) -> None:
    from tsunagari.loaders.orgs import unmatched_overrides

    path = _write(tmp_path, """
[[merge]]
names = ["グラフィア", "グラフィアー"]
reason = "seed 003"

[[merge]]
names = ["NPO法人ト崲リビト", "認定NPO法人 トナリビト"]
reason = "gone from the records"
""")
    errors = unmatched_overrides({"グラフィア", "グラフィアー", "認定NPO法人 トナリビト"}, load_overrides(path))
    assert len(errors) == 1 and "entry 2" in errors[0] and "ト崲リビト" in errors[0]


def test_shipped_overrides_all_match_the_shipped_records() -> None:
    from tsunagari.loaders.records import read_records

    from tsunagari.commands.lookalikes import report

    records = read_records([Path(__file__).resolve().parents[1] / "data" / "records.jsonl"]).records
    _, errors = report(records, load_overrides())
    assert errors == []


def test_a_named_facility_stays_apart_from_its_city() -> None:
    from tsunagari.loaders.places import gazetteer
    from tsunagari.loaders.project import default_resolver, project
    from tsunagari.loaders.records import Lead, Partner, Record, Source

    rec = Record(id="t-1", title="t", lead=Lead(name="一般社団法人テスト"),
                 partners=[Partner(name="弘前市千年交流センター"), Partner(name="弘前市"),
                           Partner(name="北広島市にし高齢者支援センター"), Partner(name="北広島市")],
                 source=Source(document="x.txt", line=1, format="casebook"))
    pj = project([rec], default_resolver(), gazetteer(), include_places=False)
    names = {r["name"] for r in pj.rows.nodes["Organisation"]}
    assert {"弘前市千年交流センター", "北広島市にし高齢者支援センター"} <= names


@pytest.mark.parametrize("name, org, person", [
    ("株式会社HeeHaa 代表取締役 朴圓燮", "株式会社HeeHaa", "代表取締役 朴圓燮"),  # 000:188
    ("株式会社wafactory 代表取締役 南相旭", "株式会社wafactory", "代表取締役 南相旭"),  # 000:188-189
    ("法政大学現代福祉学部 助教 岩田千亜紀", "法政大学現代福祉学部", "助教 岩田千亜紀"),  # 000:188
    ("社会福祉法人 みどり会", "社会福祉法人 みどり会", None),
    ("一般社団法人 代表 会", "一般社団法人 代表 会", None),
])
def test_a_post_and_person_after_the_name_are_cut(name: str, org: str, person: str | None) -> None:
    assert without_person(name) == (org, person)
