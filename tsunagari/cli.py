"""The `tsunagari` command line.

Each subcommand lives in a module of tsunagari/commands/ with two functions,
``add_parser(subparsers)`` and ``run(args) -> int``; COMMANDS lists them.
"""

from __future__ import annotations

import argparse
import importlib
import sys

COMMANDS = [
    "tsunagari.commands.extract",
    "tsunagari.commands.load",
    "tsunagari.commands.serve",
    "tsunagari.commands.info",
    "tsunagari.commands.export",
    "tsunagari.commands.suggest",
    "tsunagari.commands.garbled",
    "tsunagari.commands.synth",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tsunagari",
        description="Tsunagari (つながり): who works with whom against loneliness and isolation.",
    )
    parser.add_argument("--store", help="store to use (overrides TSUNAGARI_STORE), "
                        "e.g. embedded:.tsunagari/graph or neo4j://localhost:7687")
    parser.add_argument("--create", action="store_true",
                        help="make the embedded store if it does not exist yet (rebuild always "
                             "may); without it a mistyped path is refused")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(name)
        module.add_parser(sub)
    return parser


# Commands that read or add to a graph that must exist already; `rebuild` makes one.
NEEDS_GRAPH = ("load", "serve", "counts", "export", "suggest")


def check_store(args: argparse.Namespace) -> None:
    """Refuse a store path that holds no graph (a typo would otherwise serve or
    count an empty graph), or make it when --create says so."""
    from tsunagari.graph import open_store, store_exists
    from tsunagari.graph.store import StoreError
    from tsunagari.settings import settings

    if args.command not in NEEDS_GRAPH:
        return
    spec = args.store or settings().store
    if store_exists(spec):
        return
    if not args.create:
        raise StoreError(f"no graph at {spec.removeprefix('embedded:')}: check --store / "
                         "TSUNAGARI_STORE, run `tsunagari rebuild FILE` to make it, or pass "
                         "--create for an empty one")
    open_store(spec, create=True).close()


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from tsunagari.graph.store import StoreError

    try:
        check_store(args)
        return int(args.func(args) or 0)
    except StoreError as exc:
        print(f"tsunagari: {exc}", file=sys.stderr)
        return 2
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        print(f"tsunagari: {exc.strerror}: {exc.filename}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
