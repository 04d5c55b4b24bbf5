"""The casebook parser on the real casebook (seed 000), checked against a hand reading.

EXPECTED holds, for each of the 13 initiatives, what a careful reader of the
document writes down: title, collaboration type, lead, the JIS codes of the
対象地域, and every partner with its roles, in the order of the source.
"""

from __future__ import annotations

import pytest
from tsunagari.loaders.casebook import LIFE_STAGES, parse, period_from_text
from tsunagari.loaders.parsing import ParseResult

from tests.conftest import SEEDS

DOCUMENT = "000_db7cee502450179d.txt"


@pytest.fixture(scope="module")
def text() -> str:
    return (SEEDS / DOCUMENT).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def result(text: str) -> ParseResult:
    return parse(text, DOCUMENT)


@pytest.fixture(scope="module")
def by_line(result: ParseResult) -> dict:
    return {r.source.line: r for r in result.records}


# title line -> (title, collaboration_type, lead, area codes, [(partner, roles)])
EXPECTED = {
    2: (
        '多様な世代や属性の人が集い、孤独の予防を目指す自由価格制のコミュニティ「タノバ食堂」',
        '民民連携', 'TanoBa合同会社', ['13112'],
        [
            ('TanoBa合同会社', ['operation']),
            ('宗教法人 龍雲寺', ['venue']),
            ('野沢2丁目町内会', ['publicity', 'networking']),
            ('坂ノ途中', ['in_kind']),
        ],
    ),
    66: (
        'ママの孤独孤立防止ドットリボンママフェスタ',
        '官民連携', '特定非営利活動法人子育てパレット', ['13121'],
        [
            ('足立区教育委員会', ['co_organiser']),
            ('社団法人ママの孤立防止支援協会', ['unspecified']),
            ('足立区支援管理課', ['unspecified']),
            ('足立区子ども施設指導・支援課', ['unspecified']),
            ('足立区中央図書館', ['unspecified']),
            ('足立区', ['unspecified']),  # こども家庭部 (000:74), a unit of 足立区
            ('足立区交通対策課', ['unspecified']),
            ('医療法人社団 福寿会 福寿会病院', ['unspecified']),
            ('株式会社Peby Style', ['unspecified']),
            ('那須歯科医院グループ', ['unspecified']),
            ('生活協同組合コープみらい', ['unspecified']),
            ('株式会社ライフバリュークリエイション', ['unspecified']),
            ('ソニー生命保険株式会社', ['unspecified']),
            ('株式会社HITOMINA', ['unspecified']),
            ('一般社団法人チョイふる', ['unspecified']),
            ('城北ヤクルト販売株式会社', ['unspecified']),
            ('ホテルベルクラシック東京', ['co_organiser']),
            ('クリロン化成株式会社', ['unspecified']),
            ('株式会社 アメージングデザイン', ['unspecified']),
            ('オタフクソース株式会社', ['unspecified']),
            ('株式会社SoooooS.', ['unspecified']),
            ('株式会社TOKIO Lab', ['unspecified']),
            ('二葉乳児院', ['unspecified']),
            ('株式会社りぶはあと', ['unspecified']),
            ('株式会社リッチェル', ['unspecified']),
            ('ラッキー工業株式会社', ['unspecified']),
            ('コンビ', ['unspecified']),
            ('株式会社ベルタ', ['unspecified']),
            ('(公社) 全日本不動産協会東京都本部', ['in_kind']),
        ],
    ),
    123: (
        '「みんなの食堂」おいでえーる',
        '官民連携', '社会福祉法人千年会', ['02202'],
        [
            ('青森県社会福祉協議会', ['in_kind', 'expertise', 'networking']),
            ('弘前市役所', ['publicity', 'funding']),
            ('一般社団法人みらいねっと弘前', ['in_kind', 'networking']),
            ('原ケ平町内会', ['publicity', 'networking']),
            ('ひろさきボランティアセンター', ['volunteering']),
            ('弘前市千年交流センター', ['venue']),
            ('認定特定非営利活動法人全国子ども食堂支援センターむすびえ', ['in_kind', 'networking']),
        ],
    ),
    180: (
        'パートナーが性被害を経験した男性向けチャットボット「Two Drops」',
        '民民連携', '特定非営利活動法人しあわせなみだ', [None],
        [
            ('特定非営利活動法人しあわせなみだ', ['operation']),
            ('法政大学現代福祉学部', ['expertise']),
            ('株式会社HeeHaa', ['technology']),
            ('株式会社wafactory', ['technology']),
        ],
    ),
    236: (
        '孤独・孤立対策普及啓発イベント「AWAKENING PORT~ちいさなぬくもり探してみませんか~」',
        '官民連携', '品川区', ['13109'],
        [
            ('子ども若者応援フリースペース', ['unspecified']),
            ('一般社団法人モノづくりXプログラミング for Shinagawa', ['unspecified']),
            ('東京都立産業技術大学院大学', ['unspecified']),
            ('立正大学', ['unspecified']),
            ('一般財団法人大崎エリアマネージメント', ['unspecified']),
            ('株式会社スラップショット', ['unspecified']),
        ],
    ),
    297: (
        '官学民医福連携で取り組む、つながり創出のための地域プラットフォーム「健高カフェ」',
        '官民連携', '国立大学法人福井大学', ['18481'],
        [
            ('国立大学法人福井大学医学部地域プライマリケア講座', ['co_organiser']),
            ('高浜町役場保健福祉課地域医療推進室', ['co_organiser']),
            ('たかはま地域医療サポーターの会', ['co_organiser']),
            ('JCHO若狭高浜病院', ['co_organiser']),
            ('高浜町社会福祉協議会', ['co_organiser']),
            ('特定非営利活動法人おひさま', ['co_organiser']),
            ('高浜町まちなか交流館', ['venue']),
        ],
    ),
    389: (
        '第二期・食で結ぶ「孤独・孤立対策プラットフォーム」の構築',
        '官民連携', '一般社団法人フードバンク八王子', ['13201'],
        [
            ('はちせいパントリー', ['unspecified']),
            ('まほうのほうき', ['unspecified']),
            ('カフェ北野', ['unspecified']),
            ('たてキッチンさくら', ['unspecified']),
            ('八王子不登校児支援ネットワーク「プラス・パス」', ['unspecified']),
            ('NPO法人里親ほいっぷ', ['unspecified']),
            ('社会福祉法人武蔵野会', ['unspecified']),
            ('八王子市若者サポートステーション', ['unspecified']),
            ('島田療育センターはちおうじ', ['unspecified']),
            ('駒木野病院', ['unspecified']),
            ('八王子市仏教会', ['unspecified']),
            ('八王子市社会福祉協議会', ['unspecified']),
            ('八王子市', ['unspecified']),
            ('八王子市', ['unspecified']),
            ('八王子市', ['unspecified']),
            ('八王子市', ['unspecified']),
            ('八王子市', ['unspecified']),
            ('八王子市', ['unspecified']),
            ('東京都立大学', ['unspecified']),
            ('八王子拓真高校', ['unspecified']),
            ('法務省', ['unspecified']),
        ],
    ),
    451: (
        '北区繋がり広がるプロジェクト',
        '官民連携', '一般社団法人SHOIN', ['13117'],
        [
            ('北区子ども未来部子ども未来課', ['unspecified']),
            ('一般社団法人COCOROごはん', ['unspecified']),
            ('特定非営利活動法人子育てママ応援塾ほっこり~の', ['unspecified']),
            ('フィレールラビッツ浮間', ['unspecified']),
            ('みんなの夕はん処きりのはな', ['unspecified']),
            ('東京商工会議所北支部', ['unspecified']),
        ],
    ),
    507: (
        'ふまねっと運動を利用した健康づくり仲間づくり',
        '官民連携', '認定特定非営利活動法人ふまねっと', ['01100', '01234', '01208', '01207', '01214', '01518'],
        [
            ('特定非営利活動法人ゆとりの', ['networking']),
            ('池田町社会福祉協議会', ['unspecified']),
            ('北広島市にし高齢者支援センター', ['networking']),
            ('稚内市', ['funding']),
            ('利尻町', ['funding']),
            ('北見市', ['funding']),
            ('帯広市', ['funding']),
            ('イオン北海道株式会社', ['networking']),
        ],
    ),
    567: (
        '病気療養中に孤立・孤独に陥っている人が社会復帰できるよう支援する',
        '官民連携', '特定非営利活動法人あしたばの会', ['13208', None],
        [
            ('社会福祉法人調布市社会福祉協議会', ['referral']),
            ('東京都多摩難病相談・支援室', ['referral']),
            ('特定非営利活動法人高次脳機能障がい者活動センター 調布ドリーム', ['referral']),
            ('各市町村の社会福祉法人社会福祉協議会', ['referral']),
            ('都道府県の社会福祉関係支援組織', ['unspecified']),
            ('各地のハローワーク', ['referral']),
            ('人材紹介会社', ['referral']),
            ('IT関連企業', ['referral']),
            ('大学大学院研究室', ['research']),
        ],
    ),
    635: (
        '静岡方式による伴走型就労支援〜市民ボランティアのネットワークによる就労支援〜',
        '官民連携', '特定非営利活動法人青少年就労支援ネットワーク静岡', ['22'],
        [
            ('特定非営利活動法人青少年就労支援ネットワーク静岡', ['referral']),
            ('静岡地域若者サポートステーション', ['unspecified']),
            ('富士市若者相談窓口等', ['referral']),
            ('静岡県社会福祉協議会', ['referral']),
            ('町社協', ['referral']),
            ('県及び各市町', ['funding']),
            ('企業', ['in_kind']),
            ('ボランティア団体等', ['volunteering']),
            ('県立高等学校', ['venue', 'referral']),
            ('通信制高校等', ['venue', 'referral']),
            ('大学生', ['referral', 'operation']),
            ('社会福祉法人', ['venue', 'in_kind']),
            ('居住支援法人', ['in_kind']),
            ('フードバンク団体', ['in_kind']),
        ],
    ),
    689: (
        '当事者・家族・専門職がネットワークを組んだ孤独・孤立対策(社会的支援)の実践',
        '官民連携', 'NPO法人 全国言友会連絡協議会', [None],
        [
            ('全国の吃音当事者の自助グループ45団体', ['co_organiser']),
            ('NPO法人「吃音とともに就労を支援する会」どーもわーく', ['networking']),
            ('きつおん親子カフェ', ['networking']),
            ('吃音医師の会', ['co_organiser', 'expertise']),
            ('吃音のある看護師交流会', ['co_organiser', 'expertise']),
            ('他の音声言語障害当事者会', ['publicity']),
        ],
    ),
    824: (
        '清掃活動を通して人と人とがつながる',
        '官民連携', 'NPO クリーン&コネクト和歌山', ['30201'],
        [
            ('法務省', ['publicity', 'in_kind']),
            ('厚生労働省', ['other']),
            ('国土交通省', ['in_kind']),
            ('環境省', ['publicity']),
            ('関西広域連合', ['publicity']),
            ('和歌山県', ['publicity', 'in_kind']),
            ('和歌山市', ['publicity', 'in_kind']),
            ('和歌山県教育委員会', ['publicity']),
            ('和歌山市教育委員会', ['publicity']),
            ('認定特定非営利活動法人わかやまNPOセンター', ['co_organiser']),
            ('一般財団法人和歌山環境保全公社', ['publicity', 'in_kind']),
            ('社会福祉法人和歌山市社会福祉協議会', ['publicity']),
            ('公益社団法人和歌山県青少年育成協会', ['publicity']),
            ('公益財団法人和歌山県人権啓発センター', ['publicity']),
            ('特定非営利活動法人わかやま環境ネットワーク', ['publicity']),
            ('和歌山県中小企業団体中央会', ['publicity']),
            ('東洋大学', ['endorsement']),
            ('和歌山大学', ['publicity']),
            ('和歌山大学附属教育学部附属小学校', ['publicity']),
            ('JAわかやま', ['publicity']),
            ('株式会社豊工業所', ['co_organiser']),
            ('和歌山県立北高等学校', ['publicity', 'volunteering']),
            ('株式会社オークワ', ['co_organiser']),
            ('精華学園和歌山校', ['co_organiser']),
            ('社会福祉法人喜成会', ['co_organiser']),
            ('和歌山市老人福祉施設協議会', ['co_organiser']),
            ('和歌山県BBS連盟', ['co_organiser', 'networking']),
            ('和歌山ユネスコ協会', ['publicity']),
            ('日本たばこ産業株式会社', ['volunteering']),
            ('和歌山縣ヘルス工業株式会社', ['volunteering']),
            ('日本製鉄株式会社', ['volunteering']),
            ('旭食品株式会社', ['volunteering']),
            ('株式会社積水ハウス', ['volunteering']),
            ('株式会社昭建', ['volunteering']),
            ('紀の国住宅株式会社', ['volunteering']),
            ('SMBC日興証券株式会社', ['volunteering']),
            ('ソフトバンク株式会社', ['volunteering']),
            ('株式会社宮本工業', ['in_kind']),
        ],
    ),
}


def test_thirteen_initiatives_and_no_captions(result: ParseResult) -> None:
    assert [r.id for r in result.records] == [
        f"casebook-000-{line:04d}" for line in EXPECTED
    ]
    # the photo captions (地域サロン情報誌「ちさろ」…, 分科会参加者 …) are not initiatives
    assert not any("ちさろ" in r.title or "分科会" in r.title for r in result.records)


@pytest.mark.parametrize("line", list(EXPECTED))
def test_initiative(by_line: dict, line: int) -> None:
    title, ctype, lead, codes, partners = EXPECTED[line]
    rec = by_line[line]
    assert rec.title == title
    assert rec.collaboration_type == ctype
    assert rec.lead.name == lead
    assert [a.code for a in rec.areas] == codes
    assert [(p.name, p.roles) for p in rec.partners] == partners
    assert rec.source.document == DOCUMENT and rec.source.format == "casebook"


def test_first_initiative_is_the_design_example(by_line: dict) -> None:
    rec = by_line[2]
    assert rec.id == "casebook-000-0002"
    assert rec.areas[0].model_dump() == {
        "text": "東京都世田谷区野沢エリア", "prefecture": "東京都", "municipality": "世田谷区",
        "code": "13112", "level": "municipality",
    }
    ryuunji = rec.partners[1]
    assert (ryuunji.name, ryuunji.roles, ryuunji.role_text) == (
        "宗教法人 龍雲寺", ["venue"], "タノバ食堂の会場提供パートナー")
    assert rec.period.model_dump() == {
        "text": "2023年5月に実証実験を開始", "start": "2023-05", "end": None}
    assert rec.url == "https://tanoba.jp/"
    assert rec.life_stages == []
    assert rec.schemes == []


def test_partner_lines_are_where_names_start(by_line: dict) -> None:
    mama = {p.name: p.line for p in by_line[66].partners}
    assert mama["社団法人ママの孤立防止支援協会"] == 73
    assert mama["足立区支援管理課"] == 74  # a short line ends an item
    assert mama["ホテルベルクラシック東京"] == 75  # joined across 75-76
    assert mama["株式会社りぶはあと"] == 76
    fumanet = {p.name: p.line for p in by_line[507].partners}
    assert fumanet["北見市"] == 512  # its role sits on line 513


def test_every_partner_quotes_its_item(by_line: dict) -> None:
    tanoba = {p.name: p for p in by_line[2].partners}
    assert tanoba["宗教法人 龍雲寺"].quote == "宗教法人 龍雲寺(タノバ食堂の会場提供パートナー)"
    assert tanoba["宗教法人 龍雲寺"].line == 10
    for rec in by_line.values():
        for p in rec.partners:
            assert p.quote and p.line, (rec.id, p.name)
    # 000:399: the unit is quoted with the body it is listed under
    hachioji = {p.department: p for p in by_line[389].partners if p.department}
    assert hachioji["多摩少年院"].quote == "【法務省】・多摩少年院"
    assert hachioji["多摩少年院"].name == "法務省"
    # "・吃音医師の会、吃音のある看護師交流会(…)": the shared role is stated by the whole bullet
    stutter = {p.name: p for p in by_line[689].partners}
    assert stutter["吃音医師の会"].quote == stutter["吃音のある看護師交流会"].quote == (
        "吃音医師の会、吃音のある看護師交流会(プロジェクトへの参画、専門的見地からの助言)")


def test_a_bare_unit_keeps_its_body(by_line: dict) -> None:
    # 000:74 lists こども家庭部 among the units of 足立区
    unit = next(p for p in by_line[66].partners if p.department == "こども家庭部")
    assert unit.name == "足立区" and unit.line == 74


def test_reading_notes_are_aliases_not_names(by_line: dict) -> None:
    # 000:76-77: 株式会社SoooooS.(スース), コンビ(HITOMINA)
    mama = {p.name: p for p in by_line[66].partners}
    assert mama["株式会社SoooooS."].aliases == ["スース"]
    assert mama["コンビ"].aliases == ["HITOMINA"]
    assert mama["コンビ"].quote == "コンビ(HITOMINA)"


def test_a_person_after_the_organisation_is_not_part_of_its_name(by_line: dict) -> None:
    # 000:188-189: 株式会社HeeHaa 代表取締役 朴圓燮（チャットボット開発担当）、株式会社wafactory
    # 代表取締役 南相旭（…）; the post and the person stay in the quote only
    names = {p.name: p for p in by_line[180].partners}
    assert {"株式会社HeeHaa", "株式会社wafactory", "法政大学現代福祉学部"} <= set(names)
    assert not any("代表取締役" in n or "助教" in n for n in names)
    assert names["株式会社HeeHaa"].quote == "株式会社HeeHaa 代表取締役 朴圓燮(チャットボット開発担当)"
    assert names["株式会社HeeHaa"].roles == ["technology"]


def test_role_fixes_of_seed_lines(by_line: dict) -> None:
    fumanet = {p.name: p for p in by_line[507].partners}
    assert fumanet["イオン北海道株式会社"].roles == ["networking"]  # 000:513 連携団体
    assert fumanet["特定非営利活動法人ゆとりの"].roles == ["networking"]  # 000:511
    musubie = {p.name: p for p in by_line[123].partners}[
        "認定特定非営利活動法人全国子ども食堂支援センターむすびえ"]
    assert musubie.roles == ["in_kind", "networking"]  # 000:133 寄贈等の仲介
    stutter = {p.name: p for p in by_line[689].partners}
    assert stutter["NPO法人「吃音とともに就労を支援する会」どーもわーく"].roles == ["networking"]  # 000:715
    assert stutter["きつおん親子カフェ"].roles == ["networking"]  # 000:716


def test_role_texts_departments_and_groups(by_line: dict) -> None:
    hirosaki = {p.name: p for p in by_line[123].partners}
    city = hirosaki["弘前市役所"]
    assert city.department == "市民協働課"
    assert city.role_text == ("市民協働課:弘前市市民参加型まちづくり1%システム支援補助金の活用(補助金)、"
                              "広報の連携⇒市HPやSNS、公共機関へのチラシの配布等")
    # the source forgets a ")" here; it is closed where the list goes on
    assert hirosaki["原ケ平町内会"].role_text == (
        "広報での連携、民生委員との連携(地域の弱者へのピンポイントでの情報提供 等)")
    assert hirosaki["弘前市千年交流センター"].role_text == "会場の提供"  # "(会" / "場の提供)"

    adachi = by_line[66].partners[0]
    assert (adachi.name, adachi.department, adachi.role_text) == ("足立区教育委員会", "子ども政策課", "共催")

    hachioji = by_line[389].partners
    assert [(p.group, p.name, p.department) for p in hachioji] == [
        ("民間団体/パントリー", "はちせいパントリー", None),
        ("民間団体/パントリー", "まほうのほうき", None),
        ("民間団体/子ども食堂", "カフェ北野", None),
        ("民間団体/子ども食堂", "たてキッチンさくら", None),
        ("民間団体", "八王子不登校児支援ネットワーク「プラス・パス」", None),
        ("民間団体", "NPO法人里親ほいっぷ", None),
        ("民間団体", "社会福祉法人武蔵野会", None),
        ("民間団体", "八王子市若者サポートステーション", None),
        ("民間団体", "島田療育センターはちおうじ", None),
        ("民間団体", "駒木野病院", None),
        ("民間団体", "八王子市仏教会", None),
        ("民間団体", "八王子市社会福祉協議会", None),
        ("八王子市", "八王子市", "福祉政策課"),
        ("八王子市", "八王子市", "生活自立支援課"),
        ("八王子市", "八王子市", "障害者福祉課"),
        ("八王子市", "八王子市", "男女共同参画課"),
        ("八王子市", "八王子市", "八王子保健所"),
        ("八王子市", "八王子市", "子ども家庭支援センター"),
        ("学校", "東京都立大学", None),
        ("学校", "八王子拓真高校", None),
        ("法務省", "法務省", "多摩少年院"),
    ]

    ashitaba = by_line[567].partners
    assert [p.group for p in ashitaba] == [None] * 3 + ["その他の連携先"] * 6
    assert [p.name for p in ashitaba if p.generic] == [
        "各市町村の社会福祉法人社会福祉協議会", "都道府県の社会福祉関係支援組織", "各地のハローワーク",
        "人材紹介会社", "IT関連企業", "大学大学院研究室",
    ]


def test_shared_roles_and_generic_bodies(by_line: dict) -> None:
    shizuoka = {p.name: p for p in by_line[635].partners}
    # "県立高等学校/通信制高校等(…)": the role after the slash pair covers both
    assert shizuoka["県立高等学校"].role_text == shizuoka["通信制高校等"].role_text == "進学・転学相談、校内カフェ"
    assert shizuoka["静岡地域若者サポートステーション"].role_text is None
    assert [p.name for p in by_line[635].partners if p.generic] == [
        "町社協", "県及び各市町", "企業", "ボランティア団体等", "県立高等学校", "通信制高校等",
        "大学生", "社会福祉法人", "居住支援法人", "フードバンク団体",
    ]
    stutter = {p.name: p for p in by_line[689].partners}
    # "・吃音医師の会、吃音のある看護師交流会(…)": one bullet, one role for both
    assert stutter["吃音医師の会"].role_text == "プロジェクトへの参画、専門的見地からの助言"
    assert stutter["他の音声言語障害当事者会"].generic
    assert by_line[689].lead.department == "社会的支援推進委員会"


def test_periods_and_urls(by_line: dict) -> None:
    got = {line: (r.period.start, r.period.end, r.url) for line, r in by_line.items()}
    assert got == {
        2: ("2023-05", None, "https://tanoba.jp/"),
        66: ("2024-01", "2024-05", None),
        123: ("2020-08", None, "https://www.chitose-kai.or.jp/pages/129/"),
        180: ("2024-06-26", "2024-07-25", "https://twodrops.shiawasenamida.org/"),
        236: ("2024-08-06", "2024-11-27", "https://shinagawa-awakening-port.com"),
        297: ("2014-11", None, "http://kenko-machizukuri.net/kenkocafe/index.html"),
        389: ("2023-07", "2024-02", "https://bit.ly/3z1kenC"),
        451: ("2021-07", None, "https://tsunagaru-kita.net/"),
        507: ("2004", None, "https://www.1to3.jp/"),
        567: ("2021-01", None, "https://www.npo-ashitaba.or.jp/"),
        635: ("2002", None, "https://www.sssns.org/shizuokahoushiki/"),
        689: ("2022-07", None, "https://www.zengenren.org/"),
        824: ("2021-06", None, "https://www.pref.wakayama.lg.jp/prefg/031800/gomizero/nintei19.html"),
    }
    assert by_line[389].period.text == "2023年7月〜2024年2月"
    assert by_line[451].period.text == "2021年7月~(官民連携は2024年4月~3年程度)"


def test_period_from_text() -> None:
    assert period_from_text("令和元年10月~").start == "2019-10"
    p = period_from_text("イベント準備期間:令和6年8月6日～11月27日まで")
    assert (p.start, p.end) == ("2024-08-06", "2024-11-27")
    assert period_from_text("2002年頃から").model_dump() == {"text": "2002年頃から", "start": "2002", "end": None}
    assert period_from_text("長期継続予定").start is None


def test_life_stages_are_not_guessed(result: ParseResult) -> None:
    assert all(r.life_stages == [] for r in result.records)
    stage_notes = {n.line: n.message for n in result.notes if "ライフステージ" in n.message}
    assert sorted(stage_notes) == [38, 99, 156, 191, 248, 308, 401, 458, 515, 569, 645, 691, 839]
    assert stage_notes[401].startswith("ライフステージの区分: 12 ● mark(s) for 10 stages")


def test_every_stage_marked_is_reliable(text: str) -> None:
    lines = text.split("\n")
    # the ママフェスタ page up to its ● line, then a line with every stage marked
    page = "\n".join(lines[65:114]) + "\n" + " ".join(["●"] * len(LIFE_STAGES)) + " 1\n"
    rec = parse(page, DOCUMENT).records[0]
    assert rec.life_stages == list(LIFE_STAGES)


def test_notes_name_line_and_cause(result: ParseResult) -> None:
    notes = [(n.line, n.kind) for n in result.notes if "ライフステージ" not in n.message]
    assert notes == [
        (132, "warning"),      # unclosed parenthesis after 原ケ平町内会
        (188, "warning"),      # 助教 岩田千亜紀 cut from 法政大学現代福祉学部
        (188, "warning"),      # 代表取締役 朴圓燮 cut from 株式会社HeeHaa
        (188, "warning"),      # 代表取締役 南相旭 cut from 株式会社wafactory
        (557, "warning"),      # 対象地域 … 利尻町他
        (643, "warning"),      # … フードバンク団体(食べ物の提供)他
        (713, "annotation"),   # 【北海道・東北ブロック4団体、…】
        (715, "annotation"),   # 【名古屋市,全言連加盟団体】
        (716, "annotation"),   # 【2022年度シチズンオブザイヤー受賞団体】
        (718, "warning"),      # 他の音声言語障害当事者会と連携
    ]
    assert all(n.document == DOCUMENT for n in result.notes)


def test_page_without_lead_is_not_an_initiative(text: str) -> None:
    # 第二期 page up to, not including, the 事業の実施機関 line at its end
    lines = text.split("\n")
    page = "\n".join(lines[388:441])
    res = parse(page, DOCUMENT)
    assert res.records == []
    assert [(n.line, n.kind) for n in res.notes if n.kind == "skipped"] == [(1, "skipped")]


def test_middle_dot_inside_a_name_and_between_names(text: str) -> None:
    # the 品川区 page with its partner line replaced by names from the seeds
    lines = text.split("\n")[235:245]
    lines[9] = "札幌メンズ・シェッド ポツケコタン(会場提供)、八王子市社会福祉協議会・駒木野病院"
    rec = parse("\n".join(lines), DOCUMENT).records[0]
    assert [(p.name, p.roles) for p in rec.partners] == [
        ("札幌メンズ・シェッド ポツケコタン", ["venue"]),
        ("八王子市社会福祉協議会", ["unspecified"]),
        ("駒木野病院", ["unspecified"]),
    ]
    assert rec.source.line == 1


def test_parse_is_deterministic(text: str, result: ParseResult) -> None:
    again = parse(text, DOCUMENT)
    assert [r.model_dump() for r in again.records] == [r.model_dump() for r in result.records]
