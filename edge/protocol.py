"""uvicorn's HTTP/1.1 protocols (httptools or h11) with a deadline on the request head, and for
httptools the bound on the head's size that h11 has of its own.

uvicorn times out idle keep-alive connections, but not a client that opens a connection and
sends its request line and headers a byte at a time (or never): each such connection is held
until the client leaves. Here a request head must be complete within `head_timeout` seconds of
the connection opening (or of the previous response), else the connection is closed. Bodies have
their own deadline in edge.boundary.

h11 refuses an unfinished head past `h11_max_incomplete_event_size` bytes; llhttp (httptools)
has no such limit (httptools gathers a header's pieces in memory however long), so the httptools
protocol counts the bytes of an unfinished head itself, and the request line and headers of a
complete one, and answers 400 past settings.max_header_bytes, as h11 does.

Both read their bounds from the uvicorn Config (`configure`), not from class attributes: worker
processes receive the Config pickled, and the classes by name.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httptools
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from kg.settings import Settings

logger = logging.getLogger("kg.http")
DEFAULT_HEAD_TIMEOUT = 10.0
DEFAULT_MAX_HEAD_BYTES = 65_536


class _HeadDeadline:
    """The head deadline, for either protocol (both have loop, scope, transport, client)."""

    loop: asyncio.AbstractEventLoop
    scope: Any
    transport: asyncio.Transport
    client: tuple[str, int] | None
    config: uvicorn.Config

    def _arm_head_deadline(self) -> None:
        armed_for = self.scope  # a new request head replaces self.scope
        handle = getattr(self, "_head_deadline", None)
        if handle is not None:
            handle.cancel()
        timeout = getattr(self.config, "kg_head_timeout", DEFAULT_HEAD_TIMEOUT)
        self._head_deadline = self.loop.call_later(timeout, self._head_timed_out, armed_for)

    def _head_pending(self, armed_for: Any) -> bool:
        # h11 sets a new scope only once a head is complete
        return self.scope is armed_for

    def _head_timed_out(self, armed_for: Any) -> None:
        if self._head_pending(armed_for) and not self.transport.is_closing():
            logger.info(
                "closed a connection from %s: no complete request head within %g s",
                (self.client or ("?",))[0],
                getattr(self.config, "kg_head_timeout", DEFAULT_HEAD_TIMEOUT),
            )
            self.transport.close()

    def _cancel_head_deadline(self) -> None:
        handle = getattr(self, "_head_deadline", None)
        if handle is not None:
            handle.cancel()


class BoundedH11Protocol(_HeadDeadline, H11Protocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_head_deadline()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm_head_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_deadline()
        super().connection_lost(exc)


class BoundedHttpToolsProtocol(_HeadDeadline, HttpToolsProtocol):
    _head_bytes = 0  # the request line and headers parsed so far
    _unfinished_bytes = 0  # bytes received while the head was not complete
    _head_done = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._max_head_bytes = getattr(self.config, "kg_max_head_bytes", DEFAULT_MAX_HEAD_BYTES)
        self._arm_head_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_deadline()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self._head_done or self.transport.is_closing():
            return
        self._unfinished_bytes += len(data)
        if self._unfinished_bytes > self._max_head_bytes:
            self.logger.warning("Invalid HTTP request received.")
            self.send_400_response("Invalid HTTP request received.")

    def on_message_begin(self) -> None:
        self._head_bytes = 0
        self._head_done = False
        super().on_message_begin()

    def _head_pending(self, armed_for: Any) -> bool:
        # httptools sets a new scope at a head's first byte, so the scope cannot tell
        return not self._head_done

    def on_headers_complete(self) -> None:
        self._head_done = True
        self._unfinished_bytes = 0
        self._cancel_head_deadline()
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        pipelined = bool(self.pipeline)  # that request's head is complete already
        super().on_response_complete()
        if not pipelined:
            self._head_done = False
            self._arm_head_deadline()

    def on_url(self, url: bytes) -> None:
        self._count_head(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._count_head(len(name) + len(value) + 4)  # ": " and CRLF
        super().on_header(name, value)

    def _count_head(self, size: int) -> None:
        self._head_bytes += size
        if self._head_bytes > self._max_head_bytes:
            # Raised inside feed_data: uvicorn answers an HttpParserError with 400 and closes.
            raise httptools.HttpParserError("request head too large")


def configure(config: uvicorn.Config, settings: Settings) -> uvicorn.Config:
    """The bounds the protocols read, kept on the Config (which reaches every worker)."""
    config.kg_head_timeout = settings.body_timeout_seconds  # type: ignore[attr-defined]
    config.kg_max_head_bytes = settings.max_header_bytes  # type: ignore[attr-defined]
    return config


def protocol_class(
    http: str,
) -> type[BoundedH11Protocol] | type[BoundedHttpToolsProtocol]:
    """settings.http as a protocol class: auto is httptools."""
    return BoundedH11Protocol if http == "h11" else BoundedHttpToolsProtocol
