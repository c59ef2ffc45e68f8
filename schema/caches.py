"""Per-process caches of parsed and validated documents, keyed by the query text.

Parsing and validating a query cost more than executing a small one (validation alone was about
three quarters of the Python time of the author page query), and clients send the same few query
texts over and over with different variables. Both caches are bounded LRUs keyed by the text
(graphql-core's document nodes hash by walking the whole tree; a string hashes once), so a flood
of distinct queries evicts entries but cannot grow them.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import suppress
from typing import Any, Generic, TypeVar

from graphql import DocumentNode, GraphQLError, parse, validate
from strawberry.extensions import SchemaExtension

MAX_CACHED_DOCUMENTS = 256

K = TypeVar("K")
V = TypeVar("V")


class LRU(Generic[K, V]):
    def __init__(self, size: int = MAX_CACHED_DOCUMENTS) -> None:
        self.size = size
        self.items: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        value = self.items.get(key)
        if value is not None:
            self.items.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> V:
        self.items[key] = value
        if len(self.items) > self.size:
            self.items.popitem(last=False)
        return value


_documents: LRU[tuple[str, Any, Any], DocumentNode] = LRU()
_validations: LRU[tuple[int, str], list[GraphQLError]] = LRU()


class DocumentCache(SchemaExtension):
    """Parses and validates each query text once. A text that does not parse is not cached:
    strawberry parses it again and reports the error the usual way."""

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        options = context.parse_options
        if context.query is not None and context.graphql_document is None:
            key = (context.query, options.get("max_tokens"), options.get("max_source_length"))
            document = _documents.get(key)
            if document is None:
                with suppress(GraphQLError):
                    document = _documents.put(key, parse(context.query, **options))
            context.graphql_document = document
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.query is not None and context.graphql_document is not None:
            key = (id(context.schema._schema), context.query)
            errors = _validations.get(key)
            if errors is None:
                errors = _validations.put(
                    key,
                    validate(
                        context.schema._schema, context.graphql_document, context.validation_rules
                    ),
                )
            context.pre_execution_errors = errors
        yield
