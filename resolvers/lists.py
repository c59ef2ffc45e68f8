"""The lists of works and authors that hang off any node: a topic's, a source's, an
institution's works, a work's citing and cited works, an institution's authors. Each is one
named query keyed by (node id, arguments), filtered and paged by keyset as Author.works is."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from strawberry.dataloader import DataLoader

from resolvers import ids, pagination
from resolvers.dataloaders import at_once
from resolvers.errors import BadUserInput
from resolvers.pagination import Page

Row = dict[str, Any]

WORK_ORDER_FIELDS = ("YEAR", "CITATIONS")  # the allow-list the Cypher's CASE knows
AUTHOR_ORDER_FIELDS = ("LAST_YEAR", "NAME")
MIN_YEAR, MAX_YEAR = -3000, 3000


def year(value: int | None, argument: str) -> int | None:
    if value is not None and not MIN_YEAR <= value <= MAX_YEAR:
        raise BadUserInput(
            f"`{argument}` must be a year between {MIN_YEAR} and {MAX_YEAR}; got {value}",
            argument=argument,
        )
    return value


def year_range(year_from: int | None, year_to: int | None) -> tuple[int | None, int | None]:
    year_from = year(year_from, "filter.yearFrom")
    year_to = year(year_to, "filter.yearTo")
    if year_from is not None and year_to is not None and year_from > year_to:
        raise BadUserInput(
            f"`filter.yearFrom` ({year_from}) is after `filter.yearTo` ({year_to})",
            argument="filter",
        )
    return year_from, year_to


def _after(after: str | None, kind: str, key_type: type) -> tuple[Any, str | None]:
    if after is None:
        return None, None
    after_key, after_id = pagination.decode(after, kind, arity=2)
    if (
        not isinstance(after_key, key_type)
        or isinstance(after_key, bool)
        or not isinstance(after_id, str)
    ):
        raise BadUserInput("`after` is not a cursor of this list", argument="after")
    return after_key, after_id


def work_params(
    *,
    list_name: str,
    max_page_size: int,
    first: int,
    after: str | None,
    year_from: int | None = None,
    year_to: int | None = None,
    type: str | None = None,
    topic_id: str | None = None,
    field: str = "YEAR",
    descending: bool = True,
) -> tuple[int, str, tuple[tuple[str, Any], ...]]:
    """The page size, the cursors' kind and the query parameters of a list of works; raises
    BAD_USER_INPUT for arguments out of range. `list_name` names the list in its cursors, so
    that a cursor of another list is refused."""
    first = pagination.page_size(first, maximum=max_page_size)
    year_from, year_to = year_range(year_from, year_to)
    if field not in WORK_ORDER_FIELDS:
        raise BadUserInput(
            f"`orderBy.field` must be one of {WORK_ORDER_FIELDS}", argument="orderBy"
        )
    kind = f"{list_name}:{field}:{'desc' if descending else 'asc'}"
    after_key, after_id = _after(after, kind, int)
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
    return first, kind, params


def works(
    loader: DataLoader[tuple[str, Any], Any],
    node_id: str,
    *,
    list_name: str,
    max_page_size: int,
    first: int,
    after: str | None,
    year_from: int | None,
    year_to: int | None,
    type: str | None,
    topic_id: str | None,
    field: str,
    descending: bool,
) -> Page | Awaitable[Page]:
    """A page of works of `node_id` through `loader` (one of the works queries: $field,
    $descending, $afterKey, $afterId, the WorkFilter's fields, $limit): at once when the loader
    holds it already (dataloaders.at_once), else an awaitable."""
    first, kind, params = work_params(
        list_name=list_name,
        max_page_size=max_page_size,
        first=first,
        after=after,
        year_from=year_from,
        year_to=year_to,
        type=type,
        topic_id=topic_id,
        field=field,
        descending=descending,
    )

    def page(result: dict[str, Any]) -> Page:
        return pagination.keyset_page(result, first=first, kind=kind, after=after is not None)

    return at_once(loader.load((node_id, params)), page)


async def affiliated_authors(
    loader: DataLoader[tuple[str, Any], Any],
    institution_id: str,
    *,
    max_page_size: int,
    first: int,
    after: str | None,
    year_from: int | None,
    year_to: int | None,
    field: str,
    descending: bool,
) -> Page:
    """A page of an institution's authors (cypher/institutions/authors.cypher)."""
    first = pagination.page_size(first, maximum=max_page_size)
    year_from, year_to = year_range(year_from, year_to)
    if field not in AUTHOR_ORDER_FIELDS:
        raise BadUserInput(
            f"`orderBy.field` must be one of {AUTHOR_ORDER_FIELDS}", argument="orderBy"
        )
    kind = f"institution-authors:{field}:{'desc' if descending else 'asc'}"
    after_key, after_id = _after(after, kind, str if field == "NAME" else int)
    params = (
        ("limit", first + 1),
        ("afterKey", after_key),
        ("afterId", after_id),
        ("yearFrom", year_from),
        ("yearTo", year_to),
        ("field", field),
        ("descending", descending),
    )
    result = await loader.load((institution_id, params))
    return pagination.keyset_page(result, first=first, kind=kind, after=after is not None)
