"""`tsunagari load` (upsert) and `tsunagari rebuild` (empty, then bulk copy)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tsunagari.graph import StoreError, open_store
from tsunagari.loaders.orgs import OverridesError
from tsunagari.loaders.records import read_records, write_rejects
from tsunagari.loading import write_graph


def add_parser(sub: argparse._SubParsersAction) -> None:
    for name, help_text in (
        ("load", "upsert records into the graph (MERGE): what the loaded documents say replaces "
                 "what they said before"),
        ("rebuild", "empty the graph and bulk-load the records (COPY / batched UNWIND)"),
    ):
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("files", nargs="+", type=Path, help="records files (JSON Lines)")
        p.add_argument("--rejects", type=Path,
                       help="where to write the lines that failed validation "
                            "(default: FIRSTFILE.rejects.jsonl, only when some failed)")
        p.add_argument("--quiet", action="store_true", help="no progress bar")
        p.set_defaults(func=run, mode=name)


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    result = read_records(args.files)
    for err in result.errors:
        print(f"error: {err}", file=sys.stderr)
    line_errors = [e for e in result.errors if e.line > 0]
    if line_errors:
        bad_lines = len({(e.file, e.line) for e in line_errors})
        rejects = args.rejects or args.files[0].with_suffix(".rejects.jsonl")
        try:
            write_rejects(line_errors, rejects)
            print(f"{bad_lines} line(s) rejected; written to {rejects}", file=sys.stderr)
        except OSError as exc:
            print(f"{bad_lines} line(s) rejected; cannot write {rejects}: {exc.strerror}",
                  file=sys.stderr)
    if not result.records:
        print(f"error: no valid record in {', '.join(map(str, args.files))}: "
              f"the graph is left as it was", file=sys.stderr)
        return 1
    store = open_store(args.store)
    try:
        report = write_graph(store, result.records, mode=args.mode,
                             progress=not args.quiet and sys.stderr.isatty())
        counts = store.counts()
    except StoreError as exc:
        left = ("the graph is left as it was" if store.describe().startswith("embedded:")
                else "the graph says it is incomplete until a rebuild finishes")
        print(f"error: {exc}; {left}", file=sys.stderr)
        return 1
    except OverridesError as exc:
        for line in str(exc).splitlines():
            print(f"error: {line}", file=sys.stderr)
        print("error: fix the overrides file (TSUNAGARI_OVERRIDES); the graph is left as it was",
              file=sys.stderr)
        return 1
    finally:
        store.close()
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    elapsed = time.perf_counter() - started
    print(f"{args.mode}: {report.records} records → {report.nodes} nodes, {report.relationships} "
          f"relationships, {report.collaborations} COLLABORATES_WITH in {elapsed:.1f}s "
          f"({store.describe()})")
    print("nodes: " + ", ".join(f"{k} {v}" for k, v in counts["nodes"].items()))
    print("relationships: " + ", ".join(f"{k} {v}" for k, v in counts["relationships"].items()))
    return 1 if result.errors else 0
