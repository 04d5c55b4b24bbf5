"""The two questions: who could play role R near area A, and who could work with
organisation O (in role R, near A). Each is a few key lookups (fetch.py), a pure
ranking (score.py) within each role's reach (scope.py), and reasons with their
evidence (reasons.py)."""

from __future__ import annotations

import functools
import heapq
from dataclasses import dataclass, field

from tsunagari.core.vocabulary import ASKABLE_ROLES, LOCAL_REACH_KM, ROLES, Reach
from tsunagari.graph.store import GraphStore
from tsunagari.suggest import answers, fetch, reasons
from tsunagari.suggest.scope import (
    BEYOND,
    AreaScope,
    Placer,
    SuggestError,
    area_scope,
    home_allows,
    place_name,
    placer_for,
    public_home,
    reach_of,
)
from tsunagari.suggest.score import WEIGHTS, Candidate, Scored, Seed, rank

MAX_SEED_AREAS = 5
#: how many candidates near the area a request scores (the nearest, then the best connected)
AREA_CANDIDATES = 100
#: and how many players of each role an organisation lacks
COMPLEMENTARY_POOL = 20
#: how many farther candidates a local answer lists apart
FARTHER = 5
#: how many complementary roles an organisation is offered, and candidates for each
COMPLEMENTARY_ROLES = 2
COMPLEMENTARY_EACH = 3


@dataclass
class Suggestion:
    id: str
    name: str
    sector: str | None
    score: float
    parts: dict[str, float]
    area_level: int
    distance_km: float | None
    #: the nearest target area of its programmes
    area: dict[str, str] | None
    reasons: list[reasons.Reason]
    #: other units of the same body, folded into this one (足立区教育委員会 under 足立区)
    also: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Complementary:
    """A role the organisation's programmes lack, and who plays it nearby."""

    role: str
    label: str
    text: str
    suggestions: list[Suggestion]


@dataclass
class SuggestionResult:
    organisation: dict[str, str] | None
    need: str | None
    area: dict[str, str] | None
    reach: str
    reach_km: float
    weights: dict[str, float]
    suggestions: list[Suggestion]
    #: beyond a local role's reach, nearest first: shown apart, never ranked with the rest
    farther: list[Suggestion] = field(default_factory=list)
    complementary: list[Complementary] = field(default_factory=list)
    #: why the answer is empty, when it is
    message: str | None = None
    #: the area distances are measured from (the one asked, or the organisation's first)
    around: dict[str, str] | None = None


def check_role(role: str | None) -> str | None:
    if role in (None, ""):
        return None
    if role not in ROLES:
        raise SuggestError(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    return role


def _body(c: Candidate) -> str:
    """The body a unit belongs to: 足立区教育委員会 and 足立区 are both 足立区's (gov-13121)."""
    if c.id.startswith("gov-") or c.sector != "public":
        return c.id
    return _public_body(c.id, c.name)


@functools.lru_cache(maxsize=65536)
def _public_body(org_id: str, name: str) -> str:
    """_body of a public unit: a pure function of its id and name, remembered (the
    gazetteer's name search is most of the time a hub-heavy answer takes)."""
    from tsunagari.loaders.places import gazetteer

    gaz = gazetteer()
    place = gaz.municipality_in(name)
    if place is not None and name.startswith(gaz.label(place)):
        return f"gov-{place.code}"
    return org_id


def _home_bound(scored: list[Scored], role: str | None, scopes: list[AreaScope]
                ) -> tuple[list[Scored], bool]:
    """Leave out local governments offering funding or endorsement outside the areas
    they govern (scope.py ``home_allows``); and whether any was left out."""
    kept = [s for s in scored if home_allows(role, public_home(
        s.candidate.id, s.candidate.name, s.candidate.sector, s.candidate.kind), scopes)]
    return kept, len(kept) < len(scored)


def _grouped(scored: list[Scored]) -> list[tuple[Scored, list[Scored]]]:
    """Units of one body together, under the best placed of them."""
    groups: dict[str, tuple[Scored, list[Scored]]] = {}
    for s in scored:
        key = _body(s.candidate)
        if key in groups:
            groups[key][1].append(s)
        else:
            groups[key] = (s, [])
    return list(groups.values())


def _suggestion(s: Scored, others: list[Scored], seed: Seed | None, role: str | None,
                placer: Placer | None, choice: reasons.Choice | None = None) -> Suggestion:
    c = s.candidate
    area = {"code": s.nearest_code, "name": place_name(s.nearest_code)} if s.nearest_code else None
    return Suggestion(c.id, c.name, c.sector, s.score, s.parts, s.level, s.distance_km, area,
                      reasons.reasons(s, seed, role, placer, choice),
                      [{"id": o.candidate.id, "name": o.candidate.name} for o in others])


Groups = list[tuple[Scored, list[Scored]]]


def _present(store: GraphStore, lists: list[tuple[Groups, str | None]], seed: Seed | None,
             placer: Placer | None) -> list[list[Suggestion]]:
    """Read the evidence of every candidate shown (in one read for all the lists of
    an answer, each with its role), then word their reasons."""
    shown: dict[str, Candidate] = {}
    wanted: dict[str, str | None] = {}
    near_codes: dict[str, list[str]] = {}
    levels: dict[str, int] = {}
    for picked, role in lists:
        for s, _ in picked:
            c = s.candidate
            shown[c.id] = c
            if role is not None or c.id not in wanted:
                wanted[c.id] = role
            if placer is not None and s.level < BEYOND:
                levels[c.id] = s.level
    for cid, level in levels.items():
        # only those who never played the role wanted of them are shown by where they
        # were active (fetch.add_evidence): a hub's hundreds of areas are placed for no one else
        if placer is not None and (wanted[cid] is None or wanted[cid] not in shown[cid].roles):
            near_codes[cid] = [code for code in shown[cid].area_codes if placer.place(code)[0] == level]
    worded: dict[str, list[tuple[Scored, str | None]]] = {}
    for picked, role in lists:
        for s, _ in picked:
            worded.setdefault(s.candidate.id, []).append((s, role))

    # which memberships each list's reasons rest on, chosen once (by their place in the
    # candidate's memberships, which reading the titles keeps)
    chosen: dict[tuple[int, str | None], reasons.Choice] = {}

    def choice(s: Scored, role: str | None) -> reasons.Choice:
        found = chosen.get((id(s), role))
        if found is None:
            found = chosen[(id(s), role)] = reasons.choose(s, role, placer)
        return found

    def cite(c: Candidate) -> list[int]:
        """Where in its memberships are those its reasons will word, in every list that shows it."""
        return [i for s, role in worded[c.id] for i in reasons.cited_at(s, role, placer, choice(s, role))]

    fetch.add_evidence(store, list(shown.values()), wanted, near_codes, cite)
    if seed is not None:  # friends of friends from a stored seed: their shared partners
        fetch.add_shared_partners(store, seed, list(shown.values()))
    return [[_suggestion(s, others, seed, role, placer, chosen.get((id(s), role)))
             for s, others in picked] for picked, role in lists]


def _beyond(s: Scored) -> Scored:
    return Scored(s.candidate, s.score, s.parts, BEYOND, s.distance_km, s.nearest_code)


def _pool_codes(scopes: list[AreaScope], placer: Placer) -> list[str]:
    codes = {s.code for s in scopes} | {s.city for s in scopes if s.city} | {s.pref for s in scopes}
    return sorted(codes | set(placer.near_codes()))


def _split(scored: list[Scored], local: bool, k: int | None, placer: Placer | None = None
           ) -> tuple[list[tuple[Scored, list[Scored]]], list[tuple[Scored, list[Scored]]]]:
    groups = _grouped(scored)
    if not local:
        return (groups if k is None else groups[:k]), []
    within = [g for g in groups if g[0].level < BEYOND]
    beyond = [g for g in groups if g[0].level == BEYOND]
    if placer is not None:
        # the nearest of them, however far: only these few are placed exactly
        near_km = {id(g): placer.nearest(g[0].candidate.area_codes, exact=True)[1]
                   for g in beyond[:FARTHER * 20]}
        beyond = sorted(beyond[:FARTHER * 20], key=lambda g: (
            near_km[id(g)] if near_km[id(g)] is not None else 1e9, g[0].order()))
    return (within if k is None else within[:k]), beyond[:FARTHER * 8]


def _farther(shown: list[Suggestion], groups: Groups, role: str | None,
             placer: Placer | None) -> list[Suggestion]:
    """The candidates beyond reach, placed where they played the role (not where they
    merely took part), nearest first."""
    for s, (g, _) in zip(shown, groups, strict=True):
        if placer is None:
            break
        played = [m.area_code for m in g.candidate.memberships if m.role == role and m.area_code]
        if role is None or not played:  # no role, or its programmes' areas not read
            played = list(g.candidate.area_codes)
        if played:
            _, km, code = placer.nearest(played, exact=True)
            s.distance_km = km
            s.area = {"code": code, "name": place_name(code)} if code else None
        s.area_level = BEYOND
    shown.sort(key=_farther_key)
    return shown[:FARTHER]


def _farther_key(s: Suggestion) -> tuple[float, float]:
    return (s.distance_km if s.distance_km is not None else 1e9, -s.score)


def _present_nearest_farther(store: GraphStore, picked: Groups, farther: Groups, role: str | None,
                             seed: Seed | None, placer: Placer) -> tuple[list[Suggestion], list[Suggestion]]:
    """_present then _farther of ``picked`` and ``farther``, reading the evidence of
    only those farther groups that could be among the FARTHER nearest: where one
    played the role is among its area codes, so it is never nearer than the nearest
    of them (a bound); groups are read in the order of that bound until none left
    could come before the FARTHER-th placed (ties included)."""
    def least(g: tuple[Scored, list[Scored]]) -> tuple[float, float]:
        km = placer.least_km(g[0].candidate.area_codes)
        return (km if km is not None else 1e9, -g[0].score)

    bound = [least(g) for g in farther]
    rest = sorted(range(len(farther)), key=lambda i: bound[i])
    batch, rest = rest[:FARTHER], rest[FARTHER:]
    placed: dict[int, Suggestion] = {}
    suggestions: list[Suggestion] | None = None
    while batch or suggestions is None:
        groups = [farther[i] for i in batch]
        lists = [(groups, role)] if suggestions is not None else [(picked, role), (groups, role)]
        *first, shown = _present(store, lists, seed, placer)
        if suggestions is None:
            suggestions = first[0]
        _farther(list(shown), groups, role, placer)  # places each (the order is made below)
        placed.update(zip(batch, shown, strict=True))
        keys = sorted(_farther_key(s) for s in placed.values())
        last = keys[FARTHER - 1] if len(keys) >= FARTHER else None
        batch = [i for i in rest if last is None or bound[i] <= last]
        rest = [i for i in rest if not (last is None or bound[i] <= last)]
    far = [placed[i] for i in sorted(placed)]  # as _farther sorts them all: stable
    far.sort(key=_farther_key)
    return suggestions, far[:FARTHER]


def _lacking(seed: Seed) -> list[str]:
    """The local roles no one plays in the organisation's programmes."""
    return [r for r in ASKABLE_ROLES if ROLES[r].reach is Reach.LOCAL and r not in seed.programme_roles]


def _nearest_first(active: dict[str, fetch.Active], placer: Placer, role: str | None,
                   limit: int = AREA_CANDIDATES) -> list[str]:
    """The ``limit`` organisations of the pools nearest the scopes (those who played
    ``role`` there, when one is given), the better connected first among equals: the
    candidates a request scores, however busy the places."""
    def key(org: str) -> tuple:
        a = active[org]
        level, km = min((placer.place(code) for code in a.places),
                        key=lambda lk: (lk[0], lk[1] if lk[1] is not None else 1e9))
        return (level, km if km is not None else 1e9, a.rank, org)
    players = [o for o, a in active.items() if role is None or role in a.roles]
    return heapq.nsmallest(limit, players, key=key) if len(players) > limit else sorted(players, key=key)


def _nearest_each(active: dict[str, fetch.Active], scopes: list[AreaScope], placer: Placer,
                  role: str | None, limit: int = AREA_CANDIDATES) -> list[str]:
    """_nearest_first around each scope in turn (each with its own pools and
    distances, as the stored need answers of each area pick them), once each."""
    if len(scopes) == 1:
        return _nearest_first(active, placer, role, limit)
    out: dict[str, None] = {}
    for scope in scopes:
        one = placer_for((scope,))
        codes = set(_pool_codes([scope], one))
        here = {o: fetch.Active(a.roles, a.places & codes, a.rank) for o, a in active.items()
                if not a.places.isdisjoint(codes)}
        out.update(dict.fromkeys(_nearest_first(here, one, role, limit)))
    return list(out)


def _area(scope: AreaScope | None) -> dict[str, str] | None:
    return {"code": scope.code, "name": scope.name} if scope else None


def suggest_for_need(store: GraphStore, need: str, area: str | None = None, k: int = 10,
                     weights: dict[str, float] = WEIGHTS) -> SuggestionResult:
    """Organisations that have played role ``need``: within its reach of ``area``
    (a local role), or anywhere, nearer first (a role that travels).

    With the default k and weights the answer derived on load is read back
    (answers.py): one key lookup; otherwise, or when the store holds none, it is
    worked out here (``answer_need``, the reference the stored answers come from)."""
    body = stored_need_body(store, need, area, k, weights)
    if body is not None:
        return answers.from_body(body)  # type: ignore[no-any-return]
    return answer_need(store, need, area, k, weights)


def stored_need_body(store: GraphStore, need: str, area: str | None = None, k: int = 10,
                     weights: dict[str, float] = WEIGHTS) -> str | None:
    """suggest_for_need's answer as the JSON body stored on load (answers.py), when
    the request is one whose answer is stored and the store holds it; else None.
    Bad input raises SuggestError as suggest_for_need does."""
    role = check_role(need)
    if role is None:
        raise SuggestError("a need is a role: " + ", ".join(ASKABLE_ROLES))
    scope = area_scope(area) if area else None
    if k != answers.STORED_K or weights != WEIGHTS:
        return None
    return answers.read_body(store, role, scope.code if scope else None)


def answer_need(store: GraphStore, need: str, area: str | None = None, k: int = 10,
                weights: dict[str, float] = WEIGHTS,
                ids: tuple[list[str], list[str]] | None = None) -> SuggestionResult:
    """suggest_for_need worked out from the store's derived pools and features,
    never from a stored answer: the reference, and how answers are derived.

    ``ids`` (near, farther) are the candidates to score instead of those the
    pools and the nationwide list give: those within reach and those beyond
    (ranking.need_candidates works them out for every role and place at once)."""
    role = check_role(need)
    if role is None:
        raise SuggestError("a need is a role: " + ", ".join(ASKABLE_ROLES))
    scope = area_scope(area) if area else None
    reach = reach_of(role)
    local = reach is Reach.LOCAL and scope is not None
    placer = placer_for((scope,)) if scope else None
    active: dict[str, fetch.Active] = {}
    found: list[str] = []
    if ids is not None:
        active = {o: fetch.Active({role}) for o in ids[0]} if local else {}
        found = [*ids[0], *ids[1]]
    else:
        if scope and placer:
            active = fetch.read_pools(store, _pool_codes([scope], placer), role if local else None)
            # a local role is sought only where it was played
            found = _nearest_first(active, placer, role if local else None)
        if not local or len(found) < k:
            # a role that travels is sought nationwide always (the nearby pool holds
            # anyone active there, whatever their role: a full pool of non-funders must
            # not hide every funder); a local one only to show, apart, the nearest of
            # those farther away when the area has too few
            found += fetch.read_nationwide(store, role)
    cands = [c for c in fetch.read_features(store, found).values() if role in c.roles]
    scored, bound = _home_bound(rank(cands, None, role, placer, None, weights), role,
                                [scope] if scope else [])
    if local:
        # A local role is sought where it was played: active nearby but having
        # played it only far away is not within reach.
        near = {o for o, a in active.items() if role in a.roles}
        scored = [s if s.candidate.id in near else _beyond(s) for s in scored]
    picked, farther = _split(scored, local, k, placer)
    suggestions, far = _present(store, [(picked, role), (farther, role)], None, placer)
    far = _farther(far, farther, role, placer)
    message = None
    if scope and not suggestions:
        message = reasons.empty_text(role, scope.name, scope.pref_name, LOCAL_REACH_KM,
                                       farther=bool(far), home_bound=bound)
    return SuggestionResult(None, role, _area(scope), reach.value, LOCAL_REACH_KM, weights,
                            suggestions, far, [], message, _area(scope))


def suggest_for_organisation(store: GraphStore, org: str, role: str | None = None,
                             area: str | None = None, k: int | None = 10,
                             weights: dict[str, float] = WEIGHTS) -> SuggestionResult:
    """Organisations that are not yet partners of ``org`` (an id or a name), best first,
    within the reach of the role asked (locally, when none is); and first, the local
    roles its programmes lack, with who plays them nearby."""
    role = check_role(role)
    if (role is not None and area is None and weights == WEIGHTS and k is not None
            and 0 < k <= answers.STORED_K):
        from tsunagari.suggest.seeds import fast_for_organisation

        fast = fast_for_organisation(store, org, role, k)
        if fast is not None:
            return fast  # type: ignore[no-any-return]
    return organisation_answer(store, org, role, area, k, weights)


def organisation_answer(store: GraphStore, org: str, role: str | None = None,
                        area: str | None = None, k: int | None = 10,
                        weights: dict[str, float] = WEIGHTS) -> SuggestionResult:
    """suggest_for_organisation worked out from the store's derived pools and
    features, never from stored seeds: the reference."""
    role = check_role(role)
    seed = fetch.read_seed(store, org)
    scopes = [area_scope(area)] if area else []
    if not scopes:
        for code in seed.areas[:MAX_SEED_AREAS]:
            try:
                scopes.append(area_scope(code))
            except SuggestError:
                continue
    reach = reach_of(role)
    local = reach is Reach.LOCAL and bool(scopes)
    placer = Placer(scopes) if scopes else None
    excluded = seed.partners | {seed.id}
    net = fetch.read_network(store, seed)
    # around each area, those the need answer of the role there considers
    # (answer_need): for a local role the nearest who played it there; for one that
    # travels, the nearest active there who played it anywhere, and those nationwide
    sought = role if local else None
    active = fetch.read_pools(store, _pool_codes(scopes, placer), sought) if placer else {}
    near_ids = _nearest_each(active, scopes, placer, sought) if placer else []
    if role is None and placer is not None:
        # and those who play the local roles its programmes lack
        for r in _lacking(seed):
            near_ids += _nearest_each(active, scopes, placer, r, COMPLEMENTARY_POOL)
    ids = [c for c, _ in net] + near_ids
    if role is not None and (not local or len(near_ids) < (k or AREA_CANDIDATES)):
        ids += fetch.read_nationwide(store, role)
    cands = fetch.read_features(store, [i for i in ids if i not in excluded])
    if sought is None and role is not None:
        # of those active nearby, only who played the role (anywhere), as answer_need keeps
        friends = {c for c, _ in net}
        cands = {i: c for i, c in cands.items() if role in c.roles or i in friends}
    for c_id, via in net:
        if c_id in cands:
            cands[c_id].via = via
    for c in cands.values():
        found = active.get(c.id)
        c.roles_near = found.roles if found else set()
    return _rank_organisation(store, seed, role, area, scopes, list(cands.values()), k, weights)


def _rank_organisation(store: GraphStore, seed: Seed, role: str | None, area: str | None,
                       scopes: list[AreaScope], cands: list[Candidate], k: int | None,
                       weights: dict[str, float] = WEIGHTS, placer: Placer | None = None
                       ) -> SuggestionResult:
    """An organisation's answer from its candidates (their roles near its scopes
    set): what suggest_for_organisation and seeds.fast_for_organisation share.
    A candidate's memberships already there are its whole evidence in the role."""
    if placer is None:
        placer = Placer(scopes) if scopes else None
    ranked = _order_organisation(seed, role, scopes, cands, k, weights, placer)
    return _answer_organisation(store, seed, role, area, scopes, ranked, weights, placer)


@dataclass
class Ranked:
    """An organisation's candidates ranked, before their evidence is read."""

    picked: Groups
    farther: Groups
    #: for no role: the roles its programmes lack, with the best of each
    lacking: list[tuple[str, Groups]]
    #: whether a local government was left out for want of being home (_home_bound)
    bound: bool
    #: every group within reach (for a local role) or every group, best first
    ordered: Groups


def _order_organisation(seed: Seed, role: str | None, scopes: list[AreaScope],
                        cands: list[Candidate], k: int | None, weights: dict[str, float],
                        placer: Placer | None, scored: list[Scored] | None = None) -> Ranked:
    """The candidates ranked; ``scored``: each of them scored already (score.score)."""
    reach = reach_of(role)
    local = reach is Reach.LOCAL and bool(scopes)
    ranked = (rank(cands, seed, role, placer, None, weights) if scored is None
              else sorted(scored, key=Scored.order))
    scored, bound = _home_bound(ranked, role, scopes)
    if local and role is not None:
        scored = [s if role not in s.candidate.roles or role in s.candidate.roles_near
                  else _beyond(s) for s in scored]
    within, farther = _split(scored, local, None, placer)
    picked = within if k is None else within[:k]
    lacking: list[tuple[str, Groups]] = []
    if role is None and placer is not None:
        for r in _lacking(seed):
            players = [c for c in cands if r in c.roles_near]
            best = _split(rank(players, seed, r, placer, None, weights), True, COMPLEMENTARY_EACH)[0]
            if best:
                lacking.append((r, best))
            if len(lacking) == COMPLEMENTARY_ROLES:
                break
    return Ranked(picked, farther, lacking, bound, within)


def _answer_organisation(store: GraphStore, seed: Seed, role: str | None, area: str | None,
                         scopes: list[AreaScope], ranked: Ranked, weights: dict[str, float],
                         placer: Placer | None, lazy: bool = False) -> SuggestionResult:
    """The answer of ranked candidates: the evidence of those shown read, their
    reasons worded; with ``lazy``, of the farther ones only those that could be
    among the nearest shown (_present_nearest_farther: the same answer, fewer read)."""
    lacking = ranked.lacking
    offered: list[list[Suggestion]] = []
    if lazy and placer is not None and not lacking and len(ranked.farther) > FARTHER:
        suggestions, far = _present_nearest_farther(store, ranked.picked, ranked.farther, role,
                                                    seed, placer)
    else:
        suggestions, far, *offered = _present(
            store, [(ranked.picked, role), (ranked.farther, role), *((best, r) for r, best in lacking)],
            seed, placer)
        far = _farther(far, ranked.farther, role, placer)
    complementary = [Complementary(r, ROLES[r].label, reasons.missing_role_text(r, scopes[0].name), shown)
                     for (r, _), shown in zip(lacking, offered, strict=True)]
    message = None
    if scopes and not suggestions:
        message = reasons.empty_text(role, scopes[0].name, scopes[0].pref_name,
                                       LOCAL_REACH_KM, farther=bool(far), home_bound=ranked.bound)
    return SuggestionResult({"id": seed.id, "name": seed.name}, role,
                            _area(scopes[0]) if area and scopes else None, reach_of(role).value,
                            LOCAL_REACH_KM, weights, suggestions, far, complementary, message,
                            _area(scopes[0]) if scopes else None)
