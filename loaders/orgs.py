"""Organisation names: legal form, kind, damaged text, and which mentions are one body.

Pure functions over names, plus a resolver that applies the human-edited
overrides in ``data/organisation_overrides.toml``:

- ``parse_legal_form(name)`` splits 特定非営利活動法人 抱樸 into its canonical
  legal form and the rest;
- ``classify_org(name)`` gives a coarse (sector, kind);
- ``is_garbled(text)`` / ``garbled_ratio(text)`` detect text damaged by broken
  PDF fonts (kanji replaced by Bengali, Thai, Ethiopic … code points);
- ``resolution_key(name)`` is what two mentions of one organisation share;
- ``OrgResolver(load_overrides()).resolve(name)`` gives the stable identity
  (id, key, display name, legal form, sector, kind) and says why.

Government bodies are resolved by the loader against the municipality table;
here they are only recognised, so that they are not taken for volunteer groups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from tsunagari.core import tomlfile
from tsunagari.core.text import nfkc, short_hash

Position = Literal["prefix", "suffix"]
MergedBy = Literal["rules", "override"]

OVERRIDES_PATH = Path(__file__).resolve().parents[1] / "data" / "organisation_overrides.toml"


def _collapse(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------
# Legal forms

@dataclass(frozen=True)
class _Form:
    canonical: str
    sector: str
    kind: str
    # spellings after NFKC; a space in a spelling matches any run of whitespace
    # or none (sources write both NPO法人 and NPO 法人)
    spellings: tuple[str, ...]


# Longer forms come before the shorter forms they contain (認定特定非営利活動法人
# before 特定非営利活動法人, 医療法人社団 before 医療法人, 公益社団法人 before
# 社団法人) so the most specific one is taken.
_FORMS: tuple[_Form, ...] = (
    _Form("認定特定非営利活動法人", "nonprofit", "npo",
          ("認定特定非営利活動法人", "認定 NPO 法人", "(認定NPO)")),
    # 特別非営利活動法人 is a misspelling found in seed 003; it can only mean this form.
    _Form("特定非営利活動法人", "nonprofit", "npo",
          ("特定非営利活動法人", "特別非営利活動法人", "NPO 法人", "(特非)", "(NPO)")),
    _Form("公益社団法人", "nonprofit", "general_incorporated", ("公益社団法人", "(公社)")),
    _Form("公益財団法人", "nonprofit", "foundation", ("公益財団法人", "(公財)")),
    _Form("一般社団法人", "nonprofit", "general_incorporated", ("一般社団法人", "(一社)")),
    _Form("一般財団法人", "nonprofit", "foundation", ("一般財団法人", "(一財)")),
    # Pre-2008 forms, still written in older documents.
    _Form("社団法人", "nonprofit", "general_incorporated", ("社団法人", "(社)")),
    _Form("財団法人", "nonprofit", "foundation", ("財団法人", "(財)")),
    _Form("社会福祉法人", "nonprofit", "social_welfare", ("社会福祉法人", "(社福)", "(福)")),
    _Form("社会医療法人", "private", "hospital", ("社会医療法人",)),
    _Form("医療法人社団", "private", "hospital", ("医療法人社団", "(医社)")),
    _Form("医療法人財団", "private", "hospital", ("医療法人財団", "(医財)")),
    _Form("医療法人", "private", "hospital", ("医療法人", "(医)")),
    _Form("宗教法人", "nonprofit", "religious", ("宗教法人", "(宗)")),
    _Form("国立大学法人", "academic", "university", ("国立大学法人",)),
    _Form("公立大学法人", "academic", "university", ("公立大学法人",)),
    _Form("学校法人", "academic", "school", ("学校法人", "(学)")),
    _Form("地方独立行政法人", "public", "agency", ("地方独立行政法人",)),
    _Form("独立行政法人", "public", "agency", ("独立行政法人", "(独)")),
    _Form("消費生活協同組合", "nonprofit", "cooperative", ("消費生活協同組合",)),
    _Form("生活協同組合", "nonprofit", "cooperative", ("生活協同組合", "(生協)")),
    _Form("農業協同組合", "nonprofit", "cooperative", ("農業協同組合",)),
    _Form("労働者協同組合", "nonprofit", "cooperative", ("労働者協同組合",)),
    _Form("事業協同組合", "nonprofit", "cooperative", ("事業協同組合",)),
    _Form("株式会社", "private", "company", ("株式会社", "(株)")),
    _Form("合同会社", "private", "company", ("合同会社", "(同)")),
    _Form("有限会社", "private", "company", ("有限会社", "(有)")),
    _Form("合資会社", "private", "company", ("合資会社", "(資)")),
    _Form("合名会社", "private", "company", ("合名会社", "(名)")),
)
_FORM_BY_CANONICAL = {f.canonical: f for f in _FORMS}


def _spelling_pattern(spelling: str) -> str:
    parts = [re.escape(p) for p in spelling.split(" ")]
    body = r"\s*".join(parts)
    if spelling.startswith("("):
        body = body.replace(r"\(", r"\(\s*", 1).replace(r"\)", r"\s*\)")
    return body


# Longest spelling first: a regex alternation takes the first branch that matches.
_SPELLINGS = sorted(
    ((s, f.canonical) for f in _FORMS for s in f.spellings), key=lambda p: -len(p[0])
)


def _alternation() -> str:
    return "|".join(f"(?:{_spelling_pattern(s)})" for s, _ in _SPELLINGS)


_PREFIX = re.compile(r"^\s*(" + _alternation() + r")\s*", re.IGNORECASE)
_SUFFIX = re.compile(r"\s*(" + _alternation() + r")\s*$", re.IGNORECASE)
_AFFIXES: tuple[tuple[Position, re.Pattern[str]], ...] = (("prefix", _PREFIX), ("suffix", _SUFFIX))


def _squeeze(text: str) -> str:
    return "".join(text.split()).upper()


# Spelling (without spaces, upper-cased) -> canonical form; the longest spelling
# wins where two squeeze alike, as in the alternation.
_CANONICAL: dict[str, str] = {}
for _spelling, _canonical in _SPELLINGS:
    _CANONICAL.setdefault(_squeeze(_spelling), _canonical)


def _canonical_of(written: str) -> str:
    try:
        return _CANONICAL[_squeeze(written)]
    except KeyError:
        raise AssertionError(f"legal form spelling {written!r} matched but is not in the table") from None


@dataclass(frozen=True)
class LegalName:
    """A name split into its legal form and the rest.

    ``legal_form`` is canonical (NPO法人 -> 特定非営利活動法人); ``written_form``
    is the spelling found (after NFKC); ``base`` is the name without it and the
    spaces around it; ``position`` says where it stood.
    """

    legal_form: str | None
    base: str
    position: Position | None
    written_form: str | None = None


def parse_legal_form(name: str) -> LegalName:
    """Find the legal form at the start or the end of a name.

    The text is NFKC-normalised first, so （株） and ㈱ read as (株). A form in the
    middle of a name (各市町村の社会福祉法人社会福祉協議会) is not taken: the
    name then does not begin or end with a legal person's form.
    """
    text = _collapse(nfkc(name))
    for position, pattern in _AFFIXES:
        m = pattern.search(text)
        if m:
            base = (text[: m.start()] + text[m.end():]).strip()
            written = m.group(1)
            return LegalName(_canonical_of(written), base, position, written)
    return LegalName(None, text, None, None)


# --------------------------------------------------------------------------
# Sector and kind

SECTOR_KINDS: dict[str, str] = {
    "npo": "nonprofit",
    "general_incorporated": "nonprofit",
    "foundation": "nonprofit",
    "social_welfare": "nonprofit",
    "council": "nonprofit",
    "association": "nonprofit",
    "religious": "nonprofit",
    "cooperative": "nonprofit",
    "company": "private",
    "hospital": "private",
    "university": "academic",
    "school": "academic",
    "government": "public",
    "agency": "public",
    "facility": "public",
    "neighbourhood_association": "community",
    "volunteer_group": "community",
}

_PREF = r"(?:東京都|北海道|京都府|大阪府|[^\s都道府県]{2,3}県)"
_MUNICIPALITY_NAME = re.compile(rf"^(?:{_PREF}|{_PREF}?\S{{1,6}}?[市区町村])$")
_MUNICIPALITY_PREFIX = re.compile(rf"^{_PREF}?\S{{1,5}}?[市区町村]")
_COUNCIL = re.compile(r"社会福祉協議会|社協$")
_SCHOOL_END = re.compile(
    r"(?:学校|高校|幼稚園|保育園|こども園|学園|学院|校)$"
)
_UNIVERSITY = re.compile(r"大学(?!生)|大学院")
_HOSPITAL = re.compile(r"病院|医院|クリニック|診療所|歯科")
_PUBLIC_PREFIX = re.compile(r"^(?:国立|都立|道立|府立|県立|市立|区立|町立|村立)")
_RELIGIOUS = re.compile(r"(?:寺|寺院|神社|神宮|教会|教団)$|仏教会")
_COOPERATIVE = re.compile(r"協同組合|生協|(?<![ァ-ヺー])コープ|^JA|農協|漁協")
_NEIGHBOURHOOD = re.compile(r"町内会|自治会|町会$|自治連合会")
_ASSOCIATION = re.compile(
    r"協会|連盟|連合会|協議会|中央会|商工会議所|商工会$|医師会|経済同友会"
)
_COMPANY = re.compile(r"(?:会社|企業|商店|銀行|信用金庫|証券|保険)$|ホテル|郵便局")
_GOVERNMENT_END = re.compile(
    r"(?:役所|役場|庁|省|内閣府|内閣官房|広域連合|委員会|保健所|ハローワーク|公共職業安定所"
    r"|少年院|刑務所|警察署|消防署|課|係|室|局|部)$"
)
_PUBLIC_FACILITY = re.compile(r"(?:図書館|公民館|児童館)$")
_FACILITY_END = re.compile(r"(?:センター|館|ステーション|プラザ|ホール)$")


def classify_org(name: str) -> tuple[str | None, str]:
    """Coarse (sector, kind) of an organisation from its name alone.

    Rules, first match wins (the name is NFKC-normalised first):

    1. 社会福祉協議会 anywhere, or a name ending in 社協 -> (nonprofit, council),
       whatever legal form precedes it (councils are usually 社会福祉法人).
    2. With no legal form or an academic one (国立大学法人, 学校法人 …): a name
       ending in 学校/高校/学園/幼稚園/保育園/… -> (academic, school); 大学 or
       大学院 anywhere (not 大学生) -> (academic, university).
    3. A legal form decides: NPO forms -> (nonprofit, npo); 一般/公益社団法人
       and 社団法人 -> (nonprofit, general_incorporated); 一般/公益財団法人 ->
       (nonprofit, foundation); 社会福祉法人 -> (nonprofit, social_welfare);
       医療法人* -> (private, hospital); 宗教法人 -> (nonprofit, religious);
       協同組合 forms -> (nonprofit, cooperative); 独立行政法人 -> (public,
       agency); 株式会社/合同会社/有限会社/合資/合名 -> (private, company).
    4. Without a legal form, by words in the name:
       病院/医院/クリニック/診療所/歯科 -> hospital (public when it starts
       with 国立/県立/市立 …, else private); …寺/神社/教会/仏教会 ->
       (nonprofit, religious); 協同組合/生協/コープ/JA -> (nonprofit,
       cooperative); 町内会/自治会/町会 -> (community,
       neighbourhood_association); 協会/連盟/連合会/協議会/商工会議所 ->
       (nonprofit, association); …会社/企業/銀行/ホテル -> (private, company).
    5. Government: 国, a prefecture or municipality name on its own (稚内市,
       和歌山県), or a name ending in 役所/役場/庁/省/委員会/保健所/課/室/局/部
       … -> (public, government). A municipal facility (a name that starts
       with a municipality and ends in センター/館/ステーション, or any
       図書館/公民館/児童館) -> (public, facility).
    6. Anything else that mentions 法人 (a legal person of unknown form, often
       damaged text), any garbled name, or an empty one -> (None, other): the
       sector is not guessed.
    7. Otherwise, a plain name with no legal form -> (community, volunteer_group).
    """
    text = _collapse(nfkc(name))
    squeezed = "".join(text.split())
    legal = parse_legal_form(text)
    base = "".join(legal.base.split())
    if not squeezed:
        return None, "other"
    if _COUNCIL.search(squeezed):
        return "nonprofit", "council"
    form = _FORM_BY_CANONICAL.get(legal.legal_form) if legal.legal_form else None
    if form is None or form.sector == "academic":
        if _SCHOOL_END.search(base) and not base.endswith("大学校") or (
            form is not None and form.kind == "school" and not _UNIVERSITY.search(base)
        ):
            return "academic", "school"
        if _UNIVERSITY.search(base):
            return "academic", "university"
    if form is not None:
        return form.sector, form.kind
    if _HOSPITAL.search(base):
        return ("public" if _PUBLIC_PREFIX.search(base) else "private"), "hospital"
    if _RELIGIOUS.search(base):
        return "nonprofit", "religious"
    if _COOPERATIVE.search(base):
        return "nonprofit", "cooperative"
    if _NEIGHBOURHOOD.search(base):
        return "community", "neighbourhood_association"
    if _ASSOCIATION.search(base):
        return "nonprofit", "association"
    if _COMPANY.search(base):
        return "private", "company"
    if base == "国" or _MUNICIPALITY_NAME.match(base) or _GOVERNMENT_END.search(base):
        return "public", "government"
    if _PUBLIC_FACILITY.search(base) or (
        _MUNICIPALITY_PREFIX.match(base) and _FACILITY_END.search(base)
    ):
        return "public", "facility"
    if "法人" in base or is_garbled(base):
        return None, "other"
    return "community", "volunteer_group"


# --------------------------------------------------------------------------
# Damaged text

# Code point ranges that Japanese names and role texts are written in. Anything
# else in a Japanese source is the mark of a broken PDF font, which maps kanji
# to Bengali, Thai, Ethiopic, Devanagari, Georgian … code points. Checked after
# NFKC, so Kangxi radicals (⼈ for 人) and presentation forms (︓), which such
# PDFs also produce but which normalise to the right characters, do not count.
_ALLOWED_RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x017F),  # Latin-1 punctuation and letters, Latin Extended-A (Tōkyō)
    (0x0391, 0x03A9), (0x03B1, 0x03C9),  # basic Greek, as in JIS X 0208 (＋α)
    (0x2010, 0x205E),  # general punctuation: ‐ – — ― … ※ • “ ”
    (0x2100, 0x218F),  # letterlike symbols, number forms (℃ №, Ⅰ Ⅱ)
    (0x2190, 0x21FF),  # arrows
    (0x2460, 0x24FF),  # enclosed alphanumerics (① when not normalised)
    (0x2500, 0x257F),  # box drawing (─)
    (0x25A0, 0x25FF),  # geometric shapes: ○ ● ◎ ◆ ■ □ ▲ △
    (0x2600, 0x26FF),  # miscellaneous symbols: ★ ☆ ♪
    (0x2700, 0x27BF),  # dingbats: ✓ ✔
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3000, 0x303F),  # CJK symbols and punctuation: 、。「」『』【】〜々
    (0x3040, 0x309F),  # hiragana
    (0x30A0, 0x30FF),  # katakana
    (0x31F0, 0x31FF),  # small katakana extension
    (0x3200, 0x33FF),  # enclosed CJK, CJK compatibility (㈱ ㎡ ㍻ when not normalised)
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE00, 0xFE0F),  # variation selectors (kanji glyph variants)
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # full-width forms and half-width katakana
    (0x1F000, 0x1FAFF),  # emoji and pictographs (📍 in seed 003's headings)
    (0x20000, 0x3134F),  # CJK extensions B–G (rare kanji in names: 𠮷)
    (0xE0100, 0xE01EF),  # ideographic variation selectors
)
# A person named after the organisation, with the post they hold: 「株式会社HeeHaa 代表取締役 朴圓燮」
# (000:188). The organisation is the name; the post and the person stay in the quote.
_POSTS = ("代表取締役社長", "代表取締役", "取締役", "代表理事", "理事長", "代表", "会長", "社長",
          "所長", "センター長", "院長", "園長", "校長", "特任教授", "准教授", "教授", "特任助教",
          "助教", "講師", "研究員")
_PERSON_AFTER_POST = re.compile(
    r"^(?P<org>.+?\S)[\s　]+(?P<post>" + "|".join(_POSTS) + r")[\s　]+"
    r"(?P<person>[\u3400-\u9fff々ぁ-んァ-ヺー]{2,8}(?:[\s　][\u3400-\u9fff々ぁ-んァ-ヺー]{1,6})?)$")


def without_person(name: str) -> tuple[str, str | None]:
    """The organisation's name without a post and person written after it, and what was
    cut (「代表取締役 朴圓燮」), or ``(name, None)`` when no person follows."""
    m = _PERSON_AFTER_POST.match(name)
    if not m:
        return name, None
    return m.group("org"), f"{m.group('post')} {m.group('person')}"


_ALLOWED_SINGLES = frozenset("±×÷≒≠≦≧≤≥∞∴∵∀∃∈∋⊂⊃∪∩∧∨¬⇒⇔∠⊥⌒∂∇≡≪≫√∝∫")


@lru_cache(maxsize=1 << 16)  # one test of the ranges per distinct character
def _allowed(ch: str) -> bool:
    if ch in _ALLOWED_SINGLES or ch.isspace():
        return True
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _ALLOWED_RANGES)


def garbled_ratio(text: str) -> float:
    """Share of the non-space characters that are outside the allowed scripts (0.0–1.0)."""
    chars = [c for c in nfkc(text) if not c.isspace()]
    if not chars:
        return 0.0
    return sum(1 for c in chars if not _allowed(c)) / len(chars)


def is_garbled(text: str) -> bool:
    """True when any character (after NFKC) lies outside Japanese, Latin and common symbols.

    Damage that stays inside the CJK block (a kanji replaced by another kanji,
    as in 崣ンター for センター) cannot be seen from code points and is not
    detected.
    """
    return any(not _allowed(c) for c in nfkc(text))


# --------------------------------------------------------------------------
# Resolution keys

_SMALL_KANA = str.maketrans(
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ",
    "あいうえおつやゆよわかけアイウエオツヤユヨワカケクシストヌハヒフヘホムラリルレロ",
)
_DASHES = re.compile(r"[ー\-‐‑‒–—―−─━ｰ]")
_WAVES = re.compile(r"[~〜～]")
_DOTS = re.compile(r"[・·‧∙･]")


_SHAKYO = re.compile(r"社協$")


def _fold_spelling(text: str) -> tuple[str, list[str]]:
    """Fold the spelling variations that do not make a different name; say which applied."""
    steps: list[str] = []
    out = "".join(text.split())
    if out != text:
        steps.append("whitespace removed")
    for pattern, repl, label in (
        (_DOTS, "", "middle dots removed"),
        (_DASHES, "ー", "long-vowel and hyphen marks unified"),
        (_WAVES, "~", "wave dashes unified"),
    ):
        new = pattern.sub(repl, out)
        if new != out:
            steps.append(label)
            out = new
    new = _SHAKYO.sub("社会福祉協議会", out)
    if new != out:
        steps.append("社協 expanded to 社会福祉協議会")
        out = new
    new = out.translate(_SMALL_KANA)
    if new != out:
        steps.append("small kana folded to full size")
        out = new
    new = out.casefold()
    if new != out:
        steps.append("Latin case folded")
        out = new
    return out, steps


def _explained_key(name: str) -> tuple[str, LegalName, list[str]]:
    text = _collapse(nfkc(name))
    legal = parse_legal_form(text)
    steps: list[str] = []
    stem = legal.base
    if legal.legal_form is not None:
        steps.append(f"legal form {legal.written_form} removed")
        if not stem:
            # A bare legal form is not a name; keep it rather than an empty key.
            stem = legal.legal_form
    key, more = _fold_spelling(stem)
    return key, legal, steps + more


_BRACKETED_TAIL = re.compile(r"\(([^()]{2,20})\)$")


def lookalike(a: str, b: str) -> str | None:
    """Why two names that the rules keep apart may be one body, or None.

    Only two differences are proposed: a bracketed abbreviation after one of
    them (…ネットワーク vs …ネットワーク(KVOAD)) and a final long-vowel mark
    (グラフィア vs グラフィアー). A person decides, in the overrides file.
    """
    ka, kb = resolution_key(a), resolution_key(b)
    if ka == kb:
        return None
    for x, y in ((ka, kb), (kb, ka)):
        m = _BRACKETED_TAIL.search(x)
        if m and x[: m.start()] == y:
            return f"one name adds the bracketed abbreviation ({m.group(1)})"
        if x == y + "ー":
            return "the names differ by a final long-vowel mark"
    return None


def resolution_key(name: str) -> str:
    """The key two mentions of the same organisation share.

    NFKC; the legal form removed; whitespace and middle dots removed; ー - ‐ –
    — ― and other dashes unified to ー; ~ 〜 ～ unified; small kana folded to
    full size (ッ -> ツ, ャ -> ヤ, ヶ -> ケ); Latin case folded.

    The legal form is dropped on purpose: sources write the same body as
    NPO法人 抱樸, 特定非営利活動法人抱樸 or 抱樸, and an NPO that became 認定
    keeps its identity. The rare company and NPO that share a base name are
    kept apart by a ``[[keep_apart]]`` entry of the overrides file.
    """
    return _explained_key(name)[0]


# --------------------------------------------------------------------------
# Overrides

class OverridesError(ValueError):
    """The overrides file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Merge:
    names: tuple[str, ...]
    canonical: str | None
    reason: str
    entry: int  # 1-based position among the [[merge]] entries, for messages


@dataclass(frozen=True)
class KeepApart:
    names: tuple[str, str]
    reason: str
    entry: int


@dataclass(frozen=True)
class Overrides:
    merges: tuple[Merge, ...] = ()
    keep_apart: tuple[KeepApart, ...] = ()
    path: Path | None = None


def load_overrides(path: Path | None = None) -> Overrides:
    """Read ``data/organisation_overrides.toml`` (or the file given) and check it."""
    path = path or OVERRIDES_PATH
    data = tomlfile.read_toml(path, OverridesError, ("merge", "keep_apart"))
    merges: list[Merge] = []
    for i, (where, entry) in enumerate(tomlfile.entries(
            data, "merge", path, OverridesError, ("names", "canonical", "reason")), 1):
        names = tomlfile.strings(entry, "names", where, OverridesError, at_least=2, noun="names")
        canonical = tomlfile.text(entry, "canonical", where, OverridesError, required=False)
        reason = tomlfile.text(entry, "reason", where, OverridesError)
        assert reason is not None
        merges.append(Merge(tuple(names), canonical, reason, i))
    apart: list[KeepApart] = []
    for i, (where, entry) in enumerate(tomlfile.entries(
            data, "keep_apart", path, OverridesError, ("names", "reason")), 1):
        names = tomlfile.strings(entry, "names", where, OverridesError, at_least=2, at_most=2,
                                 noun="names")
        reason = tomlfile.text(entry, "reason", where, OverridesError)
        assert reason is not None
        apart.append(KeepApart((names[0], names[1]), reason, i))
    return Overrides(tuple(merges), tuple(apart), path)


# --------------------------------------------------------------------------
# Resolver

@dataclass(frozen=True)
class OrgIdentity:
    """One mention resolved to an organisation.

    ``id`` is "org-" and the first 16 hex digits of the SHA-1 of ``key``, so a
    name gets the same id in every load. ``name`` is the mention as written
    (NFKC, whitespace collapsed); ``canonical`` the display name a merge override
    chose, if any. ``merged_by`` says what made the key differ from the plain
    name ('rules' for the spelling rules of ``resolution_key``, 'override' for
    an entry of the overrides file, None when the name is its own key) and
    ``evidence`` says which.
    """

    id: str
    key: str
    name: str
    legal_form: str | None
    sector: str | None
    kind: str
    merged_by: MergedBy | None
    evidence: str
    canonical: str | None = None


def unmatched_overrides(names: set[str], overrides: Overrides, keys: set[str] | None = None) -> list[str]:
    """Override entries that name something no record mentions: each one is an error.

    A name counts as mentioned when some record name has the same resolution key
    (``keys``: those of ``names``, when the caller has them already).
    """
    keys = {resolution_key(n) for n in names} if keys is None else keys
    errors = []
    for merge in overrides.merges:
        for n in merge.names:
            if resolution_key(n) not in keys:
                errors.append(f"{overrides.path}: [[merge]] entry {merge.entry}: {n!r} matches no name "
                              "in the records")
    for pair in overrides.keep_apart:
        for n in pair.names:
            if resolution_key(n) not in keys:
                errors.append(f"{overrides.path}: [[keep_apart]] entry {pair.entry}: {n!r} matches no "
                              "name in the records")
    return errors


def org_id(key: str) -> str:
    return "org-" + short_hash(key)


@dataclass
class _Split:
    # by legal form when the pair's forms differ, else by the full folded name
    by_form: bool
    reasons: list[str] = field(default_factory=list)


class OrgResolver:
    """Resolve mentions to organisations, with the overrides applied.

    Keys come from ``resolution_key``. A ``[[keep_apart]]`` pair whose names the
    rules would give one key splits that key: every mention with it gets the
    legal form appended (``抱樸|特定非営利活動法人``), or the whole folded name
    when the pair has the same legal form. A ``[[merge]]`` entry then maps the
    key of every listed name to the key of its canonical name (or of its first
    name when none is given).
    """

    def __init__(self, overrides: Overrides | None = None) -> None:
        self.overrides = overrides or Overrides()
        self._splits: dict[str, _Split] = {}
        for pair in self.overrides.keep_apart:
            a, b = (self._rule_key(n)[0] for n in pair.names)
            if a != b:
                continue  # the rules already keep them apart
            form_a, form_b = (parse_legal_form(n).legal_form for n in pair.names)
            full_a, full_b = (_fold_spelling(_collapse(nfkc(n)))[0] for n in pair.names)
            if form_a == form_b and full_a == full_b:
                raise OverridesError(
                    f"{self.overrides.path}: [[keep_apart]] entry {pair.entry}: "
                    f"{pair.names[0]!r} and {pair.names[1]!r} differ only in spacing, "
                    "dots, dashes, kana size or case; nothing can tell their mentions apart"
                )
            split = self._splits.setdefault(a, _Split(by_form=True))
            split.by_form = split.by_form and form_a != form_b
            split.reasons.append(pair.reason)
        self._merge_to: dict[str, tuple[str, Merge]] = {}
        for merge in self.overrides.merges:
            target_name = merge.canonical or merge.names[0]
            target = self._split_key(target_name)[0]
            for n in (*merge.names, *([merge.canonical] if merge.canonical else [])):
                key = self._split_key(n)[0]
                if key in self._merge_to and self._merge_to[key][0] != target:
                    other = self._merge_to[key][1]
                    raise OverridesError(
                        f"{self.overrides.path}: [[merge]] entries {other.entry} and "
                        f"{merge.entry} both claim {n!r} (key {key!r})"
                    )
                self._merge_to[key] = (target, merge)
        for pair in self.overrides.keep_apart:
            a, b = (self._final_key(n) for n in pair.names)
            if a == b:
                raise OverridesError(
                    f"{self.overrides.path}: [[keep_apart]] entry {pair.entry}: "
                    f"{pair.names[0]!r} and {pair.names[1]!r} are merged by a [[merge]] entry"
                )

    @staticmethod
    def _rule_key(name: str) -> tuple[str, LegalName, list[str]]:
        return _explained_key(name)

    def _split_key(self, name: str) -> tuple[str, LegalName, list[str], str | None]:
        key, legal, steps = self._rule_key(name)
        split = self._splits.get(key)
        if split is None:
            return key, legal, steps, None
        if split.by_form:
            key = f"{key}|{legal.legal_form or ''}"
            how = "legal form kept in the key"
        else:
            key = f"{key}|{_fold_spelling(_collapse(nfkc(name)))[0]}"
            how = "full name kept in the key"
        return key, legal, steps, f"kept apart by override ({how}): {'; '.join(split.reasons)}"

    def _final_key(self, name: str) -> str:
        key = self._split_key(name)[0]
        return self._merge_to[key][0] if key in self._merge_to else key

    def resolve(self, name: str) -> OrgIdentity:
        display = _collapse(nfkc(name))
        if not display:
            raise ValueError("empty organisation name")
        key, legal, steps, apart = self._split_key(display)
        sector, kind = classify_org(display)
        merged_by: MergedBy | None = None
        evidence = ""
        canonical: str | None = None
        if key in self._merge_to:
            target, merge = self._merge_to[key]
            canonical = merge.canonical
            merged_by = "override"
            evidence = (
                f"merge override {merge.entry} ({' / '.join(merge.names)}): {merge.reason}"
            )
            key = target
        elif apart is not None:
            merged_by = "override"
            evidence = apart
        elif key != display:
            merged_by = "rules"
            evidence = "; ".join(steps)
        return OrgIdentity(
            id=org_id(key),
            key=key,
            name=display,
            legal_form=legal.legal_form,
            sector=sector,
            kind=kind,
            merged_by=merged_by,
            evidence=evidence,
            canonical=canonical,
        )


# --------------------------------------------------------------------------
# Kinds of bodies

# A partner that names a kind of body (企業, 住民, 弁護士, 「NPO 法人」) rather than
# one body. One rule for every parser: such partners are participant categories,
# never organisations (DESIGN.md).
_GENERIC_KINDS = frozenset({
    "企業", "一般企業", "民間企業", "地元企業", "住民", "地域住民", "市民", "区民", "町民", "県民",
    "弁護士", "司法書士", "社会福祉士", "行政書士", "税理士", "医師", "看護師", "保健師", "専門家",
    "専門職", "大学生", "学生", "高校生", "大学教授", "研究者", "ボランティア", "民生委員", "児童委員",
    "民生委員・児童委員", "民生委員児童委員", "主任児童委員",
    "NPO", "NPO法人", "特定非営利活動法人", "社会福祉法人", "一般社団法人", "公益財団法人",
    "居住支援法人", "フードバンク団体", "ボランティア団体", "支援団体", "関係団体", "市民団体",
    "当事者団体", "子ども食堂", "こども食堂", "行政", "行政機関", "関係機関", "専門機関", "支援機関",
    "医療機関", "教育機関", "公共施設", "公共機関", "人材紹介会社", "IT関連企業", "不動産会社",
    "大学大学院研究室", "町社協", "社協", "社会福祉協議会", "教育委員会", "自治会", "町内会",
    "学校", "小学校", "中学校", "小中学校", "高校", "高等学校", "県立高等学校", "通信制高校",
    "大学", "保育園", "幼稚園", "フリースクール", "児童相談所", "保健所", "保健センター",
    "地域包括支援センター", "ハローワーク", "警察", "消防", "病院", "医師会", "地方銀行", "郵便局",
    "農業協同組合", "商工会議所", "商工会", "宅建業協会", "生活協同組合", "ライフライン関連企業",
    "地域若者サポートステーション", "若者サポートステーション", "議会議員", "市議会議員", "議員",
    "メンタルクリニック", "クリニック", "ユースセンター", "地域包括センター", "フードバンク",
    "児童養護施設", "母子生活支援施設", "放課後等デイサービス", "就労継続支援事業所",
    "事業者", "民間事業者", "福祉事業者", "介護事業所", "事業所", "スーパー", "コンビニ",
})
_GENERIC_PREFIX = re.compile(
    r"^(?:各(?!務)|全国の|都道府県の|他の|県及び|県内の|都内の|市内の|区内の|町内の|地域の|各地の|地元の"
    r"|近隣の|周辺の|周辺地域の|対象地域の|市町村の|関係する|複数の|様々な|多くの)"
)
_GENERIC_PATTERN = re.compile(
    r"^(?:関係団体|支援団体|関係機関)\(|(?:\d+団体|関係課|関係各課|関係部署|関係者|関連企業|関係機関|関係団体)$"
    r"|^(?:市町村|全市町村|市区町村)$"
)
_GENERIC_TAIL = re.compile(r"\s*(?:等|など|ほか)$")


def is_generic(name: str) -> bool:
    """True when a partner's name is a kind of body (企業, 各地のハローワーク), not a body."""
    text = _collapse(nfkc(name))
    text = _GENERIC_TAIL.sub("", text).strip()
    squeezed = text.replace(" ", "")
    if not squeezed:
        return False
    if squeezed in _GENERIC_KINDS or text in _GENERIC_KINDS:
        return True
    if _GENERIC_PREFIX.search(squeezed):
        return True
    return bool(_GENERIC_PATTERN.search(squeezed))
