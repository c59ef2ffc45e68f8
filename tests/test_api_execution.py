"""schema/execution.py's shortcuts give exactly what graphql-core's own execution gives."""

from __future__ import annotations

from enum import Enum
from typing import Any

import pytest
import strawberry
from strawberry.permission import BasePermission

from schema.execution import ExecutionContext


@strawberry.enum
class Kind(Enum):
    A = "A"
    B = "B"


class Never(BasePermission):
    message = "not allowed"

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        return False


@strawberry.type
class Item:
    id: strawberry.ID
    kind: Kind
    label: str
    weight: float
    note: str | None = None
    secret: str = strawberry.field(default="hidden", permission_classes=[Never])

    @strawberry.field
    def computed(self) -> int:
        return len(self.label)

    @strawberry.field
    def shout(self, times: int = 1) -> str:
        return self.label.upper() * times


@strawberry.type
class Holder:
    items: list[Item]


def items(n: int) -> list[Item]:
    return [
        Item(
            id=strawberry.ID(f"i{i}"),
            kind=Kind.A if i % 2 else Kind.B,
            label=f"item {i}",
            weight=i / 3,
            note=None if i % 3 else f"note {i}",
        )
        for i in range(n)
    ]


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Item]:
        return items(5)

    @strawberry.field
    def ids(self) -> list[strawberry.ID]:
        return [strawberry.ID(f"i{i}") for i in range(5)]

    @strawberry.field
    def kinds(self) -> list[Kind]:
        return [Kind.A, Kind.B, Kind.A]

    @strawberry.field
    def weights(self) -> list[float]:
        return [0.0, 1.5, -2.0]

    @strawberry.field
    def maybe_labels(self) -> list[str | None]:
        return ["a", None, "c"]

    @strawberry.field
    def broken_labels(self) -> list[str]:
        return ["a", None, "c"]  # type: ignore[list-item]

    @strawberry.field
    def bad_floats(self) -> list[float]:
        return [1.0, "x", 2.0]  # type: ignore[list-item]

    @strawberry.field
    def broken_items(self) -> list[Item]:
        bad = items(3)
        bad[1].label = None  # type: ignore[assignment]
        return bad

    @strawberry.field
    def holders(self) -> list[Holder]:
        return [Holder(items=items(2)), Holder(items=items(3))]

    @strawberry.field
    async def async_items(self) -> list[Item]:
        return items(4)


stock = strawberry.Schema(Query)
fast = strawberry.Schema(Query, execution_context_class=ExecutionContext)

QUERIES = [
    "{ items { id kind label weight note } }",
    "{ items { __typename id w: weight label2: label id } }",
    "{ items { ...F } } fragment F on Item { id ... on Item { kind } }",
    "query ($x: Boolean!) { items { id label @include(if: $x) note @skip(if: $x) } }",
    "{ items { id computed } }",
    "{ items { id shout(times: 2) } }",
    "{ items { id secret } }",
    "{ ids kinds weights maybeLabels }",
    "{ brokenLabels }",
    "{ badFloats }",
    "{ brokenItems { id label } }",
    "{ holders { items { id label } } }",
    "{ asyncItems { id kind } }",
    "{ items { id } a: items { label } }",
]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("include", [True, False])
def test_same_results_and_errors(query: str, include: bool) -> None:
    variables = {"x": include}
    expected = (
        stock.execute_sync(query, variable_values=variables)
        if "async" not in query
        else _run(stock, query, variables)
    )
    got = (
        fast.execute_sync(query, variable_values=variables)
        if "async" not in query
        else _run(fast, query, variables)
    )
    assert got.data == expected.data
    assert [e.formatted for e in got.errors or []] == [e.formatted for e in expected.errors or []]


def _run(schema: strawberry.Schema, query: str, variables: dict[str, Any]) -> Any:
    import asyncio

    return asyncio.run(schema.execute(query, variable_values=variables))


def test_key_order_follows_the_query() -> None:
    result = fast.execute_sync("{ items { weight id __typename label } }")
    assert list(result.data["items"][0]) == ["weight", "id", "__typename", "label"]  # type: ignore[index]


def test_the_shortcuts_are_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    taken: list[str] = []
    objects, leaves = ExecutionContext._objects, ExecutionContext._leaves

    def spy_objects(self: ExecutionContext, *args: Any) -> Any:
        taken.append("objects")
        return objects(self, *args)

    def spy_leaves(serialize: Any, values: list[Any]) -> Any:
        taken.append("leaves")
        return leaves(serialize, values)

    monkeypatch.setattr(ExecutionContext, "_objects", spy_objects)
    monkeypatch.setattr(ExecutionContext, "_leaves", staticmethod(spy_leaves))
    result = fast.execute_sync("{ items { id kind } ids kinds }")
    assert result.errors is None and taken == ["objects", "leaves", "leaves"]
