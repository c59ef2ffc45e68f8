"""The checked-in SDL is current, and keeps every name of the agreed contract."""

from __future__ import annotations

from pathlib import Path

from graphql import (
    BreakingChangeType,
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    build_schema,
    find_breaking_changes,
)

from schema.export import SDL_PATH, main, sdl

CONTRACT = Path(__file__).resolve().parent.parent / "docs" / "api-contract.graphql"


def test_schema_graphql_is_current() -> None:
    assert SDL_PATH.read_text(encoding="utf-8") == sdl(), (
        "schema/schema.graphql is stale; regenerate it with: python -m schema.export"
    )
    assert main(["--check"]) == 0


def test_the_contract_still_holds() -> None:
    """Additions are fine; removals, renames and type changes would break the explorer.

    Two tightenings are allowed (docs/api.md, "Changes to the published schema"), each checked
    for what it is rather than listed by name: a defaulted argument or input field that became
    non-null with a default (leaving it out still means the default), and a String! field that
    became an enum (the enum's values are the strings it returned).
    """
    contract = build_schema(CONTRACT.read_text(encoding="utf-8"))
    current = build_schema(SDL_PATH.read_text(encoding="utf-8"))
    breaking = find_breaking_changes(contract, current)
    # The draft declares a Cursor scalar it never uses (cursors are Strings there too).
    problems = [
        change.description
        for change in breaking
        if change.description != "Cursor was removed." and not tightening(change, current)
    ]
    assert problems == []
    tightened = [change for change in breaking if tightening(change, current)]
    assert {change.type for change in tightened} == {
        BreakingChangeType.ARG_CHANGED_KIND,
        BreakingChangeType.FIELD_CHANGED_KIND,
    }


def tightening(change: object, current: GraphQLSchema) -> bool:
    description = getattr(change, "description", "")
    if description.startswith("Argument "):  # Argument Type.field(arg:) has changed type ...
        coordinate = description.split()[1]
        type_name, _, rest = coordinate.partition(".")
        field_name, _, arg = rest.partition("(")
        owner = current.get_type(type_name)
        assert isinstance(owner, GraphQLObjectType)
        argument = owner.fields[field_name].args[arg.rstrip(":)")]
        return isinstance(argument.type, GraphQLNonNull) and argument.default_value is not None
    if description.startswith("Field "):  # Field Type.field changed type from A to B.
        type_name, _, field_name = description.split()[1].partition(".")
        owner = current.get_type(type_name)
        if isinstance(owner, GraphQLInputObjectType):
            field = owner.fields[field_name]
            return isinstance(field.type, GraphQLNonNull) and field.default_value is not None
        if isinstance(owner, GraphQLObjectType) and description.endswith("!."):
            old = description.split(" from ")[1].split(" to ")[0]
            new_type = owner.fields[field_name].type
            inner = new_type.of_type if isinstance(new_type, GraphQLNonNull) else None
            return old == "String!" and isinstance(inner, GraphQLEnumType)
    return False
