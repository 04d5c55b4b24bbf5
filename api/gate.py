"""The web server's hold on its graph store.

The server starts whether or not the store can be opened, and a store that
fails later (Neo4j gone or silent, the embedded graph's file gone or locked)
is let go and opened again on a later request: the pages answer 503 while it
is down and come back by themselves when it returns.

- A store is opened lazily, by one request at a time; after a failure the next
  attempt waits ``retry_every`` seconds, and the requests in between get their
  503 at once instead of waiting on a dead server.
- A store that failed is retired, not closed under the feet of the requests
  still using it: it is closed when the last of them lets go.
- A store handed in by the caller (tests, notebooks) is never closed nor
  reopened: it stays the caller's.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from tsunagari.graph import GraphStore, StoreError, StoreUnavailable

log = logging.getLogger("tsunagari.api")


class StoreGate:
    def __init__(self, opener: Callable[[], GraphStore] | None = None,
                 store: GraphStore | None = None, retry_every: float = 1.0):
        if (opener is None) == (store is None):
            raise ValueError("give an opener or a store")
        self._opener = opener
        self._store = store
        self._retry_every = retry_every
        self._lock = threading.Lock()
        self._next_try = 0.0
        self._users: dict[int, int] = {}
        self._retired: dict[int, GraphStore] = {}

    @property
    def owned(self) -> bool:
        return self._opener is not None

    def acquire(self) -> GraphStore:
        """The store, opened if need be; StoreUnavailable when it cannot be had now.
        Every acquire is paired with a release."""
        with self._lock:
            store = self._usable()
            self._users[id(store)] = self._users.get(id(store), 0) + 1
            return store

    @contextmanager
    def held(self) -> Iterator[GraphStore]:
        """The store for the block (acquire, then release on leaving)."""
        store = self.acquire()
        try:
            yield store
        finally:
            self.release(store)

    def release(self, store: GraphStore) -> None:
        with self._lock:
            key = id(store)
            left = self._users.get(key, 1) - 1
            if left > 0:
                self._users[key] = left
                return
            self._users.pop(key, None)
            retired = self._retired.pop(key, None)
        if retired is not None:
            _close(retired)

    def failed(self, store: GraphStore | None = None) -> None:
        """The store (the current one by default) did not answer: let it go, so
        that a later request opens it again."""
        if not self.owned:
            return
        with self._lock:
            if self._store is None or (store is not None and store is not self._store):
                return
            self._retire()

    def try_open(self) -> None:
        """Open now if possible (at start-up); a failure is logged, not raised."""
        try:
            self.release(self.acquire())
        except StoreError as exc:
            log.warning("graph store unavailable at start: %s", exc)

    def close(self) -> None:
        with self._lock:
            stores = [self._store] if self.owned and self._store is not None else []
            self._store = None
            stores += list(self._retired.values())
            self._retired.clear()
        for s in stores:
            _close(s)

    # -- with self._lock held ------------------------------------------------

    def _usable(self) -> GraphStore:
        store = self._store
        if store is not None and self.owned:
            try:
                store.version()  # a stat on the embedded store: is its graph still there?
            except StoreError as exc:
                log.warning("graph store gone: %s", exc)
                self._retire()
                store = None
        if store is not None:
            return store
        assert self._opener is not None
        now = time.monotonic()
        if now < self._next_try:
            raise StoreUnavailable("the graph store is down (retrying shortly)")
        try:
            store = self._opener()
        except StoreError as exc:
            self._next_try = time.monotonic() + self._retry_every
            log.warning("cannot open the graph store: %s", exc)
            raise StoreUnavailable("the graph store cannot be opened") from exc
        self._store = store
        log.info("graph store open: %s", store.describe())
        return store

    def _retire(self) -> None:
        store, self._store = self._store, None
        if store is None:
            return
        if self._users.get(id(store)):
            self._retired[id(store)] = store
        else:
            _close(store)


def _close(store: GraphStore) -> None:
    try:
        store.close()
    except Exception:  # closing a broken store must not break the request that noticed it
        log.debug("closing a failed store raised", exc_info=True)
