"""Clean failures: a store that is down, slow to answer, gone or mistyped, and
HTTP requests no page expects. Servers run as real `tsunagari serve`
subprocesses on 127.0.0.1 (marked slow: `make test-fast` leaves them out); faults are local (a closed port, a socket that
accepts and never answers, the graph's file moved away).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from tsunagari.api.app import create_app
from tsunagari.graph import GraphStore, open_store
from tsunagari.loaders.records import read_records

from benchmarks.live import LiveServer, SilentServer, closed_port, raw_status
from tests.conftest import RECORDS, ROOT
from tsunagari.loading import write_graph

# What a client must never see when the store fails.
LEAKS = ("Traceback", "query:", "MATCH", "ServiceUnavailable", "Couldn't connect",
         "Failed to", "/tmp", "/work", "secret-password")
PAGE_ROUTES = ("/", "/prefecture/13", "/municipality/13112", "/search?q=a")
API_ROUTES = ("/organisations?q=%E6%8A%B1", "/suggestions?need=venue&area=13112", "/organisations/gov-13201",
              "/organisations/gov-13201/suggestions?role=venue")


def _copy_store(src: Path, folder: Path) -> Path:
    """A copy of the embedded store at ``src`` (its pointer and generations) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for p in src.parent.glob(src.name + ".*"):
        (shutil.copytree if p.is_dir() else shutil.copy2)(p, folder / p.name)
    return folder / src.name


def _graph(path: Path, n: int = 40) -> None:
    records = read_records([RECORDS]).records[:n]
    s = open_store(f"embedded:{path}")
    try:
        write_graph(s, records, mode="rebuild")
    finally:
        s.close()


@pytest.fixture(scope="module")
def small_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("small") / "graph"
    _graph(path)
    return path


def _get(url: str, accept: str = "application/json") -> httpx.Response:
    # The timeout only catches a hang; how fast the 503 comes is measured by `make soak`.
    return httpx.get(url, timeout=10, headers={"accept": accept})


def _assert_store_down(server: LiveServer) -> None:
    health = _get(server.base + "/health")
    # "unavailable" when the store cannot be opened; the graph's state ("incomplete") when
    # it opens but its live graph is gone.
    assert health.status_code == 503 and health.json()["status"] != "ok"
    texts = [health.text]
    for route in PAGE_ROUTES + API_ROUTES:
        api = _get(server.base + route)
        assert api.status_code == 503, (route, api.status_code)
        assert api.json() == {"detail": "the graph store is unavailable; try again shortly"}
        texts.append(api.text)
    for route in PAGE_ROUTES:
        page = _get(server.base + route, "text/html")
        assert page.status_code == 503 and "text/html" in page.headers["content-type"]
        assert "データベースに接続できない" in page.text
        texts.append(page.text)
    for leak in LEAKS:
        assert not [t for t in texts if leak in t], leak
    assert server.running()


@pytest.mark.slow
@pytest.mark.parametrize("fault", ["refused", "silent"])
def test_serve_starts_and_answers_503_while_neo4j_is_down(fault: str) -> None:
    env = {"NEO4J_PASSWORD": "secret-password", "NEO4J_USER": "neo4j"}
    if fault == "refused":
        with LiveServer(f"neo4j://127.0.0.1:{closed_port()}", env) as server:
            _assert_store_down(server)
            time.sleep(1.2)  # past the retry pause: the store is tried again, and still down
            _assert_store_down(server)
    else:
        with SilentServer() as silent, LiveServer(f"bolt://127.0.0.1:{silent.port}", env) as server:
            _assert_store_down(server)
            time.sleep(1.2)
            _assert_store_down(server)
            assert silent.held, "the server did try to connect"


@pytest.mark.slow
def test_embedded_store_gone_mid_traffic_gives_503_then_recovers(small_graph: Path,
                                                                    tmp_path: Path) -> None:
    path = _copy_store(small_graph, tmp_path)
    pointer = path.with_name(path.name + ".current")
    with LiveServer(f"embedded:{path}") as server:
        assert httpx.get(server.base + "/health", timeout=10).status_code == 200
        assert httpx.get(server.base + "/prefecture/13", timeout=30).status_code == 200
        pointer.rename(tmp_path / "away")  # the live graph is gone from where the server looks
        _assert_store_down(server)
        (tmp_path / "away").rename(pointer)
        time.sleep(1.2)
        health = httpx.get(server.base + "/health", timeout=10)
        assert health.status_code == 200 and health.json()["status"] == "ok"
        assert httpx.get(server.base + "/prefecture/13", timeout=30).status_code == 200


@pytest.mark.slow
def test_embedded_store_unreadable_at_start_then_recovers(small_graph: Path,
                                                          tmp_path: Path) -> None:
    path = tmp_path / "graph"
    path.write_bytes(b"not a graph at all\n" * 100)
    with LiveServer(f"embedded:{path}") as server:
        _assert_store_down(server)
        path.unlink()
        _copy_store(small_graph, tmp_path)
        time.sleep(1.2)
        assert httpx.get(server.base + "/health", timeout=10).status_code == 200
        assert httpx.get(server.base + "/", timeout=30).status_code == 200


def _cli(*args: str, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tsunagari.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, **kw)  # type: ignore[call-overload]


@pytest.mark.slow
def test_mistyped_embedded_path_is_refused_unless_create(tmp_path: Path) -> None:
    spec = f"embedded:{tmp_path / 'grpah'}"
    for command in (["counts"], ["serve", "--port", "1"], ["load", str(RECORDS)]):
        done = _cli("--store", spec, *command)
        assert done.returncode == 2, (command, done.stderr)
        assert "no graph at" in done.stderr and "--create" in done.stderr
        assert not list(tmp_path.iterdir()), "nothing was made"
    # --create makes an empty store, which says so rather than passing for a graph.
    done = _cli("--store", spec, "--create", "counts")
    assert "no graph at" not in done.stderr and "nothing has been loaded yet" in done.stderr
    assert list(tmp_path.iterdir())


def _read_only(folder: Path, on: bool) -> None:
    """Make a folder and all in it unwritable: by mode for a user, immutable for
    root (who writes through any mode)."""
    paths = [folder, *folder.rglob("*")]
    for p in paths if on else reversed(paths):
        if os.getuid() == 0:
            done = subprocess.run(["chattr", "+i" if on else "-i", str(p)], capture_output=True)
            if done.returncode and on:
                pytest.skip(f"cannot make {p} immutable here: {done.stderr!r}")
        else:
            p.chmod((0o555 if p.is_dir() else 0o444) if on else 0o755)


@pytest.mark.slow
def test_a_read_only_store_opens_read_only_for_counts_and_serve(small_graph: Path,
                                                                tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    path = _copy_store(small_graph, folder)
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    _read_only(folder, on=True)
    try:
        done = _cli("--store", f"embedded:{path}", "counts", "--json")
        assert done.returncode == 0, done.stderr
        assert '"Organisation"' in done.stdout
        with LiveServer(f"embedded:{path}") as server:
            r = httpx.get(server.base + "/health", timeout=10)
            assert r.status_code == 200 and r.json()["nodes"]["Organisation"] > 0
            assert httpx.get(server.base + "/prefecture/13", timeout=30).status_code == 200
        # A command that writes says why it cannot, and never advises deleting anything.
        done = _cli("--store", f"embedded:{path}", "load", str(RECORDS))
        assert done.returncode != 0
        assert "delete" not in done.stderr.lower() and "Traceback" not in done.stderr
    finally:
        _read_only(folder, on=False)
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


# -- HTTP hygiene, in process ----------------------------------------------------


@pytest.fixture(scope="module")
def client(small_graph: Path) -> Iterator[TestClient]:
    s: GraphStore = open_store(f"embedded:{small_graph}", read_only=True)
    try:
        with TestClient(create_app(store=s), raise_server_exceptions=False) as c:
            yield c
    finally:
        s.close()


@pytest.mark.parametrize("path", ["/static/a%00b", "/static/" + "a" * 1000,
                                  "/static/" + "/".join(["abcdefgh"] * 120),
                                  "/static/../routes_pages.py", "/static/%2e%2e/app.py",
                                  "/static/..%2f..%2fetc/passwd", "/static/%5c..%5capp.py",
                                  "/static/vendor/../../gate.py"])
def test_static_paths_never_fail_on_the_server(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code in (400, 404), (path, r.status_code)
    assert "Traceback" not in r.text and "root:" not in r.text


def test_head_works_wherever_get_does(client: TestClient) -> None:
    for path in ("/", "/health", "/static/network.js", "/prefecture/13", "/organisations?q=a",
                 "/docs", "/openapi.json", "/nowhere"):
        got, head = client.get(path), client.head(path)
        assert head.status_code == got.status_code, path
        assert head.content == b""
        assert head.headers.get("content-type") == got.headers.get("content-type")


def test_options_is_answered_not_an_error(client: TestClient) -> None:
    for path in ("/", "/health", "/org/x", "/static/network.js"):
        r = client.options(path)
        assert r.status_code in (204, 405)
        assert "GET" in r.headers["allow"]


def test_over_long_urls_get_414(client: TestClient) -> None:
    r = client.get("/search?q=" + "a" * 9000, headers={"accept": "text/html"})
    assert r.status_code == 414 and "URLが長すぎます" in r.text
    assert client.get("/organisations?q=" + "a" * 9000).status_code == 414


def test_unknown_pages_are_japanese_for_browsers_and_json_for_clients(client: TestClient) -> None:
    page = client.get("/nowhere", headers={"accept": "text/html"})
    assert page.status_code == 404 and "ページが見つかりません" in page.text
    assert "Not Found" not in page.text
    assert client.get("/nowhere").json() == {"detail": "Not Found"}


@pytest.mark.slow
def test_a_270kb_url_gets_414_from_the_real_server(small_graph: Path) -> None:
    with LiveServer(f"embedded:{small_graph}") as server:
        assert raw_status(server.port, "/search?q=" + "x" * 270_000) == 414
        assert raw_status(server.port, "/" + "x" * 270_000, "HEAD") == 414
        assert httpx.get(server.base + "/health", timeout=10).status_code == 200
