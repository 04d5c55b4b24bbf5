"""Scoring: a pure function of what the store returned and the request's Placer, so
that the evaluation (tsunagari/evaluate.py) measures exactly the code that answers
online.

Score = sum of WEIGHTS[part] * part, each part in [0, 1] except ``network``
(Adamic–Adar, unbounded but rarely above 3):

- role: 1 when the candidate has played the wanted role in some programme; its
  weight outweighs every other part together but the network, so that those who
  did the thing asked for come first;
- area: closeness of the candidate's nearest programme area: the area itself 1,
  the same designated city 0.85, otherwise falling with distance between
  centroids (0.8 at 0 km to 0 at ``FAR_KM``); a prefecture-wide programme of the
  same prefecture counts 0.4;
- network: Adamic–Adar over shared partners, sum of 1/log(degree) of each;
- theme: Jaccard similarity of the life stages their programmes target;
- sector: 1 when exactly one side is public (a 官民 bridge);
- activity: log(1 + collaborators) / log(51), capped at 1: a weak prior for
  organisations that demonstrably work with others.

Ties are broken by distance (nearer first), then by collaborators, then by name.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import NamedTuple

from tsunagari.suggest.scope import BEYOND, CLOSE_KM, SAME, SAME_CITY, Placer

WEIGHTS: dict[str, float] = {
    "role": 6.0,
    "area": 3.0,
    "network": 1.0,
    "theme": 0.5,
    "sector": 0.5,
    "activity": 1.0,
}
#: beyond this many km of the area, distance adds nothing to the score: twice a
#: local role's reach, so that within reach nearer always counts
FAR_KM = CLOSE_KM


class Membership(NamedTuple):
    """One programme a candidate took part in, in one role, at one target area. A
    named tuple: a shown hub brings thousands, and a frozen dataclass took twice as
    long to make, hashed in Python, and was walked by the garbage collector."""

    programme: str
    title: str
    role: str  # a role code, or 'lead'
    source: str | None
    area_code: str | None
    area_name: str | None
    department: str | None = None
    quote: str | None = None


@dataclass
class Candidate:
    id: str
    name: str
    sector: str | None = None
    kind: str | None = None
    degree: int = 0
    life_stages: set[str] = field(default_factory=set)
    # every partnership role it played, and the target areas of its programmes
    roles: set[str] = field(default_factory=set)
    area_codes: list[str] = field(default_factory=list)
    # the roles it played at places within reach (from the places' pools)
    roles_near: set[str] = field(default_factory=set)
    # shared partners with the seed: (id, name, degree)
    via: list[tuple[str, str, int]] = field(default_factory=list)
    # stored seeds (seeds.py) keep only the first few via: then the whole Adamic–Adar
    # and how many partners are shared
    network: float | None = None
    shared: int | None = None
    # read only for those shown: the facts behind the reasons
    memberships: list[Membership] = field(default_factory=list)


@dataclass
class Seed:
    id: str
    name: str
    sector: str | None
    partners: set[str]
    life_stages: set[str]
    areas: list[str]
    programme_roles: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Scored:
    candidate: Candidate
    score: float
    parts: dict[str, float]
    level: int
    distance_km: float | None
    nearest_code: str | None

    def order(self) -> tuple:
        """Best first: score, then nearer, then better connected, then by name."""
        km = self.distance_km if self.distance_km is not None else math.inf
        return (-self.score, km, -self.candidate.degree, self.candidate.name, self.candidate.id)


def closeness(level: int, km: float | None, code: str | None) -> float:
    if level == SAME:
        return 1.0
    if level == SAME_CITY:
        return 0.85
    if code is not None and len(code) == 2:
        return 0.4 if level < BEYOND else 0.0
    if km is None:
        return 0.4 if level < BEYOND else 0.0
    return round(0.8 * max(0.0, 1 - km / FAR_KM), 4)


_LOG51 = math.log(51)


def score(c: Candidate, seed: Seed | None, role: str | None, placer: Placer | None,
          weights: dict[str, float] = WEIGHTS) -> Scored:
    role_part = 1.0 if role and role in c.roles else 0.0
    # placed exactly, however far: a candidate found nationwide still has a place and a
    # distance, and nearer ranks first among equals
    if placer and placer.scopes:
        level, km, code = placer.nearest(c.area_codes, exact=True)
        area = closeness(level, km, code)
    else:
        level, km, code, area = BEYOND, None, None, 0.0
    if c.network is not None:
        network = c.network
    else:
        via = [v for v in c.via if seed is None or v[0] in seed.partners]
        network = sum(1 / math.log(d) for _, _, d in via if d > 1)
    theme = 0.0
    if seed is not None and seed.life_stages and c.life_stages:
        theme = len(seed.life_stages & c.life_stages) / len(seed.life_stages | c.life_stages)
    bridge = (seed is not None and seed.sector is not None and c.sector is not None
              and (seed.sector == "public") != (c.sector == "public"))
    sector = 1.0 if bridge else 0.0
    activity = min(1.0, math.log1p(c.degree) / _LOG51)
    total = round(sum((weights["role"] * role_part, weights["area"] * area, weights["network"] * network,
                       weights["theme"] * theme, weights["sector"] * sector,
                       weights["activity"] * activity)), 4)
    parts = {"role": round(role_part, 4), "area": round(area, 4), "network": round(network, 4),
             "theme": round(theme, 4), "sector": round(sector, 4), "activity": round(activity, 4)}
    return Scored(c, total, parts, level, km, code)


def rank(candidates: list[Candidate], seed: Seed | None, role: str | None, placer: Placer | None,
         k: int | None = 10, weights: dict[str, float] = WEIGHTS) -> list[Scored]:
    scored = sorted((score(c, seed, role, placer, weights) for c in candidates),
                    key=Scored.order)
    return scored if k is None else scored[:k]
