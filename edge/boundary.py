"""The one error boundary of the HTTP service (an ASGI middleware around every route).

- every request gets an id (the client's `X-Request-Id` when it is a short token, else a new
  one), echoed in the `X-Request-Id` response header, in every error body
  (`extensions.requestId`) and in every log line of the request;
- bodies are bounded: a `Content-Length` over settings.max_body_bytes is refused with 413 before
  anything is read, a chunked body is cut off at that size (413), and a body that does not
  arrive within settings.body_timeout_seconds is dropped with 408 (slow clients hold nothing);
- a ClientError raised by a route becomes its status with a coded JSON body;
- a client that goes away is one log line, not a traceback;
- anything else is a bug: 500 with INTERNAL_SERVER_ERROR and an errorId that matches the log line
  holding the traceback. No client input is meant to get here.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from edge import observe
from edge.requests import ClientError
from kg.settings import Settings
from resolvers.errors import INTERNAL_SERVER_ERROR, REQUEST_TIMEOUT, REQUEST_TOO_LARGE

logger = logging.getLogger("kg.http")
REQUEST_ID_HEADER = "x-request-id"
_CLIENT_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def error_body(message: str, code: str, request_id: str | None, **details: Any) -> bytes:
    extensions: dict[str, Any] = {"code": code, **details}
    if request_id:
        extensions["requestId"] = request_id
    return json.dumps({"errors": [{"message": message, "extensions": extensions}]}).encode()


def request_id_of(scope: Scope) -> str | None:
    value = scope.get("kg.request_id")
    return value if isinstance(value, str) else None


class BodyTooLarge(ClientError):
    pass


class ErrorBoundary:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = self._request_id(scope)
        scope["kg.request_id"] = request_id
        token = observe.current_request_id.set(request_id)
        started = time.perf_counter()
        state = {"started": False, "status": 500}
        raw_id = request_id.encode()

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["started"] = True
                state["status"] = message["status"]
                headers = [h for h in message.get("headers", []) if h[0] != b"x-request-id"]
                message = {**message, "headers": [*headers, (b"x-request-id", raw_id)]}
            await send(message)

        try:
            limit = self.settings.max_body_bytes
            length = _content_length(scope)
            if length is not None and length > limit:
                raise BodyTooLarge(
                    f"the body has {length} bytes; at most {limit} are accepted "
                    "(KG_MAX_BODY_BYTES)",
                    status=413,
                    code=REQUEST_TOO_LARGE,
                    headers={"connection": "close"},
                )
            await self.app(scope, self._bounded(receive, limit), send_with_id)
        except ClientDisconnect:
            logger.info("client went away before the response (%s %s)", *_line(scope))
            state["status"] = 499
        except ClientError as error:
            await self._refuse(scope, state, send_with_id, error, request_id)
        except Exception as error:  # a bug; nothing a client sends should get here
            error_id = uuid.uuid4().hex[:12]
            logger.error("unexpected error %s in %s %s", error_id, *_line(scope), exc_info=error)
            if not state["started"]:
                body = error_body(
                    "Unexpected error.", INTERNAL_SERVER_ERROR, request_id, errorId=error_id
                )
                await _send_json(send_with_id, 500, body, {})
            state["status"] = 500
        finally:
            # The access line is logged while the request id is still current, so it carries it.
            observe.http_request_done(scope, int(state["status"]), time.perf_counter() - started)
            observe.current_request_id.reset(token)

    async def _refuse(
        self,
        scope: Scope,
        state: dict[str, Any],
        send: Send,
        error: ClientError,
        request_id: str,
    ) -> None:
        state["status"] = error.status
        observe.client_error(scope, error.code)
        if state["started"]:
            return
        await _send_json(
            send, error.status, error_body(error.message, error.code, request_id), error.headers
        )

    def _request_id(self, scope: Scope) -> str:
        for name, value in scope.get("headers", []):
            if name == b"x-request-id":
                text: str = value.decode("latin-1")
                if _CLIENT_REQUEST_ID.match(text):
                    return text
        return os.urandom(8).hex()  # 16 hex digits, as uuid4().hex[:16] gave, without the UUID

    def _bounded(self, receive: Receive, limit: int) -> Callable[[], Any]:
        timeout = self.settings.body_timeout_seconds
        received = 0
        deadline: float | None = None
        reading = True

        async def bounded_receive() -> Message:
            nonlocal received, deadline, reading
            if not reading:  # the body is in: waiting for a disconnect has no deadline
                return await receive()
            if deadline is None:
                deadline = asyncio.get_running_loop().time() + timeout
            try:
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                raise ClientError(
                    f"the body did not arrive within {timeout:g} s; send it at once",
                    status=408,
                    code=REQUEST_TIMEOUT,
                    headers={"connection": "close"},
                ) from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(
                        f"the body is larger than {limit} bytes (KG_MAX_BODY_BYTES)",
                        status=413,
                        code=REQUEST_TOO_LARGE,
                        headers={"connection": "close"},
                    )
                reading = bool(message.get("more_body", False))
            else:
                reading = False
            return message

        return bounded_receive


async def _send_json(send: Send, status: int, body: bytes, headers: dict[str, str]) -> None:
    raw_headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *((name.encode(), value.encode()) for name, value in headers.items()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body})


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _line(scope: Scope) -> tuple[str, str]:
    return scope.get("method", "?"), scope.get("path", "?")
