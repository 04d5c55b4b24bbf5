"""`make bench [SIZE=2k|20k|100k]`: every benchmark on one synthetic graph, one table.

    python -m benchmarks.run --size 20k [--only copy,rebuild,...] [--skip api]

1. ``tsunagari synth`` writes SIZE's records into bench-output/ (kept: the same seed
   gives the same file, so a second run reuses it);
2. rebuild beside the engine's COPY of the same rows, with peak memory;
3. suggestions beside a bare key lookup, the bare friend-of-friend query and
   networkx's Adamic–Adar;
4. the research metrics table beside networkx;
5. the API with 16 and 64 loopback clients beside each route's raw time;
6. the large network view in chromium at 1k, 5k and 10k nodes;
7. the area pages and exports on the same graph, first view and cached (benchmarks/pages_bench.py).

BENCH_STORE=SPEC runs the reading steps on an existing store (no synth, no rebuild).

Every figure is printed in one table and written to bench-output/results.json as
rows of {name, size, value, unit, baseline, baseline_value, ratio} with
ratio = value / baseline_value. Nothing is asserted: the aims are printed beside.
A run of some steps (``--only``) replaces their rows in results.json and keeps the
rows of the others (``--fresh`` starts the file anew); every run is also appended to
bench-output/runs.jsonl with its time, commit, steps and the machine's load, so a
kept row can be traced to the run that measured it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from typing import Any

from benchmarks.common import (
    OUT,
    SEED,
    ChildFailed,
    Result,
    graph_path,
    in_child,
    load_average,
    pct,
    prepared_graph,
    records_path,
    size_of,
    store_spec,
)

STEPS = ("synth", "copy", "rebuild", "suggest", "metrics", "view", "api", "pages")
#: by default: the COPY baseline is timed inside the rebuild ("copy" repeats it in a
#: process of its own, projecting the records a second time)
DEFAULT_STEPS = tuple(s for s in STEPS if s != "copy")
#: the issue's aims, printed beside the figures (ratio = value / baseline)
AIMS = {
    "suggest_p95_ms": "≤ 20 ms",
    "suggest_p50_ms": "ratio ≤ 1.5",
    "rebuild_s": "ratio ≤ 2 (≥ 0.5× COPY speed)",
    "metrics_s": "< 60 s",
    "view_10k_first_render_s": "< 2 s",
    **{f"page {u} first_s": "< 1 s" for u in ("/prefecture/13", "/prefecture/27", "/municipality/13112",
                                              "/municipality/14100", "/japan")},
}


def _ms_rows(name: str, size: str, values: list[float], baseline: str | None = None,
             base_values: list[float] | None = None) -> list[Result]:
    out = []
    for q in (50, 95):
        b = pct(base_values, q) if base_values else None
        out.append(Result(f"{name}_p{q}_ms", size, pct(values, q), "ms", baseline and f"{baseline}_p{q}_ms", b))
    return out


#: rows of results.json from earlier runs, kept beside this run's (main: none with --fresh)
_EARLIER: list[dict[str, Any]] = []


def save(rows: list[Result]) -> int:
    """Write results.json: the earlier rows of other figures, then these. Returns how
    many earlier rows were kept."""
    mine = {(r.name, r.size) for r in rows}
    others = [r for r in _EARLIER if (r.get("name"), r.get("size")) not in mine]
    (OUT / "results.json").write_text(json.dumps(others + [r.row() for r in rows], ensure_ascii=False,
                                                 indent=1) + "\n", encoding="utf-8")
    return len(others)


def run(size: str, steps: list[str], timeout_scale: float) -> list[Result]:
    orgs, edges = size_of(size)
    OUT.mkdir(exist_ok=True)
    records = records_path(size)
    rows: list[Result] = []
    # time limits against runaway steps only (the machine may be shared and loaded)
    limit = {"2k": 5, "20k": 15, "100k": 30}[size] * 60 * timeout_scale

    def step(name: str) -> bool:
        # what is measured so far is on disk before each step: a long run stopped
        # half-way keeps its figures
        save(rows)
        if name in steps:
            print(f"[{time.strftime('%H:%M:%S')}] {name} (load {load_average()})", file=sys.stderr, flush=True)
            return True
        return False

    if step("synth") or (not records.exists() and not os.environ.get("BENCH_STORE")):
        if not records.exists():
            from tsunagari.cli import main as cli

            t = time.perf_counter()
            cli(["synth", "--orgs", str(orgs), "--edges", str(edges), "--seed", str(SEED), "--out", str(records)])
            rows.append(Result("synth_s", size, time.perf_counter() - t, "s"))
    if step("copy"):
        try:
            c = in_child("benchmarks.load_bench:copy_step", limit * 2, records=str(records),
                         path=str(OUT / f"copy-{size}"))
            rows += [Result("copy_alone_s", size, c["copy_s"], "s"),
                     Result("copy_peak_rss_mb", size, c["peak_rss_mb"], "MB"),
                     Result("project_s", size, c["project_s"], "s"),
                     Result("derive_s", size, c["derive_s"], "s"),
                     Result("read_records_s", size, c["read_s"], "s")]
            print(f"  graph: {c['records']} records, {c['nodes']} nodes, {c['relationships']} relationships "
                  f"{c['by_type']}", file=sys.stderr)
        except ChildFailed as exc:
            print(f"  copy: {exc}", file=sys.stderr)
    graph_made = bool(os.environ.get("BENCH_STORE")) or prepared_graph(size) is not None or any(
        graph_path(size).parent.glob(graph_path(size).name + "*"))
    if step("rebuild") or not graph_made:
        try:
            r = in_child("benchmarks.load_bench:rebuild_step", limit * 2, records=str(records),
                         path=str(graph_path(size)))
            rows += [Result("copy_s", size, r["copy_s"], "s"),
                     Result("rebuild_s", size, r["rebuild_s"], "s", "copy_s", r["copy_s"]),
                     Result("rebuild_project_s", size, r["project_s"], "s"),
                     Result("rebuild_derive_s", size, r["derive_s"], "s"),
                     Result("rebuild_read_and_rest_s", size,
                            r["rebuild_s"] - r["project_s"] - r["derive_s"] - r["copy_s"], "s"),
                     Result("rebuild_peak_rss_mb", size, r["peak_rss_mb"], "MB")]
            # the rest phase by phase (benchmarks/load_bench.py rebuild_step; nested
            # ones are inside their parents: answers_and_seeds holds the answers' parts)
            rows += [Result(f"rebuild_{name}", size, value, "s")
                     for name, value in sorted(r.get("phases", {}).items())]
        except ChildFailed as exc:
            print(f"  rebuild: {exc}", file=sys.stderr)
    spec = store_spec(size)
    if step("suggest"):
        try:
            s = in_child("benchmarks.suggest_bench:suggest_step", limit * 2, spec=spec,
                         requests=300 if size == "100k" else 200, aa_requests=30 if size == "100k" else 50,
                         seed=SEED)
            both = s["suggest_org"] + s["suggest_need"]
            rows.append(Result("key_lookup_p50_ms", size, pct(s["key_lookup"], 50), "ms"))
            rows.append(Result("suggest_p50_ms", size, pct(both, 50), "ms", "key_lookup_p50_ms",
                               pct(s["key_lookup"], 50)))
            rows.append(Result("suggest_p95_ms", size, pct(both, 95), "ms", "fof_query_p95_ms",
                               pct(s["fof_query"], 95)))
            rows += _ms_rows("fof_query", size, s["fof_query"])
            rows += _ms_rows("suggest_org", size, s["suggest_org"], "adamic_adar_networkx",
                             s["adamic_adar_networkx"])
            rows += _ms_rows("suggest_need", size, s["suggest_need"], "key_lookup", s["key_lookup"])
            rows += _ms_rows("suggest_need_decoded", size, s["suggest_need_decoded"])
            rows += _ms_rows("adamic_adar_networkx", size, s["adamic_adar_networkx"])
            # what a server works out and reads at its start so that no request does
            rows.append(Result("suggest_warm_s", size, s["warm_s"], "s"))
        except ChildFailed as exc:
            print(f"  suggest: {exc}", file=sys.stderr)
    if step("metrics"):
        ours = None
        try:
            ours = in_child("benchmarks.metrics_bench:metrics_step", limit * 2, spec=spec, engine="auto")
            print(f"  metrics: {ours['nodes']} nodes, {ours['edges']} edges, engine {ours['engine']}, "
                  f"betweenness {ours['betweenness']} (k={ours['betweenness_k']}, seed={ours['seed']}), "
                  f"parts {', '.join(f'{k} {v:.1f} s' for k, v in ours['timings'].items())}; CPU "
                  f"{', '.join(f'{k} {v:.1f} s' for k, v in ours['cpu_timings'].items())}", file=sys.stderr)
        except ChildFailed as exc:
            print(f"  metrics: {exc}", file=sys.stderr)
        nx_run = None
        nx_limit = limit * 2 if size != "100k" else 15 * 60 * timeout_scale  # networkx takes hours there
        try:
            nx_run = in_child("benchmarks.metrics_bench:metrics_step", nx_limit, spec=spec, engine="networkx")
            print(f"  metrics (networkx): betweenness {nx_run['betweenness']} (k={nx_run['betweenness_k']}, "
                  f"seed={nx_run['seed']}), graph {nx_run['graph_s']:.1f} s", file=sys.stderr)
        except ChildFailed as exc:
            print(f"  metrics (networkx): {exc}", file=sys.stderr)
        nx_s = nx_run["metrics_s"] if nx_run else None
        if ours:
            rows += [Result("metrics_s", size, ours["metrics_s"], "s", "networkx_metrics_s", nx_s),
                     Result("metrics_cpu_s", size, ours["cpu_s"], "s", "networkx_metrics_cpu_s",
                            nx_run["cpu_s"] if nx_run else None),
                     Result("research_graph_s", size, ours["graph_s"], "s"),
                     Result("metrics_peak_rss_mb", size, ours["peak_rss_mb"], "MB")]
        if nx_run is None:
            rows.append(Result("networkx_metrics_s", size, None, "s (did not finish in "
                               f"{nx_limit:.0f} s)"))
        else:
            rows += [Result("networkx_metrics_s", size, nx_s, "s"),
                     Result("networkx_metrics_cpu_s", size, nx_run["cpu_s"], "s"),
                     Result("networkx_graph_s", size, nx_run["graph_s"], "s"),
                     Result("networkx_peak_rss_mb", size, nx_run["peak_rss_mb"], "MB")]
    if step("view"):
        try:
            # views of 10,000 nodes need the 20k graph's programmes, whatever SIZE is
            views_from = records_path("20k")
            if not views_from.exists():
                from tsunagari.cli import main as cli

                o, e = size_of("20k")
                cli(["synth", "--orgs", str(o), "--edges", str(e), "--seed", str(SEED), "--out", str(views_from)])
            v = in_child("benchmarks.view_bench:view_step", limit * 2, sizes=[1000, 5000, 10000], seed=SEED,
                         records=str(views_from))
            for n, figures in v["views"].items():
                label = f"{int(n) // 1000}k"
                rows.append(Result(f"view_{label}_first_render_s", size, figures["first_render_s"], "s"))
                rows.append(Result(f"view_{label}_interaction_ms", size, figures["interaction_ms"], "ms"))
                rows.append(Result(f"view_{label}_zoom_ms", size, figures["zoom_ms"], "ms"))
                rows.append(Result(f"view_{label}_inspect_ms", size, figures["inspect_ms"], "ms"))
                rows.append(Result(f"view_{label}_server_payload_s", size, figures["payload_s"], "s"))
                print(f"  view {n}: {figures['nodes']} nodes, {figures['edges']} edges, {figures['renderer']}, "
                      f"in page {figures.get('script_timings')}, errors {figures['errors']}", file=sys.stderr)
        except ChildFailed as exc:
            print(f"  view: {exc}", file=sys.stderr)
    if step("api"):
        try:
            a = in_child("benchmarks.api_bench:api_step", limit * 4, spec=spec, requests=4 if size == "100k" else 2,
                         seed=SEED,
                         concurrency=[16, 64])
            for key, v in a["load"].items():
                route, c = key.split("|")
                raw = a["raw"][route]
                slug = route.removeprefix("GET ")
                rows.append(Result(f"api {slug} c={c} p50_ms", size, pct(v["latencies"], 50), "ms",
                                   "raw_p50_ms", pct(raw, 50)))
                rows.append(Result(f"api {slug} c={c} p95_ms", size, pct(v["latencies"], 95), "ms",
                                   "raw_p95_ms", pct(raw, 95)))
                rows.append(Result(f"api {slug} c={c} throughput", size,
                                   len(v["latencies"]) / v["elapsed"], "req/s"))
                if v.get("server_cpu_ms") is not None:
                    rows.append(Result(f"api {slug} c={c} server_cpu_ms", size, v["server_cpu_ms"],
                                       "ms/req", "raw_p50_ms", pct(raw, 50)))
                if v["errors"]:
                    rows.append(Result(f"api {slug} c={c} errors", size, v["errors"], "responses"))
        except ChildFailed as exc:
            print(f"  api: {exc}", file=sys.stderr)
    if step("pages"):
        try:
            pg = in_child("benchmarks.pages_bench:pages_step", limit * 2, spec=spec)
            for url, v in pg["pages"].items():
                rows.append(Result(f"page {url} first_s", size, v["first_s"], "s"))
                rows.append(Result(f"page {url} cached_s", size, v["cached_s"], "s"))
                rows.append(Result(f"page {url} kb", size, v["bytes"] / 1024, "KB"))
            for url, v in pg["exports"].items():
                rows.append(Result(f"export {url} first_byte_s", size, v["first_byte_s"], "s"))
                rows.append(Result(f"export {url} total_s", size, v["total_s"], "s"))
            rows.append(Result("pages 6 uncached prefectures at once slowest_s", size,
                               pg["six_at_once"]["slowest_s"], "s"))
        except ChildFailed as exc:
            print(f"  pages: {exc}", file=sys.stderr)
    return rows


def table(rows: list[Result]) -> str:
    lines = [f"{'name':48s} {'size':>5s} {'value':>12s} {'unit':<6s} {'baseline':>30s} {'base':>10s} "
             f"{'ratio':>7s}  aim"]
    for r in rows:
        def num(x: Any) -> str:
            return "—" if x is None else f"{x:.3f}" if abs(x) < 10 else f"{x:.1f}"
        lines.append(f"{r.name:48s} {r.size:>5s} {num(r.value):>12s} {r.unit:<6s} {r.baseline or '':>30s} "
                     f"{num(r.baseline_value):>10s} {num(r.ratio):>7s}  {AIMS.get(r.name, '')}")
    return "\n".join(lines)


def _commit() -> str | None:
    """The checked-out commit (with "+" when the tree has changes), or None outside git."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True,
                               text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return head + ("+" if dirty else "")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="20k")
    ap.add_argument("--only", default=",".join(DEFAULT_STEPS), help=f"comma-separated steps of {STEPS}")
    ap.add_argument("--skip", default="", help="comma-separated steps to leave out")
    ap.add_argument("--timeout-scale", type=float, default=1.0, help="multiply every step's time limit")
    ap.add_argument("--fresh", action="store_true",
                    help="write results.json anew instead of replacing this run's rows in it")
    args = ap.parse_args(argv)
    steps = [s for s in args.only.split(",") if s and s not in args.skip.split(",")]
    unknown = set(steps) - set(STEPS)
    if unknown:
        ap.error(f"unknown steps {sorted(unknown)}; choose from {STEPS}")
    load_before = load_average()
    started = time.perf_counter()
    out = OUT / "results.json"
    if not args.fresh and out.exists():
        try:
            earlier = json.loads(out.read_text(encoding="utf-8"))
        except ValueError:
            earlier = []
        _EARLIER[:] = [r for r in earlier if isinstance(r, dict)] if isinstance(earlier, list) else []
    rows = run(args.size, steps, args.timeout_scale)
    kept = save(rows)
    with (OUT / "runs.jsonl").open("a", encoding="utf-8") as log:
        log.write(json.dumps({"at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "commit": _commit(),
                              "size": args.size, "steps": steps, "load_before": load_before,
                              "load_after": load_average(), "answers": os.environ.get("TSUNAGARI_SUGGEST_ANSWERS"),
                              "rows": [r.row() for r in rows]}, ensure_ascii=False) + "\n")
    print(table(rows))
    if kept:
        print(f"\n{kept} rows of earlier runs kept in {out} (bench-output/runs.jsonl says when each was measured)")
    print(f"\nstored suggestion answers (TSUNAGARI_SUGGEST_ANSWERS): "
          f"{os.environ.get('TSUNAGARI_SUGGEST_ANSWERS') or 'on'}")
    print(f"machine load (1, 5, 15 min) before: {load_before}; after: {load_average()}; "
          f"{time.perf_counter() - started:.0f} s in all; written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
