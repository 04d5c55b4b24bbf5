"""The import rule: a room imports only from the rooms below it.

    core < queries < graph < loaders < app < viz < api < cli

- core (core/): vocabulary, places, text forms, the TOML checker: imports nothing of ours;
- queries (queries/): the named Cypher texts and their registry;
- graph (graph/): the model, the stores, derived relationships;
- loaders (loaders/): documents and tables to records, records to rows;
- app (tsunagari/*.py): suggester, research, evaluation, settings, shared networks;
- viz (viz/): network views for the pages;
- api (api/): the FastAPI app, JSON routes and pages;
- cli (tsunagari/cli.py, tsunagari/commands/): the command line, which serves the api.

A room may import from itself and from any room below. Every module is read
(with ast, so a function-level import counts too) and its imports placed.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ORDER = ["core", "queries", "graph", "loaders", "app", "viz", "api", "cli"]
RANK = {room: i for i, room in enumerate(ORDER)}
FOLDERS = {"core": "core", "queries": "queries", "graph": "graph", "loaders": "loaders",
           "viz": "viz", "api": "api", "commands": "cli"}

# Imports from above still to remove (each entry must still occur, so that the
# list shrinks as they go). The one-way load emptied it: settings live in core.
PENDING: set[tuple[str, str]] = set()


def room_of_module(module: str) -> str | None:
    """The room of a dotted module name of the installed package, None if not ours."""
    parts = module.split(".")
    if parts[0] != "tsunagari":
        return None
    if len(parts) == 1:
        return "app"
    if parts[1] == "cli":
        return "cli"
    return FOLDERS.get(parts[1], "app")


def room_of_file(path: Path) -> str:
    rel = path.relative_to(ROOT)
    if rel.parts[0] == "tsunagari":
        return "cli" if rel.parts[1] in ("cli.py", "commands") else "app"
    return FOLDERS[rel.parts[0]]


def imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "tsunagari":  # from tsunagari import suggest
                found.update(f"tsunagari.{a.name}" for a in node.names)
            else:
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def sources() -> list[Path]:
    tops = ["core", "queries", "graph", "loaders", "tsunagari", "viz", "api"]
    return sorted(p for top in tops for p in (ROOT / top).rglob("*.py"))


def upward_imports() -> set[tuple[str, str]]:
    found = set()
    for path in sources():
        here = RANK[room_of_file(path)]
        for module in imports(path):
            room = room_of_module(module)
            if room is not None and RANK[room] > here:
                found.add((path.relative_to(ROOT).as_posix(), module))
    return found


def test_rooms_are_known() -> None:
    assert room_of_module("tsunagari.core.places") == "core"
    assert room_of_module("tsunagari.settings") == "app"
    assert room_of_module("tsunagari.cli") == "cli"
    assert room_of_module("tsunagari.commands.serve") == "cli"
    assert room_of_module("tsunagari.api.app") == "api"
    assert room_of_module("fastapi") is None
    assert room_of_file(ROOT / "tsunagari" / "research.py") == "app"
    assert room_of_file(ROOT / "graph" / "store.py") == "graph"


def test_no_room_imports_from_a_room_above_it() -> None:
    found = upward_imports()
    new = sorted(found - PENDING)
    assert not new, "imports from a room above (see the rule in this module's doc):\n" + "\n".join(
        f"  {f} imports {m}" for f, m in new)
    gone = sorted(PENDING - found)
    assert not gone, f"no longer imported, drop from PENDING: {gone}"


def test_graph_and_loaders_never_import_application_code() -> None:
    for path, module in upward_imports() - PENDING:
        assert not (path.startswith(("graph/", "loaders/")) and room_of_module(module) == "app"), \
            (path, module)


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    """The parser finds imports inside functions too, where lazy ones hide."""
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from tsunagari.api.app import create_app\n", encoding="utf-8")
    assert "tsunagari.api.app" in imports(module)
    assert RANK[room_of_module("tsunagari.api.app") or ""] > RANK["graph"]
