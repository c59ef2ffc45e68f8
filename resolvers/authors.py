"""The lists of an author: collaborators, topics, institutions; and the profile row.
(Its works are resolvers/lists.py's, as every node's.)"""

from __future__ import annotations

from typing import Any

from kg.graph_rules import CLOSE_COLLABORATOR_STRENGTH
from resolvers import pagination
from resolvers.context import Context
from resolvers.errors import BadUserInput
from resolvers.pagination import Page

Row = dict[str, Any]
Params = tuple[tuple[str, Any], ...]
COLLABORATORS = "collaborators"  # the cursors' kind


async def profile(ctx: Context, author_id: str) -> Row:
    row = await ctx.loaders.profile.load(author_id)
    if row is None:  # the author vanished between two reads of this request
        raise RuntimeError(f"author {author_id} has no profile row")
    return row


def collaborator_params(
    *, max_page_size: int, close: bool | None, first: int, after: str | None
) -> tuple[int, Params]:
    """The page size and the query parameters (the loader's key) of a page of collaborators;
    raises BAD_USER_INPUT for arguments out of range."""
    first = pagination.page_size(first, maximum=max_page_size)
    after_strength = after_works = after_id = None
    if after is not None:
        after_strength, after_works, after_id = pagination.decode(after, COLLABORATORS, arity=3)
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
    return first, params


async def collaborators(
    ctx: Context, author_id: str, *, close: bool | None, first: int, after: str | None
) -> Page:
    first, params = collaborator_params(
        max_page_size=ctx.settings.max_page_size, close=close, first=first, after=after
    )
    result = await ctx.loaders.collaborators.load((author_id, params))
    return pagination.keyset_page(result, first=first, kind=COLLABORATORS, after=after is not None)


async def topics(ctx: Context, author_id: str, *, first: int) -> list[Row]:
    first = pagination.page_size(first, maximum=ctx.settings.max_page_size)
    result = await ctx.loaders.author_topics.load((author_id, (("limit", first),)))
    return list(result["topics"])


async def institutions(ctx: Context, author_id: str) -> list[Row]:
    result = await ctx.loaders.author_institutions.load((author_id, ()))
    return list(result["affiliations"])
