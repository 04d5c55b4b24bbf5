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
    "tsunagari.commands.synth",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tsunagari",
        description="Tsunagari (つながり): who works with whom against loneliness and isolation.",
    )
    parser.add_argument("--store", help="store to use (overrides TSUNAGARI_STORE), "
                        "e.g. embedded:.tsunagari/graph or neo4j://localhost:7687")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(name)
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from tsunagari.graph.store import StoreError

    try:
        return int(args.func(args) or 0)
    except StoreError as exc:
        print(f"tsunagari: {exc}", file=sys.stderr)
        return 2
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        print(f"tsunagari: {exc.strerror}: {exc.filename}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
