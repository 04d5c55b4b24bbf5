"""The candidates of every stored need answer at once, with numpy.

``answers.derive_answers`` asks the reference finder (finder.answer_need) for
every askable role at every place: run as it is, each answer reads the pools of
the places within reach, scores a hundred candidates or more and groups them, some
170 ms an answer at 100k organisations. ``need_candidates`` works out for all the
roles and places together which organisations each answer would consider, in
array passes, so that answer_need scores and presents only those (its ``ids``):

- near(R, A): those who played R in a programme targeting a place whose covering
  places (the place, its designated city, its prefecture) include one of A's pool
  codes (finder._pool_codes: A, its city, its prefecture and the municipalities of
  other prefectures within LOCAL_REACH_KM); of them the reference scores the
  AREA_CANDIDATES nearest by (level, km) of those pool places, then by rank
  (finder._nearest_first);
- their score for R at A is 6 + 3·closeness of the best (level, km, code) of all
  their area codes (Placer.place) + activity: that best is a minimum over a packed
  key, per place a row of place × place keys reduced per organisation
  (np.minimum.reduceat over organisation → codes);
- within reach, the best placed ones in Scored.order up to k bodies (and a few
  more, and every other unit of the same bodies: finder._grouped lists them);
- beyond reach, for a local role with fewer than k near: the nationwide players
  of R (fetch.read_nationwide) who are not near, as the reference adds them; for a
  role that travels, those nationwide players ranked with the near ones.

The pools the reference reads keep only POOL_CAP organisations per role per
place (graph/derived.py): here every membership counts, so where a cap binds (a
busy place at 100k) the candidates may be more complete than the reference's.
Where no cap binds (the shipped data, a 2k synthetic graph) the answers built from
these candidates equal the reference's (tests/test_ranking.py, test_answers.py).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from tsunagari.core.places import covering, place_table
from tsunagari.core.vocabulary import HOME_BOUND_ROLES, Reach
from tsunagari.suggest.fetch import NATIONWIDE_CANDIDATES
from tsunagari.suggest.scope import (
    BEYOND,
    area_scope,
    centroids,
    home_allows,
    nearby,
    public_home,
    reach_of,
)
from tsunagari.suggest.score import FAR_KM, Candidate

if TYPE_CHECKING:
    from tsunagari.suggest.answers import Tables

#: how many extra candidates past the k-th body are handed on (ties and rounding)
SLACK = 5
_KM_NONE = (1 << 21) - 1  # km unknown: after every distance
_KM_BITS, _CODE_BITS, _RANK_BITS = 21, 12, 21
_NO_CODE = (1 << _CODE_BITS) - 1
#: the key of no area at all: beyond, no distance, no code (Placer.nearest of nothing)
_NOWHERE = (((BEYOND << _KM_BITS) | _KM_NONE) << _CODE_BITS) | _NO_CODE


class _Places:
    """Every place of the place table, numbered in code order, and their keys
    relative to an area: (level, km, code) packed into one int64."""

    def __init__(self, extra: set[str]):
        codes = sorted({p.code for p in place_table().places()} | extra)
        if len(codes) >= _NO_CODE:
            raise ValueError(f"{len(codes)} places: more than a key holds")
        self.codes = codes
        self.index = {c: i for i, c in enumerate(codes)}
        n = len(codes)
        self.pref = np.array([self.index.get(c[:2], -1) for c in codes])
        gaz = place_table()
        self.city = np.array([self.index.get(gaz.designated_city(c) or "", -1) if len(c) == 5 else -1
                              for c in codes])
        self.is_pref = np.array([len(c) == 2 for c in codes])
        self.arange = np.arange(n, dtype=np.int64)
        self._order: dict[int, np.ndarray] = {}

    def keys(self, area: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """(level, km) and (level, km, code) of every place seen from ``area``,
        as Placer.place and Placer.nearest order them, and the area's pool codes."""
        scope = area_scope(area)
        a = self.index[scope.code]
        city = self.index.get(scope.city, -2) if scope.city else -2
        level = np.full(len(self.codes), BEYOND, dtype=np.int64)
        near = nearby(scope.code)
        row = centroids().distances_from(scope.code)
        km = np.full(len(self.codes), _KM_NONE, dtype=np.int64)
        if row:
            order = self._order.get(len(row))
            if order is None:  # the row's codes, as place numbers (always the same order)
                order = self._order[len(row)] = np.array([self.index.get(c, -1) for c in row])
            tenths = np.rint(np.fromiter(row.values(), dtype=float, count=len(row)) * 10)
            ok = order >= 0
            km[order[ok]] = tenths[ok].astype(np.int64)
        for c, d in near.items():
            if c in self.index:
                km[self.index[c]] = int(round(round(d, 1) * 10))
        within = self.pref == self.index.get(scope.pref, -3)
        within |= self.arange == self.index.get(scope.pref, -3)
        for c in near:
            if c in self.index:
                within[self.index[c]] = True
        level[within] = 2
        if city >= 0:
            level[(self.arange == city) | (self.city == city)] = 1
        same = (self.arange == a) | (self.city == a) | (self.pref == a)
        level[same] = 0
        placed = (level << _KM_BITS) | km
        # finder._pool_codes: the area, its city, its prefecture, and the municipalities
        # of other prefectures within reach
        pool = {scope.code, scope.pref} | ({scope.city} if scope.city else set())
        pool |= {c for c in near if c[:2] != scope.pref}
        return placed, (placed << _CODE_BITS) | self.arange, sorted(pool)


class Considered(NamedTuple):
    """Every candidate a need answer scores within reach, in its order, with the best
    closeness any of its area codes has from the area (an organisation's request with
    more areas places each at the nearest of them: never closer than the best of
    each) and whether its nearest area is beyond reach from this one."""

    ids: list[str]
    close: list[float]
    beyond: list[bool]


def _csr(rows: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(r) for r in rows])
    indices = np.fromiter((x for r in rows for x in r), dtype=np.int64, count=int(indptr[-1]))
    return indptr, indices


def need_candidates(tables: Tables, roles: list[str], areas: list[str | None], k: int = 10,
                    considered: dict[tuple[str, str], Considered] | None = None
                    ) -> dict[tuple[str, str | None], tuple[list[str], list[str]]]:
    """For every role and area, (near, farther): the organisations answer_need
    would consider within reach, best first, and those it would consider beyond.
    With ``considered``, every one answer_need would score within reach (not only
    the best: an organisation's request re-ranks them with its own parts, seeds.py)
    is put there per (role, area), with how close each could be (Considered)."""
    width = k
    from tsunagari.suggest.finder import AREA_CANDIDATES, _body

    feats = tables.features
    orgs = sorted(set(tables.memberships) | set(feats))
    oi = {o: i for i, o in enumerate(orgs)}
    n = len(orgs)
    all_codes = {c for f in feats.values() for c in f.get("area_codes") or () if c}
    all_codes |= {c for cs in tables.targets.values() for c in cs if c}
    places = _Places(all_codes)
    pi = places.index

    # rank: graph/derived.py ranks, as the pools carry it; those no pool holds after
    pool_rank: dict[str, int] = {}
    for ids, _, ranks in tables.pools.values():
        for o, r in zip(ids, ranks, strict=True):
            pool_rank[o] = r
    top = max(pool_rank.values(), default=-1) + 1
    rest = sorted((o for o in orgs if o not in pool_rank),
                  key=lambda o: (-(feats.get(o, {}).get("degree") or 0),
                                 feats.get(o, {}).get("name") or "", o))
    rank = np.array([pool_rank.get(o, 0) for o in orgs], dtype=np.int64)
    for j, o in enumerate(rest):
        rank[oi[o]] = top + j
    by_rank = np.empty(int(rank.max()) + 1 if n else 0, dtype=np.int64)
    by_rank.fill(-1)
    by_rank[rank] = np.arange(n)

    # places × organisations of each role (and of any): where each was active
    cover: dict[str, list[int]] = {}

    def covers(code: str) -> list[int]:
        found = cover.get(code)
        if found is None:
            found = cover[code] = [pi[c] for c in covering(code) if c in pi]
        return found

    # every (place, organisation, role) of a membership, in arrays: each membership's
    # programme → the places covering its targets, repeated per membership
    role_no = {r: i for i, r in enumerate(roles)}
    prog_no: dict[str, int] = {}
    m_org: list[int] = []
    m_role: list[int] = []
    m_prog: list[int] = []
    for o, ms in tables.memberships.items():
        j = oi[o]
        for m in ms:
            p = prog_no.get(m[1])
            if p is None:
                p = prog_no[m[1]] = len(prog_no)
            m_org.append(j)
            m_role.append(role_no.get(m[0], -1))
            m_prog.append(p)
    prog_rows: list[list[int]] = [[] for _ in prog_no]
    for prog, p in prog_no.items():
        prog_rows[p] = sorted({q for code in tables.targets.get(prog, ()) for q in covers(code)})
    pp_ptr, pp_idx = _csr(prog_rows)
    mp = np.array(m_prog, dtype=np.int64)
    lens = np.diff(pp_ptr)[mp] if len(mp) else np.zeros(0, dtype=np.int64)
    seg = np.zeros(len(mp), dtype=np.int64)
    seg[1:] = np.cumsum(lens)[:-1]
    at_place = pp_idx[np.repeat(pp_ptr[:-1][mp] - seg, lens) + np.arange(int(lens.sum()))]
    at_org = np.repeat(np.array(m_org, dtype=np.int64), lens)
    at_role = np.repeat(np.array(m_role, dtype=np.int64), lens)
    del m_org, m_role, m_prog, mp, seg
    n_places = len(places.codes)

    def place_csr(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Place → the organisations active there (sorted, once each), from
        place × n + organisation keys."""
        keys = np.unique(keys)
        indptr = np.zeros(n_places + 1, dtype=np.int64)
        indptr[1:] = np.cumsum(np.bincount(keys // n, minlength=n_places))
        return indptr, keys % n

    at_key = at_place * n + at_org
    pools = {"": place_csr(at_key), **{r: place_csr(at_key[at_role == role_no[r]]) for r in roles}}
    del at_place, at_org, at_role, at_key

    # organisation → its area codes (readable ones only: the others are never scored)
    readable = np.zeros(n, dtype=bool)
    code_rows: list[list[int]] = []
    with_codes = []
    for o in orgs:
        f = feats.get(o)
        if f is not None:
            readable[oi[o]] = True
        cs = [pi[c] for c in (f.get("area_codes") or ()) if c] if f else []
        if cs:
            with_codes.append(oi[o])
            code_rows.append(cs)
    c_ptr, c_idx = _csr(code_rows)
    o_start = np.zeros(n, dtype=np.int64)
    o_len = np.zeros(n, dtype=np.int64)
    o_start[np.array(with_codes, dtype=np.int64)] = c_ptr[:-1]
    o_len[np.array(with_codes, dtype=np.int64)] = np.diff(c_ptr)

    degree = np.array([int(feats.get(o, {}).get("degree") or 0) for o in orgs], dtype=np.int64)
    activity = np.minimum(1.0, np.log1p(degree) / math.log(51))
    name_rank = np.empty(n, dtype=np.int64)
    name_rank[np.array(sorted(range(n), key=lambda j: (feats.get(orgs[j], {}).get("name") or "",
                                                         orgs[j])), dtype=np.int64)] = np.arange(n)
    plays = {r: np.zeros(n, dtype=bool) for r in roles}
    for o, f in feats.items():
        for r in f.get("roles") or ():
            if r in plays:
                plays[r][oi[o]] = True
    nationwide = {r: np.array([oi[o] for o in tables.by_role.get(r, [])[:NATIONWIDE_CANDIDATES]],
                              dtype=np.int64) for r in roles}

    bodies: dict[int, str] = {}
    homes: dict[int, str | None] = {}

    def body(j: int) -> str:
        found = bodies.get(j)
        if found is None:
            f = feats[orgs[j]]
            found = bodies[j] = _body(Candidate(orgs[j], f.get("name") or "", f.get("sector")))
        return found

    # the body of each unit (finder._body) as an organisation number: itself but for
    # a public unit of a local government (its gov- id, when that is an organisation)
    body_id = np.arange(n, dtype=np.int64)
    others: dict[str, int] = {}
    for o, f in feats.items():
        if f.get("sector") == "public" and not o.startswith("gov-"):
            b = body(oi[o])
            if b != o:
                body_id[oi[o]] = oi[b] if b in oi else others.setdefault(b, n + len(others))

    def home(j: int) -> str | None:
        if j not in homes:
            f = feats[orgs[j]]
            homes[j] = public_home(orgs[j], f.get("name") or "", f.get("sector"), f.get("kind"))
        return homes[j]


    def ordered(cands: np.ndarray, best: np.ndarray) -> np.ndarray:
        """Candidates in Scored.order (score, km, degree, name)."""
        level = best >> (_KM_BITS + _CODE_BITS)
        km = (best >> _CODE_BITS) & _KM_NONE
        code = best & _NO_CODE
        # score.closeness, in arrays (rounding aside: answer_need scores them again)
        is_pref = places.is_pref[np.minimum(code, len(places.codes) - 1)] & (code != _NO_CODE)
        far = np.round(0.8 * np.maximum(0.0, 1 - km / 10 / FAR_KM), 4)
        close = np.where(level == 0, 1.0, np.where(level == 1, 0.85, np.where(
            is_pref | (km == _KM_NONE), np.where(level < BEYOND, 0.4, 0.0), far)))
        score = 6.0 + 3.0 * close + activity[cands]
        order = np.lexsort((name_rank[cands], -degree[cands], km, -np.round(score, 4)))
        return cands[order]

    def head(sorted_cands: np.ndarray, role: str, code: str | None) -> list[str]:
        """The best up to k bodies (home-bound ones left out), SLACK more, and the
        other units of those bodies."""
        scopes = [area_scope(code)] if code else []
        seen: set[int] = set()
        cut = len(sorted_cands)
        extra = 0
        bound = role in HOME_BOUND_ROLES
        for i, j in enumerate(sorted_cands.tolist()):
            if bound and not home_allows(role, home(j), scopes):
                continue
            if len(seen) >= width:
                extra += 1
                if extra > SLACK:
                    cut = i
                    break
            seen.add(int(body_id[j]))
        chosen = sorted_cands[:cut].tolist()
        rest = sorted_cands[cut:]
        if len(rest) and any(body_id[j] != j for j in chosen):
            groups = np.array([body_id[j] for j in chosen])
            chosen += rest[np.isin(body_id[rest], groups)].tolist()
        return [orgs[j] for j in chosen]

    def place_closeness(placed: np.ndarray) -> np.ndarray:
        """score.closeness of every place seen from an area, from its (level, km)."""
        level = placed >> _KM_BITS
        km = placed & _KM_NONE
        far = np.round(0.8 * np.maximum(0.0, 1 - km / 10 / FAR_KM), 4)
        return np.where(level == 0, 1.0, np.where(level == 1, 0.85, np.where(
            places.is_pref | (km == _KM_NONE), np.where(level < BEYOND, 0.4, 0.0), far)))

    out: dict[tuple[str, str | None], tuple[list[str], list[str]]] = {}
    sel_key = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    pos = np.zeros(n, dtype=np.int64)
    slot = np.zeros(n, dtype=np.int64)

    def over_codes(cands: np.ndarray, values: np.ndarray, reduce: np.ufunc, empty: float | int) -> np.ndarray:
        """``reduce`` (np.minimum, np.maximum) of ``values`` over each candidate's area
        codes, ``empty`` for one with none."""
        out = np.full(len(cands), empty, dtype=values.dtype)
        lens = o_len[cands]
        has = lens > 0
        if has.any():
            c, ln = cands[has], lens[has]
            seg = np.zeros(len(c), dtype=np.int64)
            seg[1:] = np.cumsum(ln)[:-1]
            idx = np.repeat(o_start[c] - seg, ln) + np.arange(int(ln.sum()))
            out[has] = reduce.reduceat(values[c_idx[idx]], seg)
        return out

    for area in areas:
        if area is None:
            for r in roles:
                out[(r, None)] = ([orgs[j] for j in nationwide[r].tolist()], [])
            continue
        placed, full, pool = places.keys(area)

        pcodes = [pi[c] for c in pool if c in pi]
        pcodes.sort(key=lambda p: -placed[p])  # the nearest written last: it wins

        def pick(ptr: np.ndarray, idx: np.ndarray, pcodes: list[int] = pcodes,
                 placed: np.ndarray = placed) -> tuple[np.ndarray, np.ndarray]:
            """Everyone in the pools of the area (union) and the AREA_CANDIDATES of
            them nearest, then best ranked (picked)."""
            chunks = []
            for p in pcodes:
                seg = idx[ptr[p]:ptr[p + 1]]
                if len(seg):
                    sel_key[seg] = placed[p]
                    chunks.append(seg)
            if not chunks:
                return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
            both = np.concatenate(chunks)
            pos[both] = np.arange(len(both))  # one of each: the last seen
            union = both[pos[both] == np.arange(len(both))]
            keys = (sel_key[union] << _RANK_BITS) | rank[union]
            sel_key[union] = np.iinfo(np.int64).max
            if len(keys) > AREA_CANDIDATES:
                keys = keys[np.argpartition(keys, AREA_CANDIDATES - 1)[:AREA_CANDIDATES]]
            return union, by_rank[keys & ((1 << _RANK_BITS) - 1)]

        # who each role considers here; a role that travels reads the pools of anyone
        anyone: tuple[np.ndarray, np.ndarray] | None = None
        per_role = []
        for r in roles:
            local = reach_of(r) is Reach.LOCAL
            if local:
                union, picked = pick(*pools[r])
                cands = picked[readable[picked] & plays[r][picked]]
            else:
                if anyone is None:
                    anyone = pick(*pools[""])
                union, picked = anyone
                cands = np.union1d(picked, nationwide[r])
                cands = cands[readable[cands] & plays[r][cands]]
            per_role.append((r, local, union, picked, cands))
        # all of them placed and put in Scored.order once for every role: a role's
        # candidates in that order are its own (the order is total)
        every = np.unique(np.concatenate([c for *_, c in per_role]))
        best = over_codes(every, full, np.minimum, _NOWHERE)  # the best (level, km, code)
        slot[ordered(every, best)] = np.arange(len(every))
        if considered is not None:
            # how close each could be for an organisation's request with this area
            # among others: the best closeness of any of its area codes (seeds.py)
            most = over_codes(every, place_closeness(placed), np.maximum, 0.0)  # the best closeness
            beyond = (best >> (_KM_BITS + _CODE_BITS)) >= BEYOND
        for r, local, union, picked, cands in per_role:
            in_order = cands[np.argsort(slot[cands])]
            near = head(in_order, r, area)
            far: list[str] = []
            if local and len(picked) < k:
                taken = set(union.tolist())
                far = [orgs[j] for j in nationwide[r].tolist() if j not in taken]
            out[(r, area)] = (near, far)
            if considered is not None:
                ix = np.searchsorted(every, in_order)  # ``every`` is sorted
                considered[(r, area)] = Considered([orgs[j] for j in in_order.tolist()],
                                                   most[ix].tolist(), beyond[ix].tolist())
    return out
