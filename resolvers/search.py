"""Ranked full-text search over the author_names and work_titles indexes.

The user's words never reach Lucene's query parser as syntax: each word is escaped, and the
query asks for every word, each matched exactly (boosted) or as a prefix, so that "kub perl"
finds Kuba Perlin while typing. Words of one character match exactly only (a prefix of one
letter matches half the index).
"""

from __future__ import annotations

import re
from typing import Any, LiteralString

import cypher
from resolvers import pagination
from resolvers.context import Context
from resolvers.errors import BadUserInput
from resolvers.pagination import Page

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
_WORD = re.compile(r"\w+", re.UNICODE)


def lucene_query(text: str) -> str:
    if len(text) > MAX_QUERY_LENGTH:
        raise BadUserInput(
            f"`query` is longer than {MAX_QUERY_LENGTH} characters; shorten it", argument="query"
        )
    words = [word.lower() for word in _WORD.findall(text)]
    if not words:
        raise BadUserInput(
            "`query` has no letters or digits to search for; type part of a name or title",
            argument="query",
        )
    if len(words) > MAX_WORDS:
        raise BadUserInput(f"`query` has more than {MAX_WORDS} words; shorten it", argument="query")
    # \w+ words contain no Lucene syntax characters except '_'-free word chars; the escape is
    # a second line of defence should the word pattern ever widen.
    terms = []
    for word in words:
        term = re.sub(r'([+\-!(){}\[\]^"~*?:\\/&|])', r"\\\1", word)
        terms.append(f"({term}^2 OR {term}*)" if len(word) > 1 else term)
    return " AND ".join(terms)


async def _search(
    ctx: Context, name: LiteralString, kind: str, text: str, first: int, after: str | None
) -> tuple[Page, list[dict[str, Any]]]:
    first = pagination.page_size(first, maximum=ctx.settings.max_page_size)
    lucene = lucene_query(text)
    cursor_kind = pagination.text_kind(kind, lucene)
    offset = 0
    if after is not None:
        (position,) = pagination.decode(after, cursor_kind, arity=1)
        if not isinstance(position, int) or position < 0:
            raise BadUserInput("`after` is not a cursor of this search", argument="after")
        offset = position + 1
    [record] = await ctx.read(cypher.query(name), text=lucene, offset=offset, limit=first + 1)
    hits = list(record["hits"])
    kept = hits[:first]
    page = Page(
        rows=kept,
        cursors=[pagination.encode(cursor_kind, [offset + i]) for i in range(len(kept))],
        total=record["total"],
        has_next=len(hits) > first,
        has_previous=offset > 0,
    )
    return page, kept


async def authors(ctx: Context, *, text: str, first: int, after: str | None) -> Page:
    page, hits = await _search(ctx, "search/authors", "search:authors", text, first, after)
    for hit in hits:
        ctx.loaders.author.prime(hit["author"]["id"], hit["author"])
    return page


async def works(ctx: Context, *, text: str, first: int, after: str | None) -> Page:
    page, hits = await _search(ctx, "search/works", "search:works", text, first, after)
    for hit in hits:
        ctx.loaders.work.prime(hit["work"]["id"], hit["work"])
    return page
