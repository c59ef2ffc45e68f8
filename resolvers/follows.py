"""Follow and unfollow an author, idempotent and safe under concurrency
(cypher/follows/follow.cypher says how), and the lists `me` shows.

Unresolved names (`name:...` authors, a loader's guess from arXiv author strings) cannot be
followed: loads merge them into resolved authors or remove them as data arrives, and a follow
must never be lost to a load.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from resolvers import ids, pagination
from resolvers.context import Context
from resolvers.errors import BadUserInput, NotFound

FOLLOWING = "following"


@dataclass(frozen=True)
class FollowResult:
    author: dict[str, Any]
    following: bool
    followers: int


async def _target(ctx: Context, author_id: str) -> dict[str, Any]:
    key = ids.node_id(author_id, argument="authorId")
    row = await ctx.loaders.author.load(key)
    if row is None:
        raise NotFound(f"no author with id {author_id!r}", argument="authorId")
    if row.get("unresolved"):
        raise BadUserInput(
            f"{author_id!r} is an unresolved name, not a researcher's record; it cannot be "
            "followed",
            argument="authorId",
        )
    return row


async def follow(ctx: Context, author_id: str, *, on: bool) -> FollowResult:
    principal = await ctx.actor()
    assert principal.account is not None
    author = await _target(ctx, author_id)
    records = await ctx.graph.write(
        "follows/follow" if on else "follows/unfollow",
        userId=principal.account.id,
        authorId=author["id"],
    )
    if not records:  # the author went between the lookup and the write
        raise NotFound(f"no author with id {author_id!r}", argument="authorId")
    return FollowResult(author, on, records[0]["followers"])


async def following(
    ctx: Context, account_id: str, *, first: int, after: str | None
) -> tuple[int, list[dict[str, Any]], list[str], bool]:
    """(total, rows of {since, author}, cursors, has_next)."""
    size = pagination.page_size(first, maximum=ctx.settings.max_page_size)
    keys = pagination.decode(after, FOLLOWING, arity=2) if after else None
    [record] = await ctx.graph.read(
        "follows/following", userId=account_id, after=keys, first=size + 1
    )
    rows = record["page"]
    has_next = len(rows) > size
    rows = rows[:size]
    cursors = [
        pagination.encode(FOLLOWING, [row["since"].iso_format(), row["author"]["id"]])
        for row in rows
    ]
    return record["total"], rows, cursors, has_next


async def is_following(ctx: Context, account_id: str, author_id: str) -> bool:
    records = await ctx.graph.read(
        "follows/is_following",
        userId=account_id,
        authorIds=[ids.node_id(author_id, argument="authorId")],
    )
    return bool(records)
