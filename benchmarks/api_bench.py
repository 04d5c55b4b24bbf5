"""The HTTP API under concurrent loopback clients, beside the raw work of each route.

The app is served by ``tsunagari serve`` on 127.0.0.1 (a child process started and
stopped here). For each main route, a fixed number of requests (bounded, no time
loop) is sent by 16 and then 64 concurrent clients; p50, p95 and throughput are
reported beside the route's raw time: the same functions the route calls, run
in process on the same store, without HTTP.
"""

from __future__ import annotations

import asyncio
import os
import random
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

HOST = "127.0.0.1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _sample(spec: str, n: int, seed: int) -> dict[str, Any]:
    from tsunagari.graph import open_store

    rng = random.Random(seed)
    store = open_store(spec, read_only=True)
    try:
        orgs = store.run("MATCH (o:Organisation) WHERE o.kind <> 'generic' RETURN o.id AS id, o.name AS name")
        codes = sorted(r["code"] for r in store.run(
            "MATCH (:Programme)-[:TARGETS]->(m:Municipality) RETURN DISTINCT m.code AS code"))
    finally:
        store.close()
    picked = [rng.choice(orgs) for _ in range(n)]
    return {"ids": [o["id"] for o in picked],
            "words": [o["name"][-4:].strip() or o["name"] for o in picked],
            "codes": [rng.choice(codes) for _ in range(n)],
            "roles": [rng.choice(("venue", "publicity", "funding", "expertise", "co_organiser"))
                      for _ in range(n)]}


def _routes(s: dict[str, Any]) -> dict[str, list[str]]:
    n = len(s["ids"])
    return {
        "GET /organisations/{id}": [f"/organisations/{i}" for i in s["ids"]],
        "GET /organisations?q=": [f"/organisations?q={quote(w)}" for w in s["words"]],
        "GET /organisations/{id}/suggestions": [
            f"/organisations/{s['ids'][i]}/suggestions?role={s['roles'][i]}&k=10" for i in range(n)],
        "GET /suggestions?need=&area=": [
            f"/suggestions?need={s['roles'][i]}&area={s['codes'][i]}&k=10" for i in range(n)],
        "GET /municipality/{code}": [f"/municipality/{c}" for c in s["codes"]],
    }


def raw_calls(store: Any, s: dict[str, Any]) -> dict[str, Callable[[int], Any]]:
    """Each route's own work, by route: the functions its handler calls, in process.

    Imported here from where the routes import them, so that a function moved in a
    refactor breaks this (and tests/test_api_bench.py) at once, not a 100k run."""
    from tsunagari.api.routes_organisations import (
        PARTNER_PAGE_DEFAULT,
        PROGRAMME_PAGE_DEFAULT,
        PartnerWindow,
        ProgrammeWindow,
        organisation_profile,
    )
    from tsunagari.api.routes_pages import (
        AREA_DRAW_STEP,
        area_activity,
        area_programmes,
        area_rows,
        area_view,
        reads_whole,
    )
    from tsunagari.core.places import covered

    from tsunagari import search, suggest

    activity = area_activity(store)  # the server reads it at start-up

    def municipality(i: int) -> None:
        # a small area's programmes read once for its map and its list; the prefecture's
        # own (the route reads them once per prefecture and graph version)
        code = s["codes"][i]
        rows = area_rows(store, covered(code)) if reads_whole(activity.get(code, 0)) else None
        area_view(store, code, AREA_DRAW_STEP, rows=rows)
        area_programmes(store, covered(code), rows=rows)
        area_rows(store, [code[:2]], partners=False)

    return {
        "GET /organisations/{id}": lambda i: organisation_profile(
            store, s["ids"][i], window=PartnerWindow(None, 0, PARTNER_PAGE_DEFAULT),
            programmes=ProgrammeWindow(None, 0, PROGRAMME_PAGE_DEFAULT)),
        "GET /organisations?q=": lambda i: search.search_organisations(store, s["words"][i], limit=20),
        "GET /organisations/{id}/suggestions": lambda i: suggest.suggest_for_organisation(
            store, s["ids"][i], role=s["roles"][i], k=10),
        "GET /suggestions?need=&area=": lambda i: suggest.suggest_for_need(
            store, s["roles"][i], area=s["codes"][i], k=10),
        "GET /municipality/{code}": municipality,
    }


def _raw(spec: str, s: dict[str, Any], n: int) -> dict[str, list[float]]:
    """The routes' own work in process, on the same store, n times each (the page
    computes uncached here: the server caches an area per graph version)."""
    from tsunagari.graph import open_store

    store = open_store(spec, read_only=True)
    out: dict[str, list[float]] = {}
    try:
        calls = raw_calls(store, s)
        assert set(calls) == set(_routes(s)), "every route measured under load has its raw time"
        for route, call in calls.items():
            times = []
            for i in range(min(n, len(s["ids"]))):
                t = time.perf_counter()
                call(i)
                times.append((time.perf_counter() - t) * 1000)
            out[route] = times
    finally:
        store.close()
    return out


def raw_step(spec: str, requests: int, seed: int) -> dict[str, Any]:
    """The raw half of the API step alone (tests, and a store no server may open)."""
    return {"raw": _raw(spec, _sample(spec, requests, seed), requests)}


async def _load(port: int, paths: list[str], clients: int) -> tuple[list[float], float, int]:
    import httpx

    queue: asyncio.Queue[str] = asyncio.Queue()
    for p in paths:
        queue.put_nowait(p)
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=f"http://{HOST}:{port}", limits=limits, timeout=120) as client:
        async def worker() -> None:
            nonlocal errors
            while True:
                try:
                    path = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                t = time.perf_counter()
                try:
                    r = await client.get(path)
                    ok = r.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append((time.perf_counter() - t) * 1000)
                errors += not ok

        t = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - t
    return latencies, elapsed, errors


def _cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system, every thread) a process has used so far; None off Linux."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def serving(spec: str) -> Iterator[tuple[int, int]]:
    """``tsunagari serve`` on the store, in a child process on 127.0.0.1: its port
    and process id once /health answers; stopped on leaving."""
    import httpx

    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tsunagari.cli", "--store", spec, "serve", "--host", HOST, "--port", str(port)],
        cwd=Path(__file__).resolve().parents[1], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                if httpx.get(f"http://{HOST}:{port}/health", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("the server did not come up on 127.0.0.1")
            time.sleep(0.5)
        yield port, server.pid
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def api_step(spec: str, requests: int, seed: int, concurrency: list[int]) -> dict[str, Any]:
    """``requests`` per client: each route gets requests × clients requests at each concurrency.

    Beside each route's latencies, the server's CPU time per request (``server_cpu_ms``):
    set against the raw time it tells the server's own work (HTTP, validation, JSON,
    templates) from the route's queries, and against the wall time how much of the
    machine the server got (the clients run on the same cores)."""

    s = _sample(spec, requests * max(concurrency), seed)
    raw = _raw(spec, s, 30)
    results: dict[str, Any] = {"raw": raw, "load": {}}
    with serving(spec) as (port, pid):
        for route, paths in _routes(s).items():
            for c in concurrency:
                n = requests * c
                cpu_before = _cpu_seconds(pid)
                lat, elapsed, errors = asyncio.run(_load(port, (paths * (n // len(paths) + 1))[:n], c))
                cpu_after = _cpu_seconds(pid)
                cpu_ms = (None if cpu_before is None or cpu_after is None
                          else (cpu_after - cpu_before) * 1000 / n)
                results["load"][f"{route}|{c}"] = {"latencies": lat, "elapsed": elapsed, "errors": errors,
                                                   "server_cpu_ms": cpu_ms}
    return results
