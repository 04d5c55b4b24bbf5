"""Synthetic canonical records at national scale, drawn from a real records file.

``synthesise(orgs=N, edges=M, seed=S)`` writes records in the canonical format
(loaders/records.py) that ``tsunagari rebuild`` loads like any other. The shape
is taken from a *profile* of a real records file (data/records.jsonl by default):

- partners per programme, per programme kind (initiative / platform), among the
  programmes that list partners: the heavy tail of the shipped data is kept;
- roles per partner and the mix of roles (unspecified and other included);
- the share of generic partners (各地のハローワーク, 住民 …);
- the level of the target areas (municipality, several municipalities,
  prefecture, national);
- the sector and kind mix of the named organisations (classify_org of every
  distinct name), which picks the legal form and the shape of each generated name;
- the scheme references (the shipped scheme titles, at their shipped rates).

On top of the profile, three rules that the shipped 191 records are too few to show:
- activity is heavy-tailed: each organisation gets a Pareto weight, local
  governments and councils several times more, and partners are drawn by weight;
- work is local: a programme in a municipality draws most partners from there,
  then from its prefecture, then from anywhere; a nation-wide one from anywhere;
- coverage: every municipality of the gazetteer is the target of at least one
  programme (when there are at least as many programmes as municipalities) and
  every one of the N organisations takes part in at least one programme.

``orgs`` counts distinct named organisations after resolution (loaders/orgs.py):
names are checked against ``resolution_key`` so that no two of them merge;
local governments are written as their municipality's name, as the sources do.
``edges`` counts partnership edges: the sum over partners of their roles, which
is the number of PARTNER_IN edges a rebuild writes. The same seed and profile
give the same file, byte for byte.
"""

from __future__ import annotations

import bisect
import itertools
import json
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tsunagari.core.places import Place, place_table
from tsunagari.core.vocabulary import ROLES
from tsunagari.loaders.orgs import classify_org, resolution_key
from tsunagari.loaders.records import read_records

SHIPPED_RECORDS = Path(__file__).resolve().parents[1] / "data" / "records.jsonl"

# -- the profile of a real records file -----------------------------------------------


@dataclass
class Profile:
    """Distributions measured on a records file (counts, used as sampling weights)."""

    partners: dict[str, Counter[int]] = field(default_factory=dict)  # by programme kind
    kinds: Counter[str] = field(default_factory=Counter)
    roles: Counter[str] = field(default_factory=Counter)
    roles_per_partner: Counter[int] = field(default_factory=Counter)
    generic: Counter[bool] = field(default_factory=Counter)
    area_levels: Counter[str] = field(default_factory=Counter)
    org_kinds: Counter[tuple[str | None, str]] = field(default_factory=Counter)
    schemes: Counter[tuple[str, ...]] = field(default_factory=Counter)


def profile_of(path: Path = SHIPPED_RECORDS) -> Profile:
    result = read_records([path])
    if not result.records:
        raise ValueError(f"{path}: no records to take a profile from")
    prof = Profile()
    names: set[str] = set()
    for rec in result.records:
        if rec.kind == "scheme" or not rec.partners:
            continue  # a scheme is referenced, not drawn; a record without partners has no edges
        prof.kinds[rec.kind] += 1
        prof.partners.setdefault(rec.kind, Counter())[len(rec.partners)] += 1
        levels = [a.level for a in rec.areas if a.level]
        if not levels:
            prof.area_levels["none"] += 1
        elif "national" in levels:
            prof.area_levels["national"] += 1
        elif "municipality" in levels:
            prof.area_levels["municipality" if levels.count("municipality") == 1 else "municipalities"] += 1
        else:
            prof.area_levels["prefecture"] += 1
        prof.schemes[tuple(s.title for s in rec.schemes if s.kind == "scheme")] += 1
        names.add(rec.lead.name)
        for p in rec.partners:
            prof.generic[p.generic] += 1
            prof.roles_per_partner[len(p.roles)] += 1
            prof.roles.update(p.roles)
            if not p.generic and not p.quality:
                names.add(p.name)
    for name in names:
        prof.org_kinds[classify_org(name)] += 1
    return prof


# -- sampling helpers ------------------------------------------------------------------


class Weighted:
    """Draws items by weight with one bisect per draw."""

    def __init__(self, items: list, weights: list[float]):
        if not items:
            raise ValueError("nothing to draw from")
        self.items = items
        self.cum: list[float] = []
        total = 0.0
        for w in weights:
            total += w
            self.cum.append(total)
        self.total = total

    @classmethod
    def of(cls, counts: Counter) -> Weighted:
        keys = sorted(counts, key=repr)
        return cls(keys, [counts[k] for k in keys])

    def draw(self, rng: random.Random):
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


# -- names ----------------------------------------------------------------------------

_KANA = ("ひだまり", "つばさ", "あおぞら", "ほっと", "こころ", "えがお", "きずな", "はぐくみ", "みらい",
         "わかば", "ゆめ", "さくら", "ひまわり", "たんぽぽ", "こもれび", "ぬくもり", "よりそい", "まなび",
         "あゆみ", "つむぎ", "ふれあい", "いこい", "むすび", "のぞみ", "かけはし", "あかり", "ともしび",
         "ひなた", "めばえ", "なかま", "おむすび", "ゆいまーる", "もやい", "あじさい", "すずらん", "どんぐり")
_KATAKANA = ("リンク", "サポート", "ネット", "ハート", "ライフ", "ケア", "ブリッジ", "ステップ", "ハーモニー",
             "コミュニティ", "プラス", "ラボ", "スマイル", "ホープ", "グリーン", "ウィズ", "ポート", "ベース",
             "シェア", "テラス", "ノート", "クロス", "リーフ", "ルーツ")
_THEMES = ("子ども食堂", "居場所づくり", "地域福祉", "子育て支援", "若者支援", "高齢者見守り", "生活支援",
           "学習支援", "ひきこもり支援", "多世代交流", "まちづくり", "フードバンク", "相談支援", "就労支援",
           "傾聴", "孤立防止", "ひとり親支援", "不登校支援", "食支援", "地域共生")
_GROUP_ENDS = ("の会", "ネットワーク", "クラブ", "プロジェクト", "の家", "広場", "サロン", "くらぶ", "の輪")
_COMPANY_ENDS = ("", "ホールディングス", "商事", "工房", "ソリューションズ", "デザイン", "企画", "システムズ")
_KANJI_NAMES = ("光明", "慈恩", "善福", "長福", "正覚", "法蔵", "大乗", "清涼", "妙法", "常楽", "西方", "東光")
_STREETS = ("中央", "東", "西", "南", "北", "本町", "栄", "緑が丘", "桜台", "旭", "若葉", "日の出")

# Legal forms as the sources write them, per (sector, kind) of classify_org.
_FORMS: dict[tuple[str | None, str], tuple[str, ...]] = {
    ("nonprofit", "npo"): ("特定非営利活動法人", "特定非営利活動法人", "特定非営利活動法人",
                           "認定特定非営利活動法人", "NPO法人"),
    ("nonprofit", "general_incorporated"): ("一般社団法人", "一般社団法人", "一般社団法人", "公益社団法人"),
    ("nonprofit", "foundation"): ("一般財団法人", "公益財団法人"),
    ("nonprofit", "social_welfare"): ("社会福祉法人",),
    ("private", "company"): ("株式会社", "株式会社", "株式会社", "合同会社", "有限会社"),
    ("private", "hospital"): ("医療法人社団", "医療法人", "社会医療法人"),
    ("nonprofit", "religious"): ("宗教法人",),
    ("nonprofit", "cooperative"): ("生活協同組合", "消費生活協同組合", "農業協同組合", "労働者協同組合"),
    ("academic", "school"): ("学校法人",),
}


def _stem(place: Place) -> str:
    """八王子市 -> 八王子, as names of local bodies use it (鳥取県 -> 鳥取)."""
    name = place.name
    return name[:-1] if len(name) > 2 and name[-1] in "都道府県市区町村" else name


class Namer:
    """Plausible names with legal forms, each with a resolution key of its own."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.keys: set[str] = set()

    def _free(self, name: str) -> bool:
        key = resolution_key(name)
        if key in self.keys:
            return False
        self.keys.add(key)
        return True

    def reserve(self, name: str) -> None:
        self.keys.add(resolution_key(name))

    def _candidate(self, sk: tuple[str | None, str], home: Place, tries: int) -> str:
        r = self.rng
        stem = _stem(home)
        word = r.choice(_KANA)
        kata = r.choice(_KATAKANA)
        theme = r.choice(_THEMES)
        # after a few clashes, longer names: two words, the place, a street
        extra = "" if tries < 3 else r.choice(_STREETS) if tries < 6 else f"{r.choice(_KANA)}{r.choice(_STREETS)}"
        sector, kind = sk
        forms = _FORMS.get(sk)
        form = r.choice(forms) if forms else ""
        sep = r.choice(("", " ")) if form else ""
        if kind == "npo":
            base = r.choice((f"{word}{extra}", f"{stem}{theme}{r.choice(_GROUP_ENDS)}{extra}",
                             f"{theme}{kata}{stem}{extra}", f"{word}{kata}{extra}"))
        elif kind == "general_incorporated":
            base = r.choice((f"{stem}{theme}協会{extra}", f"{kata}{word}{extra}", f"{word}{theme}機構{extra}"))
        elif kind == "foundation":
            base = r.choice((f"{stem}{theme}財団{extra}", f"{word}{kata}基金{extra}"))
        elif kind == "social_welfare":
            base = r.choice((f"{word}会{extra}", f"{stem}{word}福祉会{extra}", f"{word}{extra}の里"))
        elif kind == "company":
            base = r.choice((f"{kata}{r.choice(_COMPANY_ENDS)}{extra}", f"{stem}{kata}{extra}",
                             f"{word}{kata}{extra}"))
        elif kind == "hospital":
            base = f"{word}会{extra} {stem}{r.choice(('病院', 'クリニック', '診療所'))}"
        elif kind == "religious":
            base = f"{stem if tries else ''}{extra}{r.choice(_KANJI_NAMES)}{r.choice(('寺', '院', '教会'))}"
        elif kind == "cooperative":
            base = r.choice((f"コープ{stem}{extra}", f"{stem}{word}{extra}"))
        elif kind == "school":
            base = r.choice((f"{word}学園{extra}", f"{stem}{kata}{extra}学園"))
        elif kind == "university":
            base = r.choice((f"{stem}{r.choice(('福祉', '看護', '学院', '国際', '文化'))}{extra}大学",
                             f"{word}{extra}{r.choice(('福祉', '看護', '健康科学'))}大学"))
        elif kind == "council":
            base = f"{home.name}社会福祉協議会" if tries == 0 else f"{stem}{extra or r.choice(_STREETS)}地区社会福祉協議会"
        elif kind == "association":
            base = r.choice((f"{stem}{theme}協議会{extra}", f"{stem}{r.choice(_STREETS)}{extra}民生委員児童委員協議会",
                             f"{stem}{kata}連絡会{extra}"))
        elif kind == "neighbourhood_association":
            base = f"{stem}{r.choice(_STREETS)}{extra}{r.choice(('町内会', '自治会'))}"
        elif kind == "facility":
            base = f"{home.full_name}{r.choice(_STREETS)}{extra}{r.choice(('公民館', '図書館', '児童館'))}"
        elif sector is None:  # a legal person of unknown form
            base = f"{word}{kata}{extra}法人"
        else:  # community / volunteer group, and anything new
            base = r.choice((f"{stem}{theme}{r.choice(_GROUP_ENDS)}{extra}", f"{word}{r.choice(_GROUP_ENDS)}{extra}",
                             f"{kata}{word}{extra}"))
        return f"{form}{sep}{base}" if form else base

    def name(self, sk: tuple[str | None, str], home: Place) -> str:
        for tries in range(60):
            candidate = self._candidate(sk, home, tries)
            if self._free(candidate):
                return candidate
        raise RuntimeError(f"no free name for {sk} in {home.full_name}")  # pragma: no cover


# -- the generator ---------------------------------------------------------------------

#: where a municipal programme finds its partners: its municipality, its prefecture, anywhere
LOCALITY = (0.55, 0.30, 0.15)
#: Pareto shape of organisation activity (smaller = heavier tail)
ACTIVITY_SHAPE = 1.3
#: how much more a local government or a council takes part than others of equal draw
GOVERNMENT_BOOST = 5.0
#: how many municipalities a multi-municipality programme targets
MULTI_AREAS = (2, 3, 4)
#: home weights of municipality kinds (no population figures are shipped)
HOME_WEIGHT = {"special_ward": 3.0, "ward": 3.0, "city": 2.0, "town": 0.7, "village": 0.3,
               "designated_city": 0.0}


@dataclass
class Org:
    index: int
    name: str
    home: Place
    weight: float
    government: bool = False


class Pool:
    """Organisations of one place: a weighted draw, plus those not drawn yet."""

    def __init__(self, members: list[Org], rng: random.Random):
        self.draws = Weighted(members, [o.weight for o in members])
        self.unused = list(members)
        rng.shuffle(self.unused)


class Synthesiser:
    def __init__(self, orgs: int, edges: int, seed: int, profile: Profile):
        if orgs < 2:
            raise ValueError("--orgs must be at least 2")
        if edges < 1:
            raise ValueError("--edges must be at least 1")
        self.n_orgs, self.n_edges, self.seed = orgs, edges, seed
        self.rng = random.Random(seed)
        self.prof = profile
        gaz = place_table()
        self.places = gaz.places()
        self.prefectures = {p.code: p for p in self.places if p.kind == "prefecture"}
        self.municipalities = [p for p in self.places if p.kind != "prefecture"]
        self.homes = [p for p in self.municipalities if HOME_WEIGHT.get(p.kind, 1.0) > 0]
        self.by_code = {p.code: p for p in self.places}
        self.orgs = self._organisations()
        self.used = [0] * len(self.orgs)
        self.local: dict[str, Pool] = {}
        self.regional: dict[str, Pool] = {}
        by_home: dict[str, list[Org]] = {}
        by_pref: dict[str, list[Org]] = {}
        for o in self.orgs:
            by_home.setdefault(o.home.code, []).append(o)
            by_pref.setdefault(o.home.prefecture_code, []).append(o)
        self.local = {c: Pool(m, self.rng) for c, m in sorted(by_home.items())}
        self.regional = {c: Pool(m, self.rng) for c, m in sorted(by_pref.items())}
        self.national = Pool(self.orgs, self.rng)

    # organisations ------------------------------------------------------------------

    def _organisations(self) -> list[Org]:
        rng = self.rng
        namer = Namer(rng)
        homes = Weighted(self.homes, [HOME_WEIGHT.get(p.kind, 1.0) for p in self.homes])
        # Local governments: as many as the shipped share of government bodies
        # asks for, prefectures and the biggest municipalities first, never more
        # than there are places.
        sk = Weighted.of(self.prof.org_kinds)
        gov_share = self.prof.org_kinds[("public", "government")] / max(1, sum(self.prof.org_kinds.values()))
        order = {"designated_city": 0, "special_ward": 1, "city": 2, "town": 3, "village": 4}
        gov_places = sorted(self.prefectures.values(), key=lambda p: p.code) + sorted(
            (p for p in self.municipalities if p.kind in order), key=lambda p: (order[p.kind], p.code))
        n_gov = min(len(gov_places), round(self.n_orgs * gov_share))
        for p in gov_places:
            namer.reserve(p.name)  # no generated body takes a government's key
        out: list[Org] = []
        for p in gov_places[:n_gov]:
            home = p if HOME_WEIGHT.get(p.kind, 1.0) > 0 else self._first_home(p)
            out.append(Org(len(out), p.name if p.kind == "prefecture" else p.full_name, home,
                           self._activity() * GOVERNMENT_BOOST, government=True))
        # Every home municipality gets one body before any gets a second.
        first = list(self.homes)
        rng.shuffle(first)
        while len(out) < self.n_orgs:
            home = first.pop() if first else homes.draw(rng)
            kind = sk.draw(rng)
            while kind == ("public", "government"):
                kind = sk.draw(rng)
            weight = self._activity() * (GOVERNMENT_BOOST if kind[1] == "council" else 1.0)
            out.append(Org(len(out), namer.name(kind, home), home, weight))
        return out

    def _first_home(self, place: Place) -> Place:
        """A prefecture's or a designated city's first municipality or ward."""
        return next(p for p in self.homes if p.prefecture_code == place.prefecture_code
                    and (place.kind == "prefecture" or p.parent_code == place.code))

    def _activity(self) -> float:
        return self.rng.paretovariate(ACTIVITY_SHAPE)

    # drawing partners -------------------------------------------------------------------

    def _draw(self, pool: Pool, taken: set[int]) -> Org | None:
        rng = self.rng
        # Bodies not drawn yet come first half of the time, so every one takes part.
        while pool.unused and rng.random() < 0.5:
            o = pool.unused.pop()
            if self.used[o.index] == 0 and o.index not in taken:
                return o
        for _ in range(8):
            o = pool.draws.draw(rng)
            if o.index not in taken:
                return o
        return None

    def _member(self, area: Place | None, taken: set[int]) -> Org:
        r = self.rng.random()
        pools: list[Pool] = []
        if area is not None and area.kind != "prefecture":
            if r < LOCALITY[0] and area.code in self.local:
                pools.append(self.local[area.code])
            if r < LOCALITY[0] + LOCALITY[1]:
                pools.append(self.regional.get(area.prefecture_code) or self.national)
        elif area is not None and r < LOCALITY[0] + LOCALITY[1]:
            pools.append(self.regional.get(area.code) or self.national)
        pools.append(self.national)
        for pool in pools:
            o = self._draw(pool, taken)
            if o is not None:
                return o
        while True:  # the national pool always has someone else
            o = self.orgs[self.rng.randrange(len(self.orgs))]
            if o.index not in taken:
                return o

    # records ------------------------------------------------------------------------------

    def _areas(self, level: str, target: Place) -> list[dict]:
        if level == "national":
            return [{"text": "全国", "level": "national"}]
        if level == "prefecture":
            pref = self.prefectures[target.prefecture_code]
            return [{"text": pref.name, "prefecture": pref.name, "code": pref.code, "level": "prefecture"}]
        places = [target]
        if level == "municipalities":
            same = [p for p in self._munis_of(target.prefecture_code) if p.code != target.code]
            places += self.rng.sample(same, min(len(same), self.rng.choice(MULTI_AREAS) - 1))
        return [{"text": p.full_name, "prefecture": self.prefectures[p.prefecture_code].name,
                 "municipality": p.name, "code": p.code, "level": "municipality"} for p in places]

    def _munis_of(self, pref: str) -> list[Place]:
        cache = self.__dict__.setdefault("_munis_cache", {})
        if pref not in cache:
            cache[pref] = [p for p in self.municipalities if p.prefecture_code == pref]
        return cache[pref]

    def records(self) -> Iterator[dict]:
        rng = self.rng
        kinds = Weighted.of(self.prof.kinds)
        sizes = {k: Weighted.of(c) for k, c in self.prof.partners.items()}
        levels = Weighted.of(self.prof.area_levels)
        roles = Weighted.of(self.prof.roles)
        per_partner = Weighted.of(self.prof.roles_per_partner)
        generic = Weighted.of(self.prof.generic)
        schemes = Weighted.of(self.prof.schemes)
        targets = list(self.municipalities)
        rng.shuffle(targets)
        target_draw = Weighted(self.municipalities,
                               [max(HOME_WEIGHT.get(p.kind, 1.0), 0.5) for p in self.municipalities])
        platforms_done: set[str] = set()
        edges = 0
        programmes: list[dict] = []
        i = 0
        while edges < self.n_edges:
            kind = kinds.draw(rng)
            level = levels.draw(rng)
            target = targets.pop() if targets else target_draw.draw(rng)
            if level in ("prefecture", "national", "none"):
                targets.append(target)  # its municipality still waits for a local programme
            area_place = (None if level in ("national", "none") else
                          self.prefectures[target.prefecture_code] if level == "prefecture" else target)
            if kind == "platform":  # one platform per place: its title is its key
                if area_place is None or area_place.code in platforms_done:
                    kind = "initiative"
                else:
                    platforms_done.add(area_place.code)
            taken: set[int] = set()
            lead = self._member(area_place, taken)
            taken.add(lead.index)
            self.used[lead.index] += 1
            partners = []
            for _ in range(sizes[kind].draw(rng)):
                if edges >= self.n_edges:
                    break
                n_roles = min(per_partner.draw(rng), self.n_edges - edges)
                picked: list[str] = []
                while len(picked) < n_roles:
                    role = roles.draw(rng)
                    if role not in picked:
                        picked.append(role)
                if n_roles > 1 and "unspecified" in picked:
                    picked.remove("unspecified")
                edges += len(picked)
                # one programme names a kind of body once (twice would be one participant)
                free = [g for g in _GENERIC_BODIES if g not in {p.get("name") for p in partners}]
                if generic.draw(rng) and free:
                    partners.append({"name": rng.choice(free), "roles": picked, "generic": True})
                    continue
                o = self._member(area_place, taken)
                taken.add(o.index)
                self.used[o.index] += 1
                partners.append({"org": o, "roles": picked})
            i += 1
            programmes.append(self._record(i, kind, level, target, area_place, lead, partners, schemes))
        self._cover_everyone(programmes)
        for rec in programmes:
            yield self._finish(rec)

    def _record(self, i: int, kind: str, level: str, target: Place, area_place: Place | None,
                lead: Org, partners: list[dict], schemes: Weighted) -> dict:
        rng = self.rng
        where = area_place.name if area_place is not None else "全国"
        if kind == "platform" and area_place is not None:
            title = f"{area_place.full_name}孤独・孤立対策官民連携プラットフォーム"
        else:
            title = (f"{where}の{rng.choice(_THEMES)}「{rng.choice(_KANA)}"
                     f"{rng.choice(('食堂', 'サロン', 'カフェ', 'ひろば', '相談室', 'ネット', 'の日'))}」")
        areas = [] if level == "none" else self._areas(level, target)
        refs = [{"title": t, "kind": "scheme"} for t in schemes.draw(rng)]
        start = f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}"
        return {"i": i, "kind": kind, "title": title, "areas": areas, "lead": lead,
                "partners": partners, "schemes": refs, "start": start}

    def _cover_everyone(self, programmes: list[dict]) -> None:
        """Give each organisation no programme drew a seat of a hub in a programme
        near its home, so that all N take part and the edge count stays M."""
        rng = self.rng
        by_pref: dict[str, list[int]] = {}
        for n, rec in enumerate(programmes):
            for a in rec["areas"]:
                if a.get("code"):
                    by_pref.setdefault(a["code"][:2], []).append(n)
        for o in self.orgs:
            if self.used[o.index]:
                continue
            candidates = by_pref.get(o.home.prefecture_code) or range(len(programmes))
            for _ in range(200):
                rec = programmes[rng.choice(candidates)]
                seats = [p for p in rec["partners"] if "org" in p and self.used[p["org"].index] > 1]
                if not seats or any(p.get("org") is o for p in rec["partners"]) or rec["lead"] is o:
                    continue
                seat = rng.choice(seats)
                self.used[seat["org"].index] -= 1
                seat["org"] = o
                self.used[o.index] += 1
                break
            else:
                raise RuntimeError(f"could not seat {o.name}: too few edges for {self.n_orgs} organisations")

    def _finish(self, rec: dict) -> dict:
        lead: Org = rec["lead"]
        out_lead: dict = {"name": lead.name}
        if not lead.government:
            out_lead["area"] = {"text": lead.home.full_name,
                                "prefecture": self.prefectures[lead.home.prefecture_code].name,
                                "municipality": lead.home.name, "code": lead.home.code,
                                "level": "municipality"}
        partners = []
        for p in rec["partners"]:
            name = p["name"] if p.get("generic") else p["org"].name
            row: dict = {"name": name, "roles": p["roles"]}
            label = "・".join(ROLES[r].label for r in p["roles"] if r not in ("unspecified",))
            if label:
                row["role_text"] = label
            if p.get("generic"):
                row["generic"] = True
            partners.append(row)
        i = rec["i"]
        return {
            "id": f"synth-{self.seed}-{i:07d}",
            "title": rec["title"],
            "kind": rec["kind"],
            "lead": out_lead,
            "areas": rec["areas"],
            "partners": partners,
            "schemes": rec["schemes"],
            "period": {"start": rec["start"]},
            "source": {"document": f"synth-seed{self.seed}.jsonl", "line": i, "format": "synthetic"},
        }


_GENERIC_BODIES = ("地域住民", "民生委員", "ボランティア", "地元企業", "各地のハローワーク", "学生", "専門職",
                   "地域の医療機関", "近隣の学校", "弁護士", "保護者")


def synthesise(orgs: int, edges: int, seed: int = 0, profile: Profile | None = None) -> Iterator[dict]:
    """Synthetic records as dicts in the canonical format, in id order."""
    return Synthesiser(orgs, edges, seed, profile or profile_of()).records()


def write_synthetic(path: Path, orgs: int, edges: int, seed: int = 0,
                    profile: Profile | None = None) -> tuple[int, int]:
    """Write the records to path (JSON Lines); returns (records, partnership edges)."""
    n = m = 0
    records = synthesise(orgs, edges, seed, profile)
    first = next(records)  # everything is drawn before the file is opened: an error leaves no file
    with Path(path).open("w", encoding="utf-8") as fh:
        for rec in itertools.chain([first], records):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
            m += sum(len(p["roles"]) for p in rec["partners"])
    return n, m
