"""kill -9 during `tsunagari load` / `rebuild`, then check the graph.

Each fault starts a real CLI process (a rebuild of all the shipped records, a
load of their second half, or a rebuild of their first half) on an embedded
store holding the first half, kills it with SIGKILL at a random moment and
checks that the store says it is complete and holds exactly the graph it held
before or the one the command makes when it is not interrupted (fingerprints
of every node and edge with their properties). Prints "faults injected N / graph intact M".

    .venv/bin/python -m tests.soak.kill_load 16        # the reliability suite (make soak)
    run(n) -> dict                                      # the same from Python
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RECORDS = ROOT / "data" / "records.jsonl"


def cli(store: Path, *args: str) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "tsunagari.cli", "--store", f"embedded:{store}", *args, "--quiet"]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def fingerprint(store: Path) -> tuple[bool, str]:
    """(the store says it is complete, a digest of everything in the graph)."""
    from tsunagari.graph import open_store
    from tsunagari.graph.model import NODES, RELATIONSHIPS

    s = open_store(f"embedded:{store}", read_only=True)
    try:
        ok = s.status()["ok"]
        if not ok:
            return False, ""
        h = hashlib.sha256()
        for node in NODES:
            rows = s.run(f"MATCH (n:{node.name}) RETURN n AS n")
            h.update(json.dumps(sorted(json.dumps(r["n"], sort_keys=True, ensure_ascii=False,
                                                  default=str) for r in rows)).encode())
        for rel in RELATIONSHIPS:
            rows = s.run(f"MATCH (a)-[r:`{rel.name}`]->(b) RETURN a AS a, r AS r, b AS b")
            h.update(json.dumps(sorted(json.dumps(
                [_key(r["a"]), _key(r["b"]), {k: v for k, v in r["r"].items() if not k.startswith("_")}],
                sort_keys=True, ensure_ascii=False, default=str) for r in rows)).encode())
        return True, h.hexdigest()
    finally:
        s.close()


def _key(node: dict) -> str:
    return str(node.get("id") or node.get("code"))


def _finish(store: Path, *args: str) -> float:
    started = time.perf_counter()
    p = cli(store, *args)
    if p.wait() != 0:
        raise RuntimeError(f"tsunagari {' '.join(args)} failed with {p.returncode}")
    return time.perf_counter() - started


def run(n: int = 16, seed: int = 7, workdir: Path | None = None, verbose: bool = True) -> dict:
    """Inject ``n`` kill -9 faults; return the figures."""
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        tmp = Path(tmp)
        lines = RECORDS.read_text(encoding="utf-8").splitlines()
        half_a, half_b = tmp / "a.jsonl", tmp / "b.jsonl"
        half_a.write_text("\n".join(lines[: len(lines) // 2]) + "\n", encoding="utf-8")
        half_b.write_text("\n".join(lines[len(lines) // 2:]) + "\n", encoding="utf-8")
        ops = {"rebuild-all": ("rebuild", str(RECORDS)), "load-b": ("load", str(half_b)),
               "rebuild-a": ("rebuild", str(half_a))}

        # The graph each op makes from A when nothing interrupts it.
        ref = tmp / "ref"
        seconds: dict[str, float] = {}
        _finish(ref, *ops["rebuild-a"])
        start_fp = fingerprint(ref)[1]
        after: dict[str, str] = {}
        for name, op in ops.items():
            _finish(ref, *ops["rebuild-a"])
            seconds[name] = _finish(ref, *op)
            after[name] = fingerprint(ref)[1]

        store = tmp / "graph"
        _finish(store, *ops["rebuild-a"])
        injected = intact = mid_run = 0
        for i in range(n):
            name = rng.choice(list(ops))
            delay = rng.uniform(0.0, seconds[name] * 1.1)
            p = cli(store, *ops[name])
            time.sleep(delay)
            if p.poll() is None:
                os.kill(p.pid, signal.SIGKILL)
            killed = p.wait() == -signal.SIGKILL
            mid_run += killed
            injected += 1
            ok, fp = fingerprint(store)
            good = ok and fp in (start_fp, after[name])
            intact += good
            if verbose:
                state = "before" if fp == start_fp else "after" if fp == after[name] else "NEITHER"
                print(f"fault {i + 1}: {name} killed at {delay:.2f}s "
                      f"({'mid-run' if killed else 'had finished'}) → "
                      f"{'intact' if good else 'NOT INTACT'} ({state if ok else 'incomplete'})",
                      flush=True)
            if fp != start_fp:  # every fault starts from A
                _finish(store, *ops["rebuild-a"])
        leftovers = sorted(p.name for p in tmp.glob("graph.gen-*"))
    figures = {"faults_injected": injected, "graph_intact": intact, "killed_mid_run": mid_run,
               "generations_left": len(leftovers), "seconds_per_op": seconds}
    if verbose:
        print(f"faults injected {injected} / graph intact {intact} "
              f"({mid_run} killed mid-run, {len(leftovers)} generation folders left)")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=16, help="faults to inject")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    figures = run(args.n, args.seed)
    return 0 if figures["graph_intact"] == figures["faults_injected"] else 1


if __name__ == "__main__":
    sys.exit(main())
