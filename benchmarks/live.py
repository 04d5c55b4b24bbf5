"""A real `tsunagari serve` in a subprocess on 127.0.0.1, and local faults to
point it at: a closed port, and a socket that accepts and never answers.

Used by the reliability suite (`make soak`) and the failure tests. Nothing
here ever connects to an address other than 127.0.0.1.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Self

import httpx

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on: connections are refused."""
    return free_port()


def raw_status(port: int, target: str, method: str = "GET", timeout: float = 30) -> int:
    """The status a server on 127.0.0.1 answers for a request line no HTTP
    client library will send (a 270 KB URL); 0 when the connection is reset."""
    request = f"{method} {target} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n"
    try:
        with socket.create_connection((HOST, port), timeout=timeout) as s:
            s.sendall(request.encode("latin-1"))
            head = b""
            while b"\r\n" not in head:
                chunk = s.recv(4096)
                if not chunk:
                    break
                head += chunk
    except (ConnectionResetError, BrokenPipeError):
        return 0
    parts = head.split(b" ", 2)
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


class SilentServer:
    """Accepts connections on 127.0.0.1 and never says a word."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind((HOST, 0))
        self.sock.listen(128)
        self.port = int(self.sock.getsockname()[1])
        self.held: list[socket.socket] = []
        self._stop = False
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self) -> None:
        self.sock.settimeout(0.2)
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.held.append(conn)

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop = True
        self.thread.join(timeout=2)
        for c in self.held:
            c.close()
        self.sock.close()


class LiveServer:
    """`tsunagari --store SPEC serve` on a free port of 127.0.0.1."""

    def __init__(self, spec: str, env: dict[str, str] | None = None, *extra: str):
        self.port = free_port()
        self.base = f"http://{HOST}:{self.port}"
        self.spec = spec
        self.env = {**os.environ, **(env or {})}
        self.args = [sys.executable, "-m", "tsunagari.cli", "--store", spec, *extra,
                     "serve", "--host", HOST, "--port", str(self.port)]
        self.proc: subprocess.Popen[bytes] | None = None
        # The log goes to a file: a pipe nobody reads fills up and stalls the server.
        self.log = tempfile.TemporaryFile()
        self.output = ""
        self.proc_status: int | None = None

    def start(self, wait: float = 30.0) -> Self:
        self.proc = subprocess.Popen(self.args, cwd=ROOT, env=self.env,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.stop()
                raise RuntimeError(f"serve exited with {self.proc_status}: {self.output[-500:]}")
            try:
                httpx.get(self.base + "/health", timeout=3)
                return self
            except httpx.TransportError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("serve did not answer in time")

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> str:
        """Stop the server; its log, as text."""
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
            self.proc_status = self.proc.returncode
            self.proc = None
            self.log.seek(0)
            self.output = self.log.read().decode("utf-8", "replace")
        return self.output

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
