"""The lists of an author: works, collaborators, topics, institutions; and the profile row."""

from __future__ import annotations

from typing import Any

from kg.graph_rules import CLOSE_COLLABORATOR_STRENGTH
from resolvers import ids, pagination
from resolvers.context import Context
from resolvers.errors import BadUserInput
from resolvers.pagination import Page

Row = dict[str, Any]

WORK_ORDER_FIELDS = ("YEAR", "CITATIONS")  # the allow-list the Cypher's CASE knows
MIN_YEAR, MAX_YEAR = -3000, 3000


async def profile(ctx: Context, author_id: str) -> Row:
    row = await ctx.loaders.profile.load(author_id)
    if row is None:  # the author vanished between two reads of this request
        raise RuntimeError(f"author {author_id} has no profile row")
    return row


def _year(value: int | None, argument: str) -> int | None:
    if value is not None and not MIN_YEAR <= value <= MAX_YEAR:
        raise BadUserInput(
            f"`{argument}` must be a year between {MIN_YEAR} and {MAX_YEAR}; got {value}",
            argument=argument,
        )
    return value


async def works(
    ctx: Context,
    author_id: str,
    *,
    first: int,
    after: str | None,
    year_from: int | None,
    year_to: int | None,
    type: str | None,
    topic_id: str | None,
    field: str,
    descending: bool,
) -> Page:
    first = pagination.page_size(first, maximum=ctx.settings.max_page_size)
    year_from = _year(year_from, "filter.yearFrom")
    year_to = _year(year_to, "filter.yearTo")
    if year_from is not None and year_to is not None and year_from > year_to:
        raise BadUserInput(
            f"`filter.yearFrom` ({year_from}) is after `filter.yearTo` ({year_to})",
            argument="filter",
        )
    if field not in WORK_ORDER_FIELDS:
        raise BadUserInput(
            f"`orderBy.field` must be one of {WORK_ORDER_FIELDS}", argument="orderBy"
        )
    kind = f"works:{field}:{'desc' if descending else 'asc'}"
    after_key = after_id = None
    if after is not None:
        after_key, after_id = pagination.decode(after, kind, arity=2)
        if not isinstance(after_key, int) or not isinstance(after_id, str):
            raise BadUserInput("`after` is not a cursor of this list", argument="after")
    params = (
        ("limit", first + 1),
        ("afterKey", after_key),
        ("afterId", after_id),
        ("yearFrom", year_from),
        ("yearTo", year_to),
        ("type", type),
        ("topicId", ids.node_id(topic_id, argument="filter.topicId") if topic_id else None),
        ("field", field),
        ("descending", descending),
    )
    result = await ctx.loaders.author_works.load((author_id, params))
    return pagination.keyset_page(result, first=first, kind=kind, after=after is not None)


async def collaborators(
    ctx: Context, author_id: str, *, close: bool | None, first: int, after: str | None
) -> Page:
    first = pagination.page_size(first, maximum=ctx.settings.max_page_size)
    kind = "collaborators"
    after_strength = after_works = after_id = None
    if after is not None:
        after_strength, after_works, after_id = pagination.decode(after, kind, arity=3)
        if not (
            isinstance(after_strength, (int, float))
            and isinstance(after_works, int)
            and isinstance(after_id, str)
        ):
            raise BadUserInput("`after` is not a cursor of this list", argument="after")
    params = (
        ("limit", first + 1),
        ("afterStrength", after_strength),
        ("afterWorks", after_works),
        ("afterId", after_id),
        ("close", close),
        ("closeStrength", CLOSE_COLLABORATOR_STRENGTH),
    )
    result = await ctx.loaders.collaborators.load((author_id, params))
    return pagination.keyset_page(result, first=first, kind=kind, after=after is not None)


async def topics(ctx: Context, author_id: str, *, first: int) -> list[Row]:
    first = pagination.page_size(first, maximum=ctx.settings.max_page_size)
    result = await ctx.loaders.author_topics.load((author_id, (("limit", first),)))
    return list(result["topics"])


async def institutions(ctx: Context, author_id: str) -> list[Row]:
    result = await ctx.loaders.author_institutions.load((author_id, ()))
    return list(result["affiliations"])
