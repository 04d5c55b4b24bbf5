"""Why a candidate is suggested, in plain Japanese, each reason with the facts it
rests on: the document (by its title), the line, and a link to the evidence page
that quotes the passage."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

from tsunagari.core.documents import citations
from tsunagari.core.vocabulary import role_label, role_phrase, sector_label
from tsunagari.suggest.scope import BEYOND, SAME, SAME_CITY, Placer, place_name
from tsunagari.suggest.score import Candidate, Membership, Scored, Seed


@dataclass(frozen=True)
class Evidence:
    """One fact behind a reason, and where a reader checks it."""

    programme: str
    organisation: str
    role: str
    document: str
    title: str  # the document's title
    line: int | None
    text: str  # 「…取組事例集」 10行目
    url: str  # the evidence page


#: programme ids and source lines a reason lists at most: a national hub played a role in
#: hundreds of programmes, and an answer carrying them all (stored answers at 100k
#: organisations reached 63 KB) is no easier to check than its first few and the total
REASON_LIST_CAP = 10


@dataclass
class Reason:
    kind: str
    text: str
    programmes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    #: how many programmes the reason rests on in all (``programmes`` lists the first
    #: REASON_LIST_CAP of them, by id)
    programme_count: int = 0


def evidence_url(programme: str, organisation: str, role: str) -> str:
    return f"/evidence/{quote(programme, safe='')}/{quote(organisation, safe='')}/{quote(role, safe='')}"


def short_title(title: str, limit: int = 20) -> str:
    m = re.search(r"「([^」]{1,20})」", title)
    if m:
        return m.group(1)
    return title if len(title) <= limit else title[:limit] + "…"


def evidence_of(c: Candidate, m: Membership) -> list[Evidence]:
    return [Evidence(m.programme, c.id, m.role, cite.document, cite.title, cite.line, cite.text,
                     evidence_url(m.programme, c.id, m.role))
            for cite in citations(m.source)[:1]]


# Text damaged by broken PDF fonts comes out in unrelated scripts (Tamil, Gujarati…).
_READABLE = re.compile(r"[\u0020-\u007e\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff01-\uff9f（）・]+")


def _who(c: Candidate, m: Membership) -> str:
    """「足立区 こども家庭部として」: a department keeps its body's name."""
    if not m.department or not _READABLE.fullmatch(m.department):
        return ""
    return f"{c.name} {m.department}として"


def _where(m: Membership) -> str:
    """A target area as a reader names it: 横浜市鶴見区, not 鶴見区."""
    return place_name(m.area_code) if m.area_code else ""


def _fact(c: Candidate, m: Membership, placer: Placer | None) -> str:
    where = f"{_where(m)}で" if m.area_code else ""
    return f"{where}{_who(c, m)}{role_phrase(m.role)}（{short_title(m.title)}）"


def _nearness_keys(hits: list[Membership], placer: Placer | None) -> list[tuple[int, float, str, str]]:
    """Each membership's (level, km, programme, code): nearer first, a code with no
    distance last among its level, then by programme and code. Each code is placed once."""
    placed: dict[str | None, tuple[int, float]] = {}
    keys = []
    for m in hits:
        code = m.area_code
        lk = placed.get(code)
        if lk is None:
            level, km = placer.place(code) if placer else (BEYOND, None)
            lk = placed[code] = (level, km if km is not None else 1e9)
        keys.append((lk[0], lk[1], m.programme, code or ""))
    return keys


LEVEL_WORDS = {SAME: "", SAME_CITY: "同じ市内の", 2: "近くの", BEYOND: ""}


def _role_cited(hits: list[int], ms: list[Membership], placer: Placer | None) -> list[int]:
    """What the role reason words, of the memberships ``ms[i]`` for i in ``hits``: the
    nearest of them (by programme and code among equals, then in their order), and
    the nearest in another programme: the first two programmes of them sorted by
    nearness, without sorting them all."""
    if not hits:
        return []
    keys = _nearness_keys([ms[i] for i in hits], placer)
    first = min(range(len(hits)), key=keys.__getitem__)
    programme = ms[hits[first]].programme
    others = [j for j, i in enumerate(hits) if ms[i].programme != programme]
    return [hits[first], hits[min(others, key=keys.__getitem__)]] if others else [hits[first]]


def _near(s: Scored, cited: list[int], placer: Placer | None) -> list[int]:
    """Its memberships at its own level, when the area reason is given (its role's
    nearest is farther, or there is none), by programme, role and code."""
    ms = s.candidate.memberships
    if not (placer and placer.scopes and s.level < BEYOND and (
            not cited or placer.place(ms[cited[0]].area_code)[0] > s.level)):
        return []
    return sorted((i for i, m in enumerate(ms) if placer.place(m.area_code)[0] == s.level),
                  key=lambda i: (ms[i].programme, ms[i].role, ms[i].area_code or ""))


@dataclass(frozen=True)
class Choice:
    """Which of a shown candidate's memberships its reasons rest on, by their place
    in ``candidate.memberships`` (a title read later replaces a membership in place):
    those in the role wanted, the two of them the role reason words, and those at
    its own level the area reason rests on."""

    hits: list[int]
    cited: list[int]
    near: list[int]


def choose(s: Scored, role: str | None, placer: Placer | None) -> Choice:
    ms = s.candidate.memberships
    hits = [i for i, m in enumerate(ms) if role and m.role == role]
    cited = _role_cited(hits, ms, placer)
    return Choice(hits, cited, _near(s, cited, placer))


def cited_at(s: Scored, role: str | None, placer: Placer | None,
             choice: Choice | None = None) -> list[int]:
    """Where in its memberships are those whose words (title, department) ``reasons``
    uses: the role reason's and the area reason's (fetch.add_evidence reads their
    titles only)."""
    choice = choice or choose(s, role, placer)
    return choice.cited + choice.near[:1]


def reasons(s: Scored, seed: Seed | None, role: str | None, placer: Placer | None,
            choice: Choice | None = None) -> list[Reason]:
    """Why ``s`` is suggested; ``choice``: its memberships chosen already (``choose``,
    with the memberships as they are now)."""
    c = s.candidate
    choice = choice or choose(s, role, placer)
    ms = c.memberships
    out: list[Reason] = []
    hits = [ms[i] for i in choice.hits]
    cited = [ms[i] for i in choice.cited]
    if hits:
        progs = sorted({m.programme for m in hits})
        more = len(progs) - len(cited)
        out.append(Reason(
            "role", "、".join(_fact(c, m, placer) for m in cited) + (f" ほか{more}件" if more > 0 else ""),
            progs[:REASON_LIST_CAP], sorted({m.source for m in hits if m.source})[:REASON_LIST_CAP],
            [e for m in cited for e in evidence_of(c, m)], len(progs)))
    near = [ms[i] for i in choice.near]
    if near:
        m = near[0]
        near_progs = sorted({x.programme for x in near})
        out.append(Reason("area", f"{LEVEL_WORDS.get(s.level, '')}{_where(m)}で活動: "
                                  f"{_who(c, m)}{role_phrase(m.role)}（{short_title(m.title)}）",
                          near_progs[:REASON_LIST_CAP],
                          sorted({x.source for x in near if x.source})[:REASON_LIST_CAP],
                          evidence_of(c, m), len(near_progs)))
    via = [v for v in c.via if seed is None or v[0] in seed.partners]
    if via:
        shared = c.shared if c.shared is not None else len(via)
        names = "、".join(n for _, n, _ in via[:3]) + ("など" if shared > 3 else "")
        out.append(Reason("network", f"あなたの連携先{shared}団体と協働しています（{names}）"))
    common = seed.life_stages & c.life_stages if seed is not None else set()
    if common:
        out.append(Reason("theme", f"対象が近い（{'・'.join(sorted(common))}）"))
    if s.parts.get("sector") and seed is not None:
        out.append(Reason("sector", f"官民の橋渡し（{sector_label(seed.sector)}×{sector_label(c.sector)}）"))
    if c.degree:
        out.append(Reason("activity", f"{c.degree}団体との連携実績"))
    return out


def missing_role_text(role: str, area_name: str) -> str:
    label = role_label(role)
    where = f"{area_name}の近くでは" if area_name else "近くでは"
    return f"あなたの事業には{label}のパートナーがいません。{where}次の団体が{label}を担っています"


def empty_text(role: str | None, area_name: str, pref_name: str, km: float,
               farther: bool = True, home_bound: bool = False) -> str:
    """Why the answer is empty; it promises farther candidates only when there are some,
    and says so when the only ones are other governments, bound to their own areas."""
    what = f"{role_label(role)}を担った団体" if role else "連携先の候補"
    then = "遠くの候補を下に示します。" if farther else "ほかの地域にも記録がありません。"
    if home_bound and not farther:
        then = f"ほかの地域の記録は自治体による{role_label(role)}で、その自治体の地域に限られます。"
    return f"{area_name}から{km:g}km以内と{pref_name}には、{what}の記録がありません。{then}"


def distance_text(km: float | None, area_name: str) -> str:
    if km is None:
        return ""
    if km < 1:
        return f"{area_name}内"
    return f"{area_name}から約{km:.0f}km"
