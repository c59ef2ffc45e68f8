"""Per-request DataLoaders: every lookup a field makes goes through one, so that the lookups of a
whole level of the result (all works of a page, all their authors, ...) cost one Cypher query.

Each loader runs one named query with `UNWIND $ids`. Loaders whose field has arguments (a page
of works, a page of collaborators) are keyed by `(id, arguments)`: keys with the same arguments
share one query, so a nested page costs one round trip whatever its size.
"""

from __future__ import annotations

import asyncio
import inspect
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from functools import cached_property
from typing import Any, LiteralString, Protocol, TypeVar

from strawberry.dataloader import DataLoader

import cypher
from kg.graph_rules import CLOSE_COLLABORATOR_STRENGTH


class Reader(Protocol):
    """What the loaders need of a request: its one read (resolvers.context.Context.read)."""

    async def read(self, query: LiteralString, **params: Any) -> Sequence[Any]: ...


Row = dict[str, Any]
q = cypher.query
V = TypeVar("V")
T = TypeVar("T")
# The arguments of a list field, as a hashable key: ((name, value), ...).
Params = tuple[tuple[str, Any], ...]


def at_once(loaded: Awaitable[V], build: Callable[[V], T]) -> T | Awaitable[T]:
    """`build` of a loader's value: at once when the value is in already (a folded statement
    primed the loader), else an awaitable of it. A field that returns a value is completed on
    the spot; an async resolver costs a coroutine, and a task per list item, even then."""
    if (
        isinstance(loaded, asyncio.Future)
        and loaded.done()
        and not loaded.cancelled()
        and loaded.exception() is None
    ):
        return build(loaded.result())

    async def later() -> T:
        return build(await loaded)

    return later()


def then(value: V | Awaitable[V], build: Callable[[V], T]) -> T | Awaitable[T]:
    """at_once of what at_once (or anything) returned: a value at hand, or an awaitable."""
    if inspect.isawaitable(value):
        return at_once(value, build)
    return build(value)


def _by_key(
    ctx: Reader, query: LiteralString, param: str, key: str, value: str
) -> Callable[[Sequence[str]], Awaitable[list[Any]]]:
    """Batch function: one query for all keys; `None` for keys without a row."""

    async def load(keys: Sequence[str]) -> list[Any]:
        records = await ctx.read(query, **{param: list(keys)})
        found = {record[key]: record[value] for record in records}
        return [found.get(k) for k in keys]

    return load


def _by_node(
    ctx: Reader, query: LiteralString, value: str
) -> Callable[[Sequence[str]], Awaitable[list[Any]]]:
    """Batch function for `RETURN n {.id, ...} AS value`: rows matched to keys by the node's id."""

    async def load(keys: Sequence[str]) -> list[Any]:
        records = await ctx.read(query, ids=list(keys))
        found = {record[value]["id"]: record[value] for record in records}
        return [found.get(k) for k in keys]

    return load


def _grouped(
    ctx: Reader, query: LiteralString, default: Any
) -> Callable[[Sequence[tuple[str, Params]]], Awaitable[list[Any]]]:
    """Batch function for keys `(id, params)`: one query per distinct `params`.

    `params` is a tuple of (name, value) pairs; the query returns `id` plus the other columns.
    """

    async def load(keys: Sequence[tuple[str, Params]]) -> list[Any]:
        groups: dict[Params, list[str]] = defaultdict(list)
        for node_id, params in keys:
            groups[params].append(node_id)
        found: dict[tuple[str, Params], Any] = {}
        for params, ids in groups.items():
            records = await ctx.read(query, ids=ids, **dict(params))
            for record in records:
                data = dict(record.items())
                found[(data.pop("id"), params)] = data
        return [found.get(key, default) for key in keys]

    return load


class Loaders:
    """The DataLoaders of one request (never shared: they cache), each built on first use."""

    def __init__(self, ctx: Reader) -> None:
        self.ctx = ctx

    @cached_property
    def author(self) -> DataLoader[str, Row | None]:
        return DataLoader(_by_node(self.ctx, q("authors/by_ids"), "author"))

    @cached_property
    def author_by_orcid(self) -> DataLoader[str, Row | None]:
        return DataLoader(_by_key(self.ctx, q("authors/by_orcids"), "orcids", "key", "author"))

    @cached_property
    def profile(self) -> DataLoader[str, Row | None]:
        return DataLoader(self._profiles())

    @cached_property
    def author_topics(self) -> DataLoader[tuple[str, Params], Any]:
        return DataLoader(_grouped(self.ctx, q("authors/topics"), {"topics": []}))

    @cached_property
    def author_institutions(self) -> DataLoader[tuple[str, Params], Any]:
        return DataLoader(_grouped(self.ctx, q("authors/institutions"), {"affiliations": []}))

    @cached_property
    def author_works(self) -> DataLoader[tuple[str, Params], Any]:
        return DataLoader(_grouped(self.ctx, q("authors/works"), {"total": 0, "rows": []}))

    @cached_property
    def topic_works(self) -> DataLoader[tuple[str, Params], Any]:
        return DataLoader(_grouped(self.ctx, q("topics/works"), {"total": 0, "rows": []}))

    @cached_property
    def source_works(self) -> DataLoader[tuple[str, Params], Any]:
        return DataLoader(_grouped(self.ctx, q("sources/works"), {"total": 0, "rows": []}))

    @cached_property
    def institution_works(self) -> DataLoader[tuple[str, Params], Any]:
        return DataLoader(_grouped(self.ctx, q("institutions/works"), {"total": 0, "rows": []}))

    @cached_property
    def institution_authors(self) -> DataLoader[tuple[str, Params], Any]:
        return DataLoader(_grouped(self.ctx, q("institutions/authors"), {"total": 0, "rows": []}))

    @cached_property
    def citing_works(self) -> DataLoader[tuple[str, Params], Any]:
        return DataLoader(_grouped(self.ctx, q("works/citing"), {"total": 0, "rows": []}))

    @cached_property
    def cited_works(self) -> DataLoader[tuple[str, Params], Any]:
        return DataLoader(_grouped(self.ctx, q("works/cited"), {"total": 0, "rows": []}))

    @cached_property
    def collaborators(self) -> DataLoader[tuple[str, Params], Any]:
        return DataLoader(_grouped(self.ctx, q("authors/collaborators"), {"total": 0, "rows": []}))

    @cached_property
    def work(self) -> DataLoader[str, Row | None]:
        return DataLoader(_by_node(self.ctx, q("works/by_ids"), "work"))

    @cached_property
    def work_by_doi(self) -> DataLoader[str, Row | None]:
        return DataLoader(_by_key(self.ctx, q("works/by_dois"), "dois", "key", "work"))

    @cached_property
    def work_by_arxiv_id(self) -> DataLoader[str, Row | None]:
        return DataLoader(_by_key(self.ctx, q("works/by_arxiv_ids"), "arxivIds", "key", "work"))

    @cached_property
    def authorships(self) -> DataLoader[tuple[str, Params], Any]:
        return DataLoader(_grouped(self.ctx, q("works/authorships"), {"authorships": []}))

    @cached_property
    def work_topics(self) -> DataLoader[tuple[str, Params], Any]:
        return DataLoader(_grouped(self.ctx, q("works/topics"), {"topics": []}))

    @cached_property
    def venue(self) -> DataLoader[str, Row | None]:
        return DataLoader(_by_key(self.ctx, q("works/venues"), "ids", "id", "source"))

    @cached_property
    def topic(self) -> DataLoader[str, Row | None]:
        return DataLoader(_by_node(self.ctx, q("topics/by_ids"), "topic"))

    @cached_property
    def institution(self) -> DataLoader[str, Row | None]:
        return DataLoader(_by_node(self.ctx, q("institutions/by_ids"), "institution"))

    @cached_property
    def institution_by_ror(self) -> DataLoader[str, Row | None]:
        return DataLoader(
            _by_key(self.ctx, q("institutions/by_rors"), "rors", "key", "institution")
        )

    @cached_property
    def source(self) -> DataLoader[str, Row | None]:
        return DataLoader(_by_node(self.ctx, q("sources/by_ids"), "source"))

    def _profiles(self) -> Callable[[Sequence[str]], Awaitable[list[Any]]]:
        ctx = self.ctx
        query = q("authors/profile")

        async def load(keys: Sequence[str]) -> list[Any]:
            records = await ctx.read(
                query, ids=list(keys), closeStrength=CLOSE_COLLABORATOR_STRENGTH
            )
            found = {}
            for record in records:
                data = dict(record.items())
                found[data["author"]["id"]] = data
                self.author.prime(data["author"]["id"], data["author"])
            return [found.get(k) for k in keys]

        return load
