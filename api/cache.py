"""What the heavy pages compute, kept per graph version.

An area page at scale costs a few hundred milliseconds of queries and layout;
the graph changes only when a load or rebuild finishes. Entries are keyed by
the store's ``version()`` (a new graph misses every old entry) and the oldest
go first past ``size``. A store that cannot tell its version (Neo4j) keeps an
entry for ``ttl`` seconds instead.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from tsunagari.graph import GraphStore

T = TypeVar("T")


class PageCache:
    def __init__(self, size: int = 256, ttl: float = 60.0):
        self.size = size
        self.ttl = ttl
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, store: GraphStore, key: Hashable, compute: Callable[[], T]) -> T:
        version = store.version()
        if version is None:
            version = f"t{int(time.monotonic() // self.ttl)}"
        full = (id(store), version, key)
        with self._lock:
            if full in self._entries:
                self._entries.move_to_end(full)
                self.hits += 1
                return self._entries[full]  # type: ignore[no-any-return]
            self.misses += 1
        value = compute()  # outside the lock: two misses at once may both compute, harmlessly
        with self._lock:
            self._entries[full] = value
            self._entries.move_to_end(full)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
