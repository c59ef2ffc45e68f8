"""Pydantic models of the records we load: the fields we use, validated and normalised.

Unknown fields are ignored (OpenAlex records carry dozens we do not store). A field of the wrong
type, a missing id or a malformed id raises ValidationError, which `reject_reason` turns into one
line that names the field.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from kg import identifiers


class _Record(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


WorkId = Annotated[str, AfterValidator(partial(identifiers.openalex_id, letter="W"))]
AuthorId = Annotated[str, AfterValidator(partial(identifiers.openalex_id, letter="A"))]
InstitutionId = Annotated[str, AfterValidator(partial(identifiers.openalex_id, letter="I"))]
SourceId = Annotated[str, AfterValidator(partial(identifiers.openalex_id, letter="S"))]
TopicId = Annotated[str, AfterValidator(identifiers.topic_id)]
Doi = Annotated[str, AfterValidator(identifiers.doi)]
Orcid = Annotated[str, AfterValidator(identifiers.orcid)]
Ror = Annotated[str, AfterValidator(identifiers.ror)]
ArxivId = Annotated[str, AfterValidator(identifiers.arxiv_id)]


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def _optional(kind: Any) -> Any:
    """An optional id: null and "" mean absent; anything else must be well-formed."""
    return Annotated[kind | None, BeforeValidator(_blank_to_none)]


OptDoi = _optional(Doi)
OptOrcid = _optional(Orcid)
OptRor = _optional(Ror)


# -- OpenAlex --------------------------------------------------------------------------------------


class InstitutionRef(_Record):
    id: _optional(InstitutionId) = None  # type: ignore[valid-type]
    display_name: str | None = None
    ror: OptRor = None  # type: ignore[valid-type]
    country_code: str | None = None
    type: str | None = None


class AuthorRef(_Record):
    id: _optional(AuthorId) = None  # type: ignore[valid-type]
    display_name: str | None = None
    orcid: OptOrcid = None  # type: ignore[valid-type]


class Authorship(_Record):
    author_position: str | None = None
    author: AuthorRef
    institutions: list[InstitutionRef] = Field(default_factory=list)
    is_corresponding: bool | None = None
    raw_author_name: str | None = None


class LevelRef(_Record):
    id: TopicId
    display_name: str | None = None


class TopicRef(_Record):
    id: TopicId
    display_name: str | None = None
    score: float | None = None
    subfield: LevelRef | None = None
    field: LevelRef | None = None
    domain: LevelRef | None = None


class SourceRef(_Record):
    id: _optional(SourceId) = None  # type: ignore[valid-type]
    display_name: str | None = None
    type: str | None = None
    issn_l: str | None = None


class Location(_Record):
    landing_page_url: str | None = None
    pdf_url: str | None = None
    source: SourceRef | None = None


class WorkIds(_Record):
    doi: OptDoi = None  # type: ignore[valid-type]


class Work(_Record):
    id: WorkId
    doi: OptDoi = None  # type: ignore[valid-type]
    ids: WorkIds | None = None
    title: str | None = None
    display_name: str | None = None
    publication_year: int | None = None
    publication_date: str | None = None
    type: str | None = None
    cited_by_count: int | None = None
    authorships: list[Authorship] = Field(default_factory=list)
    primary_location: Location | None = None
    locations: list[Location] = Field(default_factory=list)
    topics: list[TopicRef] = Field(default_factory=list)
    referenced_works: list[WorkId] = Field(default_factory=list)
    abstract_inverted_index: dict[str, list[int]] | None = None
    updated_date: str | None = None


class Affiliation(_Record):
    institution: InstitutionRef
    years: list[int] = Field(default_factory=list)


class AuthorIds(_Record):
    orcid: OptOrcid = None  # type: ignore[valid-type]


class Author(_Record):
    id: AuthorId
    display_name: str | None = None
    orcid: OptOrcid = None  # type: ignore[valid-type]
    ids: AuthorIds | None = None  # the snapshot sometimes has the ORCID only here
    works_count: int | None = None
    cited_by_count: int | None = None
    affiliations: list[Affiliation] = Field(default_factory=list)
    last_known_institutions: list[InstitutionRef] = Field(default_factory=list)
    open_to_collaborate: bool | None = None
    claimed: bool | None = None
    updated_date: str | None = None


class Institution(_Record):
    id: InstitutionId
    display_name: str | None = None
    ror: OptRor = None  # type: ignore[valid-type]
    country_code: str | None = None
    type: str | None = None
    updated_date: str | None = None


class Topic(_Record):
    """A topic, subfield, field or domain record (the level follows from the id)."""

    id: TopicId
    display_name: str | None = None
    subfield: LevelRef | None = None
    field: LevelRef | None = None
    domain: LevelRef | None = None
    updated_date: str | None = None


class Source(_Record):
    id: SourceId
    display_name: str | None = None
    type: str | None = None
    issn_l: str | None = None
    updated_date: str | None = None


OPENALEX_MODELS: dict[str, type[_Record]] = {
    "work": Work,
    "author": Author,
    "institution": Institution,
    "topic": Topic,
    "source": Source,
}


# -- arXiv -----------------------------------------------------------------------------------------


class ArxivVersion(_Record):
    version: str | None = None
    created: str


class ArxivRecord(_Record):
    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)

    id: ArxivId
    title: str
    abstract: str | None = None
    authors_parsed: list[list[str]] = Field(default_factory=list)
    categories: str | None = None
    versions: list[ArxivVersion] = Field(default_factory=list)
    doi: str | None = None
    journal_ref: str | None = Field(default=None, alias="journal-ref")
    update_date: str | None = None


# -- errors ----------------------------------------------------------------------------------------


def reject_reason(error: ValidationError) -> str:
    """'authorships.0.author.id: 'X1' is not an OpenAlex author id (A and digits)' (+N more)."""
    problems = error.errors(include_url=False)
    first = problems[0]
    field = ".".join(str(part) for part in first["loc"]) or "record"
    message = str(first["msg"]).removeprefix("Value error, ")
    if first["type"] == "missing":
        message = "missing"
    reason = f"{field}: {message}"
    if len(problems) > 1:
        reason += f" (+{len(problems) - 1} more)"
    return reason
