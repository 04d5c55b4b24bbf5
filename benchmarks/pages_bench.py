"""Heavy pages at scale: the area pages over 20,000 synthetic records plus the
shipped ones, on a real `tsunagari serve` on 127.0.0.1.

Prints, per page: the first view (computed), a second view (from the cache of
this graph version), the bytes sent, and six clients asking for uncached
prefectures at once. Asserts nothing about time. Run with `make bench`.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
from pathlib import Path

import httpx

from benchmarks.live import LiveServer

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["/prefecture/13", "/prefecture/13?draw=120", "/prefecture/13?page=5", "/prefecture/27",
         "/municipality/13112", "/municipality/14100", "/", "/japan"]


def build(path: Path, n: int) -> float:
    from tsunagari.graph import open_store
    from tsunagari.loaders.records import Record, read_records

    from tsunagari.loading import write_graph
    from tsunagari.synth import synthesise

    # n synthetic initiatives' worth of edges (about six partners each), shaped like the shipped ones
    synthetic = [Record.model_validate(r) for r in synthesise(orgs=n, edges=6 * n, seed=7)]
    records = read_records([ROOT / "data" / "records.jsonl"]).records + synthetic
    t = time.perf_counter()
    store = open_store(f"embedded:{path}")
    try:
        write_graph(store, records, mode="rebuild")
    finally:
        store.close()
    return time.perf_counter() - t


def _get(base: str, url: str) -> tuple[float, int, int]:
    t = time.perf_counter()
    r = httpx.get(base + url, headers={"accept": "text/html"}, timeout=120)
    return time.perf_counter() - t, r.status_code, len(r.content)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000, help="synthetic records")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tsunagari-pages-") as tmp:
        graph = Path(tmp) / "graph"
        took = build(graph, args.records)
        print(f"== area pages over {args.records} synthetic records + the shipped ones "
              f"(built in {took:.0f} s; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
        with LiveServer(f"embedded:{graph}") as server:
            _get(server.base, "/health")
            print(f"  {'page':28} {'first':>8} {'cached':>8} {'size':>9}")
            for url in PAGES:
                first, status, size = _get(server.base, url)
                again, _, _ = _get(server.base, url)
                print(f"  {url:28} {first:7.2f}s {again:7.2f}s {size / 1024:7.0f}KB  ({status})")
            # Six officials opening six prefectures nobody opened yet, at once.
            codes = ["01", "14", "23", "26", "28", "40"]
            results: dict[str, tuple[float, int, int]] = {}

            def one(code: str) -> None:
                results[code] = _get(server.base, f"/prefecture/{code}")

            threads = [threading.Thread(target=one, args=(c,)) for c in codes]
            t = time.perf_counter()
            for th in threads:
                th.start()
            for th in threads:
                th.join()
            wall = time.perf_counter() - t
            worst = max(r[0] for r in results.values())
            biggest = max(r[2] for r in results.values())
            print(f"  6 uncached prefectures at once: all done in {wall:.2f}s, slowest {worst:.2f}s, "
                  f"largest {biggest / 1024:.0f}KB, statuses {sorted({r[1] for r in results.values()})}")


if __name__ == "__main__":
    main()
