"""Records → graph rows: resolve organisations and places.

The projection is a pure function of the records (plus the gazetteer, the
overrides files and, for a load, the ids of the organisations the graph
already holds), so rebuilding from the same records always gives the same
graph. It never touches a store: graph/write.py writes the rows it returns
(``rebuild``: empty + bulk copy; ``load``: upsert on top).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from tsunagari.core import tomlfile
from tsunagari.core.text import nfkc, short_hash
from tsunagari.core.vocabulary import GENERIC_KIND
from tsunagari.graph.store import GraphRows, Row
from tsunagari.graph.write import merge_edge_rows, merge_programme_rows
from tsunagari.loaders.garbled import UNREADABLE, is_damaged, recovered_label
from tsunagari.loaders.orgs import OrgIdentity, OrgResolver, classify_org, parse_legal_form
from tsunagari.loaders.places import Gazetteer, Place
from tsunagari.loaders.records import Area, Record

# What may follow a municipality's name when the mention is its government:
# 市役所, 町役場, 庁 … or a department (…課, …部, …局).
_GOV_SUFFIX = re.compile(r"^(役所|役場|庁|庁舎)?$")
# A named facility (弘前市千年交流センター) is a body of its own, not a department.
_DEPARTMENT = re.compile(r"^(役所|役場|庁)?[・\s]*(?P<dept>[^（(]*?(課|部|局|室|係|本部|事務所))$")
_NOT_GOVERNMENT = ("協議会", "法人", "会社", "組合", "大学", "学校", "病院", "財団", "社団", "NPO")
# A department named without its body: こども家庭部, 福祉課, 子ども政策課.
_BARE_DEPARTMENT = re.compile(r"[^\s（(）)・、,]{1,10}(課|部|局|室)")
_LEADING_WARD = re.compile(r"^(?P<name>[^\s市町村区]{1,4}区)")


PROGRAMME_OVERRIDES = Path(__file__).resolve().parents[1] / "data" / "programme_overrides.toml"


class ProgrammeOverridesError(ValueError):
    pass


@dataclass(frozen=True)
class ProgrammeOverrides:
    same_as: dict[str, str]  # record id -> id of the programme it describes
    different: tuple[frozenset[str], ...]  # groups a reader decided are not one


def load_programme_overrides(path: Path | None = None) -> ProgrammeOverrides:
    """The initiatives that several documents describe, and the look-alikes
    that are not one (data/programme_overrides.toml)."""
    path = path or PROGRAMME_OVERRIDES
    if not path.exists():
        return ProgrammeOverrides({}, ())
    data = tomlfile.read_toml(path, ProgrammeOverridesError, ("same", "different"))
    groups: dict[str, list[list[str]]] = {
        table: [tomlfile.strings(entry, "ids", where, ProgrammeOverridesError, at_least=2,
                                 noun="record ids")
                for where, entry in tomlfile.entries(data, table, path, ProgrammeOverridesError,
                                                     ("ids", "reason"))]
        for table in ("same", "different")}
    same_as: dict[str, str] = {}
    for n, ids in enumerate(groups["same"], start=1):
        for record_id in ids:
            if record_id in same_as:
                raise ProgrammeOverridesError(
                    f"{path}: [[same]] entry {n}: {record_id} is already in another entry")
            same_as[record_id] = ids[0]
    for n, ids in enumerate(groups["different"], start=1):
        if len({same_as.get(i, i) for i in ids}) < len(ids):
            raise ProgrammeOverridesError(
                f"{path}: [[different]] entry {n}: a [[same]] entry makes some of {ids} one")
    return ProgrammeOverrides(same_as, tuple(frozenset(ids) for ids in groups["different"]))


def programme_id(title: str, kind: str) -> str:
    """Schemes and platforms are keyed by their title, so every reference finds them."""
    key = re.sub(r"\s+", "", nfkc(title))
    return f"{kind}-{short_hash(key)}"


def source_ref(rec: Record, line: int | None = None) -> str:
    return f"{rec.source.document}:{line or rec.source.line}"


# A name recovered from garbled text (loaders/garbled.py) is used to resolve
# its organisation, and so may merge with the clean spelling of the same body
# in another document, only when the decoder is at least this sure of it: every
# letter read from a table entry with >= 0.8 of the votes, or one repaired drop
# (子ども者 -> 子ども若者, 0.8). Below it the name stays on its own node, still
# shown as 「推定: …」.
MERGE_CONFIDENCE = 0.8


def display_name(spellings: Iterable[str]) -> str:
    """The spelling an organisation is shown under: one that states its legal
    form, then the fullest (with its spaces), then the first in code order.
    It depends on the set of spellings only, never on the order of loading.
    Garbled strings (kept among the aliases) are never chosen while a clean
    spelling exists."""
    names = list(spellings)
    clean = [s for s in names if not is_damaged(s)] or names
    return min(clean, key=lambda s: (parse_legal_form(s).legal_form is None, -len(s), s))


def names_in(records: Iterable[Record]) -> set[str]:
    """Every name the records give a body: leads (and their other spellings),
    partners, their aliases and recovered readings."""
    out: set[str] = set()
    for rec in records:
        out.add(rec.lead.name)
        out.update(alt.name for alt in rec.lead.also_written)
        for p in rec.partners:
            if p.generic:
                continue
            out.add(p.name)
            out.update(p.aliases)
            if p.recovered_name:
                out.add(p.recovered_name)
    return out


@dataclass
class Mention:
    org: OrgIdentity
    written: str
    source: str
    # False for a garbled string: kept as an alias and a source, never a name
    naming: bool = True
    aliases: tuple[str, ...] = ()  # other names the record gives it (readings, recovered)
    recovered: str | None = None  # a reading recovered from garbled text
    confidence: float | None = None


@dataclass
class Merge:
    """Evidence that several spellings became one organisation."""

    id: str
    name: str
    spellings: list[str]
    how: list[str]
    sources: list[str]


@dataclass
class Projection:
    rows: GraphRows
    programme_ids: list[str]
    # scheme/platform nodes known only from a reference: never overwrite a full one
    reference_only: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    # organisations named by display_name() of their spellings (not governments,
    # not names fixed by the overrides): a load renames them from every spelling
    named_by_spellings: set[str] = field(default_factory=set)


class Projector:
    def __init__(self, resolver: OrgResolver, gaz: Gazetteer, known_org_ids: Iterable[str] = ()):
        self.resolver = resolver
        self.gaz = gaz
        self.known_org_ids = set(known_org_ids)
        # The same names recur across thousands of records: resolve each once.
        self._orgs: dict[str, OrgIdentity] = {}
        self._governments: dict[tuple[str, str | None], tuple[Place, str | None] | None] = {}
        self._classes: dict[str, tuple[str | None, str]] = {}  # classify_org of a name

    def classify(self, text: str) -> tuple[str | None, str]:
        """classify_org, once per name: 企業 and 住民 are categories of thousands of programmes."""
        found = self._classes.get(text)
        if found is None:
            found = self._classes[text] = classify_org(text)
        return found

    def organisation(self, name: str) -> OrgIdentity:
        org = self._orgs.get(name)
        if org is None:
            org = self._orgs[name] = self.resolver.resolve(name)
        return org

    def government(self, name: str, context_prefecture: str | None) -> tuple[Place, str | None] | None:
        # Only a bare ward name ("北区…") needs the prefecture of its context.
        key = (name, context_prefecture if _LEADING_WARD.match(nfkc(name).strip()) else None)
        if key not in self._governments:
            self._governments[key] = self._government(name, context_prefecture)
        return self._governments[key]

    # -- organisations -------------------------------------------------------

    def _government(self, name: str, context_prefecture: str | None) -> tuple[Place, str | None] | None:
        """The place whose government a mention names, and the department if any."""
        text = nfkc(name).strip()
        if any(w in text for w in _NOT_GOVERNMENT):
            return None
        place = self.gaz.municipality_in(text)
        if place is None:
            m = _LEADING_WARD.match(text)
            if m and context_prefecture:
                found = self.gaz.find_municipality(m.group("name"), context_prefecture)
                place = found[0] if len(found) == 1 else None
        if place is None:
            pref = self.gaz.prefecture(text[:4]) if len(text) >= 3 else None
            if pref is not None and text.startswith(pref.name):
                place = pref
        if place is None:
            return None
        spellings = [place.full_name, place.name]
        if place.kind != "prefecture":
            spellings.insert(1, self.gaz.label(place))
        written = next((w for w in spellings if text.startswith(w)), None)
        if written is None:
            return None
        rest = text[len(written):].strip(" ・")
        if _GOV_SUFFIX.match(rest):
            return place, None
        m = _DEPARTMENT.match(rest)
        if m:
            return place, m.group("dept").strip(" ・") or None
        return None

    def government_identity(self, place: Place) -> OrgIdentity:
        display = place.name if place.kind == "prefecture" else self.gaz.label(place)
        return OrgIdentity(
            id=f"gov-{place.code}", key=f"gov:{place.code}", name=display, legal_form=None,
            sector="public", kind="government", merged_by="rules",
            evidence=f"{display} は自治体 {place.code} の行政機関として同定",
        )

    def generic_identity(self, name: str, programme: str) -> OrgIdentity:
        # "各地のハローワーク" in two programmes are not one body: scope by programme.
        text = nfkc(name).strip()
        sector, _kind = self.classify(text)
        return OrgIdentity(
            id=f"generic-{short_hash(programme + '|' + text)}", key=f"generic:{programme}:{text}",
            name=text, legal_form=None, sector=sector, kind=GENERIC_KIND, merged_by=None, evidence="",
        )


def _area_target(area: Area) -> tuple[str, str] | None:
    if not area.code:
        return None
    return ("Municipality", area.code) if len(area.code) == 5 else ("Prefecture", area.code)


def project(records: list[Record], resolver: OrgResolver, gaz: Gazetteer,
            known_org_ids: Iterable[str] = (), include_places: bool = True,
            same_as: dict[str, str] | None = None) -> Projection:
    pj = Projector(resolver, gaz, known_org_ids)
    same_as = load_programme_overrides().same_as if same_as is None else same_as
    rows = GraphRows()
    notes: list[str] = []

    if include_places:
        for place in gaz.places():
            if place.kind == "prefecture":
                rows.add_node("Prefecture", {"code": place.code, "name": place.name})
                continue
            rows.add_node("Municipality", {
                "code": place.code, "name": place.name, "full_name": place.full_name,
                "kind": place.kind, "prefecture_code": place.prefecture_code,
                "parent_code": place.parent_code,
            })
            if place.parent_code:
                parent_label = "Municipality" if len(place.parent_code) == 5 else "Prefecture"
                rows.add_rel("IN", "Municipality", parent_label,
                             {"from": place.code, "to": place.parent_code})

    # First pass: every clean mention, so that garbled ones can find them.
    clean_ids = set(pj.known_org_ids)
    for rec in records:
        for name, garbled in [(rec.lead.name, rec.lead.quality)] + [
                (p.name, p.quality) for p in rec.partners if not p.generic]:
            if not garbled:
                clean_ids.add(pj.organisation(name).id)

    mentions: dict[str, list[Mention]] = defaultdict(list)
    governed: dict[str, Place] = {}
    based: dict[tuple[str, str, str], str] = {}
    programme_rows: dict[str, list[Row]] = defaultdict(list)
    reference_only: set[str] = set()
    edges: dict[tuple[str, str, str, str, str], Row] = {}
    categories: dict[str, Row] = {}

    # A clean name in records of the same area codes is identified the same way
    # every time: the same names recur across thousands of records.
    identified: dict[tuple[str, tuple[str, ...]], tuple[OrgIdentity, str | None, Place | None]] = {}

    # Most names are identified the same way whatever the area codes: those once.
    identified_anywhere: dict[str, tuple[OrgIdentity, str | None, Place | None]] = {}

    def identify(name: str, rec: Record, line: int | None, garbled: str | None,
                 generic: bool, prog_id: str) -> tuple[OrgIdentity, str | None] | None:
        if generic:
            return pj.generic_identity(name, prog_id), None
        found = identified_anywhere.get(name)
        if found is None:
            area_codes = tuple(a.code for a in rec.areas if a.code)
            found = identified.get((name, area_codes))
            if found is None:
                found = identify_clean(name, area_codes)
                if needs_area(name):
                    identified[(name, area_codes)] = found
                else:
                    identified_anywhere[name] = found
        org, dept, place = found
        if place is not None:  # a government, named by its place
            governed[place.code] = place
            return org, dept
        if garbled and org.id not in clean_ids:
            notes.append(f"{source_ref(rec, line)}: garbled name not linked (no known organisation "
                         f"matches): {name}")
            return None
        return org, None

    def needs_area(name: str) -> bool:
        """Whether identify_clean of ``name`` depends on the area codes of its record:
        a bare ward name (北区…) is looked up in the record's prefecture, a bare
        department (こども家庭部) is its municipality's; any other name is not."""
        bare = nfkc(name).strip()
        return bool(_LEADING_WARD.match(bare) or _BARE_DEPARTMENT.fullmatch(bare))

    def identify_clean(name: str, area_codes: tuple[str, ...]
                       ) -> tuple[OrgIdentity, str | None, Place | None]:
        context_pref = area_codes[0][:2] if area_codes else None
        gov = pj.government(name, context_pref)
        bare = nfkc(name).strip()
        if (gov is None and _BARE_DEPARTMENT.fullmatch(bare)
                and not any(w in bare for w in _NOT_GOVERNMENT)):
            # 「こども家庭部」 in the partner list of a programme of one municipality
            # is that municipality's department: shown as 足立区 こども家庭部.
            codes = set(area_codes)
            home = pj.gaz.by_code(codes.pop()) if len(codes) == 1 else None
            if home is not None:
                gov = home, bare
        if gov is not None:
            place, dept = gov
            return pj.government_identity(place), dept, place
        return pj.organisation(name), None, None

    def identify_garbled(raw: str, recovered: str | None, confidence: float | None, rec: Record,
                         line: int | None, prog_id: str) -> tuple[OrgIdentity, str | None]:
        """A garbled partner: its recovered reading resolves like a clean name
        when the decoder is sure enough (MERGE_CONFIDENCE), so it meets the
        clean spelling of the same body; otherwise it keeps a node of its own,
        keyed by what can be read of it, marked as recovered or unreadable."""
        reading = nfkc(recovered).strip() if recovered else None
        if reading and (confidence or 0.0) >= MERGE_CONFIDENCE:
            found = identify(reading, rec, line, None, False, prog_id)
            assert found is not None
            return found
        key = f"garbled:{reading}" if reading else f"garbled-raw:{raw}"
        sector, kind = pj.classify(reading or "")
        return OrgIdentity(id=f"org-{short_hash(key)}", key=key, name=reading or raw,
                           legal_form=None, sector=sector, kind=kind, merged_by=None,
                           evidence=""), None

    def put_edge(key: tuple[str, ...], row: Row) -> None:
        # The same edge said twice (two spellings in one record, or one
        # programme in two documents) is one edge with every source.
        first = edges.get(key)
        edges[key] = row if first is None else merge_edge_rows(first, row)

    def add_edge(rel: str, org_id: str, prog: str, props: Row) -> None:
        put_edge((rel, org_id, prog, props.get("role") or "", ""), {"from": org_id, "to": prog, **props})

    for rec in records:
        if rec.kind in ("scheme", "platform"):
            prog_id = programme_id(rec.title, rec.kind)
        else:
            prog_id = same_as.get(rec.id, rec.id)
        programme_rows[prog_id].append({
            "id": prog_id, "title": nfkc(rec.title), "kind": rec.kind,
            "collaboration_type": rec.collaboration_type,
            "period_text": rec.period.text if rec.period else None,
            "period_start": rec.period.start if rec.period else None,
            "period_end": rec.period.end if rec.period else None,
            "url": rec.url, "life_stages": list(rec.life_stages),
            "area_texts": [a.text for a in rec.areas],
            "national": any(a.level == "national" for a in rec.areas),
            "source": f"{source_ref(rec)}:{rec.source.format}:{rec.id}",
        })
        reference_only.discard(prog_id)
        src = source_ref(rec)

        lead = identify(rec.lead.name, rec, rec.source.line, rec.lead.quality, False, prog_id)
        if lead is not None:
            org, dept = lead
            mentions[org.id].append(Mention(org, nfkc(rec.lead.name).strip(), src))
            add_edge("LEADS", org.id, prog_id, {"source": src})
            for alt in rec.lead.also_written:
                # The document names the same lead of the same project twice.
                evidence = (f"同じ文書が同じ取組の実施団体として「{alt.name}」とも記載 "
                            f"({rec.source.document} 行{alt.line})")
                mentions[org.id].append(Mention(replace(org, evidence=evidence),
                                                nfkc(alt.name).strip(), source_ref(rec, alt.line)))
            if rec.lead.area and rec.lead.area.code and not org.id.startswith("gov-"):
                target = _area_target(rec.lead.area)
                if target:
                    based[(org.id, target[0], target[1])] = src

        for area in rec.areas:
            target = _area_target(area)
            if target:
                put_edge(("TARGETS", prog_id, target[1], target[0], ""),
                         {"from": prog_id, "to": target[1], "text": area.text,
                          "source": src, "_to_label": target[0]})

        for partner in rec.partners:
            psrc = source_ref(rec, partner.line)
            if partner.generic:
                # A kind of body (企業, 住民): a participant category of this
                # programme, never an organisation.
                cat = pj.generic_identity(partner.name, prog_id)
                categories[cat.id] = {"id": cat.id, "name": cat.name, "sector": cat.sector,
                                      "programme": prog_id}
                for role in partner.roles:
                    put_edge(("PARTICIPATES_IN", cat.id, prog_id, role, ""), {
                        "from": cat.id, "to": prog_id, "role": role, "role_text": partner.role_text,
                        "group_name": partner.group, "source": psrc, "line": partner.line,
                        "quote": partner.quote})
                continue
            written = nfkc(partner.name).strip()
            aliases = tuple(nfkc(a).strip() for a in partner.aliases)
            if partner.quality == "garbled":
                found = identify_garbled(written, partner.recovered_name, partner.confidence, rec,
                                         partner.line, prog_id)
                recovered = nfkc(partner.recovered_name).strip() if partner.recovered_name else None
                mention = Mention(found[0], written, psrc, naming=False,
                                  aliases=aliases + ((recovered,) if recovered else ()),
                                  recovered=recovered, confidence=partner.confidence)
            else:
                found = identify(partner.name, rec, partner.line, None, False, prog_id)
                assert found is not None  # only a garbled name may go unlinked
                mention = Mention(found[0], written, psrc, aliases=aliases)
            org, dept = found
            mentions[org.id].append(mention)
            for role in partner.roles:
                add_edge("PARTNER_IN", org.id, prog_id, {
                    "role": role, "role_text": partner.role_text, "group_name": partner.group,
                    "department": partner.department or dept, "amount_yen": partner.amount_yen,
                    "generic": partner.generic, "mention": written,
                    "source": psrc, "line": partner.line, "quote": partner.quote,
                })

        for scheme in rec.schemes:
            sid = programme_id(scheme.title, scheme.kind)
            if sid not in programme_rows:
                programme_rows[sid].append({
                    "id": sid, "title": nfkc(scheme.title), "kind": scheme.kind,
                    "life_stages": [], "area_texts": [], "national": False,
                    "source": f"{src}:{rec.source.format}:reference",
                })
                reference_only.add(sid)
            put_edge(("PART_OF", prog_id, sid, "", ""), {"from": prog_id, "to": sid, "source": src})

    merges: list[Merge] = []
    named_by_spellings: set[str] = set()
    for org_id, ms in sorted(mentions.items()):
        first = ms[0].org
        # what the sources write as its name; garbled strings and readings are
        # aliases (searchable, cited) but never a name
        naming = sorted({m.written for m in ms if m.naming})
        spellings = sorted({m.written for m in ms} | {a for m in ms for a in m.aliases})
        canonical = next((m.org.canonical for m in ms if getattr(m.org, "canonical", None)), None)
        name_status = raw_name = confidence = None
        if first.kind == "government" and (naming or org_id.startswith("gov-")):
            # a municipality's government is named by its place, whatever the spelling
            display = first.name
        elif canonical:
            display = canonical
        elif not naming:
            # known only from garbled text: 「推定: …」 or 「（文字化けのため判読不能）」
            raw_name = min(m.written for m in ms)
            best = max((m for m in ms if m.recovered), default=None,
                       key=lambda m: (m.confidence or 0.0, len(m.recovered or ""), m.recovered or ""))
            if best is not None and best.recovered:
                display, name_status, confidence = (recovered_label(best.recovered), "recovered",
                                                    best.confidence)
            else:
                display, name_status = UNREADABLE, "unreadable"
        elif first.kind != GENERIC_KIND:
            display = display_name(naming)
            named_by_spellings.add(org_id)
        else:
            display = display_name(naming)
        sources = sorted({m.source for m in ms})
        place = governed.get(org_id.removeprefix("gov-")) if org_id.startswith("gov-") else None
        rows.add_node("Organisation", {
            "id": org_id, "name": display, "key": first.key,
            "legal_form": next((m.org.legal_form for m in ms if m.org.legal_form), None),
            "sector": first.sector, "kind": first.kind, "aliases": spellings, "spellings": naming,
            "sources": sources,
            "name_status": name_status, "raw_name": raw_name, "name_confidence": confidence,
            "municipality_code": place.code if place and place.kind != "prefecture" else None,
            "prefecture_code": place.prefecture_code if place else None,
        })
        if len({m.written for m in ms}) > 1:
            how = sorted({m.org.evidence for m in ms if m.org.evidence} | {
                f"文字化けした「{m.written}」の復元「{m.recovered}」(確度 {m.confidence}) が一致"
                for m in ms if m.recovered and not m.naming} or {"同じ正規化キー"})
            merges.append(Merge(org_id, display, spellings, how, sources))
        if place is not None:
            label = "Prefecture" if place.kind == "prefecture" else "Municipality"
            rows.add_rel("GOVERNS", "Organisation", label, {"from": org_id, "to": place.code})

    org_nodes = {r["id"]: r for r in rows.nodes.get("Organisation", [])}
    for (org_id, label, code), src in sorted(based.items()):
        rows.add_rel("BASED_IN", "Organisation", label, {"from": org_id, "to": code, "source": src})
        node = org_nodes[org_id]
        if label == "Municipality":
            node["municipality_code"] = node["municipality_code"] or code
            node["prefecture_code"] = node["prefecture_code"] or code[:2]
        else:
            node["prefecture_code"] = node["prefecture_code"] or code

    programmes = {
        pid: merge_programme_rows([r for r in prs if not r["source"].endswith(":reference")] or prs)
        for pid, prs in programme_rows.items()
    }
    for prog in programmes.values():
        rows.add_node("Programme", prog)
    for cat_id in sorted(categories):
        rows.add_node("Category", categories[cat_id])
    for (rel, *_rest), row in edges.items():
        if rel == "TARGETS":
            to_label = row.pop("_to_label")
            rows.add_rel("TARGETS", "Programme", to_label, row)
        elif rel == "PART_OF":
            rows.add_rel("PART_OF", "Programme", "Programme", row)
        elif rel == "PARTICIPATES_IN":
            rows.add_rel(rel, "Category", "Programme", row)
        else:
            rows.add_rel(rel, "Organisation", "Programme", row)

    return Projection(rows, sorted(programmes), reference_only, notes, merges, named_by_spellings)


def default_resolver(overrides: Path | None = None) -> OrgResolver:
    """The organisation resolver with the overrides file at ``overrides``
    (the caller passes the TSUNAGARI_OVERRIDES setting; None: the shipped file)."""
    from tsunagari.loaders.orgs import load_overrides

    return OrgResolver(load_overrides(overrides))
