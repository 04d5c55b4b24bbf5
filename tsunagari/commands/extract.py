"""`tsunagari extract PATH… --out FILE`: source documents → canonical records."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from tsunagari.loaders.parsing import FORMATS, ParseResult, format_for, get_parser
from tsunagari.loaders.records import Record, write_records

TABLE_SUFFIXES = (".csv", ".xlsx", ".json", ".jsonl")


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="extract records from source documents",
                       description="Parse source documents (files or folders) into JSON Lines records.")
    p.add_argument("paths", nargs="+", type=Path, help="documents, or folders of them")
    p.add_argument("--out", type=Path, required=True, help="records file to write (JSON Lines)")
    p.add_argument("--format", choices=sorted([*FORMATS, "tabular"]),
                   help="parser to use for every path (default: by the seed document's name; "
                        "tabular for .csv, .xlsx, .json and .jsonl files — see "
                        "data/records_template.csv)")
    p.add_argument("--notes", type=Path, help="also write every note (unresolved areas, garbled "
                   "names…) to this file")
    p.set_defaults(func=run)


def documents(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir()
                              if p.is_file() and p.suffix in (".txt", *TABLE_SUFFIXES)))
        elif path.exists():
            out.append(path)
        else:
            raise FileNotFoundError(2, "no such file or folder", str(path))
    return out


def summarise(name: str, result: ParseResult) -> str:
    recs = result.records
    partners = [p for r in recs for p in r.partners]
    roles = Counter(role for p in partners for role in p.roles)
    areas = [a for r in recs for a in r.areas]
    kinds = Counter(n.kind for n in result.notes)
    garbled = sum(1 for p in partners if p.quality == "garbled") + sum(
        1 for r in recs if r.lead.quality == "garbled")
    role_part = ", ".join(f"{k} {v}" for k, v in sorted(roles.items(), key=lambda kv: (-kv[1], kv[0])))
    return (f"{name}: {len(recs)} records, {len(partners)} partners, "
            f"{len(areas)} areas resolved, {kinds.get('unresolved_area', 0)} unresolved, "
            f"{garbled} garbled names\n    roles: {role_part or '-'}")


def run(args: argparse.Namespace) -> int:
    records: list[Record] = []
    all_notes = []
    rows_rejected = 0
    for doc in documents(args.paths):
        fmt = args.format or format_for(doc) or ("tabular" if doc.suffix in TABLE_SUFFIXES else None)
        if fmt == "tabular":
            from tsunagari.loaders.tabular import read_table

            result = read_table(doc)
            records.extend(result.records)
            all_notes.extend(result.notes)
            print(summarise(f"{doc.name} [tabular]", result))
            for note in result.notes:
                print(f"    {note}")
            # A user's row that could not be read is an error, not a remark.
            rows_rejected += sum(1 for n in result.notes if n.kind == "skipped")
            continue
        if fmt is None:
            print(f"tsunagari: {doc}: no parser known for this document; pass --format "
                  f"({', '.join(sorted(FORMATS))})", file=sys.stderr)
            return 2
        result = get_parser(fmt)(doc.read_text(encoding="utf-8"), doc.name)
        records.extend(result.records)
        all_notes.extend(result.notes)
        print(summarise(f"{doc.name} [{fmt}]", result))
        garbled = [n for n in result.notes if n.kind == "garbled_name"]
        if garbled:
            lines = ", ".join(str(n.line) for n in garbled[:20])
            more = f" (+{len(garbled) - 20} more)" if len(garbled) > 20 else ""
            print(f"    garbled names at lines {lines}{more}")
    seen: set[str] = set()
    for rec in records:
        if rec.id in seen:
            print(f"tsunagari: duplicate record id {rec.id}", file=sys.stderr)
            return 1
        seen.add(rec.id)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    n = write_records(records, args.out)
    if args.notes:
        args.notes.write_text("".join(f"{note}\n" for note in all_notes), encoding="utf-8")
    print(f"wrote {n} records to {args.out}; {len(all_notes)} notes"
          + (f" in {args.notes}" if args.notes else ""))
    if rows_rejected:
        print(f"tsunagari: {rows_rejected} table row(s) not loaded; see the notes above", file=sys.stderr)
        return 1
    return 0
