"""The R6 adopted-projects table (004): every row checked by hand against the document."""


import pytest
from tsunagari.loaders.adopted_list import SCHEME_R5, SCHEME_R6, parse

DOC = "004_fd6cbdb65fe8003b.txt"

# (table number, 団体名, area codes in the order written, R5採択)
ROWS = [
    (1, "札幌メンズ・シェッド ポツケコタン", ['01100'], False),
    (2, "特定非営利活動法人 くるくるネット", ['01205'], False),
    (3, "特定非営利活動法人 みなと計画", ['01217'], False),
    (4, "特定非営利活動法人 陸前高田まちづくり協働センター", ['03210'], False),
    (5, "一般社団法人 イシノマキ・ファーム", ['04202'], False),
    (6, "一般社団法人 石巻じちれん", ['04202'], False),
    (7, "特定非営利活動法人 まなびのたねネットワーク", ['04202'], False),
    (8, "キンダーフォーラム", ['04216'], False),
    (9, "一般社団法人 WATALIS", ['04361'], True),
    (10, "筑波大生による、みんなの食堂(つくしよく)", ['08220'], False),
    (11, "特定非営利活動法人 宇都宮まちづくり市民工房", ['09201', '09213'], False),
    (12, "特定非営利活動法人 じゃんけんぽん", ['10202', '10201'], False),
    (13, "一般社団法人 オープンコミュニティおいでよハウス", ['11209'], False),
    (14, "NPO法人 クラブしきーず", ['11228'], False),
    (15, "特定非営利活動法人 KOMPOSITION", ['12207'], False),
    (16, "社会福祉法人 九十九里ホーム", ['12235'], True),
    (17, "一般社団法人 青少年を守る父母の連絡協議会", ['13104', '01204', '01100', '27100', '40'], False),
    (18, "特定非営利活動法人 キッズドア", ['13107'], False),
    (19, "一般社団法人 Arts Alive", ['13116', '13117'], True),
    (20, "NPO法人 サンカクシャ", ['13116', '13117'], True),
    (21, "RMJ", ['13122', '14100'], False),
    (22, "一般社団法人 フードバンク八王子", ['13201'], True),
    (23, "こどもと大人の地域活動「たのつく」", ['13211'], True),
    (24, "あけぼのインクルージョン", ['14100'], False),
    (25, "特定非営利活動法人 教育支援協会南関東", ['14100'], True),
    (26, "NPO法人 街カフェ大倉山ミエル", ['14100'], False),
    (27, "特定非営利活動法人 リンクトゥマンマー", ['14100', '14'], False),
    (28, "NPO法人 地域で子どもを育む会", ['14130'], True),
    (29, "特定非営利活動法人 クロスフィールズ", ['17201'], False),
    (30, "特定非営利活動法人 場作りネット", ['20203'], False),
    (31, "特定非営利活動法人 人と動物の共生センター", ['21201'], False),
    (32, "特定非営利活動法人かみああと", ['21204'], True),
    (33, "特定非営利活動法人 ささしまサポートセンター", ['23100'], False),
    (34, "一般社団法人 Pay for World 屋号「えがおの駄菓子屋」", ['23206'], False),
    (35, "特定非営利活動法人 しんしろドリーム荘", ['23221', '22130', '22221'], True),
    (36, "特定非営利活動法人 わんず", ['24461'], True),
    (37, "一般財団法人 ZERO loneliness", ['25201'], False),
    (38, "認定NPO法人 つどい", ['25203'], False),
    (39, "NPO法人 滋賀県社会就労事業振興センター", ['25206'], False),
    (40, "社会福祉法人 光養会", ['25212'], False),
    (41, "immi lab", ['25213', '25204', '25203'], False),
    (42, "一般社団法人 京都わかさなっと", ['26100'], False),
    (43, "チームパッション", ['26203'], False),
    (44, "一般社団法人 Shien", ['26211'], True),
    (45, "一般社団法人 NIMO ALCAMO", ['27100', '26100'], True),
    (46, "NPO法人 SKY", ['27100'], True),
    (47, "一般財団法人 ヒューマンライツ協会", ['27100'], False),
    (48, "特定非営利活動法人 釜ヶ崎支援機構", ['27100'], False),
    (49, "ハレトケの会", ['27100'], True),
    (50, "一般社団法人 タウンスペースWAKWAK", ['27207'], False),
    (51, "一般社団法人 ケアと暮らしの編集社", ['28209'], False),
    (52, "特定非営利活動法人 但馬を結んで育つ会", ['28222'], False),
    (53, "社会福祉法人 鳥取県社会福祉協議会", ['31'], False),
    (54, "特定非営利活動法人 地域共生とっとり", ['31201'], False),
    (55, "鳥取医療生活協同組合 健康まちづくり部", ['31201'], False),
    (56, "特定非営利活動法人 ピアサポートつむぎ", ['31203', '31371', '31372', '31370', '31364'], False),
    (57, "一般社団法人 SGS", ['33100'], True),
    (58, "一般社団法人 ジンジャー・エール", ['33211'], False),
    (59, "特定非営利活動法人 風の家", ['34100'], False),
    (60, "一般社団法人 UMEプロジェクト", ['34205'], False),
    (61, "一般社団法人 徳島県就業支援機構", ['36201'], False),
    (62, "特定非営利活動法人 ニュースタート事務局", ['36', '39', '38', '37'], False),
    (63, "一般社団法人 hito.toco", ['37201'], False),
    (64, "一般社団法人 小豆島子ども・若者支援機構", ['37322', '37324'], False),
    (65, "特定非営利活動法人 くじら", ['38204'], False),
    (66, "一般社団法人 ハンズオン", ['39201'], False),
    (67, "特定非営利活動法人 抱樸", ['40100'], True),
    (68, "特定非営利活動法人 あいむ", ['40130'], False),
    (69, "一般社団法人 えふ", ['41202', '41387'], False),
    (70, "特定非営利活動法人 くまもと災害ボランティア団体ネットワーク", ['43100'], False),
    (71, "HAPPY PARK プロジェクト", ['43100'], False),
    (72, "NPO法人 子育て応援ワクワクピース", ['44201'], True),
    (73, "特定非営利活動法人 カーサグランデ", ['45201'], True),
    (74, "特定非営利活動法人 フェリーチェ", ['45206', '45421', '45203'], False),
    (75, "特定非営利活動法人 かごしまヤングケアラー支援ネットワーク", ['46208', '46216', '46217', '46201'], False),
    (76, "社会福祉法人 おきなわ長寿会", ['47211'], False),
    (77, "特定非営利活動法人 まくとー", ['47213'], False),
]


@pytest.fixture(scope="module")
def parsed(seed_text):
    return parse(seed_text[DOC], DOC)


def test_every_row_of_the_table(parsed):
    got = [(i, r.lead.name, [a.code for a in r.areas], r.adopted_r5)
           for i, r in enumerate(parsed.records, start=1)]
    assert got == ROWS


def test_record_shape_and_provenance(parsed):
    first = parsed.records[0]
    assert first.id == "adopted_list-004-0065"
    assert first.source.line == 65 and first.source.format == "adopted_list"
    assert first.title == "“メンズ・シェッド”によるシニア男性の孤独・孤立の予防"
    hoboku = parsed.records[66]
    assert hoboku.lead.name == "特定非営利活動法人 抱樸"
    assert hoboku.title == "多様な主体の「やりたい気持ち」を叶えることを通じた地域づくり"
    assert [s.title for s in hoboku.schemes] == [SCHEME_R6, SCHEME_R5]
    assert [s.title for s in parsed.records[1].schemes] == [SCHEME_R6]


def test_area_texts_keep_the_written_variant(parsed):
    kagoshima = parsed.records[74]
    assert [a.text for a in kagoshima.areas][2] == "曾於市"
    assert kagoshima.areas[2].code == "46217"


def test_what_cannot_be_resolved_is_noted_not_guessed(parsed):
    notes = [(n.line, n.kind) for n in parsed.notes]
    assert notes == [(93, "unresolved_area")]
    assert "関東各都県" in parsed.notes[0].message


def test_a_row_out_of_shape_is_noted():
    text = "\t団体名\t取組名\t活動地域\tR5採択\n1\tA会\t取組\t東京都八王子市\t\n2\tbroken row\n"
    result = parse(text, "x.txt")
    assert [r.lead.name for r in result.records] == ["A会"]
    assert result.notes[0].line == 3 and result.notes[0].kind == "skipped"


def test_featured_spelling_is_kept_as_another_spelling_of_the_lead(parsed):
    pokkotan = parsed.records[0]
    assert pokkotan.lead.name == "札幌メンズ・シェッド ポツケコタン"
    assert [(a.name, a.line) for a in pokkotan.lead.also_written] == [("札幌メンズ・シェッド ポックコタン", 34)]
    assert sum(1 for r in parsed.records if r.lead.also_written) == 1
