"""Bulk work that allocates many long-lived objects runs with the collector paused."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small containers.

    Projections and pair lists allocate hundreds of thousands of dicts and sets
    that live on; the collector's repeated scans of them cost more than the
    work itself (measured: 3.7 s → 1.5 s for 300,000 pairs).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
