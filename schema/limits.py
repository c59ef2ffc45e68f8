"""What one request may ask for: size, depth, aliases and an estimated cost (QUERY_TOO_COMPLEX).

- size: at most settings.max_query_tokens tokens (comments count) and MAX_SOURCE_LENGTH
  characters, enforced by the parser;
- depth: nested selections, at most settings.max_query_depth (introspection fields excepted:
  GraphiQL's introspection query is deep by nature);
- aliases: at most settings.max_aliases aliased fields;
- cost: an estimate of the values the response may hold, at most MAX_QUERY_COST. Each field
  costs 1 and its selection costs as many times as the list it returns may be long: `first` for
  paged lists, the slice size for graphSlice's nodes and edges, a typical length otherwise.

Depth, aliases and cost are checked after validation with the operation's variables, before
anything reaches Neo4j. Page sizes are checked by the fields themselves (settings.max_page_size).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graphql import (
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
    get_nullable_type,
    is_list_type,
)
from graphql.execution.values import VariableValues, get_argument_values, get_variable_values
from strawberry.extensions import SchemaExtension

from kg.settings import Settings
from resolvers.errors import QUERY_TOO_COMPLEX
from resolvers.slice import DEFAULT_EDGES, DEFAULT_LIMITS, MAX_EDGES
from schema.caches import LRU

MAX_QUERY_COST = 25_000
MAX_SOURCE_LENGTH = 100_000
# Typical lengths of lists that take no `first` (an estimate, not a cap).
LIST_LENGTHS = {"authors": 10, "topics": 5, "institutions": 5, "links": 6, "components": 7}
SLICE_LIMIT_DEFAULT_TOTAL = sum(DEFAULT_LIMITS.values())


# The verdict per (query text, operation, variables, settings): the same request, the same answer.
_checked: LRU[tuple[Any, ...], list[GraphQLError]] = LRU()


@dataclass
class Measure:
    depth: int = 0
    aliases: int = 0
    cost: int = 0


class _Walker:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        variables: VariableValues,
        max_page_size: int,
    ) -> None:
        self.schema = schema
        self.max_page_size = max_page_size
        self.fragments = fragments
        self.variables = variables
        self.measure = Measure()

    def selection_set(
        self,
        node: SelectionSetNode,
        parent: GraphQLObjectType | None,
        depth: int,
        slice_dims: tuple[int, int],
        seen: frozenset[str],
    ) -> int:
        cost = 0
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                cost += self.field(selection, parent, depth + 1, slice_dims, seen)
            elif isinstance(selection, InlineFragmentNode):
                cost += self.selection_set(selection.selection_set, parent, depth, slice_dims, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is not None and name not in seen:
                    cost += self.selection_set(
                        fragment.selection_set, parent, depth, slice_dims, seen | {name}
                    )
        return cost

    def field(
        self,
        node: FieldNode,
        parent: GraphQLObjectType | None,
        depth: int,
        slice_dims: tuple[int, int],
        seen: frozenset[str],
    ) -> int:
        name = node.name.value
        if node.alias is not None:
            self.measure.aliases += 1
        if name.startswith("__"):  # introspection: bounded by the schema, not by the data
            return 1
        self.measure.depth = max(self.measure.depth, depth)
        definition = parent.fields.get(name) if parent is not None else None
        if node.selection_set is None or definition is None:
            return 1
        arguments = self._arguments(definition, node)
        child = get_named_type(definition.type)
        if name == "graphSlice":
            edges = arguments.get("maxEdges")
            slice_dims = (
                _slice_size(arguments),
                edges if isinstance(edges, int) and 0 <= edges <= MAX_EDGES else DEFAULT_EDGES,
            )
        times = 1
        if "first" in arguments and isinstance(arguments["first"], int):
            # Beyond the page size the field refuses with its own, clearer error.
            times = min(max(arguments["first"], 1), self.max_page_size)
        elif is_list_type(get_nullable_type(definition.type)):
            if name == "nodes":
                times = slice_dims[0]
            elif name == "edges" and parent is not None and parent.name == "GraphSlice":
                times = slice_dims[1]
            elif name != "edges":  # connection edges are counted by the connection's `first`
                times = LIST_LENGTHS.get(name, 10)
        inner = self.selection_set(
            node.selection_set,
            child if isinstance(child, GraphQLObjectType) else None,
            depth,
            slice_dims,
            seen,
        )
        return 1 + times * inner

    def _arguments(self, definition: Any, node: FieldNode) -> dict[str, Any]:
        try:
            return get_argument_values(definition, node, self.variables)
        except (GraphQLError, TypeError, ValueError):
            return {}


def _slice_size(arguments: dict[str, Any]) -> int:
    depth = arguments.get("depth")
    depth = depth if isinstance(depth, int) and depth > 0 else 1
    limits = arguments.get("limits")
    total = SLICE_LIMIT_DEFAULT_TOTAL
    if limits is not None:
        defaults = DEFAULT_LIMITS
        get = limits.get if isinstance(limits, dict) else lambda key: getattr(limits, key, None)
        total = sum(
            value if isinstance(value := get(key), int) and value >= 0 else default
            for key, default in defaults.items()
        )
    return 1 + min(depth, 2) * total


def measure(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: dict[str, FragmentDefinitionNode],
    variables: dict[str, Any],
    max_page_size: int,
) -> Measure | None:
    """None when the variables do not fit the operation (execution reports that)."""
    coerced = get_variable_values(schema, operation.variable_definitions or (), variables)
    if not isinstance(coerced, VariableValues):
        return None
    walker = _Walker(schema, fragments, coerced, max_page_size)
    root = schema.mutation_type if operation.operation.value == "mutation" else schema.query_type
    walker.measure.cost = walker.selection_set(
        operation.selection_set,
        root,
        0,
        (1 + SLICE_LIMIT_DEFAULT_TOTAL, DEFAULT_EDGES),
        frozenset(),
    )
    return walker.measure


def too_complex(message: str, **details: Any) -> GraphQLError:
    return GraphQLError(message, extensions={"code": QUERY_TOO_COMPLEX, **details})


class QueryLimits(SchemaExtension):
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def on_operation(self) -> Iterator[None]:
        self.execution_context.parse_options["max_tokens"] = self.settings.max_query_tokens
        options: dict[str, Any] = self.execution_context.parse_options  # type: ignore[assignment]
        options["max_source_length"] = MAX_SOURCE_LENGTH
        yield

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None:
            variables = context.variables or {}
            try:
                key = (
                    context.query,
                    context.operation_name,
                    json.dumps(variables, sort_keys=True),
                    self.settings,
                )
            except (TypeError, ValueError):
                key = None
            errors = _checked.get(key) if key is not None else None
            if errors is None:
                errors = self._check(document, context.operation_name, variables)
                if key is not None:
                    _checked.put(key, errors)
            if errors:
                context.result = ExecutionResult(data=None, errors=errors)
        yield

    def _check(
        self, document: Any, operation_name: str | None, variables: dict[str, Any]
    ) -> list[GraphQLError]:
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        chosen = [
            op
            for op in operations
            if operation_name is None or (op.name is not None and op.name.value == operation_name)
        ][:1]
        if not chosen:
            return []
        schema = self.execution_context.schema._schema
        found = measure(schema, chosen[0], fragments, variables, self.settings.max_page_size)
        if found is None:
            return []
        settings = self.settings
        errors = []
        if found.depth > settings.max_query_depth:
            errors.append(
                too_complex(
                    f"the query nests {found.depth} levels deep; at most "
                    f"{settings.max_query_depth} are allowed: split it into several requests",
                    limit="depth",
                    maximum=settings.max_query_depth,
                    actual=found.depth,
                )
            )
        if found.aliases > settings.max_aliases:
            errors.append(
                too_complex(
                    f"the query uses {found.aliases} aliases; at most {settings.max_aliases} are "
                    "allowed: ask in several requests",
                    limit="aliases",
                    maximum=settings.max_aliases,
                    actual=found.aliases,
                )
            )
        if found.cost > MAX_QUERY_COST:
            errors.append(
                too_complex(
                    f"the query may return about {found.cost} values; at most {MAX_QUERY_COST} are "
                    "allowed: ask for smaller pages (first) or fewer nested lists",
                    limit="cost",
                    maximum=MAX_QUERY_COST,
                    actual=found.cost,
                )
            )
        return errors
