"""kill -9 during `tsunagari load` / `rebuild`, then check the graph.

Each fault starts a real CLI process on an embedded store, kills it with
SIGKILL at a random moment and checks that the store says it is complete and
holds exactly the graph it held before the command or the one the command
would have made (fingerprints of nodes, names, aliases and every edge,
computed from uninterrupted runs). Prints "faults injected N / graph intact M".

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

        # The graphs an uninterrupted run makes: from A, each op; from each result, each op.
        ref = tmp / "ref"
        states: dict[tuple[str, str], str] = {}
        seconds: dict[str, float] = {}
        _finish(ref, *ops["rebuild-a"])
        start_fp = fingerprint(ref)[1]
        frontier = [start_fp]
        seen = {start_fp}
        replay = {start_fp: []}
        while frontier:
            fp = frontier.pop()
            for name, op in ops.items():
                # rebuild the state fp from A by its op history, then apply op
                _finish(ref, *ops["rebuild-a"])
                for past in replay[fp]:
                    _finish(ref, *ops[past])
                seconds[name] = max(seconds.get(name, 0.0), _finish(ref, *op))
                after = fingerprint(ref)[1]
                states[(fp, name)] = after
                if after not in seen:
                    seen.add(after)
                    replay[after] = [*replay[fp], name]
                    frontier.append(after)

        store = tmp / "graph"
        _finish(store, *ops["rebuild-a"])
        current = start_fp
        injected = intact = mid_write = 0
        for i in range(n):
            name = rng.choice(list(ops))
            delay = rng.uniform(0.0, seconds[name] * 1.1)
            p = cli(store, *ops[name])
            time.sleep(delay)
            if p.poll() is None:
                os.kill(p.pid, signal.SIGKILL)
                mid_write += 1
            p.wait()
            injected += 1
            ok, fp = fingerprint(store)
            good = ok and fp in (current, states[(current, name)])
            intact += good
            if verbose:
                print(f"fault {i + 1}: {name} killed after {delay:.2f}s "
                      f"({'mid-run' if p.returncode == -signal.SIGKILL else 'already finished'}) → "
                      f"{'intact' if good else 'NOT INTACT'} "
                      f"({'before' if fp == current else 'after' if good else fp[:12]})")
            if good:
                current = fp
            else:  # start the next fault from a known graph
                _finish(store, *ops["rebuild-a"])
                current = start_fp
        leftovers = sorted(p.name for p in tmp.glob("graph.gen-*"))
    figures = {"faults_injected": injected, "graph_intact": intact, "killed_mid_run": mid_write,
               "generations_left": len(leftovers), "seconds_per_op": seconds}
    if verbose:
        print(f"faults injected {injected} / graph intact {intact} "
              f"({mid_write} killed mid-run, {len(leftovers)} generation folders left)")
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
