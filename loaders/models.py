"""Pydantic models of the records we load: the fields we use, validated and normalised.

Unknown fields are ignored (OpenAlex records carry dozens we do not store). A field of the wrong
type, a missing id or a malformed id raises ValidationError, which `reject_reason` turns into one
line that names the field.

Every shape the published OpenAlex schema allows is accepted: a list given as null is an empty list
(and a null member of a list is no member), a nested object given as null has all its fields
absent, and a reference whose id is null (an institution, topic or topic level) names nothing and
is left out, while the rest of the record loads. An authorship whose author id is null is kept: the
loader matches it to a person (loaders/author_matching.py).
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


def _present(value: Any) -> Any:
    """OpenAlex writes null for an empty list, and sometimes null inside one: both mean none."""
    if value is None:
        return []
    if isinstance(value, list):
        return [item for item in value if item is not None]
    return value


def _list_of(kind: Any) -> Any:
    """A list that null (or a null member) cannot make invalid."""
    return Annotated[list[kind], BeforeValidator(_present), Field(default_factory=list)]


def _without_null_id(value: Any) -> Any:
    """Members of a list of references whose id is null or missing name nothing: dropped."""
    items = _present(value)
    if isinstance(items, list):
        return [
            item
            for item in items
            if not isinstance(item, dict) or _blank_to_none(item.get("id")) is not None
        ]
    return items


def _refs_of(kind: Any) -> Any:
    """A list of referenced entities, keeping those that carry an id."""
    return Annotated[list[kind], BeforeValidator(_without_null_id), Field(default_factory=list)]


def _object_or_empty(value: Any) -> Any:
    """A nested object given as null: its fields are all absent."""
    return {} if value is None else value


def _level_or_none(value: Any) -> Any:
    """A topic's subfield/field/domain with a null id names no level."""
    if isinstance(value, dict) and _blank_to_none(value.get("id")) is None:
        return None
    return value


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
    author: Annotated[AuthorRef, BeforeValidator(_object_or_empty)] = AuthorRef()
    institutions: _refs_of(InstitutionRef)  # type: ignore[valid-type]
    is_corresponding: bool | None = None
    raw_author_name: str | None = None


class LevelRef(_Record):
    id: TopicId
    display_name: str | None = None


OptLevel = Annotated[LevelRef | None, BeforeValidator(_level_or_none)]


class TopicRef(_Record):
    id: TopicId
    display_name: str | None = None
    score: float | None = None
    subfield: OptLevel = None
    field: OptLevel = None
    domain: OptLevel = None


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
    authorships: _list_of(Authorship)  # type: ignore[valid-type]
    primary_location: Location | None = None
    locations: _list_of(Location)  # type: ignore[valid-type]
    topics: _refs_of(TopicRef)  # type: ignore[valid-type]
    referenced_works: _list_of(WorkId)  # type: ignore[valid-type]
    abstract_inverted_index: dict[str, list[int]] | None = None
    updated_date: str | None = None


class Affiliation(_Record):
    institution: Annotated[InstitutionRef, BeforeValidator(_object_or_empty)] = InstitutionRef()
    years: _list_of(int)  # type: ignore[valid-type]


class AuthorIds(_Record):
    orcid: OptOrcid = None  # type: ignore[valid-type]


class Author(_Record):
    id: AuthorId
    display_name: str | None = None
    orcid: OptOrcid = None  # type: ignore[valid-type]
    ids: AuthorIds | None = None  # the snapshot sometimes has the ORCID only here
    works_count: int | None = None
    cited_by_count: int | None = None
    affiliations: _list_of(Affiliation)  # type: ignore[valid-type]
    last_known_institutions: _refs_of(InstitutionRef)  # type: ignore[valid-type]
    open_to_collaborate: bool | None = None
    claimed: bool | None = None
    updated_date: str | None = None


class Institution(_Record):
    id: InstitutionId
    display_name: str | None = None
    ror: OptRor = None  # type: ignore[valid-type]
    country_code: str | None = None
    type: str | None = None
    homepage_url: str | None = None  # its domain vouches for claim e-mail addresses
    updated_date: str | None = None


class Topic(_Record):
    """A topic, subfield, field or domain record (the level follows from the id)."""

    id: TopicId
    display_name: str | None = None
    subfield: OptLevel = None
    field: OptLevel = None
    domain: OptLevel = None
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
