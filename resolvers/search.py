"""Ranked full-text search over the author_names and work_titles indexes.

The user's words never reach Lucene's query parser as syntax: each word is escaped, and the
query asks for every word, each matched exactly (boosted) or as a prefix, so that "kub perl"
finds Kuba Perlin while typing. Words of one character match exactly only (a prefix of one
letter matches half the index).

The indexes fold case and accents (cypher/schema/fulltext.cypher), but Lucene does not analyse a
prefix term, so the prefix is folded here the same way; English stop words (which the analyzer
leaves out of the index) are asked for exactly only, so that "theory of mind" still finds its
title. Among equal scores, a hit that has the words as typed (accents included) comes first, and
the order is total: exact matches are never ranked below their folded twins.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, LiteralString

import cypher
from resolvers import pagination
from resolvers.context import Context
from resolvers.errors import BadUserInput
from resolvers.pagination import Page

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
_WORD = re.compile(r"\w+", re.UNICODE)
# Lucene's English stop words: the `standard-folding` analyzer does not index them.
_LUCENE_ENGLISH_STOP_WORDS = (
    "a an and are as at be but by for if in into is it no not of on or such that the their then "
    "there these they this to was will with"
)
STOP_WORDS = frozenset(_LUCENE_ENGLISH_STOP_WORDS.split())
# Latin letters that ASCII folding maps but Unicode decomposition does not.
_LATIN_FOLDS = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "\u0131": "i", "ß": "ss", "æ": "ae", "œ": "oe"}
    | {"þ": "th"}
)


def fold(word: str) -> str:
    """A lower-case word as the index stores it: Latin letters lose their accents ('ć' -> 'c',
    'ø' -> 'o'); letters of other scripts stay as they are (Lucene's ASCII folding leaves Greek
    and Cyrillic alone)."""
    folded = []
    for char in word.translate(_LATIN_FOLDS):
        plain = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        folded.append(plain if plain.isascii() else char)
    return "".join(folded)


def query_words(text: str) -> list[str]:
    """The user's words, lower-case, as typed (for the exact-match tie-break)."""
    return [word.lower() for word in _WORD.findall(text)]


def lucene_query(text: str) -> str:
    if len(text) > MAX_QUERY_LENGTH:
        raise BadUserInput(
            f"`query` is longer than {MAX_QUERY_LENGTH} characters; shorten it", argument="query"
        )
    words = query_words(text)
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
        term, prefix = _escape(word), _escape(fold(word))
        if len(word) > 1 and word not in STOP_WORDS:
            terms.append(f"({term}^2 OR {prefix}*)")
        else:
            terms.append(term)
    return " AND ".join(terms)


def _escape(word: str) -> str:
    return re.sub(r'([+\-!(){}\[\]^"~*?:\\/&|])', r"\\\1", word)


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
    [record] = await ctx.read(
        cypher.query(name), text=lucene, words=query_words(text), offset=offset, limit=first + 1
    )
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
