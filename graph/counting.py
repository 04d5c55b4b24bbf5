"""A store that counts the statements sent through it.

The suggester reports how many queries a request took, and benchmarks print
it: both wrap the store they were given instead of adding up counts by hand.
Every named query and helper of GraphStore goes through ``run``, so ``run`` is
where the count is kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from tsunagari.graph.store import GraphRows, GraphStore, Progress, Row


class CountingStore(GraphStore):
    """``inner`` as is, with ``statements``: how many were run through this wrapper."""

    def __init__(self, inner: GraphStore) -> None:
        self.inner = inner
        self.dialect = inner.dialect
        self.statements = 0

    def run(self, cypher: str, params: dict[str, Any] | None = None) -> list[Row]:
        self.statements += 1
        return self.inner.run(cypher, params)

    def describe(self) -> str:
        return self.inner.describe()

    def ensure_schema(self) -> None:
        self.inner.ensure_schema()

    def clear(self) -> None:
        self.inner.clear()

    def bulk_insert(self, rows: GraphRows, progress: Progress | None = None) -> None:
        self.inner.bulk_insert(rows, progress)

    def upsert(self, rows: GraphRows, replace_programmes: Iterable[str] = (),
               progress: Progress | None = None) -> None:
        self.inner.upsert(rows, replace_programmes, progress)

    def replace_derived(self, rel_type: str, rows: list[Row]) -> None:
        self.inner.replace_derived(rel_type, rows)

    def status(self) -> dict[str, Any]:
        return self.inner.status()

    @contextmanager
    def writing(self, mode: str) -> Iterator[GraphStore]:
        # the wrapped store's all-or-nothing write, not one in place through the wrapper
        with self.inner.writing(mode) as target:
            yield target

    def close(self) -> None:
        """The wrapped store stays open: whoever opened it closes it."""
