"""Parser for the policy slides of 令和5年10月 (format ``policy_slides``, seed 002).

The deck, issued by 内閣官房 孤独・孤立対策担当室, is mostly policy prose; this
parser reads only what names programmes and organisations:

- the three support schemes (``scheme`` records, led by the issuing office):
  地方版「孤独・孤立対策官民連携プラットフォーム」推進事業, 地域における孤独・孤立
  対策に関するNPO等の取組モデル調査 and 孤独・孤立対策活動基盤整備モデル調査;
- the organisations adopted for the 活動基盤整備モデル調査 (table "公募採択団体と
  取組概要"), one ``initiative`` each, consortium members as partners;
- the featured initiatives: the 実践事例 of the NPO model survey, the
  孤独・孤立対策ウェブサイト, the 令和5年 campaign and the companies it featured;
- the local platform examples (【県市】 tags on the "取組状況" slide and the
  case pages after it), one ``platform`` record per local government.

Slides are pictures with text; where a slide names no platform, the title is
constructed and a note says so. Budget figures of schemes are not fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tsunagari.loaders.parsing import LineContext, ParseResult, attach_evidence
from tsunagari.loaders.places import gazetteer
from tsunagari.loaders.platforms import (
    LEGAL_FORM,
    clean_cell,
    constructed_platform_title,
    normalise,
)
from tsunagari.loaders.records import Area, Lead, Partner, Record, SchemeRef
from tsunagari.loaders.roles import classify

FORMAT = "policy_slides"

_ISSUER = re.compile(r"^(内閣官房|内閣府)\s*(\S*担当室)$")
_PF_SCHEME = re.compile(r"地方版「[^」]+」推進事業")
# NFKC turns the wave dash (～) of the slide into a tilde.
_NPO_SCHEME = re.compile(r"[~～]\s*(地域における[^~～]+?取組モデル調査)\s*[~～]")
_BASE_SCHEME = re.compile(r"^(\S*活動基盤整備モデル調査)\s+公募採択団体")
_ADOPTED_ROW = re.compile(r"^(\d{1,2})\t")
_ADOPTED_CELL = re.compile(
    r"^(?P<org>.+?)(?P<star>※)?\s*\((?P<place>[^()]+)\)\s*(?P<title>.+?)"
    r"(?:\s*※(?P<consortium>[^※]+?)とのコンソーシアム)?$"
)
_CASE_ORG = re.compile(rf"^(?P<org>{LEGAL_FORM}\s*\S.*?)\s*\((?P<place>[^()]+)\)$")
_WEBSITE = re.compile(r"^孤独・孤立対策ウェブサイト$")
_CAMPAIGN = re.compile(r"^(令和\d+年\s*孤独・孤立対策キャンペーン.*?)\s*実施概要$")
_COMPANY = re.compile(r"^(?:\S+\(株\)|株式会社\S+)$")
_POSITION = re.compile(r"\s*(?:代表理事|理事長|代表)$")
_PLACE_TAG = re.compile(r"【([^】]+)】")
_JOINED = re.compile(r"^(?P<list>.+?)が(?P<role>(?:構成員として)?参(?:加|画))$")
_PAREN_PLACES = re.compile(r"(?P<clause>[^、()]+?)\((?P<places>[^()]+)\)")
_NAMED_PF = re.compile(r"^(\S+(?:プラットフォーム|PF))の概要$")
_UNPLACED_PF = re.compile(r"^(\S+)\(プラットフォーム\)$")
_PAGE_ORG = re.compile(rf"({LEGAL_FORM}[^\s、。()「」と]+)")
CONSORTIUM_ROLE_TEXT = "コンソーシアム"
MEMBER_GROUP = "構成員"


class _Ctx(LineContext):

    def find(self, pattern: re.Pattern[str], start: int = 0) -> tuple[int, re.Match[str]] | None:
        for i in range(start, len(self.lines)):
            if m := pattern.search(self.lines[i]):
                return i, m
        return None

    def areas(self, index: int, text: str) -> list[Area]:
        if text.strip() == "全国":
            return [Area(text="全国", level="national")]
        resolution = gazetteer().resolve(text)
        for fragment in resolution.unresolved:
            self.note(index, "unresolved_area", f"{fragment!r} in {text!r}")
        return resolution.areas


def _partner(name: str, role_text: str | None, line: int, *, generic: bool = False,
             group: str | None = None) -> Partner:
    roles = classify(role_text) if role_text else ["unspecified"]
    return Partner(name=name, roles=roles, role_text=role_text, generic=generic, group=group,
                   line=line + 1)


def parse(text: str, document: str) -> ParseResult:
    ctx = _Ctx(FORMAT, document, [clean_cell(normalise(raw)) if "\t" not in raw else normalise(raw)
                          for raw in text.splitlines()])
    hit = ctx.find(_ISSUER)
    if hit is None:
        ctx.note(0, "warning", "no issuing office (…担当室) found; schemes have no lead")
        return attach_evidence(ctx.result, text)
    issuer = hit[1].group(1) + hit[1].group(2)
    pf_scheme = _scheme(ctx, _PF_SCHEME, 0, issuer, "地方版官民連携プラットフォーム推進事業")
    npo_scheme = _scheme(ctx, _NPO_SCHEME, 1, issuer, "NPO等の取組モデル調査")
    base_scheme = _scheme(ctx, _BASE_SCHEME, 1, issuer, "活動基盤整備モデル調査")
    if base_scheme:
        _adopted(ctx, base_scheme)
    if npo_scheme:
        _cases(ctx, npo_scheme)
    _website(ctx)
    _campaign(ctx, issuer)
    _platform_examples(ctx, pf_scheme)
    return attach_evidence(ctx.result, text)


def _scheme(ctx: _Ctx, pattern: re.Pattern[str], group: int, issuer: str,
            label: str) -> tuple[str, int] | None:
    hit = ctx.find(pattern)
    if hit is None:
        ctx.note(0, "skipped", f"scheme {label} not found")
        return None
    index, m = hit
    title = m.group(group).strip()
    ctx.result.records.append(Record(
        id=ctx.rid(index), title=title, kind="scheme", lead=Lead(name=issuer),
        source=ctx.source(index),
    ))
    return title, index


# --- 活動基盤整備モデル調査: adopted organisations ----------------------------


def _adopted(ctx: _Ctx, scheme: tuple[str, int]) -> None:
    title, start = scheme
    count = 0
    for i in range(start, len(ctx.lines)):
        line = ctx.lines[i]
        if not _ADOPTED_ROW.match(line):
            continue
        cells = line.rstrip("\t").split("\t")
        if len(cells) != 4:
            ctx.note(i, "skipped", f"adopted-organisation row has {len(cells)} cells, expected 4")
            continue
        m = _ADOPTED_CELL.match(clean_cell(cells[1]))
        if m is None:
            ctx.note(i, "skipped", f"団体名/事業名 not read: {clean_cell(cells[1])[:50]!r}")
            continue
        partners = []
        if m.group("consortium"):
            for name in m.group("consortium").split("、"):
                if name.strip():
                    partners.append(_partner(name.strip(), CONSORTIUM_ROLE_TEXT, i))
        elif m.group("star"):
            ctx.note(i, "warning", f"{m.group('org')}: marked ※ but no consortium members read")
        org_areas = ctx.areas(i, m.group("place"))
        ctx.result.records.append(Record(
            id=ctx.rid(i),
            title=m.group("title").strip(),
            lead=Lead(name=m.group("org").strip(),
                      area=org_areas[0] if len(org_areas) == 1 else None),
            areas=[a for token in clean_cell(cells[3]).split() for a in ctx.areas(i, token)],
            partners=partners,
            schemes=[SchemeRef(title=title)],
            source=ctx.source(i),
        ))
        count += 1
    if count == 0:
        ctx.note(start, "warning", f"{title}: no adopted organisation read")


# --- featured initiatives ----------------------------------------------------


def _cases(ctx: _Ctx, scheme: tuple[str, int]) -> None:
    """The 実践事例 pages: a title line, then '法人 名称(所在地)', then prose."""
    title, _ = scheme
    first = next((i for i, line in enumerate(ctx.lines) if "実践事例" in line), None)
    if first is None:
        ctx.note(0, "skipped", "no 実践事例 pages")
        return
    last = next((i for i in range(first, len(ctx.lines)) if ctx.lines[i].startswith("1 目的")),
                len(ctx.lines))
    orgs = [i for i in range(first, last) if _CASE_ORG.match(ctx.lines[i])]
    # A case's prose runs to the next case's title, or to the next slide (1 目的).
    for k, i in enumerate(orgs):
        m = _CASE_ORG.match(ctx.lines[i])
        assert m is not None
        t = next((j for j in range(i - 1, -1, -1) if ctx.lines[j].strip()), None)
        if t is None:
            continue
        end = orgs[k + 1] - 2 if k + 1 < len(orgs) else last
        areas = ctx.areas(i, m.group("place"))
        ctx.result.records.append(Record(
            id=ctx.rid(t),
            title=ctx.lines[t].strip(),
            lead=Lead(name=m.group("org").strip(), area=areas[0] if len(areas) == 1 else None),
            areas=areas,
            partners=_prose_partners(ctx, i + 1, end),
            schemes=[SchemeRef(title=title)],
            source=ctx.source(t),
        ))


def _split_list(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"[、や]", text) if s.strip()]


def _prose_partners(ctx: _Ctx, start: int, end: int) -> list[Partner]:
    """Kinds of bodies the prose says helped: 'A、B等の協力を得ながら、…',
    'A や B 等と協働し、…', '(A や B からの寄付等)'. They are kinds, not names."""
    partners: list[Partner] = []
    for i in range(start, end):
        line = ctx.lines[i]
        if m := re.search(r"([^。]+?)等の協力を得ながら、([^。]+)", line):
            # The list is what follows the clause of purpose ('…ため、').
            items = m.group(1).split("ため、")[-1].lstrip("- ")
            role_text = "協力を得ながら、" + m.group(2).rstrip("。")
            partners += [_partner(n, role_text, i, generic=True) for n in _split_list(items)]
        if m := re.search(r"^-?\s*([^。、]+?)等と協働し、([^。]+)", line):
            role_text = "協働し、" + m.group(2).rstrip("。")
            partners += [_partner(n, role_text, i, generic=True) for n in _split_list(m.group(1))]
        if m := re.search(r"\(([^()]+?)からの寄付等?\)", line):
            role_text = f"{m.group(1)}からの寄付等"
            partners += [_partner(n, role_text, i, generic=True) for n in _split_list(m.group(1))]
    return partners


def _website(ctx: _Ctx) -> None:
    hit = ctx.find(_WEBSITE)
    if hit is None:
        ctx.note(0, "skipped", "孤独・孤立対策ウェブサイト slide not found")
        return
    start, _ = hit
    lead_hit = ctx.find(_ISSUER, start)
    if lead_hit is None:
        ctx.note(start, "skipped", "孤独・孤立対策ウェブサイト: no office named as its author")
        return
    end = lead_hit[0]
    partners: list[Partner] = []
    for i in range(start, end):
        line = ctx.lines[i]
        if m := re.search(r"([^。]+?)等で構成される(企画委員会)で([^。]+)", line):
            items = re.sub(r"^作成にあたって、", "", m.group(1))
            role_text = m.group(2) + "で" + m.group(3).rstrip("。")
            partners += [_partner(n, role_text, i, generic=True) for n in _split_list(items)]
        if m := re.search(r"(\d+大携帯キャリア)で連携実施", line):
            heading = next((re.sub(r"^\(\d+\)\s*", "", ctx.lines[j]) for j in range(i, start, -1)
                            if re.match(r"^\(\d+\)", ctx.lines[j])), None)
            partners.append(_partner(m.group(1), heading, i, generic=True))
            if n := re.search(r"\(([^()、]+?)とは、", line):
                partners.append(_partner(n.group(1), heading, i))
    lead = lead_hit[1].group(1) + lead_hit[1].group(2)
    ctx.result.records.append(Record(
        id=ctx.rid(start), title=ctx.lines[start].strip(), lead=Lead(name=lead),
        areas=[Area(text="全国", level="national")], partners=partners,
        source=ctx.source(start),
    ))


def _block(ctx: _Ctx, marker: str, start: int) -> tuple[int, int] | None:
    """Lines after a '▼marker' line up to the next '○' item."""
    begin = next((i for i in range(start, len(ctx.lines)) if ctx.lines[i] == f"▼{marker}"), None)
    if begin is None:
        return None
    end = next((i for i in range(begin + 1, len(ctx.lines)) if ctx.lines[i].startswith("○")),
               len(ctx.lines))
    return begin, end


def _campaign(ctx: _Ctx, issuer: str) -> None:
    hit = ctx.find(_CAMPAIGN)
    if hit is None:
        ctx.note(0, "skipped", "campaign slide not found")
        return
    start, m = hit
    partners: list[Partner] = []
    if block := _block(ctx, "メッセージ動画 出演者", start):
        b, e = block
        for i in range(b + 1, e):
            if re.match(LEGAL_FORM, ctx.lines[i]):
                partners.append(_partner(_POSITION.sub("", ctx.lines[i]), "メッセージ動画 出演者", i))
    else:
        ctx.note(start, "skipped", "campaign: no list of message-video appearances")
    if block := _block(ctx, "座談会動画 出演企業", start):
        b, e = block
        for i in range(b + 1, e):
            if not _COMPANY.match(ctx.lines[i]):
                continue
            company = ctx.lines[i]
            partners.append(_partner(company, "座談会動画 出演企業", i))
            _company_initiative(ctx, i, company)
    else:
        ctx.note(start, "skipped", "campaign: no list of round-table companies")
    ctx.result.records.append(Record(
        id=ctx.rid(start), title=m.group(1), lead=Lead(name=issuer),
        areas=[Area(text="全国", level="national")], partners=partners,
        source=ctx.source(start),
    ))


def _company_initiative(ctx: _Ctx, index: int, company: str) -> None:
    """The line after a featured company says what it does: its initiative."""
    d = next((j for j in range(index + 1, len(ctx.lines)) if ctx.lines[j].strip()), None)
    if d is None:
        ctx.note(index, "skipped", f"{company}: no description of its initiative")
        return
    description = ctx.lines[d]
    quoted = re.search(r"「([^」]+)」", description)
    place = re.match(r"^(\S{2,3}[都道府県])の", description)
    ctx.result.records.append(Record(
        id=ctx.rid(d),
        title=quoted.group(1) if quoted else description,
        lead=Lead(name=company),
        areas=ctx.areas(d, place.group(1)) if place else [],
        source=ctx.source(d),
    ))


# --- local platform examples -------------------------------------------------


@dataclass
class _Example:
    place: str
    key: str
    line: int
    lead: str
    areas: list[Area]
    partners: list[Partner] = field(default_factory=list)
    title: str | None = None
    title_line: int | None = None


def _members(joined: re.Match[str], line: int) -> list[Partner]:
    # 'が構成員として参加' / 'が参加' (slide 構成員等の工夫) says that these bodies
    # are members of the platform, not what they do in it: like the 参画メンバー
    # of the platform report (seed 003), membership goes in `group` and the role
    # stays unspecified rather than the verb of joining being read as a role.
    return [_partner(n, None, line, generic=True, group=MEMBER_GROUP)
            for n in joined.group("list").split("、")]


def _platform_examples(ctx: _Ctx, scheme: tuple[str, int] | None) -> None:
    if scheme is None:
        return
    title, start = scheme
    examples: dict[str, _Example] = {}

    def example(place: str, i: int) -> _Example:
        place = re.sub(r"ほか$", "", place.strip())
        resolution = gazetteer().resolve(place)
        areas = resolution.areas
        if len(areas) != 1 or resolution.unresolved:
            ctx.note(i, "unresolved_area", f"platform example place {place!r} not resolved")
            key, lead = place, place
        else:
            area = areas[0]
            key = area.code or place
            lead = area.municipality or area.prefecture or place
        if key not in examples:
            examples[key] = _Example(place, key, i, lead, areas)
        return examples[key]

    lines = ctx.lines
    # 2年目 list: '…認められた北海道(…)、登別市(…)、…の4団体が2年目として実施。'
    second = next((i for i in range(start, len(lines)) if "2年目" in " ".join(lines[i:i + 3])
                   and lines[i].startswith("※")), None)
    if second is not None:
        joined = "".join(lines[second:second + 3])
        joined = joined[: joined.find("2年目")]
        for m in _PAREN_PLACES.finditer(joined):
            ex = example(m.group("clause").split("認められた")[-1], second)
            if w := re.match(r"^(?P<who>.+?)に(?P<what>事務局機能を移管)$", m.group("places")):
                ex.partners.append(_partner(w.group("who"), w.group("what"), second, generic=True))
    region = next((i for i in range(start, len(lines)) if lines[i] == "設置・運営形態の工夫"), None)
    if region is None:
        ctx.note(start, "skipped", "platform examples slide (設置・運営形態の工夫) not found")
        return
    end = next((i for i in range(region, len(lines)) if lines[i].startswith("- ・")), len(lines))
    for i in range(region, end):
        line = lines[i]
        tags = _PLACE_TAG.findall(line)
        if tags:
            feature = re.sub(r"^-\s*", "", line[: line.find("【")]).strip()
            joined = _JOINED.match(feature)
            for place in tags:
                ex = example(place, i)
                if joined:
                    ex.partners += _members(joined, i)
        elif line.startswith("※その他"):
            for m in _PAREN_PLACES.finditer(line.removeprefix("※その他、")):
                joined = _JOINED.match(m.group("clause").strip())
                for place in m.group("places").split("、"):
                    if place.endswith("ほか"):
                        ctx.note(i, "warning", f"{place!r}: other places meant by ほか are unnamed")
                    ex = example(place, i)
                    if joined:
                        ex.partners += _members(joined, i)
    _case_pages(ctx, end, examples)
    for ex in examples.values():
        if ex.title is None:
            ctx.note(ex.line, "warning",
                     f"{ex.place}: the slides give the platform no name; title constructed as "
                     f"{constructed_platform_title(ex.lead)!r}")
        line = ex.line if ex.title_line is None else ex.title_line
        # Several places share one line of the slide: the place's code keeps ids
        # apart (an unresolved place, which has none, gets its position instead).
        suffix = ex.key if ex.key.isdigit() else str(len(ctx.result.records))
        ctx.result.records.append(Record(
            id=f"{ctx.rid(line)}.{suffix}",
            title=ex.title or constructed_platform_title(ex.lead),
            kind="platform",
            lead=Lead(name=ex.lead, area=ex.areas[0] if len(ex.areas) == 1 else None),
            areas=ex.areas,
            partners=ex.partners,
            schemes=[SchemeRef(title=title)],
            source=ctx.source(line),
        ))


def _case_pages(ctx: _Ctx, start: int, examples: dict[str, _Example]) -> None:
    """Case pages name some platforms ('…プラットフォームの概要') and the bodies in them."""
    lines = ctx.lines
    stop = next((i for i in range(start, len(lines)) if lines[i].startswith("1 目的")), len(lines))
    page_start = start
    for i in range(start, stop):
        if m := _UNPLACED_PF.match(lines[i]):
            ctx.note(i, "skipped", f"platform name {m.group(1)!r} names no place; "
                                   f"not attached to an example")
            page_start = i + 1
            continue
        m = _NAMED_PF.match(lines[i])
        if m is None:
            continue
        name = m.group(1)
        ex = next((e for e in examples.values() if name.startswith(e.lead)), None)
        if ex is None:
            ctx.note(i, "skipped", f"platform name {name!r} matches no example place")
            page_start = i + 1
            continue
        ex.title, ex.title_line = name, i
        page = [(j, lines[j]) for j in range(page_start, i)]
        role_text = "アドバイザーとしてPFに参加" if any(
            "アドバイザーとしてPFに参加" in text for _, text in page) else None
        seen = {p.name for p in ex.partners}
        for j, text in page:
            for org in _PAGE_ORG.findall(text):
                if org not in seen:
                    seen.add(org)
                    ex.partners.append(_partner(org, role_text, j))
        page_start = i + 1
