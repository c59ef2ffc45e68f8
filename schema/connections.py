"""Cursor connections, declared once as generics: `Connection[Work]` is the SDL's WorkConnection,
`Edge[Work]` its WorkEdge (strawberry names a specialisation after its type argument)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, Self, TypeVar

import strawberry

from resolvers.pagination import Page

NodeT = TypeVar("NodeT")


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None

    @classmethod
    def of(cls, page: Page) -> PageInfo:
        return cls(
            has_next_page=page.has_next,
            has_previous_page=page.has_previous,
            start_cursor=page.cursors[0] if page.cursors else None,
            end_cursor=page.cursors[-1] if page.cursors else None,
        )


@strawberry.type
class Edge(Generic[NodeT]):
    node: NodeT
    cursor: str


@strawberry.type
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]]
    page_info: PageInfo
    total_count: int

    @classmethod
    def of(cls, page: Page, node: Callable[[Any], NodeT]) -> Self:
        """The page's rows as edges, each node built from its row by `node`."""
        return cls(
            edges=[
                Edge(node=node(row), cursor=cursor)
                for row, cursor in zip(page.rows, page.cursors, strict=True)
            ],
            page_info=PageInfo.of(page),
            total_count=page.total,
        )


@strawberry.type
class SearchEdge(Generic[NodeT]):
    node: NodeT
    cursor: str
    score: float


@strawberry.type
class SearchConnection(Generic[NodeT]):
    """A page of full-text hits: rows of {<node>: ..., score: ...}."""

    edges: list[SearchEdge[NodeT]]
    page_info: PageInfo
    total_count: int

    @classmethod
    def of(cls, page: Page, node: Callable[[Any], NodeT], key: str) -> Self:
        return cls(
            edges=[
                SearchEdge(node=node(hit[key]), cursor=cursor, score=hit["score"])
                for hit, cursor in zip(page.rows, page.cursors, strict=True)
            ],
            page_info=PageInfo.of(page),
            total_count=page.total,
        )
