"""edge.protocol: both HTTP parsers keep the bound on a request head's size (uvicorn on a real
socket, with a trivial app: no Neo4j needed)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn

from edge import protocol
from kg.embedded import free_port
from kg.settings import Settings


async def hello(scope: Any, receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"hello"})


HEAD_DEADLINE = 1.0  # seconds a request head may take (KG_BODY_TIMEOUT_SECONDS)


@pytest.fixture(params=["httptools", "h11"])
def served(request: pytest.FixtureRequest) -> Iterator[int]:
    # h11 bounds only an unfinished head (h11_max_incomplete_event_size): a complete one that
    # arrives at once passes it; httptools here bounds both.
    if "with_httptools" in request.node.name and request.param == "h11":
        pytest.skip("h11 bounds unfinished heads only")
    settings = Settings(
        http=request.param, max_header_bytes=8192, body_timeout_seconds=HEAD_DEADLINE
    )
    port = free_port()
    config = protocol.configure(
        uvicorn.Config(
            hello,
            host="127.0.0.1",
            port=port,
            log_config=None,
            http=protocol.protocol_class(settings.http),
            h11_max_incomplete_event_size=settings.max_header_bytes,
            lifespan="off",
        ),
        settings,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:  # start-up, not a measurement
        time.sleep(0.01)
    yield port
    server.should_exit = True
    thread.join(10)


def ask(port: int, head: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(head)
        answer = b""
        while chunk := connection.recv(65536):  # until the server closes
            answer += chunk
        return answer


def test_a_small_head_is_served(served: int) -> None:
    answer = ask(served, b"GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 200") and b"hello" in answer


def closed_within(connection: socket.socket, seconds: float) -> bool:
    connection.settimeout(seconds)
    try:
        while connection.recv(65536):
            pass
    except TimeoutError:
        return False
    except ConnectionResetError:
        pass
    return True


def test_a_slow_head_is_dropped_after_its_deadline(served: int) -> None:
    # httptools starts a new scope at a head's first byte, h11 only once it is complete: the
    # deadline must hold for both, on a first request and after a kept-alive one
    with socket.create_connection(("127.0.0.1", served), timeout=10) as connection:
        connection.sendall(b"GET / HTTP/1.1\r\nhost: x\r\n\r\n")
        assert connection.recv(65536).startswith(b"HTTP/1.1 200")
        connection.sendall(b"GET / HTTP/1.1\r\nhost: x\r\nx-slow: ")
        assert closed_within(connection, HEAD_DEADLINE + 4), "a slow second head was held"
    with socket.create_connection(("127.0.0.1", served), timeout=10) as connection:
        connection.sendall(b"GET / HTTP/1.1\r\nhost: x\r\nx-slow: ")
        assert closed_within(connection, HEAD_DEADLINE + 4), "a slow first head was held"


def test_an_unfinished_head_over_max_header_bytes_is_400(served: int) -> None:
    trickle = b"x-big: " + b"a" * 20_000  # no end of line: the head never completes
    answer = ask(served, b"GET / HTTP/1.1\r\nhost: x\r\n" + trickle)
    assert answer.startswith(b"HTTP/1.1 400")


def test_a_complete_head_over_max_header_bytes_is_400_with_httptools(served: int) -> None:
    big = b"x-big: " + b"a" * 20_000 + b"\r\n"
    answer = ask(served, b"GET / HTTP/1.1\r\nhost: x\r\n" + big + b"\r\n")
    assert b"hello" not in answer
    assert answer.startswith(b"HTTP/1.1 400")


def test_many_headers_over_the_bound_are_400_with_httptools(served: int) -> None:
    many = b"".join(b"x-h%d: %s\r\n" % (i, b"v" * 100) for i in range(200))
    answer = ask(served, b"GET / HTTP/1.1\r\nhost: x\r\n" + many + b"\r\n")
    assert answer.startswith(b"HTTP/1.1 400")


def test_httptools_is_the_default_parser() -> None:
    assert protocol.protocol_class(Settings().http) is protocol.BoundedHttpToolsProtocol
