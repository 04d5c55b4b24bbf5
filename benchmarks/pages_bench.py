"""Heavy pages at scale: the area pages and exports on a real `tsunagari serve` on
127.0.0.1, over the bench graph of a size (`make bench SIZE=…` builds it; with
BENCH_STORE set, that store is used as it is) or, run alone without one, over
RECORDS synthetic records plus the shipped ones, built here.

Prints, per page: the first view (computed: the server has just started, nothing
is cached), a second view (from the cache of this graph version), the bytes sent,
and six clients asking for uncached prefectures at once; per export, the time to
the first byte and to the last. Asserts nothing about time.

    python -m benchmarks.pages_bench --size 100k
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from benchmarks.live import LiveServer

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["/prefecture/13", "/prefecture/13?draw=120", "/prefecture/13?page=5", "/prefecture/27",
         "/municipality/13112", "/municipality/14100", "/", "/japan"]
EXPORTS = ["/network/prefecture/13?draw=60&format=csv", "/network/prefecture/13?draw=60&format=graphml",
           "/network/municipality/13112?format=gexf", "/network/prefecture/13?format=csv"]


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
    r = httpx.get(base + url, headers={"accept": "text/html"}, timeout=300)
    return time.perf_counter() - t, r.status_code, len(r.content)


def _stream(base: str, url: str) -> tuple[float, float, int, int]:
    """Time to the first byte of the body, to the last, status, bytes."""
    t = time.perf_counter()
    first = None
    size = 0
    with httpx.stream("GET", base + url, timeout=300) as r:
        for chunk in r.iter_bytes():
            if first is None and chunk:
                first = time.perf_counter() - t
            size += len(chunk)
    total = time.perf_counter() - t
    return first if first is not None else total, total, r.status_code, size


def pages_step(spec: str) -> dict[str, Any]:
    """Every page and export on a fresh server over ``spec``; figures, printed too."""
    out: dict[str, Any] = {"pages": {}, "exports": {}}
    with LiveServer(spec) as server:
        _get(server.base, "/health")
        print(f"  {'page':28} {'first':>8} {'cached':>8} {'size':>9}  (load {os.getloadavg()[0]:.1f})")
        for url in PAGES:
            first, status, size = _get(server.base, url)
            again, _, _ = _get(server.base, url)
            out["pages"][url] = {"first_s": first, "cached_s": again, "bytes": size, "status": status}
            print(f"  {url:28} {first:7.2f}s {again:7.2f}s {size / 1024:7.0f}KB  ({status})")
        print(f"  {'export':44} {'first byte':>10} {'all':>8} {'size':>9}")
        for url in EXPORTS:
            first, total, status, size = _stream(server.base, url)
            out["exports"][url] = {"first_byte_s": first, "total_s": total, "bytes": size,
                                   "status": status}
            print(f"  {url:44} {first:9.2f}s {total:7.2f}s {size / 1024:7.0f}KB  ({status})")
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
        out["six_at_once"] = {"wall_s": wall, "slowest_s": worst, "largest_bytes": biggest}
        print(f"  6 uncached prefectures at once: all done in {wall:.2f}s, slowest {worst:.2f}s, "
              f"largest {biggest / 1024:.0f}KB, statuses {sorted({r[1] for r in results.values()})}")
    return out


def main(argv: list[str] | None = None) -> None:
    from benchmarks.common import graph_path, store_spec

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", help="the bench graph of this size (2k, 20k, 100k), as make bench built it")
    parser.add_argument("--records", type=int, default=20_000, help="without --size: synthetic records to build")
    args = parser.parse_args(argv)
    if args.size:
        spec = store_spec(args.size)
        if not os.environ.get("BENCH_STORE") and not any(
                graph_path(args.size).parent.glob(graph_path(args.size).name + "*")):
            raise SystemExit(f"no bench graph of size {args.size}: run make bench SIZE={args.size} "
                             "(its rebuild step), or set BENCH_STORE")
        print(f"== area pages over {spec} (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
        pages_step(spec)
        return
    with tempfile.TemporaryDirectory(prefix="tsunagari-pages-") as tmp:
        graph = Path(tmp) / "graph"
        took = build(graph, args.records)
        print(f"== area pages over {args.records} synthetic records + the shipped ones "
              f"(built in {took:.0f} s; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
        pages_step(f"embedded:{graph}")


if __name__ == "__main__":
    main()
