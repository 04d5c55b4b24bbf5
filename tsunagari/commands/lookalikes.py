"""Part of `tsunagari resolve --report`: names that may be one organisation, overrides matching nothing.

Look-alike names (one adds a bracketed abbreviation, or a final long-vowel
mark) are proposed with their evidence (where each is written, in which
programme and area) and whether ``data/organisation_overrides.toml`` decides
them. An override entry naming nothing in the records is an error (exit 1).
"""

from __future__ import annotations

from collections import defaultdict

from tsunagari.loaders import orgs
from tsunagari.loaders.records import Record


def _mentions(records: list[Record]) -> dict[str, list[str]]:
    """Name -> where it is written: 'document:line (programme title, area codes)'."""
    out: dict[str, list[str]] = defaultdict(list)
    for rec in records:
        areas = ",".join(a.code or a.text for a in rec.areas) or "-"
        where = f"({rec.title[:30]}; {areas})"
        out[rec.lead.name].append(f"{rec.source.document}:{rec.source.line} lead {where}")
        for alt in rec.lead.also_written:
            out[alt.name].append(f"{rec.source.document}:{alt.line} lead {where}")
        for p in rec.partners:
            if not p.generic:
                out[p.name].append(f"{rec.source.document}:{p.line} partner {where}")
    return out


def proposals(names: list[str]) -> list[tuple[str, str, str]]:
    """(name, other name, why) for each look-alike pair."""
    by_key: dict[str, list[str]] = defaultdict(list)
    for n in names:
        by_key[orgs.resolution_key(n)].append(n)
    out: list[tuple[str, str, str]] = []
    for key, group in sorted(by_key.items()):
        stripped = orgs._BRACKETED_TAIL.sub("", key)
        for other_key in {stripped, key + "ー"} - {key}:
            for a in group:
                for b in by_key.get(other_key, []):
                    why = orgs.lookalike(a, b)
                    if why:
                        out.append((a, b, why))
    return out


def _decision(a: str, b: str, overrides: orgs.Overrides) -> str:
    ka, kb = orgs.resolution_key(a), orgs.resolution_key(b)
    for m in overrides.merges:
        keys = {orgs.resolution_key(n) for n in m.names}
        if ka in keys and kb in keys:
            return f"decided: merged by [[merge]] entry {m.entry}"
    for k in overrides.keep_apart:
        keys = {orgs.resolution_key(n) for n in k.names}
        if ka in keys and kb in keys:
            return f"decided: kept apart by [[keep_apart]] entry {k.entry}"
    return "undecided: add a [[merge]] or [[keep_apart]] entry"


def report(records: list[Record], overrides: orgs.Overrides) -> tuple[list[str], list[str]]:
    """Lines proposing look-alike names with evidence and decision; errors for overrides matching nothing."""
    mentions = _mentions(records)
    lines = ["look-alike names (decide them in data/organisation_overrides.toml):"]
    pairs = proposals(sorted(mentions))
    for a, b, why in pairs:
        lines.append(f"- {a}  |  {b}")
        lines.append(f"    why: {why}; {_decision(a, b, overrides)}")
        lines.extend(f"    {n}: {m}" for n in (a, b) for m in mentions[n][:4])
    if not pairs:
        lines.append("  none")
    return lines, orgs.unmatched_overrides(set(mentions), overrides)
