"""Per-process caches of parsed and validated documents, keyed by the query text.

Parsing and validating a query cost more than executing a small one (validation alone was about
three quarters of the Python time of the author page query), and clients send the same few query
texts over and over with different variables. Both caches are LRUs keyed by a digest of the text
(graphql-core's document nodes hash by walking the whole tree), bounded in entries and in bytes
of text, so a flood of distinct or large queries evicts entries but cannot grow them.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from contextlib import suppress
from typing import Any, Generic, TypeVar

from graphql import DocumentNode, GraphQLError, parse, validate
from strawberry.types import ExecutionContext

from kg import metrics

MAX_CACHED_DOCUMENTS = 256
# The query texts kept, in bytes (a parsed document is bounded by the token limit too).
MAX_CACHED_BYTES = 8_000_000

K = TypeVar("K")
V = TypeVar("V")


class LRU(Generic[K, V]):
    """Least recently used first out, bounded in entries and in the summed weight (bytes) the
    caller gives each entry, so that a few large entries cannot hold memory either."""

    def __init__(
        self, name: str, size: int = MAX_CACHED_DOCUMENTS, max_bytes: int = MAX_CACHED_BYTES
    ) -> None:
        self.hits = metrics.cache_lookups.labels(name, "hit")
        self.misses = metrics.cache_lookups.labels(name, "miss")
        self.size = size
        self.max_bytes = max_bytes
        self.bytes = 0
        self.items: OrderedDict[K, tuple[V, int]] = OrderedDict()

    def get(self, key: K) -> V | None:
        entry = self.items.get(key)
        if entry is None:
            self.misses.inc()
            return None
        self.hits.inc()
        self.items.move_to_end(key)
        return entry[0]

    def put(self, key: K, value: V, weight: int = 0) -> V:
        if weight > self.max_bytes:
            return value  # too big to keep
        previous = self.items.pop(key, None)
        if previous is not None:
            self.bytes -= previous[1]
        self.items[key] = (value, weight)
        self.bytes += weight
        while len(self.items) > self.size or self.bytes > self.max_bytes:
            _, (_, dropped) = self.items.popitem(last=False)
            self.bytes -= dropped
        return value

    def __len__(self) -> int:
        return len(self.items)


_documents: LRU[tuple[str, Any, Any], DocumentNode] = LRU("documents")
_validations: LRU[tuple[int, str], list[GraphQLError]] = LRU("validations")


def text_key(query: str) -> str:
    """A digest of the text: keys stay small whatever the text's size."""
    return hashlib.sha256(query.encode("utf-8", "surrogatepass")).hexdigest()


def query_key(context: ExecutionContext) -> str:
    """text_key of the request's query, worked out once per request: the document and
    validation caches and the limits' verdicts all key on it."""
    query = context.query or ""
    kept: tuple[str, str] | None = getattr(context, "_kg_text_key", None)
    if kept is not None and kept[0] is query:
        return kept[1]
    digest = text_key(query)
    context._kg_text_key = (query, digest)  # type: ignore[attr-defined]
    return digest


def parse_cached(context: ExecutionContext) -> None:
    """Parses each query text once (before strawberry would parse it). A text that does not
    parse is not cached: strawberry parses it again and reports the error the usual way."""
    options = context.parse_options
    if context.query is not None and context.graphql_document is None:
        key = (
            query_key(context),
            options.get("max_tokens"),
            options.get("max_source_length"),
        )
        document = _documents.get(key)
        if document is None:
            with suppress(GraphQLError):
                document = _documents.put(
                    key, parse(context.query, **options), weight=len(context.query)
                )
        context.graphql_document = document


def validate_cached(context: ExecutionContext) -> None:
    """Validates each query text once per schema (before strawberry would validate it)."""
    if (
        context.query is not None
        and context.graphql_document is not None
        and context.pre_execution_errors is None  # not refused by the limits already
    ):
        key = (id(context.schema._schema), query_key(context))
        errors = _validations.get(key)
        if errors is None:
            errors = _validations.put(
                key,
                validate(
                    context.schema._schema, context.graphql_document, context.validation_rules
                ),
                weight=len(context.query),
            )
        context.pre_execution_errors = errors
