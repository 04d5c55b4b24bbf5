"""The bodies of the stored need answers, worked out in batch.

``finder.answer_need`` is the reference: given the candidates ranking.py picks for
a role and a place (its ``ids``), it scores each of them over all of its areas,
reads their evidence, words their reasons and returns dataclasses, which
answers.to_body turns into JSON. Done for each of some 25,000 answers that costs
tens of ms an answer. ``Bodies`` gives the very same JSON (tests/test_answers.py
compares it with the reference) while sharing what does not depend on the place:

- the best (level, km, code) of every candidate's areas is one minimum over
  ranking._Places keys of the place (the same packed keys ranking.py sorts by),
  one array pass for all the candidates of an answer, and a candidate's score at a
  place is worked out once for every role;
- a candidate's memberships in a role (deduplicated, their programmes, sources,
  count, evidence and activity reason) are sorted out once and reused at every
  place that shows it; per place only the nearest target of each membership and
  the two nearest programmes cited are found, again in one array pass;
- answers are dicts in the dataclasses' field order, serialised by orjson, so the
  body is what answers.to_body gives for the reference's answer.

Only the presentation of need answers (no seed: no network, theme or sector part,
no area reason: every candidate's memberships read are in the role asked, so the
first of them is always at its best level) is done here; no area at all is left
to the reference (13 answers).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import orjson

from tsunagari.core.vocabulary import HOME_BOUND_ROLES, LOCAL_REACH_KM, Reach, role_phrase
from tsunagari.suggest import reasons
from tsunagari.suggest.finder import FARTHER, _body
from tsunagari.suggest.ranking import _CODE_BITS, _KM_BITS, _NO_CODE, _NOWHERE, _csr, _Places
from tsunagari.suggest.scope import (
    BEYOND,
    area_scope,
    home_allows,
    place_name,
    placer_for,
    public_home,
    reach_of,
)
from tsunagari.suggest.score import WEIGHTS, Candidate, closeness

if TYPE_CHECKING:
    from tsunagari.suggest.answers import Tables

_LOG51 = math.log(51)
_PROG_BITS = 20
#: the (level, km) of a membership with no target: beyond, no distance
_NONE_LK = BEYOND << _KM_BITS | ((1 << _KM_BITS) - 1)
#: up to this many target places a candidate's role memberships are placed one by one
_FEW = 24


@dataclass
class _Facts:
    """A candidate's memberships in one role, what of them is the same everywhere."""

    #: (programme, title, source, department, quote), deduplicated, in the store's order
    ms: list[tuple[str, str, str | None, str | None, str | None]]
    #: per membership, the place numbers of its targets, and its programme's rank
    mcodes: list[tuple[int, ...]]
    prank: list[int]
    #: how many targets in all, and every target place number (finder._farther)
    n_targets: int
    codes: list[int]
    programmes: list[str]
    sources: list[str]
    count: int
    #: per membership: its evidence (dicts), filled as they are cited
    evidence: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    #: (ptr, idx, has, prog_rank) as arrays, made when a hub's many are placed at once
    arrays: tuple[np.ndarray, ...] | None = None

    def as_arrays(self) -> tuple[np.ndarray, ...]:
        if self.arrays is None:
            ptr, idx = _csr([list(c) for c in self.mcodes])
            self.arrays = (ptr, idx, np.diff(ptr) > 0, np.array(self.prank, dtype=np.int64))
        return self.arrays


class Bodies:
    """Answer bodies for many (role, place) pairs of one graph's Tables."""

    def __init__(self, tables: Tables):
        self.t = tables
        feats = tables.features
        all_codes = {c for f in feats.values() for c in f.get("area_codes") or () if c}
        all_codes |= {c for cs in tables.targets.values() for c in cs if c}
        self.places = _Places(all_codes)
        pi = self.places.index
        self.codes = self.places.codes
        self.ids = list(feats)
        self.oi = {o: i for i, o in enumerate(self.ids)}
        rows = [[pi[c] for c in (f.get("area_codes") or ()) if c] for f in feats.values()]
        ptr, self.c_idx = _csr(rows)
        self.o_start = ptr[:-1]
        self.o_len = np.diff(ptr)
        self.degree = [int(f.get("degree") or 0) for f in feats.values()]
        self._activities = [min(1.0, math.log1p(d) / _LOG51) for d in self.degree]
        self._org_names = [f.get("name") or "" for f in feats.values()]
        self._facts: dict[tuple[int, str], _Facts] = {}
        self._body: dict[int, str] = {}
        self._home: dict[int, str | None] = {}
        self._activity: dict[int, dict[str, Any] | None] = {}
        self._names: dict[str, str] = {}
        self._facts_text: dict[tuple[int, str, int, int], str] = {}
        self._reasons: dict[tuple[int, str, tuple[tuple[int, int], ...]], dict[str, Any]] = {}
        self._titles: dict[str, str] = {}
        # the place being answered
        self._area: str | None = None

    # --- what does not depend on the place -------------------------------------

    def _name(self, code: str) -> str:
        found = self._names.get(code)
        if found is None:
            found = self._names[code] = place_name(code)
        return found

    def body_of(self, j: int) -> str:
        found = self._body.get(j)
        if found is None:
            f = self.t.features[self.ids[j]]
            found = self._body[j] = _body(Candidate(self.ids[j], f.get("name") or "", f.get("sector")))
        return found

    def home_of(self, j: int) -> str | None:
        if j not in self._home:
            f = self.t.features[self.ids[j]]
            self._home[j] = public_home(self.ids[j], f.get("name") or "", f.get("sector"), f.get("kind"))
        return self._home[j]

    def activity_reason(self, j: int) -> dict[str, Any] | None:
        if j not in self._activity:
            d = self.degree[j]
            self._activity[j] = {"kind": "activity", "text": f"{d}団体との連携実績", "programmes": [],
                                 "sources": [], "evidence": [], "programme_count": 0} if d else None
        return self._activity[j]

    def facts(self, j: int, role: str) -> _Facts:
        found = self._facts.get((j, role))
        if found is not None:
            return found
        pi = self.places.index
        ms: dict[tuple[str, str, str | None, str | None, str | None], None] = {}
        for m in self.t.memberships.get(self.ids[j], ()):
            if m[0] == role:
                ms[(m[1], m[2] or "", m[3], m[4], m[5])] = None
        kept = list(ms)
        progs = sorted({m[0] for m in kept})
        prank = {p: i for i, p in enumerate(progs)}
        rows = [tuple(pi[c] for c in self.t.targets.get(m[0], ())) for m in kept]
        found = self._facts[(j, role)] = _Facts(
            kept, rows, [prank[m[0]] for m in kept], sum(map(len, rows)),
            sorted({c for r in rows for c in r}), progs[:reasons.REASON_LIST_CAP],
            sorted({m[2] for m in kept if m[2]})[:reasons.REASON_LIST_CAP], len(progs))
        return found

    def _evidence(self, j: int, role: str, facts: _Facts, i: int) -> list[dict[str, Any]]:
        found = facts.evidence.get(i)
        if found is None:
            c, m = self._membership(j, role, facts, i)
            found = facts.evidence[i] = [vars(e) for e in reasons.evidence_of(c, m)]
        return found

    def _membership(self, j: int, role: str, facts: _Facts, i: int) -> tuple[Candidate, reasons.Membership]:
        """Candidate j and its i-th membership in ``role``, as the reasons module words them."""
        prog, title, source, dept, quote = facts.ms[i]
        c = Candidate(self.ids[j], self.t.features[self.ids[j]].get("name") or "")
        return c, reasons.Membership(prog, title, role, source, None, None, dept, quote)

    def _fact(self, j: int, role: str, facts: _Facts, i: int, code: int) -> str:
        key = (j, role, i, code)
        found = self._facts_text.get(key)
        if found is None:
            c, m = self._membership(j, role, facts, i)
            where = f"{self._name(self.codes[code])}で" if code >= 0 else ""
            found = self._facts_text[key] = (f"{where}{reasons._who(c, m)}{role_phrase(role)}"
                                             f"（{reasons.short_title(m.title)}）")
        return found

    # --- per place --------------------------------------------------------------

    def _at(self, area: str) -> None:
        if self._area == area:
            return
        self._area = area
        self.scope = area_scope(area)
        self.placer = placer_for((self.scope,))
        _, self.full, _ = self.places.keys(area)
        self.full_list = self.full.tolist()
        #: per candidate at this place: (score, closeness, level, km, code, order)
        self._scored: dict[int, tuple[Any, ...]] = {}
        #: per best key at this place: (level, km, code, closeness)
        self._placed: dict[int, tuple[Any, ...]] = {}

    def _best(self, js: np.ndarray) -> np.ndarray:
        """The best packed key of each candidate's area codes (ranking.need_candidates' best_of)."""
        out = np.full(len(js), _NOWHERE, dtype=np.int64)
        lens = self.o_len[js]
        has = lens > 0
        if has.any():
            c, ln = js[has], lens[has]
            seg = np.zeros(len(c), dtype=np.int64)
            seg[1:] = np.cumsum(ln)[:-1]
            idx = np.repeat(self.o_start[c] - seg, ln) + np.arange(int(ln.sum()))
            out[has] = np.minimum.reduceat(self.full[self.c_idx[idx]], seg)
        return out

    def _score(self, js: list[int]) -> None:
        new = [j for j in js if j not in self._scored]
        if not new:
            return
        best = self._best(np.array(new, dtype=np.int64)).tolist()
        place = self.placer.place
        placed = self._placed
        ids, names, activities, degree = self.ids, self._org_names, self._activities, self.degree
        for j, key in zip(new, best, strict=True):
            found = placed.get(key)
            if found is None:  # (level, km, code, closeness) of a best key, once per place
                ci = key & _NO_CODE
                if ci == _NO_CODE:
                    level, km, code = BEYOND, None, None
                else:
                    code = self.codes[ci]
                    level, km = place(code)
                found = placed[key] = (level, km, code, closeness(level, km, code))
            level, km, code, area = found
            activity = activities[j]
            total = round(0 + WEIGHTS["role"] * 1.0 + WEIGHTS["area"] * area + WEIGHTS["network"] * 0
                          + WEIGHTS["theme"] * 0.0 + WEIGHTS["sector"] * 0.0
                          + WEIGHTS["activity"] * activity, 4)
            order = (-total, km if km is not None else math.inf, -degree[j], names[j], ids[j])
            # the parts are worded only for those shown (_suggestion)
            self._scored[j] = (total, area, level, km, code, order)

    def _nearest_of(self, codes: list[int]) -> tuple[int, float | None, str | None]:
        if not codes:
            return BEYOND, None, None
        key = (min(self.full_list[c] for c in codes) if len(codes) <= _FEW
               else int(self.full[np.array(codes, dtype=np.int64)].min()))
        code = self.codes[key & _NO_CODE]
        level, km = self.placer.place(code)
        return level, km, code

    def _role_reason(self, j: int, role: str) -> dict[str, Any] | None:
        """finder's reasons.reasons(...)[role] at this place: the two nearest programmes cited."""
        facts = self.facts(j, role)
        n = len(facts.ms)
        if not n:
            return None
        if n == 1 and facts.n_targets <= 1:  # one membership, at one place or none: the same everywhere
            return self._reason_of(j, role, facts, ((0, facts.mcodes[0][0] if facts.n_targets else -1),))
        if facts.n_targets <= _FEW:  # a few places: faster one by one than in arrays
            fl = self.full_list
            keys = []
            for codes, prank in zip(facts.mcodes, facts.prank, strict=True):
                if codes:
                    best = min(fl[c] for c in codes)
                    keys.append((((best >> _CODE_BITS) << _PROG_BITS | prank) << _CODE_BITS)
                                | ((best & _NO_CODE) + 1))
                else:
                    keys.append(((_NONE_LK << _PROG_BITS) | prank) << _CODE_BITS)
            first = min(range(n), key=keys.__getitem__)
            cited = [first]
            if facts.count > 1:
                p0 = facts.prank[first]
                cited.append(min((i for i in range(n) if facts.prank[i] != p0), key=keys.__getitem__))
            return self._reason_of(j, role, facts, tuple(
                (i, (keys[i] & _NO_CODE) - 1) for i in cited))
        # each membership at its nearest target (MemoryReads._role_evidence), then the
        # memberships by (level, km, programme, code) as reasons._nearness_keys orders them
        mkey = np.full(n, _NONE_LK << _CODE_BITS, dtype=np.int64)
        code = np.full(n, -1, dtype=np.int64)
        ptr, idx, has, prog_rank = facts.as_arrays()
        if has.any():
            seg = ptr[:-1][has]
            best = np.minimum.reduceat(self.full[idx], seg)
            mkey[has] = best
            code[has] = best & _NO_CODE
        lk = mkey >> _CODE_BITS
        order_key = (((lk << _PROG_BITS) | prog_rank) << _CODE_BITS) | (code + 1)
        first = int(np.argmin(order_key))
        cited = [first]
        if facts.count > 1:
            other = np.where(prog_rank != prog_rank[first], order_key,
                             np.iinfo(np.int64).max)
            cited.append(int(np.argmin(other)))
        return self._reason_of(j, role, facts, tuple((i, int(code[i])) for i in cited))

    def _reason_of(self, j: int, role: str, facts: _Facts, cited: tuple[tuple[int, int], ...]
                   ) -> dict[str, Any]:
        """The role reason citing these memberships, each at this target: worded once,
        shared by every place that cites the same."""
        key = (j, role, cited)
        found = self._reasons.get(key)
        if found is None:
            more = facts.count - len(cited)
            text = "、".join(self._fact(j, role, facts, i, code) for i, code in cited)
            found = self._reasons[key] = {
                "kind": "role", "text": text + (f" ほか{more}件" if more > 0 else ""),
                "programmes": facts.programmes, "sources": facts.sources,
                "evidence": [e for i, _ in cited for e in self._evidence(j, role, facts, i)],
                "programme_count": facts.count}
        return found

    def _suggestion(self, j: int, role: str, others: list[int],
                    where: tuple[int, float | None, str | None] | None = None) -> dict[str, Any]:
        total, area, level, km, code, _ = self._scored[j]
        parts = {"role": 1.0, "area": round(area, 4), "network": 0, "theme": 0.0, "sector": 0.0,
                 "activity": round(self._activities[j], 4)}
        if where is not None:  # beyond reach: placed where it played the role (finder._farther)
            level = BEYOND
            if where[2] is not None:
                km, code = where[1], where[2]
        f = self.t.features[self.ids[j]]
        why = [r for r in (self._role_reason(j, role), self.activity_reason(j)) if r is not None]
        return {"id": self.ids[j], "name": f.get("name"), "sector": f.get("sector"), "score": total,
                "parts": parts, "area_level": level, "distance_km": km,
                "area": {"code": code, "name": self._name(code)} if code else None,
                "reasons": why,
                "also": [{"id": self.ids[o], "name": self.t.features[self.ids[o]].get("name")}
                         for o in others]}

    def body(self, role: str, area: str, near: list[str], far: list[str]) -> bytes:
        """answers.to_body(finder.answer_need(reads, role, area, k, ids=(near, far))), as bytes."""
        from tsunagari.suggest.answers import STORED_K as k

        self._at(area)
        reach = reach_of(role)
        local = reach is Reach.LOCAL
        oi = self.oi
        seen: dict[int, None] = {}
        for o in (*near, *far):
            j = oi.get(o)
            if j is not None and role in (self.t.features[o].get("roles") or ()):
                seen[j] = None
        js = list(seen)
        self._score(js)
        scored = self._scored
        order = sorted(js, key=lambda j: scored[j][5])
        if role in HOME_BOUND_ROLES:
            kept = [j for j in order if home_allows(role, self.home_of(j), [self.scope])]
            bound = len(kept) < len(order)
            order = kept
        else:
            bound = False
        near_set = {oi[o] for o in near if o in oi} if local else set()
        # finder._grouped: units of one body under the best placed of them
        groups: dict[str, tuple[int, list[int]]] = {}
        for j in order:
            b = self.body_of(j)
            if b in groups:
                groups[b][1].append(j)
            else:
                groups[b] = (j, [])
        heads = list(groups.values())
        if not local:
            picked, beyond = heads[:k], []
        else:
            picked = [g for g in heads if g[0] in near_set][:k]
            beyond = [g for g in heads if g[0] not in near_set][:FARTHER * 20]
            beyond.sort(key=lambda g: (scored[g[0]][3] if scored[g[0]][3] is not None else 1e9,
                                       scored[g[0]][5]))
            beyond = beyond[:FARTHER * 8]
        suggestions = [self._suggestion(j, role, others) for j, others in picked]
        # finder._farther: nearest where each played the role, then the score
        placed = []
        for j, others in beyond:
            facts = self.facts(j, role)
            where = self._nearest_of(facts.codes)
            if where[2] is None:
                where = (BEYOND, scored[j][3], scored[j][4])
            placed.append((where[1] if where[1] is not None else 1e9, -scored[j][0], j, others, where))
        placed.sort(key=lambda p: (p[0], p[1]))
        farther = [self._suggestion(j, role, others, where) for _, _, j, others, where in placed[:FARTHER]]
        scope = self.scope
        message = None
        if not suggestions:
            message = reasons.empty_text(role, scope.name, scope.pref_name, LOCAL_REACH_KM,
                                         farther=bool(farther), home_bound=bound)
        where_ = {"code": scope.code, "name": scope.name}
        return orjson.dumps({
            "organisation": None, "need": role, "area": where_, "reach": reach.value,
            "reach_km": LOCAL_REACH_KM, "weights": WEIGHTS, "suggestions": suggestions,
            "farther": farther, "complementary": [], "message": message, "around": where_})

