"""The reliability suite: `make soak` (full) and tests/test_soak.py (short).

Prints figures, one section each:

- payloads tried / leaked: Cypher injection, XSS, path traversal and formula
  injection sent through every route and every query parameter of the app,
  over a graph that itself holds hostile names and titles. A payload leaks when
  the server fails (5xx), tells its internals (a traceback, engine text, a
  path, a query), echoes markup unescaped into a page, serves a file from
  outside api/static, changes the graph, or writes a cell a spreadsheet runs
  as a formula (= + - @ tab CR) into a CSV export.
- kill -9 faults injected / graph intact: `tsunagari load` / `rebuild` killed
  at random moments (the `load` helper's harness, tests/soak/kill_load.py, when
  present; otherwise a rebuild killed here, the graph compared by its counts).
- bad rows / reported / lost: hostile records and CSV files (bad JSON, wrong
  types, Shift_JIS, stray bytes, NULs, a broken quote) mixed with good rows.
- store down: seconds to a 503 from a server whose Neo4j refuses (a closed
  port on 127.0.0.1) or never answers (a silent socket on 127.0.0.1).
- clients × seconds / requests / errors / p50 / p99 against a real
  `tsunagari serve` on 127.0.0.1.

Every network call goes to 127.0.0.1 only; every loop is bounded in count and time.

    .venv/bin/python -m benchmarks.soak            # full (make soak)
    .venv/bin/python -m benchmarks.soak --short    # what `make test` runs, in tests/test_soak.py
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import importlib
import io
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from benchmarks.live import LiveServer, SilentServer, closed_port

ROOT = Path(__file__).resolve().parents[1]
RECORDS = ROOT / "data" / "records.jsonl"

PAYLOADS: dict[str, list[str]] = {
    "cypher": ["' OR 1=1 //", "x\"}) MATCH (n) DETACH DELETE n //",
               "13' }) RETURN 1 UNION MATCH (n) RETURN n //", "$codes", "') CALL db.labels() //",
               "\\' OR true WITH 1 AS x MATCH (n) SET n.name = 'pwned' //"],
    "xss": ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
            "</script><script>alert(1)</script>", "javascript:alert(1)", "'-alert(1)-'",
            "<svg onload=alert(1)>"],
    "traversal": ["../../../../etc/passwd", "..%2f..%2f..%2fetc%2fpasswd", "....//....//etc/passwd",
                  "/etc/passwd", "..\\..\\api\\app.py", "../app.py", "%00", "a\x00b"],
    "formula": ["=HYPERLINK(\"http://127.0.0.1/x\",\"y\")", "+cmd|' /C calc'!A0", "@SUM(1+1)",
                "-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"],
}
SHORT = {k: v[:2] for k, v in PAYLOADS.items()}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Words of a server telling its internals.
INTERNALS = ("Traceback", "(query:", "RuntimeError", "Binder exception", "Parser exception",
             "Runtime exception", "Neo4jError", "File \"/", str(ROOT), "/tmp/")
HOSTILE_TEXT = [p for k in ("xss", "formula", "cypher") for p in PAYLOADS[k]]


# -- a graph with hostile names --------------------------------------------------


def hostile_records() -> list[Any]:
    """Records whose titles, names and role texts are the payloads themselves."""
    from tsunagari.loaders.records import Record

    out = []
    for i, text in enumerate(HOSTILE_TEXT):
        out.append(Record.model_validate({
            "id": f"hostile-{i:03d}",
            "title": f"{text} 取組{i}",
            "lead": {"name": f"{text}"},
            "areas": [{"text": "東京都世田谷区", "code": "13112", "level": "municipality"}],
            "partners": [{"name": f"{HOSTILE_TEXT[(i + 1) % len(HOSTILE_TEXT)]}",
                          "roles": ["venue"], "role_text": text},
                         {"name": "特定非営利活動法人 つながり支援", "roles": ["publicity"],
                          "role_text": text}],
            "source": {"document": "hostile.txt", "line": i + 1, "format": "synthetic"},
        }))
    return out


def build_graph(path: Path, shipped: bool) -> None:
    from tsunagari.graph import open_store
    from tsunagari.loaders.records import read_records

    from tsunagari.loading import write_graph

    records = hostile_records()
    if shipped:
        records = read_records([RECORDS]).records + records
    store = open_store(f"embedded:{path}")
    try:
        write_graph(store, records, mode="rebuild")
    finally:
        store.close()


# -- payloads through every route -------------------------------------------------


@dataclass
class PayloadFigures:
    tried: dict[str, int] = field(default_factory=dict)
    leaked: dict[str, int] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)

    def add(self, kind: str, leak: str | None, where: str) -> None:
        self.tried[kind] = self.tried.get(kind, 0) + 1
        if leak:
            self.leaked[kind] = self.leaked.get(kind, 0) + 1
            if len(self.examples) < 12:
                self.examples.append(f"{kind}: {where}: {leak}")

    @property
    def total_tried(self) -> int:
        return sum(self.tried.values())

    @property
    def total_leaked(self) -> int:
        return sum(self.leaked.values())


def _routes(app: Any) -> list[tuple[str, list[str], list[str]]]:
    """(path template, path params, query params) of every GET route but the docs."""
    from fastapi.routing import APIRoute

    def walk(routes: list[Any]) -> Iterator[Any]:
        for r in routes:
            inner = getattr(r, "original_router", None)  # an included router (FastAPI >= 0.16x)
            yield from walk(inner.routes) if inner is not None else (r,)

    out = []
    for r in walk(app.routes):
        if not isinstance(r, APIRoute) or "GET" not in r.methods:
            continue
        if r.path.startswith(("/docs", "/redoc", "/openapi")):
            continue
        path_params = [p.name for p in r.dependant.path_params]
        query_params = [p.alias for p in r.dependant.query_params]
        out.append((r.path, path_params, query_params))
    return out


def _valid(store: Any) -> dict[str, str]:
    org = store.run("MATCH (o:Organisation) RETURN o.id AS id ORDER BY id LIMIT 1")[0]["id"]
    prog = store.run("MATCH (p:Programme) WHERE p.id STARTS WITH 'hostile-' "
                     "RETURN p.id AS id ORDER BY id LIMIT 1")[0]["id"]
    return {"org_id": org, "programme_id": prog, "code": "13112", "scope": "municipality",
            "key": "13112", "path": "network.js", "role": "venue"}


def _fill(template: str, values: dict[str, str], route_code: str) -> str:
    def one(m: re.Match[str]) -> str:
        name = m.group(1).split(":")[0]
        if name == "code":
            return route_code
        # a path parameter no value is known for gets a plain word: the route
        # is still tried, with its query parameters carrying the payloads
        return quote(values.get(name, "x"), safe="/" if name == "path" else "")
    return re.sub(r"\{([^}]+)\}", one, template)


def _leak(kind: str, payload: str, r: httpx.Response, graph_changed: bool) -> str | None:
    if r.status_code >= 500:
        return f"status {r.status_code}"
    text = r.text
    for word in INTERNALS:
        if word in text:
            return f"tells {word!r}"
    ctype = r.headers.get("content-type", "")
    if "text/html" in ctype:
        if any(c in payload for c in "<>\"'") and payload in text:
            return "echoed unescaped into a page"
        if re.search(r"(href|src)\s*=\s*[\"']?\s*javascript:", text, re.I):
            return "javascript: URL in a page"
    if "root:x:0:0" in text or "from __future__ import annotations" in text:
        return "served a file from outside api/static"
    if "text/csv" in ctype:
        bad = [c for row in csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")) for c in row
               if c.startswith(FORMULA_START)]
        if bad:
            return f"formula cell {bad[0][:30]!r}"
    if graph_changed:
        return "the graph changed"
    return None


def _fingerprint(store: Any) -> str:
    counts = store.counts()
    names = store.run("MATCH (o:Organisation) RETURN o.name AS n ORDER BY n")
    return repr((counts, [r["n"] for r in names]))


def run_payloads(client: Any, store: Any, payloads: dict[str, list[str]]) -> PayloadFigures:
    figures = PayloadFigures()
    values = _valid(store)
    before = _fingerprint(store)
    for template, path_params, query_params in _routes(client.app):
        code = "13" if template.startswith("/prefecture") else "13112"
        for kind, items in payloads.items():
            for payload in items:
                for param in [*path_params, *query_params]:
                    if param in path_params:
                        url = _fill(template, {**values, param: payload}, code
                                    if param != "code" else quote(payload, safe=""))
                    else:
                        url = _fill(template, values, code) + f"?{param}={quote(payload, safe='')}"
                    r = client.get(url, headers={"accept": "text/html"})
                    figures.add(kind, _leak(kind, payload, r, False), url[:80])
    # What the graph itself holds (hostile names) through every export and page.
    for url in ("/municipality/13112", "/prefecture/13", "/search?q=HYPERLINK",
                f"/programme/{values['programme_id']}", "/organisations?q=cmd"):
        r = client.get(url, headers={"accept": "text/html"})
        for payload in HOSTILE_TEXT:
            kind = next(k for k, v in PAYLOADS.items() if payload in v)
            figures.add(kind, _leak(kind, payload, r, False), url)
    for scope, key in (("municipality", "13112"), ("prefecture", "13"),
                       ("programme", values["programme_id"])):
        r = client.get(f"/network/{scope}/{key}", params={"format": "csv"})
        cells = [c for row in csv.reader(io.StringIO(r.text.lstrip("\ufeff"), newline="")) for c in row
                 if any(p.strip() in c for p in PAYLOADS["formula"])]
        for c in cells:
            figures.add("formula", f"formula cell {c[:30]!r}" if c.startswith(FORMULA_START)
                        else None, f"/network/{scope}/{key}?format=csv")
    after = _fingerprint(store)
    figures.add("cypher", "the graph changed" if after != before else None, "graph after all")
    return figures


# -- kill -9 ----------------------------------------------------------------------------


def run_kills(n: int) -> dict[str, Any]:
    """The load helper's kill -9 harness when it is there, else a rebuild killed here."""
    with contextlib.suppress(ModuleNotFoundError):
        harness = importlib.import_module("tests.soak.kill_load")
        figures = harness.run(n, verbose=False)
        return {"injected": figures["faults_injected"], "intact": figures["graph_intact"],
                "by": "tests/soak/kill_load.py"}
    return {**_kill_rebuilds(n), "by": "benchmarks/soak.py (rebuild killed, counts compared)"}


def _counts(path: Path) -> str | None:
    done = subprocess.run([sys.executable, "-m", "tsunagari.cli", "--store", f"embedded:{path}",
                           "counts", "--json"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    return done.stdout if done.returncode == 0 else None


def _kill_rebuilds(n: int, seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="tsunagari-kill-") as tmp:
        work = Path(tmp)
        lines = RECORDS.read_text(encoding="utf-8").splitlines()
        half = work / "half.jsonl"
        half.write_text("\n".join(lines[: len(lines) // 2]) + "\n", encoding="utf-8")
        store = work / "graph"
        cmd = [sys.executable, "-m", "tsunagari.cli", "--store", f"embedded:{store}", "rebuild",
               "--quiet"]
        subprocess.run([*cmd, str(half)], cwd=ROOT, capture_output=True, check=True, timeout=600)
        old = _counts(store)
        t = time.perf_counter()
        subprocess.run([*cmd, str(RECORDS)], cwd=ROOT, capture_output=True, check=True, timeout=600)
        took = time.perf_counter() - t
        new = _counts(store)
        intact = 0
        for _ in range(n):
            subprocess.run([*cmd, str(half)], cwd=ROOT, capture_output=True, check=True, timeout=600)
            p = subprocess.Popen([*cmd, str(RECORDS)], cwd=ROOT, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.0, took))
            if p.poll() is None:
                os.kill(p.pid, signal.SIGKILL)
            p.wait()
            now = _counts(store)
            intact += now is not None and now in (old, new)
    return {"injected": n, "intact": intact}


# -- hostile input files --------------------------------------------------------------


def run_bad_rows(work: Path) -> dict[str, int]:
    """Good and bad lines mixed; how many bad ones were named by line, how many good lost."""
    from tsunagari.loaders.records import read_records

    good = RECORDS.read_text(encoding="utf-8").splitlines()[:40]
    bad: list[bytes] = [b"{not json", b'{"id": 5, "title": []}', b'{"id": "x"}',
                        "{\"id\": \"sj\", \"title\": \"取組\"}".encode("shift_jis"),
                        b'{"id": "ff", "title": "\xff\xfe"}', b'{"id": "nul\x00", "title": "a"}',
                        b"[1, 2, 3]", b'{"id": "big", "title": "' + b"x" * 2_000_000 + b'"',
                        "\ufeff{\"id\": \"bom\"}".encode(), b"\x00\x00\x00\x00"]
    lines: list[bytes] = []
    bad_at: set[int] = set()
    for i, g in enumerate(good):
        lines.append(g.encode("utf-8"))
        if i < len(bad):
            lines.append(bad[i])
            bad_at.add(len(lines))
    path = work / "hostile.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    good_ids = {__import__("json").loads(g)["id"] for g in good}
    try:
        result = read_records([path])
        reported = {e.line for e in result.errors} & bad_at
        loaded = {r.id for r in result.records}
    except Exception:  # a crash reports nothing and loads nothing
        reported, loaded = set(), set()

    # A CSV whose third row opens a quote it never closes.
    csv_path = work / "hostile.csv"
    header = "title,lead,areas,partners\n"
    rows = ['取組A,団体A,東京都世田谷区,団体B（会場提供）\n', '取組B,団体C,東京都世田谷区,団体D\n',
            '"取組C,団体E,東京都世田谷区,団体F\n', '取組D,団体G,東京都世田谷区,団体H\n']
    csv_path.write_text(header + "".join(rows), encoding="utf-8")
    from tsunagari.loaders.tabular import read_table

    csv_good = {"取組A", "取組B", "取組D"}
    try:
        table = read_table(csv_path)
        csv_loaded = {r.title for r in table.records}
        csv_reported = 1 if any(n.line == 4 for n in table.notes) else 0
        csv_lost = len(csv_good - csv_loaded)
        # A row swallowed by the broken quote is lost unless a note names its line.
        if "取組D" not in csv_loaded and any(n.line == 5 or re.search(r"\b5\b", n.message)
                                            for n in table.notes):
            csv_lost -= 1
    except Exception:
        csv_reported, csv_lost = 0, len(csv_good)
    return {"bad": len(bad_at) + 1, "reported": len(reported) + csv_reported,
            "lost": len(good_ids - loaded) + csv_lost}


# -- store down -------------------------------------------------------------------------


def run_store_down(tries: int = 5) -> dict[str, Any]:
    env = {"NEO4J_PASSWORD": "soak-secret"}
    out: dict[str, Any] = {}
    with SilentServer() as silent:
        for name, spec in (("refused", f"neo4j://127.0.0.1:{closed_port()}"),
                           ("silent", f"bolt://127.0.0.1:{silent.port}")):
            with LiveServer(spec, env) as server:
                worst, statuses = 0.0, set()
                for i in range(tries):
                    for path in ("/health", "/prefecture/13", "/organisations?q=a"):
                        t = time.perf_counter()
                        r = httpx.get(server.base + path, timeout=30)
                        worst = max(worst, time.perf_counter() - t)
                        statuses.add(r.status_code)
                    if i == tries // 2:
                        time.sleep(1.1)  # let the server try the store again
                out[name] = {"max_s": worst, "statuses": sorted(statuses),
                             "running": server.running(),
                             "secret_logged": "soak-secret" in server.stop()}
    return out


# -- clients on loopback ---------------------------------------------------------------


def run_clients(base: str, urls: list[str], clients: int, seconds: float,
                max_requests: int = 20_000) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker(k: int) -> None:
        nonlocal errors
        rng = random.Random(k)
        with httpx.Client(base_url=base, timeout=30) as c:
            while time.monotonic() < stop_at:
                with lock:
                    if len(latencies) + errors >= max_requests:
                        return
                url = rng.choice(urls)
                t = time.perf_counter()
                try:
                    r = c.get(url, headers={"accept": "text/html"})
                    failed = r.status_code >= 500
                except httpx.HTTPError:
                    failed = True
                with lock:
                    if failed:
                        errors += 1
                    else:
                        latencies.append(time.perf_counter() - t)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 60)
    lat = sorted(latencies)
    p99 = lat[min(len(lat) - 1, int(0.99 * len(lat)))] if lat else float("nan")
    return {"clients": clients, "seconds": seconds, "requests": len(lat) + errors,
            "errors": errors, "p50_ms": 1000 * statistics.median(lat) if lat else float("nan"),
            "p99_ms": 1000 * p99}


def client_urls(store: Any) -> list[str]:
    orgs = [r["id"] for r in store.run("MATCH (o:Organisation) RETURN o.id AS id ORDER BY id LIMIT 20")]
    progs = [r["id"] for r in store.run("MATCH (p:Programme) RETURN p.id AS id ORDER BY id LIMIT 20")]
    return ["/", "/health", "/japan", "/prefecture/13", "/prefecture/27", "/municipality/13112",
            "/municipality/14100", "/search?q=%E6%94%AF%E6%8F%B4", "/organisations?q=NPO",
            "/static/network.js", "/suggestions?need=venue&area=13112",
            *(f"/org/{quote(o, safe='')}" for o in orgs[:5]),
            *(f"/programme/{quote(p, safe='')}" for p in progs[:5])]


# -- the whole suite --------------------------------------------------------------------


@contextlib.contextmanager
def app_client(path: Path) -> Iterator[tuple[Any, Any]]:
    """A test client of the app on the graph at ``path`` (read-only), with its store."""
    from fastapi.testclient import TestClient
    from tsunagari.api.app import create_app
    from tsunagari.graph import open_store

    store = open_store(f"embedded:{path}", read_only=True)
    try:
        with TestClient(create_app(store=store), raise_server_exceptions=False) as client:
            yield client, store
    finally:
        store.close()


def run(short: bool = False, kills: int | None = None, clients: int | None = None,
        seconds: float | None = None, out: Any = sys.stdout) -> dict[str, Any]:
    def say(text: str) -> None:
        print(text, file=out, flush=True)

    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="tsunagari-soak-") as tmp:
        work = Path(tmp)
        graph = work / "graph"
        build_graph(graph, shipped=not short)

        with app_client(graph) as (client, store):
            p = run_payloads(client, store, SHORT if short else PAYLOADS)
            urls = client_urls(store)
        figures["payloads"] = {"tried": p.total_tried, "leaked": p.total_leaked,
                               "by_kind": {k: (p.tried[k], p.leaked.get(k, 0)) for k in p.tried},
                               "examples": p.examples}
        say(f"payloads: tried {p.total_tried} / leaked {p.total_leaked}  ("
            + ", ".join(f"{k} {p.tried[k]}/{p.leaked.get(k, 0)}" for k in p.tried) + ")")
        for e in p.examples:
            say(f"  leak: {e}")

        k = kills if kills is not None else (2 if short else 16)
        kf = run_kills(k)
        figures["kills"] = kf
        say(f"kill -9: faults injected {kf['injected']} / graph intact {kf['intact']}  ({kf['by']})")

        b = run_bad_rows(work)
        figures["bad_rows"] = b
        say(f"bad rows: {b['bad']} / reported {b['reported']} / lost {b['lost']}")

        d = run_store_down(2 if short else 5)
        figures["store_down"] = d
        for name, f in d.items():
            say(f"store down ({name}): answered {f['statuses']} in at most {f['max_s']:.2f} s; "
                f"server {'kept running' if f['running'] else 'EXITED'}; "
                f"password in log: {'YES' if f['secret_logged'] else 'no'}")

        n_clients = clients or (4 if short else 8)
        n_seconds = seconds or (5.0 if short else 30.0)
        with LiveServer(f"embedded:{graph}") as server:
            for url in urls:  # each page once first: the figures are of a warm server
                httpx.get(server.base + url, timeout=60)
            c = run_clients(server.base, urls, n_clients, n_seconds)
            c["server_running"] = server.running()
        figures["clients"] = c
        say(f"loopback: {c['clients']} clients × {c['seconds']:.0f} s: {c['requests']} requests, "
            f"{c['errors']} errors, p50 {c['p50_ms']:.0f} ms, p99 {c['p99_ms']:.0f} ms "
            f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
        shutil.rmtree(work, ignore_errors=True)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", action="store_true", help="the quick version of make test")
    parser.add_argument("--kills", type=int, help="kill -9 faults to inject (16)")
    parser.add_argument("--clients", type=int, help="concurrent clients (8, at most 32)")
    parser.add_argument("--seconds", type=float, help="seconds of client traffic (30, at most 300)")
    args = parser.parse_args(argv)
    clients = min(args.clients, 32) if args.clients else None
    seconds = min(args.seconds, 300.0) if args.seconds else None
    f = run(args.short, args.kills, clients, seconds)
    clean = (f["payloads"]["leaked"] == 0 and f["kills"]["intact"] == f["kills"]["injected"]
             and f["bad_rows"]["lost"] == 0 and f["clients"]["errors"] == 0)
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
