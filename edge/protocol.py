"""uvicorn's HTTP/1.1 protocol with a deadline on the request head.

uvicorn times out idle keep-alive connections, but not a client that opens a connection and
sends its request line and headers a byte at a time (or never): each such connection is held
until the client leaves. Here a request head must be complete within `head_timeout` seconds of
the connection opening (or of the previous response), else the connection is closed. Bodies have
their own deadline in edge.boundary.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

logger = logging.getLogger("kg.http")


class BoundedH11Protocol(H11Protocol):
    head_timeout = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_head_deadline()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm_head_deadline()

    def _arm_head_deadline(self) -> None:
        armed_for = self.scope  # a new request head replaces self.scope
        handle = getattr(self, "_head_deadline", None)
        if handle is not None:
            handle.cancel()
        self._head_deadline = self.loop.call_later(
            self.head_timeout, self._head_timed_out, armed_for
        )

    def _head_timed_out(self, armed_for: Any) -> None:
        if self.scope is armed_for and not self.transport.is_closing():
            logger.info(
                "closed a connection from %s: no complete request head within %g s",
                (self.client or ("?",))[0],
                self.head_timeout,
            )
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        handle = getattr(self, "_head_deadline", None)
        if handle is not None:
            handle.cancel()
        super().connection_lost(exc)


def protocol_class(head_timeout: float) -> type[BoundedH11Protocol]:
    return type("ConfiguredH11Protocol", (BoundedH11Protocol,), {"head_timeout": head_timeout})
