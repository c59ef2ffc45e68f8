"""The node types of the API (Author, Work, Topic, Institution, Source) and their lists.

Types are built from the rows the named queries return (`from_row`); fields that need more data
ask the request's DataLoaders through resolvers/, so a level of the result costs one query.
Connections are schema/connections.py's generics, the trust snapshot is schema/trust.py's.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from enum import Enum
from typing import Any, TypeVar

import strawberry
from strawberry import UNSET, Private

from kg import graph_rules
from kg.graph_rules import CLOSE_COLLABORATOR_STRENGTH
from resolvers import authors as author_lists
from resolvers import claims as claim_lists
from resolvers import lists
from resolvers import works as work_lists
from resolvers.context import Context
from resolvers.dataloaders import at_once, then
from resolvers.pagination import Page
from schema.collaboration_access import InvitePermission, invite_permission
from schema.connections import Connection, SearchConnection, SearchEdge
from schema.trust import TrustSnapshot

Info = strawberry.Info[Context, None]
Row = dict[str, Any]
T = TypeVar("T")


def given(value: T | None) -> T | None:
    """An optional argument as Python sees it: absent (UNSET, printed without `= null` in the
    SDL) and null are both None."""
    return None if value is UNSET else value


# -- enums and inputs ----------------------------------------------------------------------------


AuthorPosition = strawberry.enum(graph_rules.AuthorPosition, name="AuthorPosition")
TopicLevel = strawberry.enum(graph_rules.TopicLevel, name="TopicLevel")


@strawberry.enum
class WorkOrderField(Enum):
    YEAR = "YEAR"
    CITATIONS = "CITATIONS"


@strawberry.enum
class OrderDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.input(description="Keeps the works that match every field given.")
class WorkFilter:
    year_from: int | None = strawberry.field(default=UNSET, description="Published in or after.")
    year_to: int | None = strawberry.field(default=UNSET, description="Published in or before.")
    type: str | None = strawberry.field(
        default=UNSET, description="The work type, such as preprint or article."
    )
    topic_id: strawberry.ID | None = strawberry.field(
        default=UNSET, description="Tagged with this topic or one of its subtopics."
    )


@strawberry.input(description="Order of a list of works; ties are broken by id.")
class WorkOrder:
    field: WorkOrderField = WorkOrderField.YEAR
    direction: OrderDirection = OrderDirection.DESC


@strawberry.enum
class AuthorOrderField(Enum):
    LAST_YEAR = "LAST_YEAR"
    NAME = "NAME"


@strawberry.input(description="Order of a list of authors; ties are broken by id.")
class AuthorOrder:
    field: AuthorOrderField = strawberry.field(
        default=AuthorOrderField.LAST_YEAR,
        description="LAST_YEAR: the affiliation's latest year (none sorts as -1); NAME: the "
        "name (else the id).",
    )
    direction: OrderDirection = OrderDirection.DESC


@strawberry.input(description="Keeps the affiliations with a year in the range.")
class AffiliationFilter:
    year_from: int | None = strawberry.field(default=UNSET, description="In or after.")
    year_to: int | None = strawberry.field(default=UNSET, description="In or before.")


def _works(
    info: Info,
    loader: Any,
    node_id: str,
    list_name: str,
    first: int,
    after: str | None,
    filter: WorkFilter | None,
    order_by: WorkOrder | None,
) -> WorkConnection | Awaitable[WorkConnection]:
    """A works connection of any node (resolvers/lists.py), filtered and ordered as
    Author.works: at once when a folded statement primed the page (the fields that return it
    are plain functions for that, as Author's profile fields), else an awaitable."""
    filter = given(filter) or WorkFilter()
    order_by = given(order_by) or WorkOrder()
    found = lists.works(
        loader,
        node_id,
        list_name=list_name,
        max_page_size=info.context.settings.max_page_size,
        first=first,
        after=given(after),
        year_from=given(filter.year_from),
        year_to=given(filter.year_to),
        type=given(filter.type),
        topic_id=given(filter.topic_id),
        field=order_by.field.value,
        descending=order_by.direction is OrderDirection.DESC,
    )
    return then(found, _work_connection)


def _work_connection(page: Page) -> WorkConnection:
    return WorkConnection.of(page, lambda row: Work.from_row(row["work"]))


@strawberry.type(description="Where one profile field comes from.")
class ProfileField:
    field: str = strawberry.field(description="openToCollaborate, description, affiliation, orcid")
    source: str = strawberry.field(description="researcher, imported or not imported")
    at: str | None = strawberry.field(
        description="When the researcher set it, or the date of the imported record."
    )


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return str(value.iso_format() if hasattr(value, "iso_format") else value)


def _provenance(profile: Row) -> list[ProfileField]:
    author = profile["author"]
    imported = _iso(author.get("updated"))

    def of(field: str, *, set_at: Any = None, present: bool) -> ProfileField:
        if set_at is not None:
            return ProfileField(field=field, source="researcher", at=_iso(set_at))
        if present:
            return ProfileField(field=field, source="imported", at=imported)
        return ProfileField(field=field, source="not imported", at=None)

    return [
        of(
            "openToCollaborate",
            set_at=author.get("open_to_collaborate_set_at"),
            present=author.get("open_to_collaborate") is not None,
        ),
        of("description", set_at=author.get("description_set_at"), present=False),
        of("affiliation", present=profile["affiliation"] is not None),
        of("orcid", present=bool(author.get("orcid"))),
    ]


# -- nodes ---------------------------------------------------------------------------------------


@strawberry.type(description="Counts over the imported graph.")
class AuthorCounts:
    works: int
    followers: int
    topics: int = strawberry.field(description="Distinct topics of the author's works.")
    collaborators: int
    close_collaborators: int = strawberry.field(
        description=f"Collaborators with strength >= {CLOSE_COLLABORATOR_STRENGTH}."
    )
    citations: int = strawberry.field(description="Citations of the author's works, summed.")


@strawberry.type(description="A work the holder of an author record said is not theirs.")
class RejectedWork:
    work: Work
    reason: str
    at: datetime


@strawberry.type(description="A researcher.")
class Author:
    id: strawberry.ID
    name: str
    orcid: str | None
    unresolved: bool = strawberry.field(description="An arXiv name without a stable id.")
    open_to_collaborate: bool
    _profile: Private[Row | None] = None

    @classmethod
    def from_row(cls, row: Row, profile: Row | None = None) -> Author:
        return cls(
            id=strawberry.ID(row["id"]),
            name=row.get("name") or row["id"],
            orcid=row.get("orcid"),
            unresolved=bool(row.get("unresolved")),
            open_to_collaborate=bool(row.get("open_to_collaborate")),
            _profile=profile,
        )

    # The profile fields are plain functions: with the profile at hand (an author lookup that
    # selects them fetches it at once) they return their value, and graphql-core completes it
    # on the spot; otherwise they return an awaitable that loads it (batched). An async
    # resolver would cost a task per field even when nothing is left to wait for.
    def _with_profile(self, info: Info, build: Callable[[Row], T]) -> T | Awaitable[T]:
        if self._profile is not None:
            return build(self._profile)

        async def load() -> T:
            self._profile = await author_lists.profile(info.context, self.id)
            return build(self._profile)

        return load()

    @strawberry.field(description="The latest known affiliation; null when none is imported.")
    def affiliation(self, info: Info) -> Institution | None:
        return self._with_profile(info, _affiliation)  # type: ignore[return-value]

    @strawberry.field(description='False: show "no affiliation imported".')
    def affiliation_imported(self, info: Info) -> bool:
        return self._with_profile(  # type: ignore[return-value]
            info, lambda p: p["affiliation"] is not None
        )

    @strawberry.field
    def counts(self, info: Info) -> AuthorCounts:
        return self._with_profile(info, _counts)  # type: ignore[return-value]

    @strawberry.field
    def trust(self, info: Info) -> TrustSnapshot:
        return self._with_profile(info, TrustSnapshot.of)  # type: ignore[return-value]

    @strawberry.field(
        description="The researcher's one-line description of themself; null until the holder "
        "of the record's claim writes one (editProfile)."
    )
    def description(self, info: Info) -> str | None:
        return self._with_profile(  # type: ignore[return-value]
            info, lambda p: p["author"].get("description")
        )

    @strawberry.field(
        description="Where each profile field comes from: the researcher (and when), an import "
        "(and the record's date), or nothing (not imported). Loads never overwrite what the "
        "researcher set."
    )
    def provenance(self, info: Info) -> list[ProfileField]:
        return self._with_profile(info, _provenance)  # type: ignore[return-value]

    @strawberry.field(
        description="Works the holder of the record's claim said are not theirs, with the "
        "reason; they are left out of `works` and the counts."
    )
    async def rejected_works(self, info: Info) -> list[RejectedWork]:
        return [
            RejectedWork(
                work=Work.from_row(row["work"]), reason=row["reason"], at=row["at"].to_native()
            )
            for row in await claim_lists.rejections(info.context, str(self.id))
        ]

    @strawberry.field(
        description="Whether the viewer may invite this researcher to collaborate, and why not."
    )
    async def invite_permission(self, info: Info) -> InvitePermission:
        return await invite_permission(info, str(self.id))

    @strawberry.field(description="The author's works, newest first unless ordered otherwise.")
    def works(
        self,
        info: Info,
        first: int = 20,
        after: str | None = UNSET,
        filter: WorkFilter | None = UNSET,
        order_by: WorkOrder | None = UNSET,
    ) -> WorkConnection:
        loader = info.context.loaders.author_works
        return _works(info, loader, self.id, "works", first, after, filter, order_by)  # type: ignore[return-value]

    @strawberry.field(description="The author's topics, heaviest first.")
    async def topics(self, info: Info, first: int = 10) -> list[WeightedTopic]:
        rows = await author_lists.topics(info.context, self.id, first=first)
        return [WeightedTopic.from_row(row) for row in rows]

    @strawberry.field(description="Every imported affiliation, latest first.")
    async def institutions(self, info: Info) -> list[Affiliation]:
        rows = await author_lists.institutions(info.context, self.id)
        return [
            Affiliation(institution=Institution.from_row(row["institution"]), years=row["years"])
            for row in rows
        ]

    @strawberry.field(
        description="Co-authors, strongest first. close: true keeps the close ones, false the "
        "others, null all."
    )
    async def collaborators(
        self,
        info: Info,
        close: bool | None = UNSET,
        first: int = 20,
        after: str | None = UNSET,
    ) -> CollaboratorConnection:
        page = await author_lists.collaborators(
            info.context,
            self.id,
            close=given(close),
            first=first,
            after=given(after),
        )
        return CollaboratorConnection.of(page, Collaborator.from_row)


def _venue(row: Row | None) -> Source | None:
    return Source.from_row(row) if row else None


def _affiliation(profile: Row) -> Institution | None:
    row = profile["affiliation"]
    return Institution.from_row(row) if row else None


def _counts(p: Row) -> AuthorCounts:
    return AuthorCounts(
        works=p["works"],
        followers=p["followers"],
        topics=p["topics"],
        collaborators=p["collaborators"],
        close_collaborators=p["close_collaborators"],
        citations=p["citations"],
    )


@strawberry.type
class Collaborator:
    author: Author
    shared_works: int
    first_year: int | None
    last_year: int | None
    strength: float = strawberry.field(description="Newman's collaboration weight.")
    close: bool

    @classmethod
    def from_row(cls, row: Row) -> Collaborator:
        return cls(
            author=Author.from_row(row["author"]),
            shared_works=row["works"],
            first_year=row["first_year"],
            last_year=row["last_year"],
            strength=row["strength"],
            close=row["strength"] >= CLOSE_COLLABORATOR_STRENGTH,
        )


@strawberry.type(description="A paper, preprint, book, dataset, ...")
class Work:
    id: strawberry.ID
    title: str
    abstract: str | None
    year: int | None
    publication_date: str | None
    type: str
    doi: str | None
    arxiv_id: str | None
    cited_by_count: int
    journal_ref: str | None

    @classmethod
    def from_row(cls, row: Row) -> Work:
        date = row.get("publication_date")
        return cls(
            id=strawberry.ID(row["id"]),
            title=row.get("title") or "",
            abstract=row.get("abstract"),
            year=row.get("year"),
            publication_date=None if date is None else str(date),
            type=row.get("type") or "other",
            doi=row.get("doi"),
            arxiv_id=row.get("arxiv_id"),
            cited_by_count=row.get("cited_by_count") or 0,
            journal_ref=row.get("journal_ref"),
        )

    # Not async: the author page's statement primes every work's venue (at_once).
    @strawberry.field(description="The primary venue.")
    def venue(self, info: Info) -> Source | None:
        return at_once(work_lists.venue(info.context, self.id), _venue)  # type: ignore[return-value]

    @strawberry.field(description="The authors: first, middle (by id), last.")
    async def authors(self, info: Info) -> list[Authorship]:
        rows = await work_lists.authorships(info.context, self.id)
        return [
            Authorship(
                author=Author.from_row(row["author"]),
                position=graph_rules.AuthorPosition(row["position"]),
                corresponding=row["corresponding"],
            )
            for row in rows
        ]

    @strawberry.field(description="The works in the graph that cite this one.")
    def citing_works(
        self,
        info: Info,
        first: int = 20,
        after: str | None = UNSET,
        filter: WorkFilter | None = UNSET,
        order_by: WorkOrder | None = UNSET,
    ) -> WorkConnection:
        loader = info.context.loaders.citing_works
        return _works(info, loader, self.id, "citing", first, after, filter, order_by)  # type: ignore[return-value]

    @strawberry.field(description="The works in the graph that this one cites (its references).")
    def cited_works(
        self,
        info: Info,
        first: int = 20,
        after: str | None = UNSET,
        filter: WorkFilter | None = UNSET,
        order_by: WorkOrder | None = UNSET,
    ) -> WorkConnection:
        loader = info.context.loaders.cited_works
        return _works(info, loader, self.id, "cited", first, after, filter, order_by)  # type: ignore[return-value]

    @strawberry.field(description="The work's topics by score; works is always 1.")
    async def topics(self, info: Info) -> list[WeightedTopic]:
        rows = await work_lists.topics(info.context, self.id)
        return [WeightedTopic.from_row({**row, "works": 1}) for row in rows]


@strawberry.type
class Authorship:
    author: Author
    position: AuthorPosition = strawberry.field(  # type: ignore[valid-type]
        description="first, middle or last."
    )
    corresponding: bool


@strawberry.type
class WeightedTopic:
    topic: Topic
    weight: float = strawberry.field(
        description="For an author: the topic's scores summed over their works. For a work: the "
        "score (0..1)."
    )
    works: int

    @classmethod
    def from_row(cls, row: Row) -> WeightedTopic:
        return cls(topic=Topic.from_row(row["topic"]), weight=row["weight"], works=row["works"])


@strawberry.type(description="A research topic: topic, subfield, field, domain, or arXiv category.")
class Topic:
    id: strawberry.ID
    name: str
    level: TopicLevel  # type: ignore[valid-type]
    _full: Private[Row | None] = None

    @classmethod
    def from_row(cls, row: Row) -> Topic:
        full = row if "works_count" in row else None
        return cls(
            id=strawberry.ID(row["id"]),
            name=row.get("name") or row["id"],
            level=graph_rules.TopicLevel(row.get("level") or "topic"),
            _full=full,
        )

    async def _load(self, info: Info) -> Row:
        if self._full is None:
            self._full = await work_lists.topic(info.context, self.id) or {}
        return self._full

    @strawberry.field(description="The broader topic (subfield, field, domain, arXiv archive).")
    async def parent(self, info: Info) -> Topic | None:
        parent = (await self._load(info)).get("parent")
        if parent is None:
            return None
        row = await work_lists.topic(info.context, parent)
        return Topic.from_row(row) if row else None

    @strawberry.field(
        description="Works tagged with this topic or one of its subtopics, newest first unless "
        "ordered otherwise."
    )
    def works(
        self,
        info: Info,
        first: int = 20,
        after: str | None = UNSET,
        filter: WorkFilter | None = UNSET,
        order_by: WorkOrder | None = UNSET,
    ) -> WorkConnection:
        loader = info.context.loaders.topic_works
        return _works(info, loader, self.id, "topic", first, after, filter, order_by)  # type: ignore[return-value]

    @strawberry.field(description="Works tagged with this topic itself.")
    async def works_count(self, info: Info) -> int:
        return (await self._load(info)).get("works_count") or 0


@strawberry.type
class Institution:
    id: strawberry.ID
    name: str
    ror: str | None
    country_code: str | None
    type: str | None

    @classmethod
    def from_row(cls, row: Row) -> Institution:
        return cls(
            id=strawberry.ID(row["id"]),
            name=row.get("name") or row["id"],
            ror=row.get("ror"),
            country_code=row.get("country_code"),
            type=row.get("type"),
        )

    @strawberry.field(
        description="Works of its affiliated authors published in a year of the affiliation, "
        "newest first unless ordered otherwise."
    )
    def works(
        self,
        info: Info,
        first: int = 20,
        after: str | None = UNSET,
        filter: WorkFilter | None = UNSET,
        order_by: WorkOrder | None = UNSET,
    ) -> WorkConnection:
        loader = info.context.loaders.institution_works
        return _works(info, loader, self.id, "institution", first, after, filter, order_by)  # type: ignore[return-value]

    @strawberry.field(
        description="Its affiliated authors, latest affiliation first unless ordered otherwise."
    )
    async def authors(
        self,
        info: Info,
        first: int = 20,
        after: str | None = UNSET,
        filter: AffiliationFilter | None = UNSET,
        order_by: AuthorOrder | None = UNSET,
    ) -> AffiliatedAuthorConnection:
        filter = given(filter) or AffiliationFilter()
        order_by = given(order_by) or AuthorOrder()
        page = await lists.affiliated_authors(
            info.context.loaders.institution_authors,
            self.id,
            max_page_size=info.context.settings.max_page_size,
            first=first,
            after=given(after),
            year_from=given(filter.year_from),
            year_to=given(filter.year_to),
            field=order_by.field.value,
            descending=order_by.direction is OrderDirection.DESC,
        )
        return AffiliatedAuthorConnection.of(page, AffiliatedAuthor.from_row)


@strawberry.type(description="An author of an institution, with the years of the affiliation.")
class AffiliatedAuthor:
    author: Author
    years: list[int]

    @classmethod
    def from_row(cls, row: Row) -> AffiliatedAuthor:
        return cls(author=Author.from_row(row["author"]), years=list(row["years"]))


@strawberry.type(description="A venue: journal, conference, repository.")
class Source:
    id: strawberry.ID
    name: str
    type: str | None
    issn_l: str | None

    @classmethod
    def from_row(cls, row: Row) -> Source:
        return cls(
            id=strawberry.ID(row["id"]),
            name=row.get("name") or row["id"],
            type=row.get("type"),
            issn_l=row.get("issn_l"),
        )

    @strawberry.field(description="Works published in it, newest first unless ordered otherwise.")
    def works(
        self,
        info: Info,
        first: int = 20,
        after: str | None = UNSET,
        filter: WorkFilter | None = UNSET,
        order_by: WorkOrder | None = UNSET,
    ) -> WorkConnection:
        loader = info.context.loaders.source_works
        return _works(info, loader, self.id, "source", first, after, filter, order_by)  # type: ignore[return-value]


@strawberry.type
class Affiliation:
    institution: Institution
    years: list[int]


# -- lists ---------------------------------------------------------------------------------------
# Specialisations of the generic connections; a subclass only where a field has its own
# description in the published SDL.

CollaboratorConnection = Connection[Collaborator]
AffiliatedAuthorConnection = Connection[AffiliatedAuthor]
WorkSearchConnection = SearchConnection[Work]


@strawberry.type
class WorkConnection(Connection[Work]):
    total_count: int = strawberry.field(description="Works in the list, across all pages.")


@strawberry.type
class AuthorSearchEdge(SearchEdge[Author]):
    score: float = strawberry.field(description="Full-text relevance; higher is better.")


@strawberry.type
class AuthorSearchConnection(SearchConnection[Author]):
    edges: list[AuthorSearchEdge]  # type: ignore[assignment]  # its edges describe the score
