"""The trust snapshot of an author: the whole formula lives here (docs/trust.md explains it).

A score from 0 to 100 is the sum of a few components, each with its own ceiling, computed from
facts the graph holds. Every component reports its points, its ceiling and a sentence saying why,
so a page can show how a score came about. Nothing is hidden: the score is what the components
add up to.

The verification level says how far the record is vouched for:
- L1: a public record imported from a source (OpenAlex, or arXiv for names not yet resolved);
- L2: claimed by the researcher (the graph's `claimed` flag, which mirrors the claim);
- L3: the claim verified: by ORCID, by an institutional e-mail address, or by an admin's review
  (identity/claims.py; the CLAIMED relationship says how and when).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum, StrEnum

# Points per component; the ceilings add up to 100.
SOURCE_RECORD_RESOLVED = 20  # an OpenAlex author record with a stable id
SOURCE_RECORD_UNRESOLVED = 10  # a name seen on arXiv, not matched to a stable id
ORCID = 10
POINTS_PER_WORK = 2
MAX_WORKS_POINTS = 20  # reached at 10 works
POINTS_PER_CLOSE_COLLABORATOR = 2
MAX_COLLABORATION_POINTS = 10  # reached at 5 close collaborators
AFFILIATION = 10
CLAIMED = 15
VERIFIED = 15

MAX_SCORE = (
    SOURCE_RECORD_RESOLVED
    + ORCID
    + MAX_WORKS_POINTS
    + MAX_COLLABORATION_POINTS
    + AFFILIATION
    + CLAIMED
    + VERIFIED
)
assert MAX_SCORE == 100


class Level(Enum):
    L1 = "L1"
    L2 = "L2"
    L3 = "L3"


class Status(Enum):
    UNVERIFIED = "UNVERIFIED"
    VERIFIED = "VERIFIED"


class ComponentKey(StrEnum):
    """The components, in the order a snapshot lists them. Lower-case names: they are the API's
    enum values, the strings it always returned (and, a StrEnum, they equal those strings)."""

    source_record = "source_record"
    orcid = "orcid"
    works = "works"
    collaboration = "collaboration"
    affiliation = "affiliation"
    claimed = "claimed"
    verified = "verified"


@dataclass(frozen=True)
class Facts:
    """What the formula reads about an author (authors/profile.cypher provides all of it)."""

    unresolved: bool
    has_orcid: bool
    works: int
    close_collaborators: int
    has_affiliation: bool
    claimed: bool
    verified: bool = False
    claimed_since: datetime | None = None  # when the researcher's claim was accepted
    verified_by: str | None = None  # orcid, email or review
    verified_at: datetime | None = None


# How each verification path reads in an explanation.
VERIFIED_BY = {
    "orcid": "the researcher's verified ORCID iD is the record's",
    "email": "a confirmed e-mail address at an affiliated institution",
    "review": "an admin reviewed the evidence the researcher gave",
}


def _on(moment: datetime | None) -> str:
    return f" on {moment.date().isoformat()}" if moment else ""


@dataclass(frozen=True)
class Component:
    key: ComponentKey
    label: str
    points: int
    max_points: int
    detail: str


@dataclass(frozen=True)
class Snapshot:
    score: int
    status: Status
    level: Level
    claimed: bool
    components: list[Component]
    explanation: str


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def components(facts: Facts) -> list[Component]:
    record = Component(
        ComponentKey.source_record,
        "Public record",
        SOURCE_RECORD_UNRESOLVED if facts.unresolved else SOURCE_RECORD_RESOLVED,
        SOURCE_RECORD_RESOLVED,
        "Known only as a name on arXiv, not yet matched to an OpenAlex record."
        if facts.unresolved
        else "Imported from a public OpenAlex author record with a stable id.",
    )
    orcid = Component(
        ComponentKey.orcid,
        "ORCID iD",
        ORCID if facts.has_orcid else 0,
        ORCID,
        "The record carries an ORCID iD." if facts.has_orcid else "No ORCID iD is known.",
    )
    works_points = min(MAX_WORKS_POINTS, POINTS_PER_WORK * facts.works)
    works = Component(
        ComponentKey.works,
        "Publication record",
        works_points,
        MAX_WORKS_POINTS,
        f"{_plural(facts.works, 'work')} in the graph, {POINTS_PER_WORK} points each "
        f"up to {MAX_WORKS_POINTS}.",
    )
    collaboration_points = min(
        MAX_COLLABORATION_POINTS, POINTS_PER_CLOSE_COLLABORATOR * facts.close_collaborators
    )
    collaboration = Component(
        ComponentKey.collaboration,
        "Collaboration network",
        collaboration_points,
        MAX_COLLABORATION_POINTS,
        f"{_plural(facts.close_collaborators, 'close collaborator')}, "
        f"{POINTS_PER_CLOSE_COLLABORATOR} points each up to {MAX_COLLABORATION_POINTS}.",
    )
    affiliation = Component(
        ComponentKey.affiliation,
        "Affiliation",
        AFFILIATION if facts.has_affiliation else 0,
        AFFILIATION,
        "An affiliation is imported." if facts.has_affiliation else "No affiliation is imported.",
    )
    claimed = Component(
        ComponentKey.claimed,
        "Claimed profile",
        CLAIMED if facts.claimed else 0,
        CLAIMED,
        f"The researcher has claimed this profile{_on(facts.claimed_since)}."
        if facts.claimed
        else "Nobody has claimed this profile yet.",
    )
    verified = Component(
        ComponentKey.verified,
        "Verified identity",
        VERIFIED if facts.verified else 0,
        VERIFIED,
        f"Verified{_on(facts.verified_at)}: "
        f"{VERIFIED_BY.get(facts.verified_by or '', 'the claim was verified')}."
        if facts.verified
        else "The identity is not verified.",
    )
    return [record, orcid, works, collaboration, affiliation, claimed, verified]


def level(facts: Facts) -> Level:
    if facts.verified:
        return Level.L3
    if facts.claimed:
        return Level.L2
    return Level.L1


def _since(moment: datetime | None) -> str:
    return f" (since {moment.date().isoformat()})" if moment else ""


def snapshot(facts: Facts) -> Snapshot:
    parts = components(facts)
    score = sum(part.points for part in parts)
    grade = level(facts)
    status = Status.VERIFIED if grade is Level.L3 else Status.UNVERIFIED
    scoring = [part for part in parts if part.points]
    when = {"claimed": facts.claimed_since, "verified": facts.verified_at}
    reasons = (
        ", ".join(
            f"{part.label.lower()} {part.points}{_since(when.get(str(part.key)))}"
            for part in scoring
        )
        or "nothing"
    )
    stage = {
        Level.L1: "a public record imported from a source (L1), not claimed",
        Level.L2: "claimed by the researcher (L2), not yet verified",
        Level.L3: "claimed and verified (L3)"
        + (f" by {facts.verified_by}" if facts.verified_by else ""),
    }[grade]
    explanation = f"{score}/100: {stage}; points from {reasons}."
    return Snapshot(score, status, grade, facts.claimed, parts, explanation)
