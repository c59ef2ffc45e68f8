"""What the edge records of each request: metrics (kg.metrics) and log lines that carry the
request id, as text or as one JSON object a line (settings.log_format)."""

from __future__ import annotations

import contextvars
import json
import logging
import sys
import time
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Scope

from kg import metrics
from kg.settings import Settings

current_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)
access_logger = logging.getLogger("kg.access")
# Route labels are a fixed set, so a client cannot grow the metrics with made-up paths.
ROUTES = (
    "/graphql",
    "/healthz",
    "/readyz",
    "/metrics",
    "/cypher",
    "/cypher/saved",
    "/cypher/schema",
)


def route_of(scope: Scope) -> str:
    path: str = scope.get("path", "")
    if path in ROUTES:
        return path
    if path.startswith("/static/"):
        return "/static"
    if path.startswith("/cypher/saved/"):
        return "/cypher/saved"
    if path.startswith("/cypher/views/"):
        return "/cypher/views"
    if path.startswith("/auth/"):
        return "/auth"
    explorer = path.startswith(("/authors/", "/explore")) or path in (
        "/",
        "/signin",
        "/signup",
        "/account",
    )
    return "explorer" if explorer else "other"


def http_request_done(scope: Scope, status: int, seconds: float) -> None:
    route = route_of(scope)
    method = scope.get("method", "?")
    if method not in ("GET", "POST", "HEAD", "OPTIONS", "PUT", "DELETE", "PATCH"):
        method = "other"
    metrics.http_requests.labels(route, method, str(status)).inc()
    metrics.http_seconds.labels(route).observe(seconds)
    access_logger.info(
        "%s %s %d %.1f ms",
        method,
        scope.get("path", "?")[:200],
        status,
        seconds * 1000,
        extra={"status": status, "duration_ms": round(seconds * 1000, 2), "route": route},
    )


def client_error(scope: Scope, code: str) -> None:
    metrics.client_errors.labels(code).inc()


async def metrics_endpoint(request: Request) -> Response:
    return Response(metrics.exposition(), media_type=CONTENT_TYPE_LATEST)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request_id, and the traceback."""

    EXTRA = ("status", "duration_ms", "route", "operation", "code")

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        for key in self.EXTRA:
            if hasattr(record, key):
                line[key] = getattr(record, key)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def configure_logging(settings: Settings) -> None:
    """The root logger writes to stderr as settings.log_format says; every line has the id."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RequestIdFilter())
    if settings.log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.INFO)
