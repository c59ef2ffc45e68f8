"""Responses to anonymous read queries, kept until the graph's version moves.

Most traffic is the same few queries for the same few authors (a shared profile link, the
explorer's first view), asked by readers who are not signed in. Such a response depends only on
the document, the operation, the variables and the graph; so it is kept under those and the
graph's version (kg/graph_version.py), which every write an anonymous reader could see advances.
A response is never served after the write that changed it; an entry of an old version is never
hit again and ages out of the LRU, which is bounded in bytes.

What is never cached: a request with any credential (a session cookie, an Authorization header,
even an invalid one), a mutation, a response with errors or a status other than 200, a request
whose version cannot be read (Neo4j down: the query runs and reports that itself).

The ETag names the key and the version, so a client that sends it back in If-None-Match gets 304
without the query running, whichever replica answers.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import neo4j
from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse
from starlette.requests import Request

from edge.requests import ClientError, decode_json
from identity.sessions import cookie_name
from kg import graph_version
from kg.settings import Settings
from schema.caches import LRU, text_key

MAX_ENTRIES = 20_000
_ENTRY_OVERHEAD = 200  # bytes an entry costs besides its body: key, tuple, headers


@dataclass(frozen=True)
class Cached:
    body: bytes
    media_type: str
    etag: str


@dataclass(frozen=True)
class Lookup:
    """A cacheable request: where its response is kept, and what is kept there now."""

    key: str
    etag: str
    hit: Cached | None


class ResponseCache:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.entries: LRU[str, Cached] = LRU(
            "responses", size=MAX_ENTRIES, max_bytes=settings.response_cache_bytes
        )
        # Whether a document's operation (by name) is a query: parsed once per text.
        self.kinds: LRU[tuple[str, str | None], bool] = LRU("response-kinds")

    @property
    def enabled(self) -> bool:
        return self.settings.response_cache_bytes > 0

    async def look_up(self, request: Request, media_type: str) -> Lookup | None:
        """The request's place in the cache, or None when its response must not be kept."""
        if not self.enabled or not self._anonymous(request):
            return None
        asked = await self._operation(request)
        if asked is None:
            return None
        query, operation_name, variables = asked
        if not self._is_query(query, operation_name):
            return None
        try:
            version = await graph_version.read(request.state.driver, request.state.database)
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError):
            return None
        if version is None:  # no write has made it yet
            return None
        request_key = json.dumps(
            [text_key(query), operation_name, variables, media_type],
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=True,
        )
        key = hashlib.sha256(f"{version}\n{request_key}".encode()).hexdigest()
        return Lookup(key, f'"{key[:40]}"', self.entries.get(key))

    def keep(self, lookup: Lookup, body: bytes, media_type: str) -> None:
        self.entries.put(
            lookup.key, Cached(body, media_type, lookup.etag), weight=len(body) + _ENTRY_OVERHEAD
        )

    def _anonymous(self, request: Request) -> bool:
        return (
            "authorization" not in request.headers
            and cookie_name(self.settings) not in request.cookies
        )

    async def _operation(self, request: Request) -> tuple[str, str | None, object] | None:
        """(query, operationName, variables) of a plain JSON POST or a GET; None for any other
        shape (strawberry answers those, errors included). A body over the edge's bounds is
        refused here (ClientError: 413, 408), as strawberry's own reading would."""
        body = await request.body() if request.method == "POST" else b""
        try:
            if request.method == "GET":
                params = request.query_params
                query, name = params.get("query"), params.get("operationName")
                raw = params.get("variables")
                variables = (
                    decode_json(raw, max_depth=self.settings.max_json_depth) if raw else None
                )
            elif request.method == "POST":
                content_type = request.headers.get("content-type", "")
                if content_type.split(";")[0].strip().lower() != "application/json":
                    return None
                decoded = decode_json(body, max_depth=self.settings.max_json_depth)
                if not isinstance(decoded, dict):
                    return None
                query, name, variables = (
                    decoded.get("query"),
                    decoded.get("operationName"),
                    decoded.get("variables"),
                )
            else:
                return None
        except ClientError:
            return None  # not JSON we can use: strawberry decodes it again and says what is wrong
        if not isinstance(query, str) or not (name is None or isinstance(name, str)):
            return None
        return query, name, variables

    def _is_query(self, query: str, operation_name: str | None) -> bool:
        kind_key = (text_key(query), operation_name)
        known = self.kinds.get(kind_key)
        if known is not None:
            return known
        try:
            document = parse(query, no_location=True, max_tokens=self.settings.max_query_tokens)
        except GraphQLError:
            return False  # not kept, so a flood of bad texts cannot fill the table
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        chosen = [
            op
            for op in operations
            if operation_name is None or (op.name is not None and op.name.value == operation_name)
        ]
        is_query = len(chosen) == 1 and chosen[0].operation == OperationType.QUERY
        return self.kinds.put(kind_key, is_query, weight=len(query))
