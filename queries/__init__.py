"""Named Cypher queries: one file per question.

``NAME.cypher`` holds the query, written so that Neo4j and the embedded engine
both run it (a lead's role is ``coalesce(r.role, 'lead')``, since LEADS has no
role; a property a relationship table lacks reads as null in both). Where the
dialects truly differ, ``NAME.embedded.cypher`` sits beside it, and only for
the names in ``DIALECT_DIFFERENCES``, which says why: the one place such a
difference is allowed. Each file opens with a header of ``//`` lines:

    // answers: what question the query answers
    // params: id, k        (or "none")

User input only ever reaches a query as a ``$parameter``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

HERE = Path(__file__).resolve().parent
_HEADER = re.compile(r"^//\s*(answers|params):\s*(.*)$")
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


class QueryError(KeyError):
    pass


class Dialect(StrEnum):
    """The Cypher a store speaks."""

    NEO4J = "neo4j"
    EMBEDDED = "embedded"


#: The questions whose text differs between the dialects, and why. A
#: ``NAME.embedded.cypher`` for any other name is refused.
DIALECT_DIFFERENCES: dict[str, str] = {
    "collaboration_path": "the embedded engine has no shortestPath() and no list "
                          "comprehensions: it writes SHORTEST and properties() instead",
}


def _code(text: str) -> str:
    """A query's text as it is sent: without its whole-line ``//`` comments (the
    header), which the embedded engine's client would otherwise scan on every call."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//")) + "\n"


@dataclass(frozen=True)
class Query:
    name: str
    answers: str
    params: tuple[str, ...]
    #: the files' texts, header included
    neo4j: str
    embedded: str | None

    def __post_init__(self) -> None:
        object.__setattr__(self, "_sent", {
            Dialect.NEO4J: _code(self.neo4j),
            Dialect.EMBEDDED: _code(self.embedded if self.embedded is not None else self.neo4j)})

    def text(self, dialect: Dialect) -> str:
        """The text a store of ``dialect`` runs (the comments left out)."""
        return self._sent[dialect]  # type: ignore[attr-defined,no-any-return]


def _parse_header(path: Path) -> tuple[str, tuple[str, ...]]:
    answers, params = "", None
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _HEADER.match(line.strip())
        if m and m.group(1) == "answers":
            answers = m.group(2).strip()
        elif m:
            raw = m.group(2).strip()
            params = () if raw in ("", "none") else tuple(p.strip() for p in raw.split(","))
    if not answers or params is None:
        raise QueryError(f"{path.name}: header needs '// answers:' and '// params:' lines")
    return answers, params


class Registry:
    def __init__(self, folder: Path = HERE):
        self.queries: dict[str, Query] = {}
        for path in sorted(folder.glob("*.cypher")):
            if path.name.endswith(".embedded.cypher"):
                continue
            name = path.stem
            answers, params = _parse_header(path)
            variant = path.with_name(f"{name}.embedded.cypher")
            if variant.exists() and name not in DIALECT_DIFFERENCES:
                raise QueryError(f"{variant.name}: no dialect difference is declared for {name!r}; "
                                 "write one text both engines run, or declare the difference "
                                 "in queries.DIALECT_DIFFERENCES")
            neo4j_text = path.read_text(encoding="utf-8")
            embedded_text = variant.read_text(encoding="utf-8") if variant.exists() else None
            for text in filter(None, (neo4j_text, embedded_text)):
                used = set(_PARAM.findall(text))
                if used != set(params):
                    raise QueryError(
                        f"{path.name}: header params {sorted(params)} but the text uses {sorted(used)}"
                    )
            self.queries[name] = Query(name, answers, params, neo4j_text, embedded_text)
        orphans = [p.name for p in folder.glob("*.embedded.cypher")
                   if p.name.removesuffix(".embedded.cypher") not in self.queries]
        missing = [n for n in DIALECT_DIFFERENCES if folder == HERE and (
            n not in self.queries or self.queries[n].embedded is None)]
        if missing:
            raise QueryError(f"DIALECT_DIFFERENCES names {missing} but no embedded text is there")
        if orphans:
            raise QueryError(f"embedded variants without a Neo4j query: {orphans}")

    def names(self) -> list[str]:
        return sorted(self.queries)

    def get(self, name: str) -> Query:
        try:
            return self.queries[name]
        except KeyError:
            raise QueryError(f"no query named {name!r}; known: {', '.join(self.names())}") from None

    def text(self, name: str, dialect: Dialect) -> str:
        return self.get(name).text(dialect)


@functools.cache
def registry() -> Registry:
    return Registry()
