"""Large network views in chromium: first render and interaction at 1k, 5k and 10k nodes.

The views are built as the area pages build them (viz.network: memberships ->
network -> the page's JSON payload, with the server's layout, timed apart) from
the programmes of the 20k synthetic graph, taken prefecture by prefecture until
the view has the wanted number of nodes. The page is the app's own network
partial (api/templates/_network.html) with the app's scripts, served to Debian's
chromium (playwright) over loopback HTTP (127.0.0.1, with the pages' content security
policy), as a reader's browser gets a page: no request interception, which added up to a
second to a 2 MB page. Measured in the page:
- first render: from navigation start to the first frame of the drawn view, on the page's
  own clock (state.readyAt), without playwright's polling round trip;
- interaction: a click on a node near the middle until its details are in the inspector
  (and the next frame), one filter change (a role unticked) until the next frame is
  drawn, and one wheel zoom until the next frame;
- in the page (large views): the script's own timings (parse and decode the payload,
  build the columns and the hit grid, filters, first draw), less dependent on the
  machine's load than the figures above.
The server's time is the page's payload (network_payload: layout and columns) built in a
process that has already imported its libraries.
"""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
        "--ignore-gpu-blocklist", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
ORIGIN = "http://tsunagari.bench"  # the tests' intercepted origin


def _memberships(records_file: str) -> tuple[dict[str, list[dict]], list[str]]:
    """Membership rows (as memberships_of_programmes returns them) by programme, and the
    programme ids in prefecture order."""
    from tsunagari.loaders.places import gazetteer
    from tsunagari.loaders.project import default_resolver, project
    from tsunagari.loaders.records import read_records

    records = read_records([records_file]).records
    pj = project(records, default_resolver(), gazetteer())
    orgs = {o["id"]: o for o in pj.rows.nodes["Organisation"]}
    progs = {p["id"]: p for p in pj.rows.nodes["Programme"]}
    pref: dict[str, str] = {}
    by_prog: dict[str, list[dict]] = defaultdict(list)
    for rr in pj.rows.rels:
        for r in rr.rows:
            if rr.type == "TARGETS":
                pref.setdefault(r["from"], r["to"][:2])
            elif rr.type in ("LEADS", "PARTNER_IN"):
                o, p = orgs[r["from"]], progs[r["to"]]
                if o.get("kind") == "generic":
                    continue
                by_prog[r["to"]].append({
                    "org_id": o["id"], "org_name": o["name"], "sector": o.get("sector"),
                    "org_kind": o.get("kind"), "programme_id": p["id"], "programme_title": p["title"],
                    "programme_kind": p["kind"], "role": "lead" if rr.type == "LEADS" else r.get("role"),
                    "role_text": r.get("role_text"), "department": r.get("department"), "source": r.get("source")})
    order = sorted(by_prog, key=lambda pid: (pref.get(pid, "99"), pid))
    return by_prog, order


def _page(n: int, by_prog: dict[str, list[dict]], order: list[str]) -> tuple[str, dict[str, Any]]:
    from tsunagari.api.routes_pages import _env
    from tsunagari.viz.network import (
        EXPORT_FORMATS,
        Filters,
        network_from_memberships,
        network_payload,
    )

    rows: list[dict] = []
    nodes: set[str] = set()
    for pid in order:
        if len(nodes) >= n:
            break
        for r in by_prog[pid]:
            rows.append(r)
            nodes.add("o" + r["org_id"])
        nodes.add("p" + pid)
    import igraph  # noqa: F401  (the layout's library: a server imports it once, not per request)

    t = time.perf_counter()
    net = network_from_memberships(rows)
    payload = network_payload(net)
    payload_s = time.perf_counter() - t
    partial = _env.get_template("_network.html").render(
        payload=payload, filters=Filters(), schemes=sorted(net.schemes.items()),
        export_base="/network/prefecture/00?", export_formats=EXPORT_FORMATS)
    html = ("<!doctype html><html lang='ja'><head><meta charset='utf-8'><title>view</title>"
            "<link rel='stylesheet' href='/static/site.css'></head><body><main>" + partial +
            "</main>" + _env.get_template("_network_scripts.html").render(payload=payload) + "</body></html>")
    return html, {"nodes": len(payload["nodes"]["ids"]), "edges": len(payload["edges"]["from"]),
                  "payload_s": payload_s, "html_bytes": len(html.encode())}


def view_step(sizes: list[int], seed: int, records: str) -> dict[str, Any]:

    static = Path(__file__).resolve().parents[1] / "api" / "static"
    by_prog, order = _memberships(records)
    pages: dict[str, str] = {}
    out: dict[str, Any] = {"views": {}}
    for n in sizes:
        html, info = _page(n, by_prog, order)
        pages[f"/view-{n}.html"] = html
        out["views"][str(n)] = info

    server = _serve(pages, static)
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        _measure(sizes, origin, out)
    finally:
        server.shutdown()
        server.server_close()
    return out


def _serve(pages: dict[str, str], static: Path) -> Any:
    """A loopback HTTP server of the pages (with the app's CSP) and the static files."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from tsunagari.api.routes_pages import CSP

    bodies = {path: html.encode() for path, html in pages.items()}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            path = self.path.split("?")[0]
            headers = {}
            if path == "/favicon.ico":
                self.send_response(204)
                self.end_headers()
                return
            if path in bodies:
                body, kind = bodies[path], "text/html; charset=utf-8"
                headers["Content-Security-Policy"] = CSP
            else:
                target = (static / path.removeprefix("/static/")).resolve()
                if not (path.startswith("/static/") and target.is_relative_to(static) and target.is_file()):
                    self.send_error(404)
                    return
                body = target.read_bytes()
                kind = {".js": "text/javascript", ".css": "text/css"}.get(target.suffix, "application/octet-stream")
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _measure(sizes: list[int], origin: str, out: dict[str, Any]) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            for n in sizes:
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                errors: list[str] = []
                page.on("pageerror", lambda e: errors.append(str(e)))  # noqa: B023
                page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)  # noqa: B023
                page.goto(f"{origin}/view-{n}.html", wait_until="commit")
                page.wait_for_function("() => window.tsunagariNetwork && window.tsunagariNetwork.ready",
                                       timeout=300_000, polling="raf")
                # the page's own clock when the view was ready (after its first drawn frame),
                # not when playwright's polling saw it
                first = page.evaluate("window.tsunagariNetwork.readyAt || performance.now()") / 1000
                renderer = page.evaluate("window.tsunagariNetwork.renderer || 'canvas'")
                inside = page.evaluate("[window.tsunagariNetwork.firstRenderMs || null, "
                                       "window.tsunagariNetwork.timings || null]")
                # a click on a node near the middle until its details are in the inspector
                spot = page.evaluate("""() => {
                    const t = window.tsunagariNetwork; const r = document.getElementById('network').getBoundingClientRect();
                    const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
                    let best = null, bestD = Infinity;
                    for (const id of t.nodes.slice(0, 3000)) {
                        const p = t.positionOf(id); if (!p) continue;
                        const d = (p.x - cx) ** 2 + (p.y - cy) ** 2; if (d < bestD) { best = p; bestD = d; }
                    }
                    return best; }""")
                page.mouse.move(spot["x"], spot["y"])
                t = page.evaluate("performance.now()")
                page.mouse.click(spot["x"], spot["y"])
                page.wait_for_function("() => !document.getElementById('inspector').hidden", timeout=60_000, polling="raf")
                inspect_ms = page.evaluate("""(t) => new Promise(done =>
                    requestAnimationFrame(() => done(performance.now() - t)))""", t)
                page.keyboard.press("Escape")
                filter_ms = page.evaluate("""() => new Promise(done => {
                    const box = document.querySelector('input[name="role"]');
                    const t = performance.now();
                    box.click();
                    requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t)));
                })""")
                page.mouse.move(640, 450)
                t = page.evaluate("performance.now()")
                page.mouse.wheel(0, -400)
                zoom_ms = page.evaluate("""(t) => new Promise(done =>
                    requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t))))""", t)
                out["views"][str(n)].update({"first_render_s": first, "interaction_ms": filter_ms,
                                             "inspect_ms": inspect_ms,
                                             "zoom_ms": zoom_ms, "renderer": renderer, "errors": errors,
                                             "script_to_frame_ms": inside[0], "script_timings": inside[1]})
                page.close()
        finally:
            browser.close()
