"""The /graphql endpoint: strawberry's ASGI app with our context, limits and GraphQL over HTTP.

- POST with a JSON body, or GET with `?query=` (queries only); GraphiQL for a browser's GET
  (served with a content security policy);
- the response is `application/graphql-response+json` when the Accept header prefers it, else
  `application/json` (also without an Accept header); an Accept that allows neither is 406;
- a request that cannot be read gets a JSON `errors` body with a code (edge.requests checks
  the JSON: UTF-8, depth, numbers, lone surrogates, an object at the top): 400 BAD_REQUEST,
  405 METHOD_NOT_ALLOWED (a mutation over GET), 406 NOT_ACCEPTABLE; the boundary around every
  route adds 408/413 (edge.boundary);
- a GraphQL request error (parse, validation, limits, variables, an unknown operationName) has
  no `data` entry; with `application/graphql-response+json` its status is 400, with
  `application/json` it is 200 as the GraphQL-over-HTTP spec asks of that legacy media type.
  Field errors are 200 with both, except SERVICE_UNAVAILABLE: 503 with Retry-After, since the
  whole service is what failed and a retry later may work.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
import time
from typing import Any

import neo4j
from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from edge.boundary import error_body, request_id_of
from edge.encoding import encode_json
from edge.requests import ClientError, decode_json
from edge.response_cache import ResponseCache
from kg import metrics
from kg.settings import Settings
from resolvers.context import Context
from resolvers.errors import (
    BAD_REQUEST,
    GRAPHQL_VALIDATION_FAILED,
    METHOD_NOT_ALLOWED,
    NOT_ACCEPTABLE,
    SERVICE_UNAVAILABLE,
)
from schema import build_schema
from schema.errors import present
from schema.warmup import WarmUp, warm_up

JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"


# Clients send the same few Accept headers: their verdicts are kept (short headers only, so
# the cache stays small however long the headers a client makes up).
_CACHED_ACCEPT_CHARS = 200


def negotiate(accept: str | None) -> str:
    """application/graphql-response+json when the client prefers it (or ranks it equal)."""
    if not accept:
        return JSON
    if len(accept) <= _CACHED_ACCEPT_CHARS:
        return _negotiate_cached(accept)
    return _negotiate(accept)


def _negotiate(accept: str) -> str:
    quality: dict[str, float] = {}
    for part in accept.split(","):
        media, *params = (piece.strip() for piece in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        media = media.lower()
        quality[media] = max(q, quality.get(media, 0.0))
    graphql_response = quality.get(GRAPHQL_RESPONSE, 0.0)
    json = quality.get(JSON, max(quality.get("application/*", 0.0), quality.get("*/*", 0.0)))
    return GRAPHQL_RESPONSE if graphql_response > 0 and graphql_response >= json else JSON


_negotiate_cached = functools.lru_cache(maxsize=128)(_negotiate)


def acceptable(accept: str | None) -> bool:
    """Whether an Accept header admits a JSON response at all (no header admits anything)."""
    if not accept or not accept.strip():
        return True
    if len(accept) <= _CACHED_ACCEPT_CHARS:
        return _acceptable_cached(accept)
    return _acceptable(accept)


def _acceptable(accept: str) -> bool:
    for part in accept.split(","):
        media, *params = (piece.strip() for piece in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0 and media.lower() in (JSON, GRAPHQL_RESPONSE, "application/*", "*/*"):
            return True
    return False


_acceptable_cached = functools.lru_cache(maxsize=128)(_acceptable)


def _inline_script_hashes(html: str) -> list[str]:
    hashes = []
    for script in re.findall(r"<script>(.*?)</script>", html, flags=re.DOTALL):
        digest = hashlib.sha256(script.encode()).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode()}'")
    return hashes


def graphiql_policy(html: str) -> str:
    """GraphiQL's page loads its bundle from unpkg.com and runs one inline script (admitted by
    its hash); it talks to this origin only."""
    return "; ".join(
        [
            "default-src 'none'",
            "script-src https://unpkg.com " + " ".join(_inline_script_hashes(html)),
            "style-src https://unpkg.com 'unsafe-inline'",
            "font-src https://unpkg.com data:",
            "img-src 'self' data:",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ]
    )


# strawberry's reasons for a GraphQL request error it reports as HTTP 400 (the operation to run
# cannot be chosen): the spec answers those like validation errors.
_OPERATION_REASONS = ("Unknown operation named", "Can't get GraphQL operation type")


class GraphQLApp(GraphQL[Context, None]):
    def __init__(self, settings: Settings) -> None:
        super().__init__(build_schema(settings), graphql_ide="graphiql")
        self.settings = settings
        self.graphiql_policy = graphiql_policy(self.graphql_ide_html)
        self.responses = ResponseCache(settings)

    async def warm_up(self, driver: neo4j.AsyncDriver, database: str) -> WarmUp:
        """Plan the author page's reads before the first reader asks (schema/warmup.py)."""
        return await warm_up(self.schema, driver, database, self.settings)

    async def get_context(self, request: Any, response: Any) -> Context:
        state = request.state if isinstance(request, Request) else request.scope["state"]
        return Context(
            driver=state.driver,
            database=state.database,
            settings=self.settings,
            request=request if isinstance(request, Request) else None,
            response=response,
        )

    def encode_json(self, data: object) -> bytes:
        return encode_json(data)

    def decode_json(self, data: str | bytes) -> object:
        """Every JSON strawberry reads (the body, GET's variables and extensions), within the
        edge's bounds; a scalar at the top is refused here (strawberry would fail on it)."""
        value = decode_json(data, max_depth=self.settings.max_json_depth, what="the JSON")
        if not isinstance(value, dict | list):
            kind = "null" if value is None else type(value).__name__
            raise ClientError(
                f"the JSON is a {kind}; send an object such as "
                '{"query": "{ graphStats { authors } }"} (and variables as an object)'
            )
        return value

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope=scope, receive=receive)
        accept = request.headers.get("accept")
        media_type = negotiate(accept)
        started = time.perf_counter()
        operation = metrics.operation_label(request.query_params.get("operationName"))
        try:
            if self.should_render_graphql_ide(request):  # type: ignore[arg-type]
                response = await self.run(request)
                response.headers["content-security-policy"] = self.graphiql_policy
                response.headers["x-content-type-options"] = "nosniff"
                await response(scope, receive, send)
                return
            if not acceptable(accept):
                raise ClientError(
                    f"Accept: {accept[:100] if accept else ''} allows no response this endpoint "
                    f"gives; accept {GRAPHQL_RESPONSE} or {JSON}",
                    status=406,
                    code=NOT_ACCEPTABLE,
                )
            response = await self._answer(request, media_type)
        except ClientError as error:
            response = self._refusal(error.status, error.code, error.message, media_type, request)
            response.headers.update(error.headers)
        except HTTPException as error:
            if any(reason in error.reason for reason in _OPERATION_REASONS):
                status = 400 if media_type == GRAPHQL_RESPONSE else 200
                code = GRAPHQL_VALIDATION_FAILED
            elif error.status_code == 405 or "not allowed when using GET" in error.reason:
                status, code = 405, METHOD_NOT_ALLOWED
            else:
                status, code = error.status_code, BAD_REQUEST
            response = self._refusal(status, code, error.reason, media_type, request)
            if status == 405:
                response.headers["allow"] = "POST" if request.method == "GET" else "GET, POST"
        else:
            if response.media_type == JSON and response.status_code != 304:
                # A GraphQL response, not GraphiQL's page.
                response.headers["content-type"] = f"{media_type}; charset=utf-8"
                if getattr(request.state, "graphql_unavailable", False):
                    response.status_code = 503
                    response.headers["retry-after"] = str(self.settings.retry_after_seconds)
                elif media_type == GRAPHQL_RESPONSE and getattr(
                    request.state, "graphql_request_error", False
                ):
                    response.status_code = 400
        code = getattr(request.state, "graphql_code", None) or (
            "none" if response.status_code < 400 else "BAD_REQUEST"
        )
        operation = getattr(request.state, "graphql_operation", operation)
        metrics.graphql_operations.labels(operation, str(response.status_code), code).inc()
        metrics.graphql_seconds.labels(operation).observe(time.perf_counter() - started)
        await response(scope, receive, send)

    async def _answer(self, request: Request, media_type: str) -> Response:
        """The response: kept from an earlier request of the same version (edge/response_cache.py)
        or executed, and kept when it may be."""
        lookup = await self.responses.look_up(request, media_type)
        if lookup is None:
            return await self.run(request)
        if _matches(request.headers.get("if-none-match"), lookup.etag):
            response = Response(status_code=304)
        elif lookup.hit is not None:
            response = Response(lookup.hit.body, media_type=JSON)
        else:
            response = await self.run(request)
            if response.status_code != 200 or _has_errors(request, response):
                return response  # not for everyone, or not for long: no ETag either
            self.responses.keep(lookup, bytes(response.body), media_type)
        response.headers["etag"] = lookup.etag
        response.headers["cache-control"] = "no-cache"  # a browser revalidates: If-None-Match
        return response

    def _refusal(
        self, status: int, code: str, message: str, media_type: str, request: Request
    ) -> Response:
        request.state.graphql_code = code
        metrics.client_errors.labels(code).inc()
        body = error_body(message, code, request_id_of(request.scope))
        return Response(body, status_code=status, media_type=media_type)

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        errors = present(result.errors) if result.errors else []
        request_error = (
            result.data is None and bool(errors) and all(error.path is None for error in errors)
        )
        body: GraphQLHTTPResponse = {}
        if not request_error:
            body["data"] = result.data
        else:
            request.state.graphql_request_error = True
        if errors:
            codes = [(error.extensions or {}).get("code") for error in errors]
            request.state.graphql_code = codes[0] or "none"
            if SERVICE_UNAVAILABLE in codes:
                request.state.graphql_unavailable = True
                request.state.graphql_code = SERVICE_UNAVAILABLE
            body["errors"] = [error.formatted for error in errors]
        extensions = dict(result.extensions or {})
        request_id = request_id_of(request.scope)
        if errors and request_id:
            # The id the log lines of this request carry (also in the X-Request-Id header).
            extensions["requestId"] = request_id
        if extensions:
            body["extensions"] = extensions
        return body

    async def parse_http_body(self, request: Any) -> Any:
        data = await super().parse_http_body(request)
        starlette_request = getattr(request, "_request", None)
        name = getattr(data, "operation_name", None)
        if isinstance(starlette_request, Request) and isinstance(name, str):
            starlette_request.state.graphql_operation = metrics.operation_label(name)
        return data


def graphql_route(app: GraphQLApp) -> Route:
    return Route("/graphql", app, methods=["GET", "POST"])


def _matches(if_none_match: str | None, etag: str) -> bool:
    """Whether If-None-Match names this ETag (weakly, as RFC 9110 compares for GET)."""
    if not if_none_match:
        return False
    tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return etag in tags or "*" in tags


def _has_errors(request: Request, response: Response) -> bool:
    """Whether the executed response carries errors (process_result noted their code) or sets
    anything (a cookie): such a response is not for everyone."""
    return getattr(request.state, "graphql_code", None) is not None or (
        "set-cookie" in response.headers
    )
