"""One API route under concurrent loopback clients: cold (the first requests a fresh
server answers, as benchmarks.api_bench measures at 100k) and warm, with the server's
CPU per request, and the bodies of a sample of requests saved for comparison.

    python -m benchmarks.route_bench --store embedded:bench-output/graph-100k \
        --route suggestions --requests 320 --clients 16 --bodies bench-output/bodies.json

Prints the machine's load beside every figure (2 shared cores: compare runs back to back).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

from benchmarks.api_bench import HOST, _cpu_seconds, _load, _routes, _sample, serving

ROUTES = {
    "suggestions": "GET /organisations/{id}/suggestions",
    "organisation": "GET /organisations/{id}",
    "search": "GET /organisations?q=",
    "need": "GET /suggestions?need=&area=",
}


def _load_avg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(len(s) * p / 100))] if s else float("nan")


def _sys_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[12]) / os.sysconf("SC_CLK_TCK")


def _phase(port: int, pid: int, paths: list[str], clients: int) -> dict[str, Any]:
    before = _cpu_seconds(pid) or 0.0
    sys_before = _sys_seconds(pid)
    lat, elapsed, errors = asyncio.run(_load(port, paths, clients))
    cpu = ((_cpu_seconds(pid) or 0.0) - before) * 1000 / len(paths)
    sys_ms = (_sys_seconds(pid) - sys_before) * 1000 / len(paths)
    return {"n": len(paths), "p50_ms": _pct(lat, 50), "p95_ms": _pct(lat, 95),
            "throughput": len(paths) / elapsed, "server_cpu_ms": cpu, "of_which_sys_ms": sys_ms, "errors": errors,
            "load": _load_avg()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", default=os.environ.get("BENCH_STORE"), required=not os.environ.get("BENCH_STORE"),
                    help="the store to serve (default: BENCH_STORE)")
    ap.add_argument("--route", choices=sorted(ROUTES), default="suggestions")
    ap.add_argument("--requests", type=int, default=320)
    ap.add_argument("--clients", type=int, nargs="+", default=[16])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bodies", help="save the bodies of the first --sample paths here (JSON)")
    ap.add_argument("--sample", type=int, default=50)
    ap.add_argument("--extra", default="", help="appended to every path (e.g. '?limit=200')")
    args = ap.parse_args(argv)

    import httpx

    s = _sample(args.store, args.requests, args.seed)
    paths = [p + args.extra for p in _routes(s)[ROUTES[args.route]]]
    with serving(args.store) as (port, pid):
        print(f"route {ROUTES[args.route]} store {args.store} load {_load_avg()}")
        for c in args.clients:
            cold = _phase(port, pid, paths[:c], c)
            print(f"c={c} cold (first {c}): " + json.dumps(cold))
            warm = _phase(port, pid, paths, c)
            print(f"c={c} warm ({len(paths)}):   " + json.dumps(warm))
        if args.bodies:
            bodies = {}
            with httpx.Client(base_url=f"http://{HOST}:{port}", timeout=120) as client:
                for p in paths[:args.sample]:
                    r = client.get(p)
                    bodies[p] = {"status": r.status_code, "type": r.headers.get("content-type"),
                                 "body": r.json()}
            Path(args.bodies).write_text(json.dumps(bodies, ensure_ascii=False, sort_keys=True))
            print(f"{len(bodies)} bodies saved to {args.bodies}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
