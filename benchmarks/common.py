"""What every benchmark shares: sizes, where files go, timing, result rows, child processes.

Each heavy step runs in a child process (``python -m benchmarks.child``) so that
its peak memory is its own and a step that runs away can be stopped by a time
limit without losing the others' figures.
"""

from __future__ import annotations

import json
import math
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench-output"
SEED = 1
#: SIZE -> (named organisations, partnership edges); ten edges per organisation
SIZES: dict[str, tuple[int, int]] = {
    "2k": (2_000, 20_000),
    "20k": (20_000, 200_000),
    "100k": (100_000, 1_000_000),
}


def size_of(name: str) -> tuple[int, int]:
    if name not in SIZES:
        raise SystemExit(f"SIZE must be one of {', '.join(SIZES)}, not {name!r}")
    return SIZES[name]


#: A folder of inputs made before (synth-SIZE-seed1.jsonl, an embedded store graph-SIZE),
#: read in place instead of making them again in bench-output/; never written to.
PREPARED_ENV = "TSUNAGARI_BENCH_DATA"


def _prepared(name: str) -> Path | None:
    folder = os.environ.get(PREPARED_ENV)
    return Path(folder) / name if folder else None


def records_path(size: str) -> Path:
    name = f"synth-{size}-seed{SEED}.jsonl"
    prepared = _prepared(name)
    return prepared if prepared is not None and prepared.exists() else OUT / name


def graph_path(size: str) -> Path:
    """Where the rebuild step writes SIZE's graph (always in bench-output/)."""
    return OUT / f"graph-{size}"


def prepared_graph(size: str) -> Path | None:
    """SIZE's store in the prepared folder, when there is one."""
    prepared = _prepared(f"graph-{size}")
    return prepared if prepared is not None and prepared.with_name(prepared.name + ".current").exists() else None


def store_spec(size: str) -> str:
    """The store the reading steps open: BENCH_STORE (a store spec, e.g. a graph built
    elsewhere, opened read-only by the steps that only read) if set, else the prepared
    one (TSUNAGARI_BENCH_DATA) if any, else bench-output's."""
    return os.environ.get("BENCH_STORE") or f"embedded:{prepared_graph(size) or graph_path(size)}"


@dataclass
class Result:
    """One row of bench-output/results.json; ratio = value / baseline_value."""

    name: str
    size: str
    value: float | None
    unit: str
    baseline: str | None = None
    baseline_value: float | None = None
    ratio: float | None = None

    def __post_init__(self) -> None:
        if self.ratio is None and self.value is not None and self.baseline_value:
            self.ratio = self.value / self.baseline_value
        for k in ("value", "baseline_value", "ratio"):
            v = getattr(self, k)
            if isinstance(v, float):
                setattr(self, k, None if math.isnan(v) else round(v, 4))

    def row(self) -> dict[str, Any]:
        return asdict(self)


def pct(values: list[float], q: int) -> float:
    """The q-th percentile (1..99) of values, by the inclusive method."""
    if not values:
        return math.nan
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def timed_ms(fn: Callable[[], Any]) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_average() -> str:
    try:
        return Path("/proc/loadavg").read_text().strip()
    except OSError:
        return "unknown"


class ChildFailed(RuntimeError):
    pass


def in_child(func: str, timeout: float, **kwargs: Any) -> dict[str, Any]:
    """Run ``module:function(**kwargs)`` in a fresh interpreter; its dict, plus peak_rss_mb."""
    cmd = [sys.executable, "-m", "benchmarks.child", func, json.dumps(kwargs)]
    try:
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, "PYTHONUNBUFFERED": "1"})
    except subprocess.TimeoutExpired as exc:
        raise ChildFailed(f"{func} did not finish within {timeout:.0f} s") from exc
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    raise ChildFailed(f"{func} failed (exit {proc.returncode}): {proc.stderr.strip()[-2000:]}")
