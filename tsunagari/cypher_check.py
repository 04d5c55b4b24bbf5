"""Check every Neo4j Cypher query of the project with Neo4j's own analyser.

The analyser is the npm package ``@neo4j-cypher/language-support`` (Neo4j's parser
and semantic analysis compiled to JavaScript), driven by
``tools/cypher-check/check.mjs``; no Neo4j server is needed. The schema comes from
``graph/model.py``, so a query can only name the labels, relationship types and
property keys declared there.

Run it with ``python -m tsunagari.cypher_check`` after
``npm ci --prefix tools/cypher-check``. Any diagnostic, warnings included, fails.
"""

from __future__ import annotations

import argparse
import importlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from tsunagari.graph.model import RELATIONSHIPS, all_labels, all_properties, all_rel_types

REPO_ROOT = Path(__file__).resolve().parents[1]
TOOL_DIR = REPO_ROOT / "tools" / "cypher-check"
CHECK_SCRIPT = TOOL_DIR / "check.mjs"
STORE_MODULE = "graph.neo4j_store"
# Files in the embedded engine's dialect sit beside their Neo4j original.
EMBEDDED_SUFFIX = ".embedded.cypher"
INSTALL_HINT = "run `npm ci --prefix tools/cypher-check` first"


class CypherCheckError(RuntimeError):
    """The check could not run (missing tool, bad input); not a query problem."""


def build_schema() -> dict[str, Any]:
    """The DbSchema the analyser checks queries against, from graph/model.py.

    Neo4j's built-in functions and procedures are not listed here: check.mjs adds
    the catalogue the pinned package ships with its analyser, so both move together.
    """
    return {
        "labels": all_labels(),
        "relationshipTypes": all_rel_types(),
        "propertyKeys": all_properties(),
        # Lets the analyser flag patterns the model cannot match, such as
        # (:Programme)-[:LEADS]->(:Organisation).
        "graphSchema": [
            {"from": a, "to": b, "relType": rel.name}
            for rel in RELATIONSHIPS
            for a, b in rel.pairs
        ],
        "defaultLanguage": "CYPHER 5",
    }


def _store_statements() -> list[tuple[str, str]]:
    try:
        neo4j_store = importlib.import_module(STORE_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name != STORE_MODULE:
            raise
        raise CypherCheckError(
            f"{STORE_MODULE} does not exist yet: the statements the Neo4j store sends "
            "cannot be checked until graph/neo4j_store.py with all_statements() lands"
        ) from exc
    statements = neo4j_store.all_statements()
    for i, item in enumerate(statements):
        if not (
            isinstance(item, tuple)
            and len(item) == 2
            and all(isinstance(part, str) for part in item)
        ):
            raise CypherCheckError(
                f"{STORE_MODULE}.all_statements()[{i}]: expected a (name, text) pair "
                f"of strings, got {item!r}"
            )
    return list(statements)


def collect_queries(root: Path, *, include_store: bool = True) -> list[tuple[str, str]]:
    """Every Neo4j query of the project as (name, text).

    ``root/queries/*.cypher`` in name order (``*.embedded.cypher`` are the embedded
    engine's dialect and are left out), named by their path relative to ``root``,
    then, with ``include_store``, the statements ``graph.neo4j_store`` sends.
    """
    queries = [
        (path.relative_to(root).as_posix(), path.read_text(encoding="utf-8"))
        for path in sorted((root / "queries").glob("*.cypher"))
        if not path.name.endswith(EMBEDDED_SUFFIX)
    ]
    if include_store:
        queries += _store_statements()
    seen: set[str] = set()
    for name, _ in queries:
        if name in seen:
            raise CypherCheckError(f"two queries are named {name!r}")
        seen.add(name)
    return queries


def run_check(queries: list[tuple[str, str]], schema: dict[str, Any]) -> tuple[bool, str]:
    """Lint ``queries`` against ``schema``; (no diagnostics at all, report text)."""
    node = shutil.which("node")
    if node is None:
        raise CypherCheckError("node is not on PATH; the Cypher check needs Node.js")
    if not (TOOL_DIR / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        raise CypherCheckError(f"{TOOL_DIR / 'node_modules'} is missing: {INSTALL_HINT}")
    document = {
        "schema": schema,
        "queries": [{"name": name, "text": text} for name, text in queries],
    }
    proc = subprocess.run(
        [node, str(CHECK_SCRIPT)],
        input=json.dumps(document, ensure_ascii=False),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    if proc.returncode not in (0, 1):
        raise CypherCheckError(
            f"check.mjs failed (exit {proc.returncode}): {proc.stderr.strip() or proc.stdout}"
        )
    return proc.returncode == 0, proc.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tsunagari.cypher_check",
        description="Check the project's Neo4j Cypher with Neo4j's parser and semantic analyser.",
    )
    parser.add_argument(
        "--root", type=Path, default=REPO_ROOT, help="repository whose queries/ is checked"
    )
    args = parser.parse_args(argv)
    try:
        ok, output = run_check(collect_queries(args.root), build_schema())
    except CypherCheckError as exc:
        print(f"cypher-check: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(output)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
