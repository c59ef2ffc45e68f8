"""graphql-core's execution with two shortcuts for long lists of plain values.

graphql-core completes every list item and every field on its own (a path entry, a resolve-info
object, an awaitable check, a completion call): about 2 µs a list item and 4 µs a field. A depth-2
graph slice is a few hundred nodes and edges of four or five fields each, so that per-item cost
is most of what GraphQL adds to the query. For two shapes, this context completes a list in one
pass instead:

- `[Scalar!]` / `[Enum!]` lists of plain values (the columnar slice): each item serialized;
- `[Object!]` lists whose selected fields are all argument-less leaves that strawberry serves
  by reading an attribute (SliceNode, SliceEdge, ...): one dict per item, fields in the order
  graphql-core collected them (aliases, fragments, @skip/@include and __typename included).

Anything else, or anything unusual on the way (a null, a value that does not serialize, an
awaitable, @defer/@stream, middleware, a field with a resolver, permissions or extensions), takes
graphql-core's own path for the whole list, so results and errors are what they would have been.
tests/test_api_execution.py compares the two on every shape.

It reads internals of graphql-core (complete_iterable_value's signature, collect_subfields) and
strawberry (how a basic field resolves), so pyproject.toml pins both to the minor versions it is
tested on. Only a list that is not simple falls back: anything else raised here is a bug and
surfaces as one, instead of a silent slowdown; tests/test_api_slice.py and test_api_authors.py
check that the real slice and profile queries take the shortcut.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import Any

from graphql import (
    GraphQLError,
    GraphQLField,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLSchema,
    is_leaf_type,
)
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

# (response key, attribute reader or None for __typename, serialize or the type name,
#  non-null)
Plan = list[tuple[str, Callable[..., Any] | None, Any, bool]]


class _NotSimple(Exception):
    """This list takes graphql-core's own path."""


def _attribute_name(field: GraphQLField) -> str | None:
    """For a strawberry field without resolver, permissions or extensions (a "basic" field)
    whose default resolver is getattr: the attribute strawberry's resolver reads."""
    resolve = field.resolve
    direct = getattr(resolve, "_kg_attribute", None)
    if isinstance(direct, str):
        return direct
    definition = field.extensions.get("strawberry-definition")
    if not (
        getattr(resolve, "_is_default", False)
        and getattr(resolve, "__name__", "") == "_get_basic_result"
        and getattr(definition, "is_basic_field", False)
        and getattr(definition, "default_resolver", None) is getattr
    ):
        return None
    return definition.python_name  # type: ignore[union-attr, no-any-return]


def _attribute_reader(field: GraphQLField) -> Callable[[Any], Any] | None:
    """What strawberry's resolver of a basic field does, minus its wrappers."""
    name = _attribute_name(field)
    return None if name is None else attrgetter(name)


def _direct_resolver(name: str) -> Callable[..., Any]:
    def resolve(source: Any, info: GraphQLResolveInfo[Any], **arguments: Any) -> Any:
        return getattr(source, name)

    resolve._is_default = True  # type: ignore[attr-defined]  # as strawberry marks its own
    resolve._kg_attribute = name  # type: ignore[attr-defined]
    return resolve


def resolve_attributes_directly(schema: GraphQLSchema) -> None:
    """Every basic field of the schema reads its attribute in one call. strawberry's resolver of
    one does the same read through three more (get_result, base_resolver, python_name), and
    most fields of a response are basic (ids, names, counts, edges, nodes)."""
    for named in schema.type_map.values():
        if isinstance(named, GraphQLObjectType) and not named.name.startswith("__"):
            for field in named.fields.values():
                name = _attribute_name(field)
                if name is not None:
                    field.resolve = _direct_resolver(name)


def _serialized(serialize: Callable[[Any], Any], value: Any) -> Any:
    """A leaf's serialization; a value that does not serialize is graphql-core's to report."""
    try:
        return serialize(value)
    except (GraphQLError, TypeError, ValueError):
        raise _NotSimple from None


class ExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def complete_iterable_value(
        self,
        item_type: GraphQLOutputType,
        field_details_list: Any,
        info: GraphQLResolveInfo[Any],
        path: Path,
        items: Iterable[Any],
        position_context: Any,
    ) -> Any:
        if (
            isinstance(items, list)
            and isinstance(item_type, GraphQLNonNull)
            and not self.get_stream_usage(field_details_list, path)
        ):
            inner = item_type.of_type
            try:
                if is_leaf_type(inner):
                    return self._leaves(inner.serialize, items)
                if isinstance(inner, GraphQLObjectType):
                    return self._objects(inner, field_details_list, items)
            except _NotSimple:
                pass
        return super().complete_iterable_value(
            item_type, field_details_list, info, path, items, position_context
        )

    @staticmethod
    def _leaves(serialize: Callable[[Any], Any], items: list[Any]) -> list[Any]:
        completed = [_serialized(serialize, item) for item in items]
        if None in completed:
            raise _NotSimple
        return completed

    def _objects(
        self, object_type: GraphQLObjectType, field_details_list: Any, items: list[Any]
    ) -> list[dict[str, Any]]:
        plan = self._plan(object_type, field_details_list)
        completed = []
        for item in items:
            if item is None:
                raise _NotSimple
            row = {}
            for key, resolve, serialize, non_null in plan:
                if resolve is None:
                    row[key] = serialize  # __typename
                    continue
                value = resolve(item)
                if value is None:
                    if non_null:
                        raise _NotSimple
                    row[key] = None
                    continue
                value = _serialized(serialize, value)
                if value is None:
                    raise _NotSimple
                row[key] = value
            completed.append(row)
        return completed

    def _plan(self, object_type: GraphQLObjectType, field_details_list: Any) -> Plan:
        middleware = self.middleware_manager
        if object_type.is_type_of is not None or (middleware and middleware.middlewares):
            raise _NotSimple
        # Memoized by graphql-core for this field's nodes (it does the same per item).
        grouped, defer_usages, _ = self.collect_subfields(object_type, field_details_list)
        if defer_usages:
            raise _NotSimple
        plan: Plan = []
        for key, details in grouped.items():
            node = details[0].node
            name = node.name.value
            if name == "__typename":
                plan.append((key, None, object_type.name, True))
                continue
            field = object_type.fields.get(name)
            read = _attribute_reader(field) if field is not None else None
            if read is None or field is None or field.args or node.arguments:
                raise _NotSimple
            non_null = isinstance(field.type, GraphQLNonNull)
            leaf = field.type.of_type if non_null else field.type
            if not is_leaf_type(leaf) or any(d.defer_usage for d in details):
                raise _NotSimple
            plan.append((key, read, leaf.serialize, non_null))
        return plan
