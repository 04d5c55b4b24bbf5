"""Parser for the casebook of initiatives (format ``casebook``, seed ``000_…``).

The casebook is text extracted from a PDF: one initiative per page, each with a
title ending in 【官民連携】 or 【民民連携】, then labelled fields in an order that
varies from page to page (事業の実施機関, 対象地域, 連携先の実施機関,
取組の実施期間, ライフステージの区分 …), prose sections and stray photo captions.

What the parser reads, and how it decides what the PDF text leaves open:

- An initiative starts at its title; a title whose tag sits alone on the next
  line is the line before it. The record's line is the title's first line.
  A page without 事業の実施機関 is not an initiative: it gives a note, no record.
- The lead may share its line with 対象地域 (``事業の実施機関 X 対象地域 Y``);
  a parenthesis after the lead's name is its unit (``department``).
- Partner lists (連携先の実施機関) are split at 、 , / and bullets ・, never
  inside brackets （）「」『』【】. The PDF wraps lines mid-word, so a line end is
  a list boundary only when the line is short (it did not reach the right
  margin), no bracket is open and no separator is there already; a line that
  reached the margin is joined to the next one. The margin is measured from the
  document itself (display width, full-width characters counting two).
- A ・ is a bullet (a separator) after a space, a bracket or a line start, or
  between two complete organisation names (the left one ending in 会社, 法人,
  大学 …); between other characters it belongs to the name (札幌メンズ・シェッド,
  子ども施設指導・支援課).
- The outermost parenthesis after a name is its ``role_text``; roles come from
  ``loaders.roles.classify``. Parentheses that are part of a name are not roles:
  one that opens the item (``(公社) 全日本…``), a katakana reading after a Latin
  name (``SoooooS.(スース)``) and Latin-only text the role lexicon finds no role in
  (``コンビ(HITOMINA)``). A bracket 【…】 after a name is an annotation: it is
  left out of the name and reported as a note.
- Group headers (【民間団体】, a line ``(その他の連携先)``, a bullet
  ``パントリー:A、B``) set ``group``; under a header that names a government
  body (【八王子市】・福祉政策課) the partner is that body and the item its
  ``department``; so is ``X課:`` at the start of a role text and ``Body/X課``.
  Items joined by / share the role written after the last of them, and so do
  items of one bullet (``・A、B(role)``).
- An unclosed parenthesis (the source forgets one) is closed at the first
  ``)`` followed by a list separator at its level, and reported.
- ライフステージの区分: the text keeps the ● marks but not their columns, so
  they are assigned only when every stage is marked; otherwise life_stages
  stays empty and a note says how many marks were seen.

All text is NFKC-normalised. Long prose is not copied.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise

from tsunagari.core.text import nfkc
from tsunagari.loaders import orgs, places, roles
from tsunagari.loaders.parsing import Note, ParseResult, attach_evidence, record_id
from tsunagari.loaders.records import Area, Lead, Partner, Period, Record, Source

FORMAT = "casebook"

_TAG_RE = re.compile(r"【(官民連携|民民連携)】\s*$")
_SECTION_RE = re.compile(
    r"^\s*(事業の実施機関|対象地域|連携先の実施機関|取組み?の内容|取組み?の実施期間"
    r"|取組み?にあたって|取組み?の効果|ライフステージの区分)"
)
_PERIOD_RE = re.compile(r"^\s*取組み?の実施期間\s*")
_URL_RE = re.compile(r"https?://[^\s　]+")

# The ten stages of the casebook's form, left to right. 子ども~就学前 and 大人
# are headers spanning several columns, not stages of their own.
LIFE_STAGES = (
    "妊娠期から就園前", "就学前", "小学生", "中学生", "高校生", "大学生",
    "若年層", "中年層", "高齢層", "年齢や属性を問わない",
)

_OPEN = "(「『【"
_CLOSE = ")」』】"
_SEPARATORS = "、,/"
# A line counts as reaching the right margin when it is at least this share of
# the document's typical full line.
_FULL_LINE_SHARE = 0.85
# The casebook's full line (95th percentile of its line widths), for excerpts.
_CASEBOOK_FULL_LINE = 172
_MIN_LINES_FOR_MARGIN = 100

_ORG_SUFFIX_RE = re.compile(
    r"(会社|法人|協会|協議会|連盟|大学|学校|病院|センター|団体|財団|社団|組合|"
    r"課|室|局|省|庁|役所|役場|都|道|府|県|市|区|町|村)$"
)
_GOV_RE = re.compile(r"(都|道|府|県|市|区|町|村|省|庁|役所|役場|委員会)$")
_UNIT_RE = re.compile(r"(課|室|係|局|部)$")
_ROLE_DEPT_RE = re.compile(r"^([^:()、,]{1,30}?(?:課|室|係|局)):")

# Kinds of bodies (not named ones) that appear in partner lists: 各地のハローワーク,
# 企業 … Prefixes cover "every/some X"; the set covers bare kinds.
_GENERIC_PREFIXES = ("各", "全国の", "都道府県の", "他の", "県及び")
_GENERIC_NAMES = frozenset({
    "企業", "大学生", "社会福祉法人", "居住支援法人", "フードバンク団体", "ボランティア団体等",
    "人材紹介会社", "IT関連企業", "大学大学院研究室", "町社協", "県立高等学校", "通信制高校等",
})


def width(text: str) -> int:
    """Display width: full-width and wide characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text.rstrip())


def _is_cjk(ch: str) -> bool:
    return not ch.isascii() and not ch.isspace()


def _is_katakana(ch: str) -> bool:
    return "\u30a0" <= ch <= "\u30ff"


def _clean(text: str) -> str:
    """Collapse spaces; a run of two or more between CJK characters is PDF justification."""
    text = text.strip()

    def repl(m: re.Match[str]) -> str:
        before = text[m.start() - 1] if m.start() > 0 else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if len(m.group()) >= 2 and _is_cjk(before) and _is_cjk(after):
            return ""
        return " "

    return re.sub(r"\s+", repl, text)


# --------------------------------------------------------------------------- dates

_DATE_RE = re.compile(
    r"(?:(令和|平成)(\d{1,2}|元)年|(\d{4})年)(?:\s*(\d{1,2})月(?:\s*(\d{1,2})日)?)?"
)
_END_RE = re.compile(
    r"\s*[~〜]\s*(?:(令和|平成)(\d{1,2}|元)年|(\d{4})年)?\s*(?:(\d{1,2})月(?:\s*(\d{1,2})日)?)?"
)
_ERA_BASE = {"令和": 2018, "平成": 1988}


def _year(era: str | None, era_year: str | None, year: str | None) -> int | None:
    if year:
        return int(year)
    if era and era_year:
        return _ERA_BASE[era] + (1 if era_year == "元" else int(era_year))
    return None


def _iso(year: int, month: str | None, day: str | None) -> str:
    if not month:
        return f"{year:04d}"
    if not day:
        return f"{year:04d}-{int(month):02d}"
    return f"{year:04d}-{int(month):02d}-{int(day):02d}"


def period_from_text(text: str) -> Period:
    """A Period from a Japanese period text: first date is the start; ``A~B`` gives an end.

    Years may be Western or 令和/平成; a date of the end without a year takes the
    start's year (``2024年1月〜5月``). Day precision is kept when it is written.
    """
    text = _clean(nfkc(text))
    m = _DATE_RE.search(text)
    if not m:
        return Period(text=text or None)
    year = _year(m.group(1), m.group(2), m.group(3))
    assert year is not None
    start = _iso(year, m.group(4), m.group(5))
    end = None
    e = _END_RE.match(text, m.end())
    if e and (e.group(3) or e.group(2) or e.group(4)):
        end_year = _year(e.group(1), e.group(2), e.group(3)) or year
        end = _iso(end_year, e.group(4), e.group(5))
    return Period(text=text, start=start, end=end)


# --------------------------------------------------------------------------- partner lists


@dataclass
class _Item:
    """One entry of a partner list, with the line of each character."""

    chars: list[tuple[str, int]]
    sep_before: str  # "start", "bullet", "break", "header", ",", "/"
    group: str | None
    subgroup: str | None
    bullet_no: int
    sep_char: str = ""  # the separator as written before the item (、 , /)

    @property
    def text(self) -> str:
        return "".join(c for c, _ in self.chars)


@dataclass
class _Parsed:
    name: str
    line: int
    role_text: str | None
    group: str | None
    bullet_no: int
    sep_before: str
    department: str | None = None
    notes: list[tuple[int, str, str]] = field(default_factory=list)
    quote: str = ""
    sep_char: str = ""
    aliases: list[str] = field(default_factory=list)


class _ListReader:
    """Reads one partner block (lines after 連携先の実施機関) into partners and notes."""

    def __init__(self, document: str, full_width: float) -> None:
        self.document = document
        self.full_width = full_width
        self.notes: list[Note] = []

    def note(self, line: int, kind: str, message: str) -> None:
        self.notes.append(Note(self.document, line, kind, message))

    # -- joining lines ----------------------------------------------------------
    def stream(self, block: list[tuple[int, str]]) -> list[tuple[str, int]]:
        """The block as one character stream; "\\n" marks a real list boundary."""
        out: list[tuple[str, int]] = []
        depth = 0
        prev_raw: str | None = None
        prev_text = ""
        blank_before = False
        for lineno, raw in block:
            text = nfkc(raw).strip()
            if not text:
                blank_before = True
                continue
            if prev_raw is not None:
                out.extend(self._joint(prev_raw, prev_text, text, depth, blank_before, lineno))
            if _is_header_line(text, prev_text, depth):
                # "(その他の連携先)" on its own line heads the items after it
                text = "【" + text[1:-1] + "】"
            for ch in text:
                out.append((ch, lineno))
                if ch in _OPEN:
                    depth += 1
                elif ch in _CLOSE and depth > 0:
                    depth -= 1
            prev_raw, prev_text, blank_before = raw, text, False
        return out

    def _joint(self, prev_raw: str, prev: str, cur: str, depth: int, blank: bool,
               lineno: int) -> list[tuple[str, int]]:
        space = [(" ", lineno)]
        if depth > 0:
            return space if prev[-1].isascii() and cur[0].isascii() else []
        if blank or cur[0] in "【・" or _is_header_line(cur, prev, depth):
            return [("\n", lineno)]  # a bullet or a header opens a line of its own
        if prev[-1] in _SEPARATORS + "・" or cur[0] in _SEPARATORS:
            return []
        if cur[0] == "(":
            return []  # a role on the next line belongs to the name before it
        if width(prev_raw) >= self.full_width:
            # Latin text wraps at spaces; Japanese wraps anywhere
            return space if _is_ascii_alnum(prev[-1]) else []
        return [("\n", lineno)]

    # -- brackets ---------------------------------------------------------------
    def repair(self, chars: list[tuple[str, int]]) -> list[tuple[str, int]]:
        """Close a parenthesis the source left open, where the list goes on at its level."""
        for _ in range(5):
            stack: list[int] = []
            depth_at: list[int] = []
            for i, (c, _line) in enumerate(chars):
                depth_at.append(len(stack))
                if c in _OPEN:
                    stack.append(i)
                elif c in _CLOSE and stack:
                    stack.pop()
            if not stack:
                return chars
            opened = stack[0]
            base = depth_at[opened]
            for p in range(opened + 2, len(chars)):
                if (chars[p][0] in _SEPARATORS + "\n" and chars[p - 1][0] == ")"
                        and depth_at[p] == base + 1):
                    line = chars[p][1]
                    self.note(line, "warning",
                              f"unclosed parenthesis opened at line {chars[opened][1]}; "
                              f"closed before the list separator at line {line}")
                    chars = chars[:p] + [(")", line)] + chars[p:]
                    break
            else:
                line = chars[opened][1]
                self.note(line, "warning", "unclosed parenthesis; closed at the end of the list")
                chars = chars + [(")", chars[-1][1])] * len(stack)
        return chars

    # -- splitting ----------------------------------------------------------------
    def items(self, chars: list[tuple[str, int]]) -> Iterator[_Item]:
        group: str | None = None
        subgroup: str | None = None
        bullet_no = 0
        cur: list[tuple[str, int]] = []
        sep = "start"
        depth = 0
        i = 0

        sep_char = ""

        def flush(next_sep: str, next_char: str = "") -> Iterator[_Item]:
            nonlocal cur, sep, sep_char
            if "".join(c for c, _ in cur).strip():
                yield _Item(cur, sep, group, subgroup, bullet_no, sep_char)
            cur, sep, sep_char = [], next_sep, next_char

        while i < len(chars):
            c, line = chars[i]
            if depth == 0 and c == "【" and not "".join(x for x, _ in cur).strip():
                j = _matching(chars, i)
                group = _clean("".join(x for x, _ in chars[i + 1:j]))
                subgroup = None
                bullet_no += 1
                cur, sep = [], "header"
                i = j + 1
                continue
            if depth == 0 and c == ":" and subgroup is None and sep in ("bullet", "header", "start") \
                    and "(" not in "".join(x for x, _ in cur) and "".join(x for x, _ in cur).strip():
                # "・パントリー:A、B": a label heading the items of one bullet
                subgroup = _clean("".join(x for x, _ in cur))
                cur = []
                i += 1
                continue
            if depth == 0 and (c in _SEPARATORS or c == "\n" or
                               (c == "・" and self._is_bullet(chars, i, cur))):
                kind = {"\n": "break", "・": "bullet"}.get(c, c if c == "/" else ",")
                yield from flush(kind, c if c in _SEPARATORS else "")
                if kind in ("break", "bullet"):
                    subgroup = None
                    bullet_no += 1
                i += 1
                continue
            if c in _OPEN:
                depth += 1
            elif c in _CLOSE and depth > 0:
                depth -= 1
            cur.append((c, line))
            i += 1
        yield from flush("end")

    @staticmethod
    def _is_bullet(chars: list[tuple[str, int]], i: int, cur: list[tuple[str, int]]) -> bool:
        left = "".join(c for c, _ in cur)
        if not left.strip() or left[-1].isspace() or left[-1] in _CLOSE:
            return True
        right = "".join(c for c, _ in chars[i + 1:i + 3])
        if not right or right[0].isspace():
            return True
        if _is_katakana(left[-1]) and _is_katakana(right[0]):
            return False
        return bool(_ORG_SUFFIX_RE.search(left.strip()))

    # -- one item ---------------------------------------------------------------
    def parse_item(self, item: _Item) -> _Parsed | None:
        chars = item.chars
        while chars and chars[0][0].isspace():
            chars = chars[1:]
        if not chars:
            return None
        line = chars[0][1]
        name_parts: list[str] = []
        aliases: list[str] = []
        role_text: str | None = None
        trailing: list[str] = []
        i = 0
        while i < len(chars):
            c = chars[i][0]
            if c in "(【":
                j = _matching(chars, i)
                inner = _clean("".join(x for x, _ in chars[i + 1:j]))
                before = "".join(name_parts).strip()
                if role_text is not None:
                    trailing.append("".join(x for x, _ in chars[i:j + 1]))
                elif c == "【":
                    self.note(chars[i][1], "annotation",
                              f"partner {_clean(before)!r}: bracketed note 【{inner}】 "
                              "is not part of the name")
                elif not before:
                    name_parts.append("(" + inner + ")")
                elif _is_name_paren(before, inner):
                    # a reading or another name of the body: an alias, not part of the name
                    aliases.append(inner)
                else:
                    role_text = inner
                i = j + 1
                continue
            if role_text is None:
                name_parts.append(c)
            else:
                trailing.append(c)
            i += 1
        name = _clean("".join(name_parts))
        rest = _clean("".join(trailing))
        notes: list[tuple[int, str, str]] = []
        if rest:
            if rest in ("他", "等", "など"):
                message = (f"partner list goes on with {rest!r} after {name!r}: "
                           "further partners are not named")
                notes.append((chars[-1][1], "warning", message))
            else:
                notes.append((chars[-1][1], "warning",
                              f"text {rest!r} after the role of {name!r} is not read"))
        if name.endswith("と連携") and len(name) > 3:
            notes.append((line, "warning", f"partner {name!r}: the verb と連携 is not part of the name"))
            name = name[: -len("と連携")]
        name, person = orgs.without_person(name)
        if person:
            notes.append((line, "warning", f"partner {name!r}: the person {person!r} is not part of the name"))
        if not name:
            self.note(line, "warning", f"partner list entry without a name: {item.text.strip()!r}")
            return None
        group = item.group
        if item.subgroup:
            group = f"{group}/{item.subgroup}" if group else item.subgroup
        quote = _clean(item.text).strip("・ ")
        if item.subgroup:
            quote = f"{item.subgroup}:{quote}"
        parsed = _Parsed(name, line, role_text, group, item.bullet_no, item.sep_before, notes=notes,
                         quote=quote, sep_char=item.sep_char, aliases=aliases)
        if item.group and _GOV_RE.search(item.group) and item.subgroup is None:
            parsed.department, parsed.name = parsed.name, item.group
            parsed.quote = f"【{item.group}】・{quote}"
        return parsed

    def read(self, block: list[tuple[int, str]]) -> list[Partner]:
        chars = self.repair(self.stream(block))
        parsed = [p for p in (self.parse_item(it) for it in self.items(chars)) if p is not None]
        parsed = _share_roles(parsed)
        _bodies_of_bare_units(parsed)
        partners: list[Partner] = []
        for p in parsed:
            for line, kind, message in p.notes:
                self.note(line, kind, message)
            department = p.department
            if p.role_text and department is None:
                m = _ROLE_DEPT_RE.match(p.role_text)
                if m:
                    department = m.group(1)
            garbled = orgs.is_garbled(p.name)
            if garbled:
                self.note(p.line, "garbled_name", f"partner name {p.name!r} is damaged text")
            partners.append(Partner(
                name=p.name,
                roles=roles.classify(p.role_text),
                role_text=p.role_text,
                group=p.group,
                generic=is_generic(p.name),
                quality="garbled" if garbled else None,
                department=department,
                line=p.line,
                quote=p.quote or None,
                aliases=p.aliases,
            ))
        return partners


def _share_roles(parsed: list[_Parsed]) -> list[_Parsed]:
    """Apply ``A/B(role)`` and ``・A、B(role)``: the role written last covers the run."""
    out: list[_Parsed] = []
    i = 0
    while i < len(parsed):
        # a run: items linked by "/", or items of one bullet linked by 、
        j = i
        while j + 1 < len(parsed) and (
            parsed[j + 1].sep_before == "/"
            or (parsed[j + 1].sep_before == "," and parsed[j + 1].bullet_no == parsed[i].bullet_no
                and parsed[i].sep_before == "bullet")
        ):
            j += 1
        run = parsed[i:j + 1]
        last = run[-1]
        if len(run) > 1 and last.role_text and all(p.role_text is None for p in run[:-1]):
            # the sentence that states the shared role is the whole run
            joined = run[0].quote + "".join((p.sep_char or "、") + p.quote for p in run[1:])
            for p in run:
                p.quote = joined
            slash_pair = len(run) == 2 and last.sep_before == "/"
            if slash_pair and _GOV_RE.search(run[0].name) and _UNIT_RE.search(last.name):
                # "足立区教育委員会/子ども政策課(共催)": a unit of the body before the slash
                run[0].department = last.name
                run[0].role_text = last.role_text
                run = run[:1]
            else:
                for p in run[:-1]:
                    p.role_text = last.role_text
        out.extend(run)
        i = j + 1
    return out


_GOV_PREFIX_RE = re.compile(r"^(.{1,5}?[都道府県市区町村])(?=\S)")


def _bodies_of_bare_units(parsed: list[_Parsed]) -> None:
    """A unit named without its body (こども家庭部, 000:74) among the units of one
    government (足立区支援管理課、…、こども家庭部、足立区交通対策課) belongs to it."""
    for i, p in enumerate(parsed):
        if p.department or not _UNIT_RE.search(p.name) or _GOV_PREFIX_RE.match(p.name):
            continue
        bodies = set()
        for q in parsed[max(0, i - 2):i] + parsed[i + 1:i + 3]:
            m = _GOV_PREFIX_RE.match(q.name)
            if m and _GOV_RE.search(m.group(1)) and (_UNIT_RE.search(q.name) or q.department):
                bodies.add(m.group(1))
        if len(bodies) == 1:
            p.department, p.name = p.name, bodies.pop()


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _is_name_paren(before: str, inner: str) -> bool:
    """A parenthesis that belongs to the name rather than giving a role."""
    if inner and all(_is_katakana(c) for c in inner) and before[-1].isascii():
        return True  # a reading: SoooooS.(スース)
    # a Latin name or abbreviation: コンビ(HITOMINA)
    return bool(inner) and inner.isascii() and roles.classify(inner) in (["other"], ["unspecified"])


def _matching(chars: list[tuple[str, int]], i: int) -> int:
    depth = 0
    for j in range(i, len(chars)):
        c = chars[j][0]
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            depth -= 1
            if depth == 0:
                return j
    return len(chars) - 1


def _is_header_line(text: str, prev: str, depth: int) -> bool:
    """A line that is one parenthesis after an item that already has its role."""
    return (depth == 0 and text.startswith("(") and text.endswith(")")
            and text.count("(") == 1 and prev.endswith(")"))


def is_generic(name: str) -> bool:
    """A kind of body (各地のハローワーク, 企業) rather than a named one."""
    return name in _GENERIC_NAMES or name.startswith(_GENERIC_PREFIXES)


# --------------------------------------------------------------------------- entries


@dataclass
class _Entry:
    title: str
    collaboration_type: str
    line: int  # 1-based line of the title's first line
    body_start: int  # 0-based index of the first line after the title
    end: int  # 0-based index after the last line


def _document_full_width(lines: list[str]) -> float:
    """Width from which a line is taken to reach the right margin (and so to wrap)."""
    widths = sorted(width(line) for line in lines if line.strip())
    if len(widths) < _MIN_LINES_FOR_MARGIN:
        # an excerpt is too short to measure; use the casebook's own margin
        return _CASEBOOK_FULL_LINE * _FULL_LINE_SHARE
    typical = widths[int(len(widths) * 0.95)]
    return typical * _FULL_LINE_SHARE


def _find_entries(lines: list[str], full_width: float) -> list[_Entry]:
    entries: list[_Entry] = []
    for i, raw in enumerate(lines):
        line = nfkc(raw)
        m = _TAG_RE.search(line)
        if not m:
            continue
        title = _clean(line[: m.start()])
        first = i
        if not title:
            j = i - 1
            while j >= 0 and not lines[j].strip():
                j -= 1
            if j < 0 or _SECTION_RE.match(nfkc(lines[j])):
                continue
            first, title = j, _clean(nfkc(lines[j]))
        elif (i > 0 and lines[i - 1].strip() and not _SECTION_RE.match(nfkc(lines[i - 1]))
              and width(lines[i - 1]) >= full_width and (i < 2 or not lines[i - 2].strip())):
            # a title wrapped over two lines
            first, title = i - 1, _clean(nfkc(lines[i - 1])) + title
        entries.append(_Entry(title, m.group(1), first + 1, i + 1, len(lines)))
    for a, b in pairwise(entries):
        a.end = b.line - 1
    return entries


def _split_lead(text: str) -> tuple[str, str | None]:
    """Name and unit of an implementing body: ``X(委員会)`` names a unit of X."""
    m = re.match(r"^(.*?)\s*\(([^()]+)\)$", text)
    if m and m.group(1):
        return _clean(m.group(1)), _clean(m.group(2))
    return _clean(text), None


def _life_stages(lines: list[str], start: int, end: int, document: str,
                 notes: list[Note]) -> list[str]:
    marks = 0
    for k in range(start + 1, end):
        text = nfkc(lines[k]).strip()
        if k > start + 1 and _SECTION_RE.match(text):
            break
        marks += text.count("●")
    if marks == len(LIFE_STAGES):
        return list(LIFE_STAGES)
    if marks:
        notes.append(Note(document, start + 1, "warning",
                          f"ライフステージの区分: {marks} ● mark(s) for {len(LIFE_STAGES)} stages, "
                          "but the text does not keep their columns; life_stages left empty"))
    return []


def _parse_entry(entry: _Entry, lines: list[str], document: str, full_width: float,
                 gazetteer: places.Gazetteer) -> tuple[Record | None, list[Note]]:
    notes: list[Note] = []
    lead_text: str | None = None
    lead_line = entry.line
    area_text: str | None = None
    area_line = entry.line
    partner_block: list[tuple[int, str]] | None = None
    partner_line = entry.line
    period: Period | None = None
    url: str | None = None
    stages: list[str] = []

    k = entry.body_start
    while k < entry.end:
        raw = lines[k]
        text = nfkc(raw).strip()
        if url is None:
            found = _URL_RE.search(text)
            if found:
                url = found.group()
        if text.startswith("事業の実施機関"):
            rest = text[len("事業の実施機関"):].strip()
            lead_line = k + 1
            parts = re.split(r"\s+対象地域\s*", rest, maxsplit=1)
            lead_text = parts[0]
            if len(parts) == 2:
                area_text, area_line = parts[1], k + 1
        elif text.startswith("対象地域"):
            area_text, area_line = text[len("対象地域"):].strip(), k + 1
        elif _PERIOD_RE.match(text):
            period = _period(lines, k, entry.end, full_width)
        elif text.startswith("ライフステージの区分"):
            stages = _life_stages(lines, k, entry.end, document, notes)
        elif text.startswith("連携先の実施機関"):
            partner_line = k + 1
            partner_block = []
            first = text[len("連携先の実施機関"):].strip()
            if first:
                partner_block.append((k + 1, first))
            k += 1
            while k < entry.end and not _SECTION_RE.match(nfkc(lines[k])):
                partner_block.append((k + 1, lines[k]))
                k += 1
            continue
        k += 1

    if not lead_text:
        notes.append(Note(document, entry.line, "skipped",
                          f"{entry.title!r}: no 事業の実施機関, so not read as an initiative"))
        return None, notes

    name, department = _split_lead(lead_text)
    garbled = orgs.is_garbled(name)
    if garbled:
        notes.append(Note(document, lead_line, "garbled_name", f"lead name {name!r} is damaged text"))
    lead = Lead(name=name, department=department, quality="garbled" if garbled else None)

    areas: list[Area] = []
    if area_text:
        if re.search(r"(他|等|など)$", area_text):
            notes.append(Note(document, area_line, "warning",
                              f"対象地域 {area_text!r} ends in 'and others': further areas are not named"))
        resolution = gazetteer.resolve(_clean(area_text))
        areas = list(resolution.areas)
        for fragment in resolution.unresolved:
            notes.append(Note(document, area_line, "unresolved_area",
                              f"対象地域 {fragment!r} (in {area_text!r}) matches no municipality"))
        if not areas and not resolution.unresolved:
            notes.append(Note(document, area_line, "unresolved_area",
                              f"対象地域 {area_text!r} names no known place"))
    else:
        notes.append(Note(document, entry.line, "warning", f"{entry.title!r}: no 対象地域"))

    partners: list[Partner] = []
    if partner_block is None:
        notes.append(Note(document, entry.line, "warning", f"{entry.title!r}: no 連携先の実施機関"))
    else:
        reader = _ListReader(document, full_width)
        partners = reader.read(partner_block)
        notes.extend(reader.notes)
        if not partners:
            notes.append(Note(document, partner_line, "warning", "連携先の実施機関 lists no partner"))

    record = Record(
        id=record_id(FORMAT, document, entry.line),
        title=entry.title,
        collaboration_type=entry.collaboration_type,
        lead=lead,
        areas=areas,
        partners=partners,
        period=period,
        url=url,
        life_stages=stages,
        source=Source(document=document, line=entry.line, format=FORMAT),
    )
    return record, notes


def _period(lines: list[str], k: int, end: int, full_width: float) -> Period:
    """取組の実施期間: its first line; a line that wraps goes on to the end of its sentence."""
    text = _clean(_URL_RE.sub(" ", _PERIOD_RE.sub("", nfkc(lines[k]), count=1)))
    raw = lines[k]
    while (width(raw) >= full_width and not text.endswith("。") and k + 1 < end
           and lines[k + 1].strip() and not _SECTION_RE.match(nfkc(lines[k + 1]))):
        k += 1
        raw = lines[k]
        nxt = _clean(_URL_RE.sub(" ", nfkc(raw)))
        cut = nxt.find("。")
        text += nxt[: cut + 1] if cut >= 0 else nxt
        if cut >= 0:
            break
    return period_from_text(text)


def parse(text: str, document: str) -> ParseResult:
    """Records of the casebook's initiatives, and notes on what could not be read."""
    lines = text.replace("\r\n", "\n").split("\n")
    full_width = _document_full_width(lines)
    gazetteer = places.gazetteer()
    result = ParseResult()
    for entry in _find_entries(lines, full_width):
        record, notes = _parse_entry(entry, lines, document, full_width, gazetteer)
        result.notes.extend(notes)
        if record is not None:
            result.records.append(record)
    attach_evidence(result, text)
    result.notes.sort(key=lambda n: n.line)
    return result
