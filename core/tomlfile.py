"""The one checker of the project's hand-written TOML files (overrides, lexicon).

Every error is raised as the caller's own exception class and names the file,
then the table entry and field (``data/x.toml: [[merge]] entry 2: 'reason' is
required``); a syntax error names the line, as tomllib reports it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection
from pathlib import Path
from typing import Any


def read_toml(path: Path, error: type[Exception], tables: Collection[str] | None = None,
              ) -> dict[str, Any]:
    """The file's data; with ``tables``, only those top-level names are allowed."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise error(f"{path}: cannot read: {exc.strerror or exc}") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: not valid TOML: {exc}") from exc
    if tables is not None:
        unknown = sorted(set(data) - set(tables))
        if unknown:
            raise error(f"{path}: unknown table(s) {unknown}; expected "
                        + " or ".join(f"[[{t}]]" for t in tables))
    return data


def entries(data: dict[str, Any], table: str, path: Path, error: type[Exception],
            fields: Collection[str]) -> list[tuple[str, dict[str, Any]]]:
    """The entries of an array of tables ``[[table]]``, each with where it is
    (``path: [[table]] entry n``); an entry with a field not in ``fields`` is refused."""
    found = data.get(table, [])
    if not isinstance(found, list) or not all(isinstance(e, dict) for e in found):
        raise error(f"{path}: {table} must be written as [[{table}]] tables")
    out = []
    for n, entry in enumerate(found, 1):
        where = f"{path}: [[{table}]] entry {n}"
        extra = sorted(set(entry) - set(fields))
        if extra:
            raise error(f"{where}: unknown field(s) {extra}")
        out.append((where, entry))
    return out


_NUMBERS = {1: "one", 2: "two", 3: "three"}


def strings(entry: dict[str, Any], field: str, where: str, error: type[Exception],
            at_least: int = 1, at_most: int | None = None, noun: str = "non-empty strings",
            ) -> list[str]:
    """A field that lists non-empty strings, between ``at_least`` and ``at_most`` of them."""
    value = entry.get(field)
    ok = isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)
    if not ok or not at_least <= len(value) <= (at_most or len(value)):
        low, high = (_NUMBERS.get(n, str(n)) for n in (at_least, at_most or 0))
        many = (f"exactly {low}" if at_most == at_least
                else f"at least {low}" if at_most is None else f"{low} to {high}")
        raise error(f"{where}: '{field}' must list {many} {noun}")
    return list(value)


def text(entry: dict[str, Any], field: str, where: str, error: type[Exception],
         required: bool = True) -> str | None:
    """A field holding a non-empty string; None when absent and not required."""
    value = entry.get(field)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise error(f"{where}: '{field}' is required and must be a non-empty string"
                    if required else f"{where}: '{field}' must be a non-empty string")
    return value
