"""Parser for the municipal platform report (format ``platforms``, seed 003).

The report (野村総合研究所, 令和7年3月) describes, city by city, the local
官民連携プラットフォーム (連携PF) that the national model survey supported. Each
city section ("2-N. 市名") holds the same tables, flattened to tab-separated
lines by the PDF extraction:

- 自治体の概要: 自治体名, 担当部局名;
- 地方版連携 PF: 立ち上げ年度, 参画メンバー;
- 試行的事業の概要: one row per trial project, the last cell naming the
  contractor (発注先) and its cost;
- 連携 PF の行程: a header "令和N年度:PF の立ち上げ";
- 打合せ記録一覧: the organisations met.

Only 福岡市, 熊本市 and 市原市 have sections in the extraction; the other cities
appear only as rows of the two summary maps at the start, and get a platform
record from that row alone.

Out of each city section come one ``platform`` record (lead: the city, members
and organisations met as partners) and one ``initiative`` record per trial
project (lead: the contractor; partners: the city paying, the contractor
running it). Whatever cannot be read is reported as a note.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from tsunagari.core.text import nfkc
from tsunagari.loaders.parsing import LineContext, ParseResult, attach_evidence
from tsunagari.loaders.places import gazetteer
from tsunagari.loaders.records import Area, Lead, Partner, Period, Record, SchemeRef

FORMAT = "platforms"

# Legal forms that open an organisation name. 特別非営利活動法人 is a misspelling
# of 特定非営利活動法人 found in the report; it still marks where a name starts.
LEGAL_FORM = (
    r"(?:認定\s*NPO\s*法人|特定非営利活動法人|特別非営利活動法人|NPO\s*法人|"
    r"一般社団法人|一般財団法人|公益社団法人|公益財団法人|社会福祉法人|株式会社|合同会社)"
)
_LEGAL_FORM_RE = re.compile(LEGAL_FORM)

_CJK = r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff々〆ー・]"
_WRAP_SPACE = re.compile(rf"(?<={_CJK})\s+(?={_CJK})")
_TAG = re.compile(r"<[^>]+>")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

_SECTION = re.compile(r"^2-(\d+)\.\s*(\S+)\s*$")
_CITY_NAME = re.compile(r"自治体名\t+([^\t]+)")
_DEPARTMENT = re.compile(r"担当部局名[\s\t]*([^\t]+)")
_FOUNDED_FIELD = re.compile(r"地方版連携\s*PF.*立ち上げ年度\t+(令和(\d+)年度)")
_FOUNDED_STAGE = re.compile(r"令和(\d+)年度\s*:\s*PF\s*の立ち上げ(?!の)")
_MEMBERS = re.compile(r"参画メンバー\t+([^\t]+)")
_MEMBER_GROUP = re.compile(r"\(([^()]*会員)\)")
_MEMBER_TOTAL = re.compile(r"ほか\s*\(全\s*(\d+)\s*団体\)\s*$")
_NEW_MEMBERS = re.compile(r"新たに下記の\s*(\d+)\s*団体が加わった")
_MAP_ROW = re.compile(r"^(\d{1,2})\s+([^\t\s]+[市区町村都道府県])\t([^\t]+)\t")
_REIWA = re.compile(r"令和(\d+)年")
_TRIAL_ROW = re.compile(rf"^([{_CIRCLED}])\t")
_DETAIL_HEADING = re.compile(rf"^([{_CIRCLED}])\s*(.+?)\s*$")
_COST = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(万円|千円|円)")
_CONTRACTOR = re.compile(
    r"^(?:(?P<label>[^:()]*費用)\s*:\s*)?(?P<name>[^()]+?)\s*\((?P<cost>[^()]*)\)\s*(?P<rest>.*)$"
)
_PERSON_SUFFIX = re.compile(r"\s+\S+(?:氏|様)$")
_POSITION_SUFFIX = re.compile(r"(?:代表理事|理事長|代表)$")

# A platform the report does not name gets this title, built from the report's
# own definition of 連携PF (地方版孤独・孤立対策官民連携プラットフォーム); a note says so.
PLATFORM_TITLE_SUFFIX = "地方版孤独・孤立対策官民連携プラットフォーム"
MEETING_ROLE_TEXT = "打合せ相手団体"
_YEN_UNITS = {"万円": 10_000, "千円": 1_000, "円": 1}


def constructed_platform_title(place: str) -> str:
    return f"{place} {PLATFORM_TITLE_SUFFIX}"


def reiwa_to_year(n: int) -> int:
    return 2018 + n


def normalise(text: str) -> str:
    """NFKC, except for circled numbers: they number table rows and headings
    here, and NFKC would turn them into plain digits."""
    pieces = re.split(f"([{_CIRCLED}])", text)
    return "".join(p if len(p) == 1 and p in _CIRCLED else nfkc(p) for p in pieces)


def clean_cell(text: str) -> str:
    """A table cell without the HTML the extraction left and with spaces collapsed."""
    return " ".join(_TAG.sub(" ", normalise(text)).split())


def join_wraps(text: str) -> str:
    """Join words that a narrow table cell wrapped: a space between two Japanese
    characters is a line break of the cell, not a word space (Japanese has none)."""
    return _WRAP_SPACE.sub("", text)


def yen_amount(text: str) -> tuple[int | None, str | None]:
    """The one yen figure in ``text``, exactly; or None and why not."""
    figures = _COST.findall(text)
    if not figures:
        return None, "no yen figure"
    if len(figures) > 1:
        return None, "more than one yen figure"
    number, unit = figures[0]
    try:
        value = Decimal(number.replace(",", "")) * _YEN_UNITS[unit]
    except InvalidOperation:
        return None, f"unreadable figure {number!r}"
    if value != value.to_integral_value():
        return None, f"{number}{unit} is not a whole number of yen"
    return int(value), None


def name_key(name: str) -> str:
    """What two spellings of one organisation name share in this report: the
    name without its legal form, spaces, parenthesised abbreviation or mark."""
    key = _LEGAL_FORM_RE.sub("", nfkc(name))
    key = re.sub(r"\([^()]*\)$", "", key.strip())
    return "".join(key.split())


@dataclass
class _Section:
    name: str
    heading: int  # 0-based index of the "2-N. 市名" line
    end: int  # exclusive


@dataclass
class _Founding:
    source: str
    year: int
    text: str
    line: int


class _Ctx(LineContext):
    pass


def parse(text: str, document: str) -> ParseResult:
    ctx = _Ctx(FORMAT, document, [normalise(raw) for raw in text.splitlines()])
    sections = _sections(ctx.lines)
    map_rows = _map_rows(ctx.lines)
    if not sections:
        ctx.note(0, "skipped", "no city section (2-N. 市名) found")
    for sec in sections:
        _parse_city(ctx, sec, map_rows.get(sec.name))
    described = {sec.name for sec in sections}
    for city, (index, pf_text) in map_rows.items():
        if city not in described:
            _platform_from_map(ctx, city, index, pf_text)
    return attach_evidence(ctx.result, text)


# --- document layout ---------------------------------------------------------


def _sections(lines: list[str]) -> list[_Section]:
    heads = [(i, m.group(2)) for i, line in enumerate(lines) if (m := _SECTION.match(line))]
    out = []
    for k, (i, name) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
        out.append(_Section(name, i, end))
    return out


def _map_rows(lines: list[str]) -> dict[str, tuple[int, str]]:
    """City -> (line index, 連携PF cell) from the summary maps of trial projects."""
    rows: dict[str, tuple[int, str]] = {}
    for i, line in enumerate(lines):
        if m := _MAP_ROW.match(line):
            rows.setdefault(m.group(2), (i, m.group(3).strip()))
    return rows


def _first(lines: list[str], start: int, end: int,
           pattern: re.Pattern[str]) -> tuple[int, re.Match[str]] | None:
    for i in range(start, end):
        if m := pattern.search(lines[i]):
            return i, m
    return None


def _cells(line: str) -> list[str]:
    return line.rstrip("\t").split("\t")


# --- one city section --------------------------------------------------------


def _parse_city(ctx: _Ctx, sec: _Section, map_row: tuple[int, str] | None) -> None:
    lines = ctx.lines
    gaz = gazetteer()
    found = _first(lines, sec.heading, sec.end, _CITY_NAME)
    city = clean_cell(found[1].group(1)) if found else sec.name
    if found is None:
        ctx.note(sec.heading, "warning", f"no 自治体名 field; using the heading {sec.name!r}")
    found = _first(lines, sec.heading, sec.end, _DEPARTMENT)
    department = clean_cell(found[1].group(1)) if found else None
    if department is None:
        ctx.note(sec.heading, "warning", f"{city}: no 担当部局名 field; lead has no department")

    resolution = gaz.resolve(city)
    for fragment in resolution.unresolved:
        ctx.note(sec.heading, "unresolved_area", f"{fragment!r} ({city})")
    areas = resolution.areas
    lead_area = areas[0] if len(areas) == 1 else None

    title, title_index = _platform_title(ctx, sec, city)
    period = _founding(ctx, sec, city, map_row)

    participants = _participants(ctx, sec, city)
    members = _members(ctx, sec, city, participants)
    members.extend(_existing_from_participants(participants, members))
    members.extend(_meeting_partners(ctx, sec, city))

    ctx.result.records.append(Record(
        id=ctx.rid(sec.heading),
        title=title,
        kind="platform",
        lead=Lead(name=city, department=department, area=lead_area),
        areas=areas,
        partners=members,
        period=period,
        source=ctx.source(title_index if title_index is not None else sec.heading),
    ))
    _trial_projects(ctx, sec, city, department, title, areas, participants)


def _platform_title(ctx: _Ctx, sec: _Section, city: str) -> tuple[str, int | None]:
    """The platform's name as the report writes it, or a constructed one."""
    quoted = re.compile(rf"「({re.escape(city)}[^」]*?(?:PF|プラットフォーム))」")
    heading = re.compile(rf"^■\s*({re.escape(city)}[^(]*?(?:PF|プラットフォーム))\s*(?:\(|$)")
    for i in range(sec.heading, sec.end):
        m = heading.search(ctx.lines[i]) or quoted.search(ctx.lines[i])
        if m:
            return m.group(1).strip(), i
    ctx.note(sec.heading, "warning",
             f"{city}: the report gives the platform no name; title constructed as "
             f"{constructed_platform_title(city)!r}")
    return constructed_platform_title(city), None


def _founding(ctx: _Ctx, sec: _Section, city: str,
              map_row: tuple[int, str] | None) -> Period | None:
    """Year the platform was founded, from the sources that state it.

    The report states it three times: the 立ち上げ年度 field, the 行程 header
    ("令和N年度:PF の立ち上げ") and the summary map. They can disagree (福岡市:
    the field says 令和4年度, the header, the map and the prose 令和5年度); the
    year most of them give wins, the 行程 header on a tie, and a note names
    the disagreement.
    """
    lines = ctx.lines
    sources: list[_Founding] = []
    if hit := _first(lines, sec.heading, sec.end, _FOUNDED_STAGE):
        i, m = hit
        sources.append(_Founding("行程", int(m.group(1)), m.group(0), i))
    if hit := _first(lines, sec.heading, sec.end, _FOUNDED_FIELD):
        i, m = hit
        sources.append(_Founding("立ち上げ年度", int(m.group(2)), m.group(1), i))
    if map_row is not None and (m := _REIWA.search(map_row[1])):
        sources.append(_Founding("整理マップ", int(m.group(1)), map_row[1], map_row[0]))
    if not sources:
        ctx.note(sec.heading, "warning", f"{city}: no founding year found")
        return None
    votes: dict[int, int] = {}
    for s in sources:
        votes[s.year] = votes.get(s.year, 0) + 1
    best = max(votes.values())
    chosen = next(s for s in sources if votes[s.year] == best)
    if len(votes) > 1:
        stated = "; ".join(f"{s.source} (line {s.line + 1}): {s.text}" for s in sources)
        ctx.note(chosen.line, "warning",
                 f"{city}: founding year stated differently ({stated}); "
                 f"using 令和{chosen.year}年度 ({reiwa_to_year(chosen.year)})")
    return Period(text=chosen.text, start=str(reiwa_to_year(chosen.year)))


def _members(ctx: _Ctx, sec: _Section, city: str,
             participants: list[tuple[int, str, str]]) -> list[Partner]:
    lines = ctx.lines
    hit = _first(lines, sec.heading, sec.end, _MEMBERS)
    if hit is None:
        ctx.note(sec.heading, "warning", f"{city}: no 参画メンバー field")
        return []
    index, m = hit
    value = clean_cell(m.group(1))
    if re.search(rf"{LEGAL_FORM}$", value):
        # The cell broke across a page: the rest of it is the last cell of the
        # next line, after the row label of the table that follows.
        nxt = next((j for j in range(index + 1, sec.end) if lines[j].strip()), None)
        if nxt is not None:
            value += clean_cell(_cells(lines[nxt])[-1])
    partners: list[Partner] = []
    groups = list(_MEMBER_GROUP.finditer(value))
    if groups:
        for k, g in enumerate(groups):
            end = groups[k + 1].start() if k + 1 < len(groups) else len(value)
            partners.append(Partner(name=value[g.end():end].strip(), group=g.group(1),
                                    generic=True, line=index + 1))
        return partners
    items = [s.strip() for s in value.split("、") if s.strip()]
    generic = False
    total: int | None = None
    if items:
        last = items[-1]
        if t := _MEMBER_TOTAL.search(last):
            total = int(t.group(1))
            last = last[: t.start()].strip()
        elif re.search(r"\s*等$", last):
            # "A、B、C 等" lists kinds of bodies, not named ones.
            generic = True
            last = re.sub(r"\s*等$", "", last)
        items[-1] = last
    for name in items:
        partners.append(Partner(name=name, group="参画メンバー", generic=generic, line=index + 1))
    if total is not None and total > len(items):
        ctx.note(index, "warning",
                 f"{city}: 参画メンバー names {len(items)} of {total} members; the others are "
                 f"unnamed there")
    partners.extend(_new_members(ctx, sec, city, partners, participants))
    return partners


def _participants(ctx: _Ctx, sec: _Section, city: str) -> list[tuple[int, str, str]]:
    """Rows (line index, 種別, 所属) of a 参加団体一覧 table, if the section has one."""
    lines = ctx.lines
    start = next((i for i in range(sec.heading, sec.end)
                  if re.match(r"^種別\t所属\s*$", lines[i])), None)
    if start is None:
        return []
    rows = []
    for i in range(start + 1, sec.end):
        line = lines[i]
        if line.startswith("※"):
            break
        if not line.strip():
            continue
        cells = _cells(line)
        if len(cells) != 2:
            ctx.note(i, "skipped", f"{city}: 参加団体一覧 row not in two cells: {line.strip()[:40]}")
            continue
        rows.append((i, clean_cell(cells[0]), clean_cell(cells[1])))
    return rows


def _known_names(participants: Iterable[tuple[int, str, str]]) -> list[str]:
    names = []
    for _, _, name in participants:
        core = _LEGAL_FORM_RE.sub("", re.sub(r"\(※\)$", "", name)).strip()
        if core:
            names.append(core)
    return names


def _segment_names(cell: str, known: list[str]) -> list[str]:
    """Split a cell of space-separated names: at each legal form, and at each
    name the document spells elsewhere on its own line (names without a legal
    form, and names with inner spaces, cannot be told apart otherwise)."""
    parts = [p.strip() for p in re.split(rf"(?={LEGAL_FORM})", cell) if p.strip()]
    out: list[str] = []
    for part in parts:
        lead = re.match(rf"{LEGAL_FORM}\s*", part)
        floor = lead.end() if lead else 0
        cuts = sorted({
            pos
            for k in known
            for pos in (m.start() for m in re.finditer(re.escape(k), part))
            if pos > floor and part[pos - 1] == " "
        })
        prev = 0
        for pos in cuts:
            out.append(part[prev:pos].strip())
            prev = pos
        out.append(part[prev:].strip())
    return [o for o in out if o]


def _new_members(ctx: _Ctx, sec: _Section, city: str, existing: list[Partner],
                 participants: list[tuple[int, str, str]]) -> list[Partner]:
    lines = ctx.lines
    hit = _first(lines, sec.heading, sec.end, _NEW_MEMBERS)
    if hit is None:
        return []
    index, m = hit
    stated = int(m.group(1))
    row = next((j for j in range(index + 1, sec.end) if "\t" in lines[j]), None)
    if row is None:
        ctx.note(index, "skipped", f"{city}: the list of new members announced here was not found")
        return []
    cells = _cells(lines[row])
    group, cell = clean_cell(cells[0]), clean_cell(cells[-1])
    names = _segment_names(cell, _known_names(participants))
    if len(names) != stated:
        ctx.note(row, "warning",
                 f"{city}: {stated} new members announced, {len(names)} names read from the list")
    seen = {name_key(p.name) for p in existing}
    out = []
    for name in names:
        if name_key(name) in seen:
            continue
        seen.add(name_key(name))
        out.append(Partner(name=name, group=group, line=row + 1))
    return out


def _existing_from_participants(participants: list[tuple[int, str, str]],
                                members: list[Partner]) -> list[Partner]:
    """Members marked (既) (PF 既存参加団体) in the 参加団体一覧 that no other list names."""
    seen = {name_key(p.name) for p in members}
    out = []
    for i, kind, name in participants:
        if not kind.startswith("(既)") or name_key(name) in seen:
            continue
        seen.add(name_key(name))
        out.append(Partner(name=name, group=kind, line=i + 1))
    return out


def _split_government(name: str, city: str) -> tuple[str, str | None]:
    """'福岡市 福祉局 生活福祉部 生活支援課' -> ('福岡市', '福祉局 生活福祉部 生活支援課')."""
    if not name.startswith(city):
        return name, None
    head, _, rest = name.partition(" ")
    return head, rest or None


def _meeting_partners(ctx: _Ctx, sec: _Section, city: str) -> list[Partner]:
    lines = ctx.lines
    start = next((i for i in range(sec.heading, sec.end) if "打合せ記録一覧" in lines[i]), None)
    if start is None:
        ctx.note(sec.heading, "warning", f"{city}: no 打合せ記録一覧")
        return []
    partners: list[Partner] = []
    seen: set[tuple[str, str | None]] = set()
    in_rows = False
    for i in range(start + 1, sec.end):
        line = lines[i]
        if not line.strip():
            if in_rows:
                break
            continue
        cells = _cells(line)
        if len(cells) < 3 or cells[2].strip() in ("", MEETING_ROLE_TEXT):
            continue
        in_rows = True
        written = clean_cell(cells[2])
        # A person's position written after the body ('…もやい理事長') is not part of its name.
        body = _POSITION_SUFFIX.sub("", written).strip()
        name, department = _split_government(body, city)
        if (name, department) in seen:
            continue
        seen.add((name, department))
        partners.append(Partner(name=name, department=department, roles=["networking"],
                                role_text=MEETING_ROLE_TEXT, group=MEETING_ROLE_TEXT,
                                line=i + 1))
    return partners


# --- trial projects ----------------------------------------------------------


def _trial_projects(ctx: _Ctx, sec: _Section, city: str, department: str | None, platform: str,
                    areas: list[Area], participants: list[tuple[int, str, str]]) -> None:
    lines = ctx.lines
    header = next((i for i in range(sec.heading, sec.end)
                   if "事業名称" in lines[i] and "発注先" in lines[i]), None)
    if header is None:
        ctx.note(sec.heading, "warning", f"{city}: no table of trial projects (試行的事業)")
        return
    end = next((i for i in range(header, sec.end) if re.match(r"^7\.\s", lines[i])), sec.end)
    previous_title: str | None = None
    trials: list[Record] = []
    for i in range(header + 1, end):
        if not _TRIAL_ROW.match(lines[i]):
            continue
        cells = _cells(lines[i])
        if len(cells) < 6:
            ctx.note(i, "skipped", f"{city}: trial project row has {len(cells)} cells, expected 6")
            continue
        title = join_wraps(clean_cell(cells[1]))
        if not title:
            if previous_title is None:
                ctx.note(i, "skipped", f"{city}: trial project row without a name")
                continue
            # The name cell spans this row and the one above (merged cell).
            title = previous_title
            ctx.note(i, "warning", f"{city}: trial project {cells[0]} has an empty name cell; "
                                   f"read as merged with the row above ({title!r})")
        previous_title = title
        record = _trial(ctx, i, cells, title, city, department, platform, areas)
        trials.append(record)
    if not trials:
        ctx.note(header, "warning", f"{city}: the table of trial projects has no row")
    _attach_participants(ctx, sec, city, trials, participants)
    ctx.result.records.extend(trials)


def _trial(ctx: _Ctx, i: int, cells: list[str], title: str, city: str, department: str | None,
           platform: str, areas: list[Area]) -> Record:
    written = clean_cell(cells[-1])
    timing = clean_cell(cells[-2]) or None
    partners: list[Partner] = []
    lead = Lead(name=city, department=department)
    if "発注なし" in written:
        ctx.note(i, "warning", f"{city}: {title!r}: no contractor (発注なし); the city is the lead")
    elif m := _CONTRACTOR.match(written):
        contractor = m.group("name").strip()
        if pm := _PERSON_SUFFIX.search(contractor):
            ctx.note(i, "warning", f"{city}: {title!r}: contractor written as {contractor!r}; "
                                   f"the person ({pm.group(0).strip()}) is left out of the name")
            contractor = contractor[: pm.start()].strip()
        amount, why = yen_amount(m.group("cost"))
        if amount is None:
            ctx.note(i, "warning",
                     f"{city}: {title!r}: cost {m.group('cost')!r} unreadable ({why})")
        if m.group("rest"):
            ctx.note(i, "warning", f"{city}: {title!r}: after the cost: {m.group('rest')!r} "
                                   f"(no figure read from it)")
        lead = Lead(name=contractor)
        partners.append(Partner(name=city, department=department, roles=["funding"],
                                role_text=written, amount_yen=amount, line=i + 1))
        partners.append(Partner(name=contractor, roles=["operation"], role_text=written,
                                line=i + 1))
    else:
        ctx.note(i, "warning", f"{city}: {title!r}: contractor cell not read: {written!r}")
        partners.append(Partner(name=city, department=department, roles=["funding"],
                                role_text=written or None, line=i + 1))
    return Record(
        id=ctx.rid(i),
        title=title,
        kind="initiative",
        lead=lead,
        areas=areas,
        partners=partners,
        schemes=[SchemeRef(title=platform, kind="platform")],
        period=Period(text=timing) if timing else None,
        source=ctx.source(i),
    )


def _attach_participants(ctx: _Ctx, sec: _Section, city: str, trials: list[Record],
                         participants: list[tuple[int, str, str]]) -> None:
    """The 参加団体一覧 belongs to the trial project whose detail page it is on."""
    if not participants:
        return
    first = participants[0][0]
    heading = next((ctx.lines[j] for j in range(first, sec.heading, -1)
                    if _DETAIL_HEADING.match(ctx.lines[j])), None)
    name = join_wraps(clean_cell(_DETAIL_HEADING.match(heading).group(2))) if heading else None
    target = next((t for t in trials if name and t.title == name), None)
    if target is None:
        ctx.note(first, "skipped",
                 f"{city}: 参加団体一覧 not matched to a trial project (page heading {name!r})")
        return
    for i, kind, written in participants:
        if kind == city:
            target.partners.append(Partner(name=city, department=written, group=kind, line=i + 1))
            continue
        name_only = re.sub(r"\(※\)$", "", written).strip()
        role_text = "2/14 時点で PF への参加を検討中" if written.endswith("(※)") else None
        target.partners.append(Partner(name=name_only, group=kind, role_text=role_text,
                                       line=i + 1))


# --- cities known only from the summary maps ---------------------------------


def _platform_from_map(ctx: _Ctx, city: str, index: int, pf_text: str) -> None:
    if pf_text == "未":
        ctx.note(index, "skipped", f"{city}: no platform (連携PF: 未)")
        return
    if "予定" in pf_text:
        ctx.note(index, "skipped", f"{city}: platform only planned ({pf_text})")
        return
    m = _REIWA.search(pf_text)
    if m is None:
        ctx.note(index, "skipped", f"{city}: 連携PF cell not read: {pf_text!r}")
        return
    resolution = gazetteer().resolve(city)
    for fragment in resolution.unresolved:
        ctx.note(index, "unresolved_area", f"{fragment!r} ({city})")
    title = constructed_platform_title(city)
    ctx.note(index, "warning",
             f"{city}: known only from the summary map (no section in the extraction); "
             f"title constructed as {title!r}")
    areas = resolution.areas
    ctx.result.records.append(Record(
        id=ctx.rid(index),
        title=title,
        kind="platform",
        lead=Lead(name=city, area=areas[0] if len(areas) == 1 else None),
        areas=areas,
        period=Period(text=pf_text, start=str(reiwa_to_year(int(m.group(1))))),
        source=ctx.source(index),
    ))
