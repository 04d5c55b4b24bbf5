"""Parser for the table of projects adopted in 令和6年度 (format ``adopted_list``).

The document opens with a few featured projects in prose, then lists every
adopted project as a tab-separated table (番号, 団体名, 取組名, 活動地域, R5採択)
whose header repeats on every page. Only the table is read: the featured
projects are repeated in it.
"""

from __future__ import annotations

import re

from tsunagari.core.text import nfkc
from tsunagari.loaders.parsing import Note, ParseResult, record_id
from tsunagari.loaders.places import gazetteer
from tsunagari.loaders.records import AltName, Lead, Record, SchemeRef, Source

FORMAT = "adopted_list"
SCHEME_R6 = "令和6年度 地域における孤独・孤立対策に関するNPO等の取組モデル調査"
SCHEME_R5 = "令和5年度 地域における孤独・孤立対策に関するNPO等の取組モデル調査"
_ROW = re.compile(r"^\t?(?P<no>\d{1,3})\t(?P<org>[^\t]+)\t(?P<title>[^\t]+)\t(?P<area>[^\t]+)\t?(?P<r5>[^\t]*)$")
_HEADER = re.compile(r"^\t?団体名\t取組名\t活動地域")
_STATED_TOTAL = re.compile(r"^(\d+)事業")
_ADOPTED_MARKS = {"○", "◯", "〇"}
# A featured project names its organisation as "団体名（都道府県）" under its title.
_FEATURED_ORG = re.compile(r"^(?P<org>[^\t（）()]+?)[（(](?P<pref>[^（）()]*[都道府県])[）)]$")


def _featured(lines: list[str]) -> list[tuple[int, str, str]]:
    """(line, organisation, title) of the featured projects before the table."""
    out = []
    for i, line in enumerate(lines):
        if _HEADER.match(line):
            break
        m = _FEATURED_ORG.match(line.strip())
        if not m:
            continue
        title = next((t.strip() for t in reversed(lines[:i]) if t.strip()), "")
        out.append((i + 1, re.sub(r"\s+", " ", m.group("org").strip()), title))
    return out


def _link_featured(result: ParseResult, featured: list[tuple[int, str, str]], document: str) -> None:
    """Record the featured spelling of each lead: the same document names it twice."""
    by_title = {r.title: r for r in result.records}
    by_lead = {r.lead.name: r for r in result.records}
    for line, org, title in featured:
        rec = by_title.get(title) or by_lead.get(org)
        if rec is None:
            result.notes.append(Note(document, line, "warning",
                                     f"featured project {org!r} not found in the table"))
            continue
        if org != rec.lead.name:
            rec.lead.also_written.append(AltName(name=org, line=line))


def parse(text: str, document: str) -> ParseResult:
    result = ParseResult()
    gaz = gazetteer()
    stated_total: int | None = None
    in_table = False
    numbers: list[int] = []
    lines = [nfkc(raw) for raw in text.splitlines()]
    for lineno, line in enumerate(lines, start=1):
        if stated_total is None and (m := _STATED_TOTAL.match(line.strip())):
            stated_total = int(m.group(1))
        if _HEADER.match(line):
            in_table = True
            continue
        if not in_table or not line.strip():
            continue
        m = _ROW.match(line)
        if m is None:
            result.notes.append(Note(document, lineno, "skipped",
                                     f"table line not in the 5-column shape: {line.strip()[:60]}"))
            continue
        r5_mark = m.group("r5").strip()
        if r5_mark and r5_mark not in _ADOPTED_MARKS:
            result.notes.append(Note(document, lineno, "warning",
                                     f"R5採択 column holds {r5_mark!r}, read as not adopted"))
        adopted_r5 = r5_mark in _ADOPTED_MARKS
        area_text = m.group("area").strip()
        resolution = gaz.resolve(area_text)
        for fragment in resolution.unresolved:
            result.notes.append(Note(document, lineno, "unresolved_area",
                                     f"{fragment!r} in {area_text!r}"))
        schemes = [SchemeRef(title=SCHEME_R6)]
        if adopted_r5:
            schemes.append(SchemeRef(title=SCHEME_R5))
        numbers.append(int(m.group("no")))
        result.records.append(Record(
            id=record_id(FORMAT, document, lineno),
            title=m.group("title").strip(),
            lead=Lead(name=re.sub(r"\s+", " ", m.group("org").strip())),
            areas=resolution.areas,
            schemes=schemes,
            adopted_r5=adopted_r5,
            source=Source(document=document, line=lineno, format=FORMAT),
        ))
    _link_featured(result, _featured(lines), document)
    expected = list(range(1, len(numbers) + 1))
    if numbers != expected:
        result.notes.append(Note(document, 1, "warning", "table numbers are not 1..N in order"))
    if stated_total is not None and stated_total != len(numbers):
        result.notes.append(Note(document, 1, "warning",
                                 f"the document states {stated_total} projects; its table lists "
                                 f"{len(numbers)}"))
    return result
