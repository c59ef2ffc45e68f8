"""What one request may ask for: size, depth, aliases and an estimated cost (QUERY_TOO_COMPLEX).

- size: at most settings.max_query_tokens tokens (comments count) and MAX_SOURCE_LENGTH
  characters, enforced by the parser;
- depth: nested selections, at most settings.max_query_depth (introspection fields excepted:
  GraphiQL's introspection query is deep by nature);
- aliases: at most settings.max_aliases aliased fields, introspection included;
- cost: an estimate of the values the response may hold, at most MAX_QUERY_COST. Every field
  costs its entry in FIELD_COSTS (1 unless listed; MUTATION_COST on the mutation type), and its
  selection, or its items for a list of leaves, counts as many times as the list it returns may
  be long (LENGTHS, by schema coordinate such as `GraphSlice.nodes`; DEFAULT_LIST_LENGTH
  otherwise). Introspection lists are as long as this schema makes them (`__Schema.types`...).

The walk is linear in the document: each fragment is measured once per parent type and slice
size, and however a document is built, the walk stops after MAX_WALK_STEPS selections with
QUERY_TOO_COMPLEX (limit `walk`), so a request is refused in milliseconds rather than expanded.

Depth, aliases and cost are checked after validation with the operation's variables, before
anything reaches Neo4j. Page sizes are checked by the fields themselves (settings.max_page_size).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graphql import (
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLError,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
    get_nullable_type,
    is_abstract_type,
    is_list_type,
)
from graphql.execution.values import VariableValues, get_argument_values, get_variable_values
from strawberry.types import ExecutionContext

from kg.settings import Settings
from resolvers.errors import QUERY_TOO_COMPLEX
from resolvers.slice import DEFAULT_EDGES, DEFAULT_LIMITS, MAX_EDGES
from schema.caches import LRU, query_key

MAX_QUERY_COST = 25_000
MAX_SOURCE_LENGTH = 100_000
# Selections the walk may visit (a fragment measured once counts once wherever it is spread).
# The largest query the token limit allows without fragments is about 2,000 fields.
MAX_WALK_STEPS = 5_000
# One response key may appear this often in one selection set: graphql-core's rule that fields
# of one name can be merged compares every pair of them (1,900 of one field cost 300 ms).
MAX_REPEATS = 50
# Costs saturate here: an estimate past it is refused anyway, and integers stay small.
COST_CEILING = 10**12

# The own cost of a field, by schema coordinate; 1 when unlisted. Resolvers that do more than
# read one row are listed here. A new mutation or field needs no entry to be costed (the
# defaults apply), only when it is dearer than that.
FIELD_COSTS: dict[str, int] = {
    "Query.searchAuthors": 5,
    "Query.searchWorks": 5,
    "Query.graphSlice": 20,
    "Query.coauthorPath": 20,
    # The lists of a node beyond an author's: each sorts (top-k) and counts its whole list.
    "Topic.works": 10,  # with the subtopics' works
    "Institution.works": 10,  # the works of every affiliated author
    "Institution.authors": 3,
    "Source.works": 5,
    "Work.citingWorks": 3,
    "Work.citedWorks": 2,
}
# Fields of the mutation type cost this unless FIELD_COSTS lists them: each may write.
MUTATION_COST = 10

# How long a list may be, by schema coordinate: a number (typical length, an estimate, not a
# cap), or a rule: "first" (the page size asked), "slice_nodes"/"slice_edges" (the enclosing
# graphSlice's size), "page" (connection edges: counted by the connection's `first`), or one
# of the introspection measures of this schema ("types", "fields", "args", ...).
LENGTHS: dict[str, int | str] = {
    "Work.authors": 10,
    "Work.topics": 5,
    "Author.institutions": 5,
    "Affiliation.years": 10,
    "AffiliatedAuthor.years": 10,
    "CoauthorPath.authors": 7,
    "CoauthorPath.links": 6,
    "TrustSnapshot.components": 7,
    "GraphSlice.nodes": "slice_nodes",
    "GraphSlice.edges": "slice_edges",
    "SliceColumns.ids": "slice_nodes",
    "SliceColumns.types": "slice_nodes",
    "SliceColumns.labels": "slice_nodes",
    "SliceColumns.weights": "slice_nodes",
    "SliceColumns.depths": "slice_nodes",
    "SliceColumns.edgeSources": "slice_edges",
    "SliceColumns.edgeTargets": "slice_edges",
    "SliceColumns.edgeTypes": "slice_edges",
    "SliceColumns.edgeWeights": "slice_edges",
    "__Schema.types": "types",
    "__Schema.directives": "directives",
    "__Type.fields": "fields",
    "__Type.inputFields": "input_fields",
    "__Type.enumValues": "enum_values",
    "__Type.interfaces": "interfaces",
    "__Type.possibleTypes": "possible_types",
    "__Field.args": "args",
    "__Directive.args": "args",
    "__Directive.locations": "locations",
}
DEFAULT_LIST_LENGTH = 10
SLICE_LIMIT_DEFAULT_TOTAL = sum(DEFAULT_LIMITS.values())
DEFAULT_SLICE = (1 + SLICE_LIMIT_DEFAULT_TOTAL, DEFAULT_EDGES)


@dataclass
class Measure:
    depth: int = 0
    aliases: int = 0
    cost: float = 0  # fractional: introspection lists are as long as their average


_UNKNOWN = object()


class WalkTooLong(Exception):
    """The document expands into more selections than MAX_WALK_STEPS."""


class RepeatedField(Exception):
    """One selection set asks for the same response key more than MAX_REPEATS times."""

    def __init__(self, key: str, count: int) -> None:
        super().__init__(key)
        self.key = key
        self.count = count


def introspection_lengths(schema: GraphQLSchema) -> dict[str, float]:
    """Average lengths of the introspection lists of this schema, over every type since every
    type is asked for them; and how deep its types wrap (NonNull, List)."""
    types = list(schema.type_map.values())
    objects = [t for t in types if isinstance(t, GraphQLObjectType | GraphQLInterfaceType)]
    fields = [f for t in objects for f in t.fields.values()]
    inputs = [t for t in types if isinstance(t, GraphQLInputObjectType)]
    enums = [t for t in types if isinstance(t, GraphQLEnumType)]
    directives = list(schema.directives)

    def mean(total: int, count: int) -> float:
        return total / max(count, 1)

    def wraps(type_: Any) -> int:
        return 1 + wraps(type_.of_type) if hasattr(type_, "of_type") else 0

    typed = [f.type for f in fields] + [a.type for f in fields for a in f.args.values()]
    typed += [f.type for t in inputs for f in t.fields.values()]
    return {
        "types": max(1, len(types)),
        "directives": max(1, len(directives)),
        "fields": mean(len(fields), len(types)),
        "input_fields": mean(sum(len(t.fields) for t in inputs), len(types)),
        "enum_values": mean(sum(len(t.values) for t in enums), len(types)),
        "interfaces": mean(sum(len(t.interfaces) for t in objects), len(types)),
        "possible_types": mean(
            sum(len(schema.get_possible_types(t)) for t in types if is_abstract_type(t)),
            len(types),
        ),
        "args": mean(
            sum(len(f.args) for f in fields) + sum(len(d.args) for d in directives),
            len(fields) + len(directives),
        ),
        "locations": mean(sum(len(d.locations) for d in directives), len(directives)),
        "wrapping": max((wraps(t) for t in typed), default=0),
    }


_introspection: dict[int, dict[str, float]] = {}


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
        self.steps = 0
        self.mutation = schema.mutation_type
        key = id(schema)
        if key not in _introspection:
            _introspection[key] = introspection_lengths(schema)
        self.introspection = _introspection[key]
        # How many `__Type.ofType` enclose the current selection: past the schema's deepest
        # wrapping, ofType is null, so nothing under it is walked.
        self.of_type_depth = 0
        # Per field node and parent type: what does not depend on where it is spread.
        self.plans: dict[tuple[int, str], Any] = {}
        # (fragment, parent type, slice size, ofType depth) -> its measure: each walked once.
        self.memo: dict[tuple[str, str, tuple[int, int], int], Measure] = {}

    def selection_set(
        self,
        node: SelectionSetNode,
        parent: GraphQLObjectType | GraphQLInterfaceType | None,
        slice_dims: tuple[int, int],
        active: frozenset[str],
    ) -> Measure:
        total = Measure()
        if len(node.selections) > MAX_REPEATS:
            keys = Counter(
                (s.alias or s.name).value for s in node.selections if isinstance(s, FieldNode)
            )
            key, count = keys.most_common(1)[0] if keys else ("", 0)
            if count > MAX_REPEATS:
                raise RepeatedField(key, count)
        for selection in node.selections:
            self.steps += 1
            if self.steps > MAX_WALK_STEPS:
                raise WalkTooLong
            if isinstance(selection, FieldNode):
                part = self.field(selection, parent, slice_dims, active)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self._type(condition.name.value) if condition is not None else parent
                part = self.selection_set(selection.selection_set, inner, slice_dims, active)
            elif isinstance(selection, FragmentSpreadNode):
                part = self.spread(selection.name.value, slice_dims, active)
            else:  # pragma: no cover - graphql-core has no other selection kind
                continue
            total.depth = max(total.depth, part.depth)
            total.aliases += part.aliases
            total.cost = min(total.cost + part.cost, COST_CEILING)
        return total

    def spread(self, name: str, slice_dims: tuple[int, int], active: frozenset[str]) -> Measure:
        fragment = self.fragments.get(name)
        if fragment is None or name in active:  # validation reports both
            return Measure()
        parent = self._type(fragment.type_condition.name.value)
        key = (name, parent.name if parent is not None else "", slice_dims, self.of_type_depth)
        found = self.memo.get(key)
        if found is None:
            found = self.selection_set(fragment.selection_set, parent, slice_dims, active | {name})
            self.memo[key] = found
        return found

    def field(
        self,
        node: FieldNode,
        parent: GraphQLObjectType | GraphQLInterfaceType | None,
        slice_dims: tuple[int, int],
        active: frozenset[str],
    ) -> Measure:
        aliases = 1 if node.alias is not None else 0
        key = (id(node), parent.name if parent is not None else "")
        plan = self.plans.get(key)
        if plan is None:
            plan = self.plans[key] = self._plan(node, parent)
        if plan is _UNKNOWN:  # __typename, or unknown (validation reports that)
            return Measure(depth=0, aliases=aliases, cost=1)
        coordinate, own, arguments, child, introspection, times = plan
        if coordinate == "Query.graphSlice":
            edges = arguments.get("maxEdges")
            slice_dims = (
                _slice_size(arguments),
                edges if isinstance(edges, int) and 0 <= edges <= MAX_EDGES else DEFAULT_EDGES,
            )
        if times == "slice_nodes":
            times = slice_dims[0]
        elif times == "slice_edges":
            times = slice_dims[1]
        of_type = coordinate == "__Type.ofType"
        if of_type and self.of_type_depth >= self.introspection["wrapping"]:
            return Measure(depth=0, aliases=aliases, cost=1)  # null: no type wraps deeper
        if node.selection_set is None:
            # A leaf is one value of the response; a list of leaves one value per item.
            cost = max(own, times) if child is None else own
            return Measure(depth=0 if introspection else 1, aliases=aliases, cost=cost)
        else:
            self.of_type_depth += of_type
            try:
                inner = self.selection_set(node.selection_set, child, slice_dims, active)
            finally:
                self.of_type_depth -= of_type
        return Measure(
            depth=inner.depth + (0 if introspection else 1),
            aliases=aliases + inner.aliases,
            cost=min(own + times * inner.cost, COST_CEILING) if inner.cost else own,
        )

    def _plan(
        self, node: FieldNode, parent: GraphQLObjectType | GraphQLInterfaceType | None
    ) -> Any:
        """What a field node costs whatever its place: worked out once per node and parent."""
        name = node.name.value
        definition = self._definition(parent, name)
        if definition is None or parent is None:
            return _UNKNOWN
        coordinate = f"{parent.name}.{name}"
        # Introspection is bounded by the schema, not by the data: costed, not depth-limited.
        introspection = name.startswith("__") or parent.name[:2] == "__"
        own = FIELD_COSTS.get(coordinate)
        if own is None:
            own = MUTATION_COST if parent is self.mutation else 1
        arguments = self._arguments(definition, node) if definition.args else {}
        named = get_named_type(definition.type)
        child = named if isinstance(named, GraphQLObjectType | GraphQLInterfaceType) else None
        times = self._length(coordinate, definition, arguments)
        return coordinate, own, arguments, child, introspection, times

    def _length(
        self, coordinate: str, definition: GraphQLField, arguments: dict[str, Any]
    ) -> float | str:
        """A number, or "slice_nodes" / "slice_edges" (the enclosing slice's, at each visit)."""
        if "first" in arguments and isinstance(arguments["first"], int):
            # Beyond the page size the field refuses with its own, clearer error.
            return min(max(arguments["first"], 1), self.max_page_size)
        if not is_list_type(get_nullable_type(definition.type)):
            return 1
        rule = LENGTHS.get(coordinate)
        if isinstance(rule, int):
            return rule
        if rule in ("slice_nodes", "slice_edges"):
            return rule
        if rule is not None:
            return self.introspection.get(rule, DEFAULT_LIST_LENGTH)
        type_name, _, field_name = coordinate.partition(".")
        if field_name == "edges" and type_name.endswith("Connection"):
            return 1  # counted by the connection's `first`
        return DEFAULT_LIST_LENGTH

    def _type(self, name: str) -> GraphQLObjectType | GraphQLInterfaceType | None:
        found = self.schema.get_type(name)
        return found if isinstance(found, GraphQLObjectType | GraphQLInterfaceType) else None

    def _definition(
        self, parent: GraphQLObjectType | GraphQLInterfaceType | None, name: str
    ) -> GraphQLField | None:
        if parent is None:
            return None
        if parent is self.schema.query_type:
            if name == "__schema":
                return _META_FIELDS["__schema"]
            if name == "__type":
                return _META_FIELDS["__type"]
        field: GraphQLField | None = parent.fields.get(name)
        return field

    def _arguments(self, definition: GraphQLField, node: FieldNode) -> dict[str, Any]:
        try:
            return get_argument_values(definition, node, self.variables)
        except (GraphQLError, TypeError, ValueError):
            return {}


def _meta_fields() -> dict[str, GraphQLField]:
    from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef

    return {"__schema": SchemaMetaFieldDef, "__type": TypeMetaFieldDef}


_META_FIELDS = _meta_fields()


def _slice_size(arguments: dict[str, Any]) -> int:
    depth = arguments.get("depth")
    depth = depth if isinstance(depth, int) and depth > 0 else 1
    limits = arguments.get("limits")
    total = SLICE_LIMIT_DEFAULT_TOTAL
    if limits is not None:
        defaults = DEFAULT_LIMITS
        get: Callable[[str], Any] = (
            limits.get if isinstance(limits, dict) else lambda key: getattr(limits, key, None)
        )
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
    """None when the variables do not fit the operation (execution reports that).
    Raises WalkTooLong when the document expands past MAX_WALK_STEPS selections."""
    coerced = get_variable_values(schema, operation.variable_definitions or (), variables)
    if not isinstance(coerced, VariableValues):
        return None
    walker = _Walker(schema, fragments, coerced, max_page_size)
    root = {
        "query": schema.query_type,
        "mutation": schema.mutation_type,
        "subscription": schema.subscription_type,
    }[operation.operation.value]
    found = walker.selection_set(operation.selection_set, root, DEFAULT_SLICE, frozenset())
    found.cost = round(found.cost)
    return found


def too_complex(message: str, **details: Any) -> GraphQLError:
    return GraphQLError(message, extensions={"code": QUERY_TOO_COMPLEX, **details})


def declared_variables(
    operation: OperationDefinitionNode, variables: dict[str, Any]
) -> dict[str, Any]:
    """Only the variables the operation declares: the others can change nothing."""
    names = {d.variable.name.value for d in operation.variable_definitions or ()}
    return {name: value for name, value in variables.items() if name in names}


# The verdict per (document hash, operation, declared variables, settings): the same request,
# the same answer. Bounded in entries and in the bytes of the keys' variables.
_checked: LRU[tuple[Any, ...], list[GraphQLError]] = LRU("limits", size=512, max_bytes=4_000_000)


class QueryLimits:
    """One request's limits, at three points of strawberry's run (schema/hooks.py calls them):
    the parser's size limits before parsing, the verdict before validation, and again before
    execution when the walk could not read the document before validation."""

    __slots__ = ("context", "deferred", "settings", "settings_key")

    def __init__(self, settings: Settings, settings_key: tuple[int, ...]) -> None:
        self.settings = settings
        # The settings the verdict depends on (hashing the whole Settings per request is dear).
        self.settings_key = settings_key
        self.deferred = False

    @staticmethod
    def settings_key_of(settings: Settings) -> tuple[int, ...]:
        return (settings.max_query_depth, settings.max_aliases, settings.max_page_size)

    def before_parse(self, context: ExecutionContext) -> None:
        options: dict[str, Any] = context.parse_options  # type: ignore[assignment]
        options["max_tokens"] = self.settings.max_query_tokens
        options["max_source_length"] = MAX_SOURCE_LENGTH

    def before_validation(self, context: ExecutionContext) -> None:
        # Before validation: a document over the limits is refused without paying for the
        # validation rules (linear in the document too, but dearer than this walk).
        self.deferred = False
        try:
            errors = self._verdict(context)
        except Exception:  # an invalid document the walk cannot read: validation reports it
            self.deferred = True
            errors = []
        if errors:
            context.pre_execution_errors = errors

    def before_execution(self, context: ExecutionContext) -> None:
        # The document is valid here: if the walk could not read it before validation, it is
        # a bug in the walk, which must not let the request past the limits.
        if self.deferred:
            errors = self._verdict(context)
            if errors:
                context.result = ExecutionResult(data=None, errors=errors)

    def _verdict(self, context: ExecutionContext) -> list[GraphQLError]:
        document = context.graphql_document
        if document is None or context.query is None:
            return []
        operation = _chosen_operation(document, context.operation_name)
        if operation is None:
            return []
        variables = declared_variables(operation, context.variables or {})
        try:
            encoded: str | None = json.dumps(variables, sort_keys=True)
        except (TypeError, ValueError):
            encoded = None
        key = (
            (query_key(context), context.operation_name, encoded, self.settings_key)
            if encoded is not None
            else None
        )
        errors = _checked.get(key) if key is not None else None
        if errors is None:
            errors = self._check(context, document, operation, variables)
            if key is not None:
                _checked.put(key, errors, weight=len(encoded or "") + 200)
        return errors

    def _check(
        self,
        context: ExecutionContext,
        document: Any,
        operation: OperationDefinitionNode,
        variables: dict[str, Any],
    ) -> list[GraphQLError]:
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        schema = context.schema._schema
        try:
            found = measure(schema, operation, fragments, variables, self.settings.max_page_size)
        except RepeatedField as repeated:
            return [
                too_complex(
                    f"`{repeated.key}` is asked for {repeated.count} times in one selection; "
                    f"at most {MAX_REPEATS} are allowed: ask for it once",
                    limit="repeats",
                    maximum=MAX_REPEATS,
                    actual=repeated.count,
                )
            ]
        except WalkTooLong:
            return [
                too_complex(
                    f"the query's fragments expand into more than {MAX_WALK_STEPS} selections: "
                    "spread each fragment fewer times, or ask in several requests",
                    limit="walk",
                    maximum=MAX_WALK_STEPS,
                )
            ]
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


def _chosen_operation(document: Any, operation_name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is None:
        return operations[0] if len(operations) == 1 else None
    for operation in operations:
        if operation.name is not None and operation.name.value == operation_name:
            return operation
    return None
