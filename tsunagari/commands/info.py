"""Inspection commands: `counts`, `roles --unmatched`, `resolve --report`, `queries`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from tsunagari.graph import open_store
from tsunagari.settings import settings


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("counts", help="node and relationship counts per label and type")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_counts)

    p = sub.add_parser("roles", help="the role lexicon at work on a records file")
    p.add_argument("--unmatched", action="store_true",
                   help="list role texts the lexicon maps to 'other', with counts")
    p.add_argument("files", nargs="*", type=Path, default=[Path("data/records.jsonl")])
    p.set_defaults(func=run_roles)

    p = sub.add_parser("resolve", help="how mentions became organisations")
    p.add_argument("--report", action="store_true", help="every merge with its evidence")
    p.add_argument("files", nargs="*", type=Path, default=[Path("data/records.jsonl")])
    p.set_defaults(func=run_resolve)

    p = sub.add_parser("queries", help="the named queries and what they answer")
    p.set_defaults(func=run_queries)


def run_counts(args: argparse.Namespace) -> int:
    import sys

    # Counting only reads: a store on a read-only disk (or another user's) is counted too.
    store = open_store(args.store, read_only=True)
    try:
        status, counts = store.health()  # counts None: nothing readable, the status says why
    finally:
        store.close()
    if not status["ok"]:
        # An incomplete graph is not served as healthy: say so and fail.
        print(f"error: {store.describe()}: {status['state']}: {status['message']}", file=sys.stderr)
    if counts is None:
        return 1
    if args.json:
        print(json.dumps({**counts, "status": status}, ensure_ascii=False, indent=2))
    else:
        for group, values in counts.items():
            for k, v in values.items():
                print(f"{group[:-1] if group == 'nodes' else 'relationship'}\t{k}\t{v}")
    return 0 if status["ok"] else 1


def run_roles(args: argparse.Namespace) -> int:
    from tsunagari.loaders.records import iter_partners, read_records
    from tsunagari.loaders.roles import unmatched

    result = read_records(args.files)
    # Parsers set some roles themselves (a platform's contractor is operation):
    # only partners the records leave at 'other' are the lexicon's to grow.
    texts = [p.role_text for _, p in iter_partners(result.records) if "other" in p.roles]
    if args.unmatched:
        rows = unmatched(texts)
        for text, n in rows:
            print(f"{n}\t{text}")
        print(f"# {len(rows)} distinct role texts map to 'other'")
    else:
        from collections import Counter

        counts = Counter(r for _, p in iter_partners(result.records) for r in p.roles)
        for role, n in counts.most_common():
            print(f"{role}\t{n}")
    return 0


def run_resolve(args: argparse.Namespace) -> int:
    from tsunagari.loaders.places import gazetteer
    from tsunagari.loaders.project import default_resolver, project
    from tsunagari.loaders.records import read_records

    result = read_records(args.files)
    pj = project(result.records, default_resolver(settings().overrides), gazetteer(), include_places=False)
    for m in pj.merges:
        print(f"{m.id}\t{m.name}")
        for s in m.spellings:
            print(f"    = {s}")
        for h in m.how:
            print(f"    because: {h}")
        print(f"    sources: {', '.join(m.sources[:8])}{' …' if len(m.sources) > 8 else ''}")
    for note in pj.notes:
        print(f"note: {note}")
    candidates = same_initiative_candidates(result.records)
    for ids in candidates:
        print(f"possibly one initiative (decide in data/programme_overrides.toml): {', '.join(ids)}")
    from tsunagari.commands.lookalikes import report
    from tsunagari.loaders.orgs import load_overrides

    lines, errors = report(result.records, load_overrides())
    for line in lines:
        print(line)
    for error in errors:
        print(f"error: {error}")
    print(f"# {len(pj.merges)} organisations merged from several spellings; {len(pj.notes)} notes; "
          f"{len(candidates)} undecided initiatives told twice; {len(errors)} overrides matching nothing")
    return 1 if errors else 0


def same_initiative_candidates(records: list) -> list[list[str]]:
    """Initiatives with the same lead and the same title (spaces aside) that the
    programme overrides do not already make one."""
    import re
    from collections import defaultdict

    from tsunagari.loaders.project import default_resolver, load_programme_overrides

    resolver = default_resolver(settings().overrides)
    overrides = load_programme_overrides()
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for rec in records:
        if rec.kind == "initiative":
            key = (resolver.resolve(rec.lead.name).id, re.sub(r"\s+", "", rec.title))
            groups[key].append(rec.id)
    return [sorted(ids) for ids in groups.values()
            if len({overrides.same_as.get(i, i) for i in ids}) > 1
            and frozenset(ids) not in overrides.different]


def run_queries(args: argparse.Namespace) -> int:
    from tsunagari.queries import registry

    reg = registry()
    for name in reg.names():
        q = reg.get(name)
        variant = " (embedded variant)" if q.embedded else ""
        print(f"{name}({', '.join(q.params)}){variant}\n    {q.answers}")
    return 0
