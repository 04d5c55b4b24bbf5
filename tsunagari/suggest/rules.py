"""The rule report: what a person would reject in the answers, over a panel.

The panel asks every askable role in every municipality some programme targets
(`suggest_for_need`), and every organisation for partners without a role
(`suggest_for_organisation`). Each suggestion is checked against the graph
itself, independently of the suggester's own bookkeeping:

- generic: not a named organisation (a participant category, 企業, 住民 …);
- already a partner: it shares a programme with the organisation asking;
- beyond reach: for a local role, it never played the role in a programme whose
  target area is in the asked area's prefecture or within LOCAL_REACH_KM of it
  (for an organisation without a role: it is active nowhere within reach of its areas);
- no evidence: it never played the role asked for.

Each share is of all suggestions on the main list (the ``farther`` section is
labelled apart and not counted). And over the questions about a role in an area:

- empty: answered with nothing although someone the suggester may offer (a named
  organisation whose name could be read) played the role within its reach
  (a local role: in the area's prefecture or within LOCAL_REACH_KM; one that travels:
  anywhere, but a government's funding or endorsement only in the areas it governs,
  scope.py ``home_allows``), so that an answer lost on the way cannot hide behind 0 %.

The goal is 0 for every rule.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from tsunagari.core.geo import Centroids
from tsunagari.core.vocabulary import ASKABLE_ROLES, LOCAL_REACH_KM, is_local
from tsunagari.graph.derived import collaborations
from tsunagari.graph.store import GraphStore
from tsunagari.suggest.finder import suggest_for_need, suggest_for_organisation
from tsunagari.suggest.scope import area_scope, centroids, home_allows, public_home

RULES = ("generic", "already_partner", "beyond_reach", "no_evidence")
#: a rule over questions rather than suggestions
EMPTY = "empty"


@dataclass
class RuleReport:
    questions: int = 0
    suggestions: int = 0
    broken: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RULES, 0))
    examples: dict[str, list[str]] = field(default_factory=lambda: {r: [] for r in RULES})
    #: questions about a role in an area, and those answered with nothing though
    #: someone within reach played the role
    area_questions: int = 0
    empty: int = 0
    empty_examples: list[str] = field(default_factory=list)

    def share(self, rule: str) -> float:
        return round(self.broken[rule] / self.suggestions, 4) if self.suggestions else 0.0

    def empty_share(self) -> float:
        return round(self.empty / self.area_questions, 4) if self.area_questions else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"questions": self.questions, "suggestions": self.suggestions,
                "share": {r: self.share(r) for r in RULES}, "count": dict(self.broken),
                "examples": {r: e[:5] for r, e in self.examples.items()},
                EMPTY: {"questions": self.area_questions, "count": self.empty,
                        "share": self.empty_share(), "examples": self.empty_examples[:5]}}


class _Facts:
    """What the graph says, read without the suggester."""

    def __init__(self, store: GraphStore):
        self.named = {r["id"] for r in store.query("organisation_names")}
        memberships = store.query("programme_memberships")
        targets = {r["id"]: list(r["codes"]) for r in store.query("programme_target_codes")}
        self.played: dict[tuple[str, str], set[str]] = defaultdict(set)  # (org, role) -> codes
        self.roles: dict[str, set[str]] = defaultdict(set)
        self.active: dict[str, set[str]] = defaultdict(set)
        for m in memberships:
            codes = targets.get(m["programme"], [])
            self.active[m["org"]].update(codes)
            if m["role"]:
                self.roles[m["org"]].add(m["role"])
                self.played[(m["org"], m["role"])].update(codes)
        self.partners: dict[str, set[str]] = defaultdict(set)
        for c in collaborations(memberships):
            self.partners[c["from"]].add(c["to"])
            self.partners[c["to"]].add(c["from"])
        self.areas = sorted({c for codes in targets.values() for c in codes if len(c) == 5})
        self.geo: Centroids = centroids()
        self._store = store
        self._homes: dict[str, str | None] = {}
        self._features: set[str] = set()
        self._seen: set[str] = set()

    def home(self, org: str) -> str | None:
        """The area a government body governs (scope.py ``public_home``); None also for
        one that is never suggested (a name nobody could read)."""
        self._read([org])
        return self._homes.get(org)

    def suggestable(self, orgs: list[str]) -> list[str]:
        """Those of ``orgs`` the suggester may offer at all (a garbled name nobody
        could read never is: suggest_candidate_features leaves it out)."""
        self._read(orgs)
        return [o for o in orgs if o in self._features]

    def _read(self, orgs: list[str]) -> None:
        unread = [o for o in orgs if o not in self._seen]
        if not unread:
            return
        self._seen.update(unread)
        for r in self._store.query("suggest_candidate_features", ids=unread):
            self._features.add(r["id"])
            self._homes[r["id"]] = public_home(r["id"], r["name"], r["sector"], r["kind"])

    def reachable(self, role: str, area: str) -> list[str]:
        """Named organisations that played ``role`` within its reach of ``area``."""
        scope = [area_scope(area)]
        self._read([o for o, played in self.played if played == role])  # one read for all
        out = []
        for (org, played), codes in self.played.items():
            if played != role or org not in self.named:
                continue
            if is_local(role):
                if self.within(codes, area):
                    out.append(org)
            elif home_allows(role, self.home(org), scope):
                out.append(org)
        return sorted(self.suggestable(out))

    def within(self, codes: set[str], area: str) -> bool:
        pref = area[:2]
        for code in codes:
            if code[:2] == pref:
                return True
            d = self.geo.distance_km(area, code)
            if d is not None and d <= LOCAL_REACH_KM:
                return True
        return False


def _check(report: RuleReport, facts: _Facts, label: str, org_id: str, role: str | None,
           areas: list[str], partners: set[str]) -> None:
    report.suggestions += 1
    broken = []
    if org_id not in facts.named:
        broken.append("generic")
    if org_id in partners:
        broken.append("already_partner")
    if role is not None and role not in facts.roles.get(org_id, set()):
        broken.append("no_evidence")
    local = role is None or is_local(role)
    if local and areas:
        codes = facts.played.get((org_id, role), set()) if role else facts.active.get(org_id, set())
        if not any(facts.within(codes, a) for a in areas):
            broken.append("beyond_reach")
    for rule in broken:
        report.broken[rule] += 1
        report.examples[rule].append(f"{label}: {org_id}")


def check_empty(report: RuleReport, facts: _Facts, role: str, area: str, shown: list[str]) -> None:
    """An answer with nothing for ``role`` in ``area``: broken when someone within
    reach played the role (``shown``: the ids the answer did list, apart)."""
    missed = [o for o in facts.reachable(role, area) if o not in shown]
    if missed:
        report.empty += 1
        report.empty_examples.append(f"{role}@{area}: {', '.join(missed[:3])}")


def rule_report(store: GraphStore, k: int = 10, organisations: bool = True) -> RuleReport:
    facts = _Facts(store)
    report = RuleReport()
    for area in facts.areas:
        for role in ASKABLE_ROLES:
            result = suggest_for_need(store, role, area=area, k=k)
            report.questions += 1
            report.area_questions += 1
            if not result.suggestions:
                check_empty(report, facts, role, area, [s.id for s in result.farther])
            for s in result.suggestions:
                for unit in [s.id, *(o["id"] for o in s.also)]:
                    _check(report, facts, f"{role}@{area}", unit, role, [area], set())
    if organisations:
        for org in sorted(facts.named):
            result = suggest_for_organisation(store, org, k=k)
            report.questions += 1
            areas = [result.around["code"]] if result.around else []
            if result.around:
                # every scope the suggester used: the organisation's first areas
                seed_areas = store.query("suggest_seed", id=org)[0]
                areas = [a for a in dict.fromkeys([*(seed_areas["home_areas"] or []),
                                                   *(seed_areas["programme_areas"] or [])])][:5]
                areas = [a for a in areas if _valid(a)]
            shown = [*((s, c.role) for c in result.complementary for s in c.suggestions),
                     *((s, None) for s in result.suggestions)]
            for s, role in shown:
                for unit in [s.id, *(o["id"] for o in s.also)]:
                    _check(report, facts, f"org {org}", unit, role, areas, facts.partners.get(org, set()))
    return report


def _valid(code: str) -> bool:
    try:
        area_scope(code)
    except ValueError:
        return False
    return True
