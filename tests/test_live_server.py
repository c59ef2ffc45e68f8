"""The real server (`kg serve`, uvicorn on a free loopback port) against clients that are slow,
that vanish, or that only send part of a request; and SIGTERM, as `timeout`, systemd and
container runtimes send it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import neo4j
import pytest

from kg.db import Connection
from kg.embedded import free_port
from tests.api_factory import GraphBuilder, load

DEADLINE = 1.0  # KG_BODY_TIMEOUT_SECONDS and KG_KEEP_ALIVE_SECONDS of the server under test


def server_environment(connection: Connection, port: int, **extra: str) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    environ.update(
        KG_NEO4J_URI=connection.uri,
        KG_NEO4J_USER=connection.user,
        KG_NEO4J_PASSWORD=connection.password,
        KG_NEO4J_DATABASE=connection.database,
        KG_PORT=str(port),
        KG_BODY_TIMEOUT_SECONDS=str(DEADLINE),
        KG_KEEP_ALIVE_SECONDS=str(DEADLINE),
        **extra,
    )
    return environ


class Server:
    def __init__(self, connection: Connection, log: Path, **extra: str) -> None:
        self.port = free_port()
        self.log = log
        self._log_file = log.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cli.main", "serve"],
            env=server_environment(connection, self.port, **extra),
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._log_file.close()
                raise AssertionError("the server stopped: " + self.output())
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.stop()
        raise AssertionError("the server did not start: " + self.output())

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log_file.close()


@pytest.fixture(scope="module")
def server(
    driver: neo4j.Driver, neo4j_connection: Connection, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    graph = GraphBuilder()
    graph.author("A1", "Ada")
    load(graph, driver, neo4j_connection)
    running = Server(neo4j_connection, tmp_path_factory.mktemp("server") / "server.log")
    try:
        yield running
    finally:
        running.stop()


def connect(server: Server) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), timeout=10)


def closed_by_server(sock: socket.socket, within: float) -> bytes | None:
    """What the server sent before closing, or None if it kept the connection open."""
    sock.settimeout(within)
    received = b""
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return received
            received += chunk
    except TimeoutError:
        return None
    except ConnectionResetError:
        return received


def test_slow_request_heads_are_dropped(server: Server) -> None:
    sockets = [connect(server) for _ in range(50)]
    for sock in sockets:
        sock.sendall(b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: appl")
    for sock in sockets:
        assert closed_by_server(sock, within=DEADLINE + 5) is not None, "a slow head was held"
        sock.close()
    assert httpx.get(server.url + "/healthz", timeout=2).status_code == 200


def test_slow_bodies_are_dropped_with_408(server: Server) -> None:
    sockets = [connect(server) for _ in range(50)]
    for sock in sockets:
        sock.sendall(
            b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 100000\r\n\r\n" + b'{"query": "' + b"x" * 1000
        )
    for sock in sockets:
        received = closed_by_server(sock, within=DEADLINE + 5)
        assert received is not None, "a slow body was held"
        assert received.startswith(b"HTTP/1.1 408"), received[:200]
        assert b"REQUEST_TIMEOUT" in received
        sock.close()
    assert httpx.get(server.url + "/healthz", timeout=2).status_code == 200


def test_idle_keep_alive_connections_are_closed(server: Server) -> None:
    sock = connect(server)
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    time.sleep(0.2)
    assert sock.recv(65536).startswith(b"HTTP/1.1 200")
    assert closed_by_server(sock, within=DEADLINE + 5) == b""
    sock.close()


def test_a_client_that_goes_away_is_one_log_line(server: Server) -> None:
    before = server.output()
    for _ in range(5):
        sock = connect(server)
        sock.sendall(
            b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 1000\r\n\r\n" + b'{"query": '
        )
        sock.close()
    time.sleep(1.0)
    assert httpx.get(server.url + "/healthz", timeout=2).status_code == 200
    new = server.output()[len(before) :]
    assert "Traceback" not in new and "ClientDisconnect" not in new, new
    assert new.count("client went away") == 5, new


def test_the_server_answers_a_huge_body_with_413_without_reading_it(server: Server) -> None:
    sock = connect(server)
    sock.sendall(
        b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 50000000\r\n\r\n"
    )
    received = closed_by_server(sock, within=10) or b""
    sock.close()
    assert received.startswith(b"HTTP/1.1 413"), received[:200]
    assert b"REQUEST_TOO_LARGE" in received


def test_json_logs_carry_the_request_id(
    neo4j_connection: Connection, tmp_path: Path, server: Server
) -> None:
    json_server = Server(neo4j_connection, tmp_path / "json.log", KG_LOG_FORMAT="json")
    try:
        response = httpx.post(
            json_server.url + "/graphql",
            json={"query": "{ nope }"},
            headers={"x-request-id": "req-json-1"},
            timeout=10,
        )
        assert response.json()["extensions"]["requestId"] == "req-json-1"
    finally:
        json_server.stop()
    import json

    lines = [json.loads(line) for line in json_server.output().splitlines() if line.startswith("{")]
    mine = [line for line in lines if line.get("request_id") == "req-json-1"]
    assert mine and mine[0]["logger"] == "kg.access" and mine[0]["status"] == 200


def test_sigterm_stops_kg_serve(neo4j_connection: Connection, tmp_path: Path) -> None:
    running = Server(neo4j_connection, tmp_path / "serve.log")
    running.process.send_signal(signal.SIGTERM)
    try:
        # A graceful shutdown: uvicorn lets open requests finish; it exits 0, or 143 where its
        # version raises the signal again once stopped (cli/main.py turns that into 143).
        assert running.process.wait(30) in (0, 143), running.output()
    finally:
        running.stop()
    assert "Application shutdown complete" in running.output()
    assert "Traceback" not in running.output()


def test_sigterm_stops_the_neo4j_that_kg_demo_started(tmp_path: Path) -> None:
    port = free_port()
    environ = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    environ.update(
        KG_DATA_DIR=str(tmp_path / "neo4j"),
        KG_NEO4J_PORT=str(free_port()),
        KG_NEO4J_PASSWORD="demo-password-123",
        KG_NEO4J_HEAP="512m",
        KG_NEO4J_PAGECACHE="256m",
    )
    log = tmp_path / "demo.log"
    log_file = log.open("wb")
    demo = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "demo", "--authors", "30", "--port", str(port)],
        env=environ,
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    pid_file = tmp_path / "neo4j" / "neo4j.pid"
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and demo.poll() is None:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            raise AssertionError("kg demo did not serve: " + log.read_text(errors="replace"))
        neo4j_pid = int(pid_file.read_text())
        demo.send_signal(signal.SIGTERM)
        assert demo.wait(90) in (0, 143), log.read_text(errors="replace")
        assert "Stopping the embedded Neo4j" in log.read_text()
        assert not pid_alive(neo4j_pid), "kg demo left its Neo4j running"
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()
        log_file.close()
        if pid_file.exists():
            stray = int(pid_file.read_text())
            if pid_alive(stray):
                os.kill(stray, signal.SIGKILL)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return (
        Path(f"/proc/{pid}").exists()
        and "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()
    )
