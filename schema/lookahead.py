"""Reading a root lookup's selection ahead of its fields, so that the lookup can fetch in one
statement what the fields would otherwise ask their loaders for level by level (schema/query.py,
resolvers/lookups.py author_page and topic_page).

Only the syntax tree is read (strawberry's `selected_fields` builds objects for the whole
subtree), and only direct selections without directives: a shape read here that the fields then
do not ask for costs some work, never a different answer, since what is fetched is primed into
the loaders the fields read, under the keys they would use.
"""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLObjectType,
    InlineFragmentNode,
)
from graphql.execution.values import VariableValues, get_argument_values

from resolvers.context import Context
from resolvers.lookups import WorksFold
from schema.types import OrderDirection, WorkOrderField

Info = strawberry.Info[Context, None]


def selects_any(info: Info, names: frozenset[str]) -> bool:
    """Whether the field's selection (through fragments) names one of `names`."""
    raw = info._raw_info
    fragments = raw.fragments
    pending = [node.selection_set for node in raw.field_nodes if node.selection_set]
    seen: set[str] = set()
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FieldNode):
                if selection.name.value in names:
                    return True
            elif isinstance(selection, InlineFragmentNode):
                pending.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name not in seen and name in fragments:
                    seen.add(name)
                    pending.append(fragments[name].selection_set)
    return False


def works_fold(info: Info, type_name: str) -> WorksFold | None:
    """When the lookup's selection names `works` once, directly and without directives: its
    arguments exactly as its resolver gets them, and what its nodes select (venue, authors, the
    authors' collaborators); for an author, also its `topics` beside. None for other shapes,
    left to the fields' batched queries."""
    raw = info._raw_info
    found = [
        selection for node in raw.field_nodes for selection in _direct(node, "works", all=True)
    ]
    if len(found) != 1 or found[0].directives:
        return None
    [works] = found
    values = _arguments(info, type_name, works)
    if values is None:
        return None
    nodes = [node for edges in _direct(works, "edges") for node in _direct(edges, "node")]
    authors = [author for node in nodes for author in _direct(node, "authors")]
    inner = [inner for author in authors for inner in _direct(author, "author")]
    collaborators = [c for author in inner for c in _direct(author, "collaborators", all=True)]
    collaborator_args = None
    if len(collaborators) == 1 and not collaborators[0].directives:
        found_args = _arguments(info, "Author", collaborators[0])
        if found_args is not None:
            collaborator_args = {
                "close": found_args.get("close"),
                "first": found_args["first"],
                "after": found_args.get("after"),
            }
    topics = [t for node in raw.field_nodes for t in _direct(node, "topics", all=True)]
    topics_args = (
        _arguments(info, type_name, topics[0])
        if type_name == "Author" and len(topics) == 1 and not topics[0].directives
        else None
    )
    return WorksFold(
        works=_work_arguments(values),
        topics=None if topics_args is None else topics_args["first"],
        venues=any(_direct(node, "venue") for node in nodes),
        authorships=bool(authors),
        collaborators=collaborator_args,
    )


def _work_arguments(values: dict[str, Any]) -> dict[str, Any]:
    """A works field's coerced arguments as resolvers/lists.py work_params takes them, with the
    defaults schema/types.py _works applies."""
    filter = values.get("filter") or {}
    order = values.get("orderBy") or {}
    return {
        "first": values["first"],
        "after": values.get("after"),
        "year_from": filter.get("yearFrom"),
        "year_to": filter.get("yearTo"),
        "type": filter.get("type"),
        "topic_id": filter.get("topicId"),
        "field": order.get("field", WorkOrderField.YEAR).value,
        "descending": order.get("direction", OrderDirection.DESC) is OrderDirection.DESC,
    }


def _arguments(info: Info, type_name: str, node: FieldNode) -> dict[str, Any] | None:
    """The field's arguments coerced as graphql-core coerces them for its resolver (defaults
    and variables applied); None when they do not coerce (the field reports that)."""
    raw = info._raw_info
    owner = raw.schema.get_type(type_name)
    assert isinstance(owner, GraphQLObjectType)
    definition = owner.fields[node.name.value]
    # graphql-core 3.3 keeps the variables as VariableValues; wrap a plain dict the same way.
    variables: Any = raw.variable_values
    if not isinstance(variables, VariableValues):
        variables = VariableValues(sources={}, coerced=dict(variables or {}))
    try:
        return get_argument_values(definition, node, variables)
    except GraphQLError:
        return None


def _direct(field: FieldNode, name: str, *, all: bool = False) -> list[FieldNode]:
    """The direct selections of `field` named `name`: without directives, unless `all`."""
    if field.selection_set is None:
        return []
    return [
        s
        for s in field.selection_set.selections
        if isinstance(s, FieldNode) and s.name.value == name and (all or not s.directives)
    ]
