"""Parser for the R5 NPO model-project reports (format ``model_projects``).

The source (令和5年度 地域における孤独・孤立対策に関するNPO等の取組モデル調査) is
one report per project, each opening with a title line and a header line
``一般社団法人 WATALIS（宮城県亘理町）``. Partners are not tabulated: they are
named in the prose of the 連携方法 / 連携先との関わり sections. Much of that
prose was extracted through broken PDF fonts, so kanji and kana come out as
Bengali, Gujarati, Thai… letters or as rare kanji of the 山 radical block.

What this parser reads, and how it fails:

- project boundaries: the header line, recognised by the chapter heading
  ``1 取組の背景と目的`` that always follows it;
- partners: names with a legal form (also in its garbled spellings), names
  before a ``:`` in list items, quoted names after a kind of body
  (``作業所「…」``) and runs of non-hiragana text that end in a kind of body
  (``…協議会``, ``…センター``). A garbled name is kept as written with
  ``quality="garbled"`` and a ``garbled_name`` note; a partner section in
  which no name can be read gets a ``warning`` note, so nothing is dropped
  without a trace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tsunagari.core.text import nfkc
from tsunagari.loaders.garbled import broken_font, decode, decode_aligned, is_damaged, suspect_drops
from tsunagari.loaders.orgs import is_garbled as _orgs_is_garbled
from tsunagari.loaders.orgs import is_generic
from tsunagari.loaders.parsing import Note, ParseResult, attach_evidence, record_id
from tsunagari.loaders.places import gazetteer
from tsunagari.loaders.records import Area, Lead, Partner, Record, SchemeRef, Source
from tsunagari.loaders.roles import classify

FORMAT = "model_projects"
_QUOTE_MAX = 160
SCHEME_TITLE = "令和5年度 地域における孤独・孤立対策に関するNPO等の取組モデル調査"



# --- garbled text -------------------------------------------------------------
_GARBLED_CHAR = "\u0370-\u1fff\u2c00-\u2dff\ua000-\uabff\uac00-\ud7af\u22ca-\u22cd\u5ca2-\u5d5e"


def is_garbled(text: str) -> bool:
    """True when ``text`` holds characters a broken PDF font put in place of Japanese.

    Wider than ``loaders.orgs.is_garbled``: it also catches the rare 山-radical
    kanji this document prints for kana (``loaders.garbled``).
    """
    return _orgs_is_garbled(text) or is_damaged(text)


# --- lines ---------------------------------------------------------------------
_HEADER = re.compile(r"^(?P<org>[^\s・•◆●(].*?)\s*\((?P<place>[^()]{2,20})\)\s*$")
_CHAPTER_1 = re.compile(r"^\s*[1１]\s*取組の背景")
_CHAPTER = re.compile(r"^\s*[1-5]\s*(取組|今後)")
_HEADING_MARK = ("◆", "●", "■")
# Headings of the other standard parts; a partner section stops at them.
_PLAIN_HEADINGS = re.compile(
    r"^(取組の目的|取組を始めるに至った経緯等?|具体的な?取組の?内容.*|連携先との関わり.*|連携方法)$"
)
_PARTNER_HEADING = re.compile(r"連携方法|連携先との関わり|との連携|との協働")
_NOT_PARTNER_HEADING = re.compile(r"効果|成果|基盤づくり|波及")
_BULLET = re.compile(r"^\s*(?:[・•‧]|[1-9]\)|[1-9](?=[^0-9年月日時回名人%.:,)]\S)|[⋊⋋⋌⋍])\s*")
_SENTENCE_END = ("。", ")", "」", "!", "ẇ")
_HIRAGANA = re.compile(r"[ぁ-ゖ]")


def _clean(line: str) -> str:
    return re.sub(r"\s+", " ", nfkc(line)).strip()


@dataclass
class _Text:
    """Lines joined into one string, remembering the source line of each character."""

    text: str = ""
    lines: list[int] = field(default_factory=list)

    def add(self, s: str, line: int) -> None:
        self.text += s
        self.lines.extend([line] * len(s))

    def line_at(self, pos: int) -> int:
        return self.lines[min(pos, len(self.lines) - 1)]


# --- organisation names ----------------------------------------------------------
# Legal forms, also as the broken fonts print them (્定శ利活動法人, 公இଃ団法人,
# 社会ૣක法人, ઙ式会社).
_LEGAL = (
    r"(?:認定)?(?:特定非営利活動法人|NPO法人|[^\s、。:()ぁ-ゖ]{1,4}利活動法人"
    r"|一般社団法人|一般財団法人|公益社団法人|公益財団法人|[^\s、。:()ぁ-ゖ]{1,3}[団]法人"
    r"|社会福祉法人|社会[^\s、。:()ぁ-ゖ]{1,2}法人|学校法人|医療法人"
    r"|株式会社|合同会社|有限会社|[^\s、。:()ぁ-ゖ]式会社)"
)
_NAME_CHARS = r"[^\s、。,:;()「」『』【】/]"
# After a legal form the name may contain hiragana (わたりグリーンベルト…), so it
# runs up to a particle that closes a noun phrase.
_LEGAL_NAME = re.compile(
    _LEGAL + r"\s?(?![とにはがをへやで])(?:" + _NAME_CHARS + r"+?)(?=とは|には|とも|から|では|と連携|と協|に対|様|や|が|を|に|へ|と|は|で|、|。|:|\(|\)|「|$|\s)"
)
_QUOTED = re.compile(
    r"(?P<kind>[^\s、。:()「」ぁ-ゖ]{0,12}(?:施設|作業所|団体|グループ|クラブ|法人))?「(?P<name>[^」]{1,30})」"
)
# A run of text without hiragana or punctuation: where the garbled prose keeps
# word boundaries at all, it keeps them at particles.
# Hiragana words that occur inside names of bodies (名古屋市子ども・子育て支援センター).
_NAME_WORDS = r"子ども|こども|子育て|まちづくり|ふれあい|ささえあい|支えあう|支え合い|ひとり親"
_RUN = re.compile(r"(?:" + _NAME_WORDS + r"|・(?=" + _NAME_WORDS + r")|[^\sぁ-ゖ、。,:;()「」『』【】/・•])+")
# A run of capitals or a Latin name followed by an honorific or a particle of
# agency: SYAAと協働で…, TikTok Japan様から…
_LATIN_NAME = re.compile(r"(?<![A-Za-z])[A-Z][A-Za-z0-9&'.-]+(?: [A-Z][A-Za-z0-9&'.-]+)*(?=様|さん|とは|と協|と連|は|が|から)")
_ORG_SUFFIX = re.compile(
    r"(?:協.会|委員会|.員会|育.会|自治会|自.会|町内会|連合会|協会|組合|社協|財団|会社"
    r"|センター|.ンター|ステーション|(?<!場)所|役場|学校|高校|大学|保育園|クリニック|病院"
    r"|ネットワーク|ハローワーク|バンク|施設|市|区|町|村|局|部|課)[" + _GARBLED_CHAR + r"]{0,2}$"
)
# A place name is a partner only where the sentence makes it act (…町から後援),
# not where it locates something (豊島区で…, 西成区の…).
_PLACE_SUFFIX = re.compile(r"[市区町村部局課]$")
_PLACE_AS_ACTOR = re.compile(r"^(?:、|と|から|や|は|が|に対|および|及び|より|:)")
_SELF = re.compile(r"^(当該|当|同|Ⴈ|弊)\S{1,5}$|(当|同|Ⴈ|弊)(法人|団体|社)")
# Abbreviations of things, not of bodies.
_LATIN_WORDS = {"NPO", "LINE", "SNS", "DV", "SOS", "HP", "IT", "PR", "PC", "Wi-Fi", "QR", "OK"}
# Words that name no body: a run ending in 区 or 会 is often a topic, not a partner.
_NOT_A_NAME = re.compile(
    r"^(関係機関|専門機関|支援機関|関係団体|支援団体|他団体|団体|機関|施設|地区|地域|全国|各区|区|市|町|村"
    r"|部|課|局|会社|法人|連携先|行政|事業所|事務所|本部|一部|全部|内部|外部|幹部|学部|社協"
    r"|事.局|ネットワーク|センター|協会|.ンター|協.会|関係所|関係各所|支所|入所)$"
)
_GENERIC_PREFIX = re.compile(
    r"(地域の|各地の|周辺地域の|対象地域の|地元の|近隣の|市内の|区内の|県内の|都内の|全国の|地域での|各)$"
)
_GENERIC_NAME = re.compile(
    r"^(地域の|各地の|周辺地域の|対象地域の|地元の|近隣の|市内の|区内の|県内の|都内の|全国の|地域での|各)"
    r"|^(保育園|小中学校|小学校|中学校|高校|大学|学校|児童相談所|社会福祉協議会|社協|教育委員会|自治会"
    r"|民生委員|児童委員|民生委員・児童委員|行政機関|行政及?び機関|行政|専門家|町内会|フリースクール|NPO|企業"
    r"|不動産会社|公共施設|保健センター|地域包括支援センター)(等|など)?$"
)


@dataclass
class _Found:
    name: str
    start: int  # position of the name in the item text
    role_text: str


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind("。", 0, start) + 1, 0)
    right = text.find("。", end)
    right = len(text) if right < 0 else right + 1
    return text[left:right].strip()


def _tidy_name(name: str) -> str:
    name = name.strip(" ・•:")
    name = re.sub(r"(等|など|様|さん)$", "", name)
    return name.strip()


def _split_label(label: str) -> list[str]:
    """Names of a list label: at 、, and where a second legal form begins (…みんなの特定非営利活動法人 麦の会)."""
    out: list[str] = []
    for part in label.split("、"):
        cuts = [m.start() for m in re.finditer(_LEGAL, part) if m.start() > 0]
        prev = 0
        for c in cuts:
            out.append(part[prev:c])
            prev = c
        out.append(part[prev:])
    return out


def _split_glued(name: str) -> list[str]:
    """Names the PDF glued together, each starting with the same place:
    鹿児島地域包括支援センター鹿児島社会福祉会鹿児島医療… (001:3050)."""
    for k in (4, 3, 2):
        head = name[:k]
        if len(head) < k or not re.fullmatch(r"[\u4e00-\u9fff々]+", head):
            continue
        cuts = [m.start() for m in re.finditer(re.escape(head), name)
                if m.start() > 0 and _WHOLE_NAME_END.search(name[:m.start()])]
        if cuts:
            bounds = [0, *cuts, len(name)]
            return [name[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    return [name]


_WHOLE_NAME_END = re.compile(r"(?:会|団|団体|法人|センター|ネットワーク|組合|クラブ|グループ|財団)$")
_INTRO = re.compile(r"連携先(?:である|の)(?P<names>[^。「」()]{2,80}?)(?=とは|とも|と連携|には|に対して)")


def _split_names(text: str) -> list[str]:
    """A、BやC・D -> names; a ・ splits only between two whole names (協働研究会・あけびの会)."""
    parts: list[str] = []
    for chunk in text.split("、"):
        # や joins two names only after a whole word (DreamSupportや…), not inside みやざき
        cur = ""
        for k, piece in enumerate(chunk.split("や")):
            if k and (len(cur) < 3 or re.search(r"[ぁ-ゖ]$", cur)):
                cur = f"{cur}や{piece}"
            elif k:
                parts.append(cur)
                cur = piece
            else:
                cur = piece
        parts.append(cur)
    out: list[str] = []
    for part in parts:
        pieces = part.split("・")
        cur = pieces[0]
        for nxt in pieces[1:]:
            if _WHOLE_NAME_END.search(cur) and _WHOLE_NAME_END.search(nxt):
                out.append(cur)
                cur = nxt
            else:
                cur = f"{cur}・{nxt}"
        out.append(cur)
    out = [re.sub(r"(?<=[^\sぁ-ゖ])[とは]$", "", p.strip()) for p in out]
    return [p for p in out if len(p) >= 2 and not _NOT_A_NAME.match(p)]


def _names_in_prose(text: str, offset: int = 0) -> list[_Found]:
    """Organisation names inside a sentence of prose, each with that sentence."""
    found: list[_Found] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    def add(a: int, b: int, name: str) -> None:
        name = _tidy_name(name)
        if len(name) < 2 or _SELF.search(name) or _NOT_A_NAME.match(name):
            return
        taken.append((a, b))
        found.append(_Found(name, offset + a, _sentence_around(original, a, b)))

    original = text
    # "(以下WAKUWAKUネットワーク)" repeats a name already read.
    text = re.sub(r"\(以[^)]*\)", lambda m: " " * len(m.group(0)), text)
    for m in _LEGAL_NAME.finditer(text):
        if free(m.start(), m.end()):
            add(m.start(), m.end(), m.group(0))
    for m in _QUOTED.finditer(text):
        kind, inner = m.group("kind") or "", m.group("name")
        looks_like_org = (bool(kind) or bool(re.search(_LEGAL, inner)) or inner.startswith("NPO")
                          or bool(_ORG_SUFFIX.search(inner)))
        if looks_like_org and free(m.start(), m.end()):
            add(m.start(), m.end(), m.group(0) if kind and not re.search(_LEGAL, inner) else inner)
    for m in _INTRO.finditer(text):
        # "連携先であるA、BやC・Dとは": the bodies named after 連携先である
        pos = m.start("names")
        names = m.group("names")
        # "連携先であるAと、当団体が…となるとともに" (001:2902): と、 ends the names;
        # what follows is the sentence, not one more body
        if "と、" in names:
            names = names[:names.index("と、")]
        for piece in _split_names(names):
            a = text.find(piece, pos)
            if a >= 0 and free(a, a + len(piece)) and not _CLAUSE.search(piece):
                add(a, a + len(piece), piece)
                pos = a + len(piece)
    for m in _LATIN_NAME.finditer(text):
        if m.group(0) not in _LATIN_WORDS and free(m.start(), m.end()):
            add(m.start(), m.end(), m.group(0))
    for m in _RUN.finditer(text):
        if not free(m.start(), m.end()):
            continue
        run = _tidy_name(m.group(0))
        honorific = text.startswith(("様", "さん"), m.end())
        suffix = _ORG_SUFFIX.search(run)
        if not honorific and (suffix is None or suffix.start() == 0):
            continue
        if not honorific and _PLACE_SUFFIX.search(run) and not _PLACE_AS_ACTOR.match(text[m.end():]):
            continue
        a = m.start()
        prefix = _GENERIC_PREFIX.search(text, 0, a)
        if prefix and free(prefix.start(), a):
            a = prefix.start()
        add(a, m.end(), text[a:m.end()])
    found.sort(key=lambda f: f.start)
    return found


# "名前・・・役割": a leader of dots does what a colon does
_LEADER = re.compile(r"・{3,}|…+")
_COLON_ITEM = re.compile(r"^(?P<names>[^:。]{1,40}?):(?P<role>.+)$")
# a label that is a clause (対象者が利用する場所), not a name
_CLAUSE = re.compile(r"[がをで](?![ぁ-ゖ]*[会団])|する|した")
_SPACE_ITEM = re.compile(r"^(?P<name>[^\s、。:]{2,20}) (?P<role>\S.*)$")


def _partners_in_item(item: _Text) -> list[tuple[str, int, str, str]]:
    """(name, line, role_text, quote) for each partner of one list item or paragraph."""
    text = item.text.strip()
    lead_ws = len(item.text) - len(item.text.lstrip())
    out: list[tuple[str, int, str, str]] = []
    m = _COLON_ITEM.match(text)
    if m:
        role = m.group("role").strip()
        in_role = [f for f in _names_in_prose(role) if not f.name.endswith(("教育委員会",))]
        pos = 0
        for part in _split_label(m.group("names")):
            name = _tidy_name(part)
            quoted = re.search(r"「([^」]{2,30})」", name)
            if quoted:  # 子育て世代による「くらしのたね」: the name is in the brackets
                part, name = quoted.group(1), quoted.group(1)
            start = text.find(part, pos)
            pos = start + len(part)
            if len(name) < 2 or _SELF.search(name) or _NOT_A_NAME.match(name) or (
                    not quoted and _CLAUSE.search(name)):
                continue
            # "topic: the body that acted did X" - the label before the colon
            # is no body when it has no kind of body and the role names one.
            if in_role and not (_ORG_SUFFIX.search(name) or re.search(_LEGAL, name)):
                continue
            out.append((name, item.line_at(lead_ws + start), role, _sentence_around(text, start, start)))
        # The role may itself name the body that acted (…協議会にHPでの発信を依頼).
        for f in in_role:
            if all(f.name != n for n, *_ in out):
                out.append((f.name, item.line_at(lead_ws + m.start("role") + f.start), f.role_text,
                            f.role_text))
        return out
    first_line = text.split("\n", 1)[0]
    m2 = _SPACE_ITEM.match(first_line)
    # "name role" lists (ハピママ…): short items, a name without particles or dates.
    if (m2 and len(text) <= 60 and not re.search(r"[のでやにをは0-9]", m2.group("name"))):
        return [(_tidy_name(m2.group("name")), item.line_at(lead_ws), text[m2.start("role"):].strip(), text)]
    for f in _names_in_prose(text):
        out.append((f.name, item.line_at(lead_ws + f.start), f.role_text, f.role_text))
    return out


# --- sections ----------------------------------------------------------------------
# A ● line inside a partner section is a caption of the layout (●JR岡山駅周辺での…),
# not one of the standard headings that end it.
_STANDARD_BULLET_HEADING = re.compile(r"^●\s*(本事業のポイント|キーワード|本モデル事業)")


def _is_subheading(s: str) -> bool:
    return s.startswith("●") and not _STANDARD_BULLET_HEADING.match(s)


def _is_heading(s: str) -> bool:
    return s.startswith(_HEADING_MARK) or bool(_CHAPTER.match(s)) or bool(_PLAIN_HEADINGS.match(s))


def _heading_text(s: str) -> str:
    return s.lstrip("◆●■ ").strip()


def _partner_sections(lines: list[str], first: int, last: int) -> list[tuple[int, str, list[int]]]:
    """(heading line, heading, body line numbers) of each partner section in lines[first:last]."""
    sections: list[tuple[int, str, list[int]]] = []
    i = first
    while i < last:
        s = lines[i].strip()
        head = _heading_text(s)
        if not (_is_heading(s) and _PARTNER_HEADING.search(head) and not _NOT_PARTNER_HEADING.search(head)):
            i += 1
            continue
        body: list[int] = []
        j = i + 1
        while j < last:
            t = lines[j].strip()
            if _is_heading(t) and not _is_subheading(t):
                break
            if not t:
                k = j + 1
                while k < last and not lines[k].strip():
                    k += 1
                if k >= last:
                    break
                nxt = lines[k].strip()
                prev = next((lines[p].strip() for p in range(j - 1, i, -1) if lines[p].strip()), "")
                mid_sentence = bool(prev) and not prev.endswith(_SENTENCE_END)
                prose = len(nxt) >= 15 and bool(_HIRAGANA.search(nxt))
                if _is_heading(nxt) or not (_BULLET.match(nxt) or mid_sentence or prose):
                    break
                j = k
                continue
            body.append(j)
            j += 1
        sections.append((i, head, body))
        i = j
    return sections


def _items(lines: list[str], body: list[int]) -> list[_Text]:
    """Split a section body into list items (bullets) or, without bullets, paragraphs."""
    items: list[_Text] = []
    cur: _Text | None = None
    prev_line = -2
    for n in body:
        raw = lines[n]
        s = raw.strip()
        bullet = _BULLET.match(s)
        leader = s.find("・・・") > 1  # "名前・・・役割" lines are items of their own
        gap = n != prev_line + 1
        if bullet or leader or cur is None or (gap and s and not cur.text.rstrip().endswith(tuple("、のをにがとやへ"))
                                     and cur.text.rstrip().endswith(_SENTENCE_END)):
            cur = _Text()
            items.append(cur)
            s = s[bullet.end():] if bullet else s
        cur.add(s, n + 1)
        prev_line = n
    return [it for it in items if it.text.strip()]


# --- records ------------------------------------------------------------------------
@dataclass
class _Project:
    title_line: int  # 1-based
    title: str
    header_line: int  # 1-based
    org: str
    place: str
    end: int  # 0-based index one past the last line of the project


def _find_projects(lines: list[str], document: str, notes: list[Note]) -> list[_Project]:
    starts: list[tuple[int, re.Match[str] | None]] = []
    for i, raw in enumerate(lines):
        if not _CHAPTER_1.match(raw):
            continue
        h = i - 1
        while h >= 0 and not lines[h].strip():
            h -= 1
        if h < 0:
            continue
        m = _HEADER.match(_clean(lines[h]))
        if m is None:
            notes.append(Note(document, h + 1, "skipped",
                              f"project header not readable (expected 'organisation (place)'): {_clean(lines[h])!r}"))
        starts.append((h, m))
    projects: list[_Project] = []
    for k, (h, m) in enumerate(starts):
        if m is None:
            continue
        t = h - 1
        while t >= 0 and not lines[t].strip():
            t -= 1
        first = t
        # A wrapped title continues without the indent its first line has.
        while (first > 0 and not lines[first][:1].isspace() and lines[first - 1].strip()
               and lines[first - 1][:1].isspace() and t - first < 2):
            first -= 1
        title = "".join(_clean(lines[x]) for x in range(first, t + 1))
        end = starts[k + 1][0] - 2 if k + 1 < len(starts) else len(lines)
        projects.append(_Project(first + 1, title, h + 1, m.group("org"), m.group("place"), end))
    return projects


def _resolve_area(place: str, document: str, line: int, notes: list[Note]) -> list[Area]:
    res = gazetteer().resolve(place)
    for u in res.unresolved:
        notes.append(Note(document, line, "unresolved_area", f"place {u!r} of {place!r} not in the gazetteer"))
    return list(res.areas) or [Area(text=place)]


def _roles(role_text: str, names: list[str] | None = None) -> list[str]:
    """Roles from the readable or recovered words only; garbled words and names give no role."""
    for name in sorted(names or [], key=len, reverse=True):
        if len(name) >= 2:
            role_text = role_text.replace(name, "、")
    if not is_garbled(role_text):
        return list(classify(role_text)) or ["unspecified"]
    reading = decode(role_text).text
    roles = [r for r in classify(reading) if r not in ("other", "unspecified")]
    return roles or ["unspecified"]


@dataclass
class _Reading:
    """What the broken font left of a name, and what could be recovered."""

    garbled: bool
    recovered: str | None = None
    confidence: float | None = None
    why: str = ""


def _read_name(name: str, raw_line: str, clean_pairs: set[str]) -> _Reading:
    if not (is_garbled(name) or broken_font(raw_line)):
        return _Reading(False)
    d = decode(name)
    if not d.complete:
        return _Reading(True, why="no reading for " + "".join(d.unread))
    if d.repaired:
        return _Reading(True, d.text, d.confidence, "dropped characters put back: " + "; ".join(d.repaired))
    # The font drops some characters without a trace (子ども若者 -> 子ども者).
    odd = suspect_drops(d.text, clean_pairs) if broken_font(raw_line) else []
    if odd:
        return _Reading(True, why="a character seems dropped: " + "、".join(odd))
    if d.text == name:
        return _Reading(False)
    return _Reading(True, d.text, d.confidence, "read with the kana rule and the kanji table")


_HEADING_PARTNER = re.compile(r"^(?!連携)([^/:]{2,20}?)との(?:連携|協働)")
_STRAY_LABEL = re.compile(r"^[・•]\s*(?P<label>[^:。]{2,40}):")


def _stray_items(lines: list[str], project: _Project,
                 sections: list[tuple[int, str, list[int]]]) -> list[int]:
    """Lines of "・body: role" items outside the partner sections.

    The two-column layout sometimes puts the partner list after the next
    chapter heading (001:6233 「くらしのたね」, 001:6237 一般社団法人SGSG). Only items
    whose label has a legal form or a name in brackets are taken.
    """
    inside = {b for _, _, body in sections for b in body} | {h for h, _, _ in sections}
    out: list[int] = []
    i = project.header_line
    while i < project.end:
        # the label may wrap over lines: 「くらし / のたね」:
        joined = lines[i].strip()
        for k in range(i + 1, min(i + 3, project.end)):
            if not lines[k].strip():
                break
            joined += lines[k].strip()
        reading = decode_aligned(joined)[0]
        m = _STRAY_LABEL.match(reading)
        if i in inside or not m or not (re.search(_LEGAL, m.group("label")) or "「" in m.group("label")):
            i += 1
            continue
        out.append(i)
        i += 1
        while i < project.end and lines[i].strip() and not _BULLET.match(lines[i].strip()) \
                and not _is_heading(lines[i].strip()) and i not in inside:
            out.append(i)
            i += 1
    return out


def _partners(lines: list[str], raw: list[str], clean_pairs: set[str], project: _Project,
              lead_name: str, document: str, notes: list[Note]) -> list[Partner]:
    found: dict[str, Partner] = {}
    covered: set[int] = set()
    sections = _partner_sections(lines, project.header_line, project.end)
    for head_idx, heading, body in sections + [(-1, "連携先", _stray_items(lines, project, sections))]:
        got = 0
        for item in _items(lines, body):
            # Names are looked for in the reading of the item, so that the kinds
            # of bodies (崣ンター = センター) and the particles the font hid still
            # show where a name ends; each one is then cut out of the source.
            read_text, starts = decode_aligned(item.text)
            read_text = _LEADER.sub(lambda m: ":" + " " * (len(m.group(0)) - 1), read_text)
            read_item = _Text(read_text, [item.lines[min(k, len(item.lines) - 1)] for k in starts[:-1]])
            in_item = [(piece, line, role, quote) for n, line, role, quote in _partners_in_item(read_item)
                       for piece in _split_glued(n)]
            # names are not role words: 協働研究会 in a sentence gives no research role
            item_names = [_source_of(item.text, read_text, starts, n) for n, *_ in in_item]
            for read_name, line, read_role, read_quote in in_item:
                name = _source_of(item.text, read_text, starts, read_name)
                role = _source_of(item.text, read_text, starts, read_role)
                quote = _source_of(item.text, read_text, starts, read_quote)
                if name == lead_name or name in lead_name.replace(" ", ""):
                    continue
                got += 1
                role = role.strip()
                if name in found:
                    p = found[name]
                    if role and role not in (p.role_text or ""):
                        p.role_text = f"{p.role_text} / {role}" if p.role_text else role
                        p.roles = _roles(p.role_text, item_names)
                    continue
                reading = _read_name(name, raw[line - 1], clean_pairs)
                shown = reading.recovered or name
                found[name] = Partner(
                    name=name, roles=_roles(role, item_names), role_text=role or None, group=heading,
                    generic=is_generic(shown) or bool(_GENERIC_NAME.search(shown)),
                    quality="garbled" if reading.garbled else None,
                    recovered_name=reading.recovered, confidence=reading.confidence,
                    line=line, quote=_short(quote),
                )
                if reading.garbled:
                    outcome = (f"recovered as {reading.recovered!r} ({reading.why})" if reading.recovered
                               else f"not recovered: {reading.why}")
                    notes.append(Note(document, line, "garbled_name",
                                      f"partner name {name!r} is damaged text (broken PDF font); {outcome}"))
        covered.update(body)
        named = _HEADING_PARTNER.match(heading)
        if named and head_idx >= 0:
            # "保育園との連携": the heading itself names the partner
            for part in re.split(r"[・、や]", named.group(1)):
                name = _tidy_name(part)
                if len(name) < 2 or _NOT_A_NAME.match(name) or name in found:
                    continue
                got += 1
                found[name] = Partner(name=name, roles=["unspecified"], group=heading,
                                      generic=is_generic(name), line=head_idx + 1,
                                      quote=_short(lines[head_idx].strip().lstrip("◆●■ ")))
        if body and got == 0 and head_idx >= 0:
            notes.append(Note(document, head_idx + 1, "warning",
                              f"section {heading!r} of {project.org!r}: no partner name could be read"
                              + (" (text garbled)" if any(is_garbled(lines[b]) for b in body) else "")))
    return list(found.values())


def _source_of(text: str, reading: str, starts: list[int], found: str) -> str:
    """The source text behind a piece of the reading (the piece itself when it is not there)."""
    a = reading.find(found)
    if a < 0 or not found:
        return found
    return text[starts[a]:starts[a + len(found)]]


def _short(sentence: str) -> str | None:
    sentence = sentence.strip()
    if len(sentence) <= _QUOTE_MAX:
        return sentence or None
    return sentence[:_QUOTE_MAX - 1] + "…"


def parse(text: str, document: str) -> ParseResult:
    """Read the model-project reports in ``text`` into one record per project."""
    raw = text.splitlines()
    lines = [nfkc(r) for r in raw]
    clean_pairs = {line[i:i + 2] for line, r in zip(lines, raw, strict=True) if not broken_font(r)
                   for i in range(len(line) - 1)}
    notes: list[Note] = []
    records: list[Record] = []
    for p in _find_projects(lines, document, notes):
        if is_garbled(p.title):
            notes.append(Note(document, p.title_line, "garbled_name",
                              f"title of the project of {p.org!r} is garbled text, kept as written"))
        areas = _resolve_area(p.place, document, p.header_line, notes)
        lead_garbled = is_garbled(p.org)
        if lead_garbled:
            notes.append(Note(document, p.header_line, "garbled_name", f"lead name {p.org!r} is garbled"))
        lead = Lead(name=p.org, area=areas[0], quality="garbled" if lead_garbled else None)
        records.append(Record(
            id=record_id(FORMAT, document, p.title_line),
            title=p.title or p.org,
            lead=lead,
            areas=areas,
            partners=_partners(lines, raw, clean_pairs, p, p.org, document, notes),
            schemes=[SchemeRef(title=SCHEME_TITLE, kind="scheme")],
            source=Source(document=document, line=p.title_line, format=FORMAT),
        ))
    if not records:
        notes.append(Note(document, 1, "skipped", "no project header ('organisation (place)') found"))
    return attach_evidence(ParseResult(records=records, notes=notes), text)

