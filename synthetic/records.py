"""The JSON Lines records in OpenAlex's shapes: works (with venues) and authors (with stats)."""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from pathlib import Path

from tqdm import tqdm

from kg.reference_researcher import (
    REFERENCE_ARXIV_IDS,
    REFERENCE_WORKS,
)
from synthetic import text
from synthetic.plan import Plan
from synthetic.sources import Source
from synthetic.taxonomy import Taxonomy
from synthetic.vocabulary import (
    CONFERENCE_SHARE,
    REPOSITORIES,
)
from synthetic.world import World

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class _AuthorStats:
    """Per-author sums gathered while works are written, for the author records."""

    def __init__(self, count: int) -> None:
        self.works = [0] * count
        self.citations = [0] * count
        self.topics: list[dict[int, int] | None] = [None] * count
        self.affiliations: list[dict[int, set[int]] | None] = [None] * count

    def add(
        self, person: int, year: int, citations: int, topics: tuple[int, ...], held: Sequence[int]
    ) -> None:
        self.works[person] += 1
        self.citations[person] += citations
        counts = self.topics[person]
        if counts is None:
            counts = self.topics[person] = {}
        for topic in topics:
            counts[topic] = counts.get(topic, 0) + 1
        if held:
            years = self.affiliations[person]
            if years is None:
                years = self.affiliations[person] = {}
            for inst in held:
                years.setdefault(inst, set()).add(year)


class _Venues:
    """Where a work appears, its DOI and landing page, by type and field."""

    def __init__(self, sources: list[Source], tax: Taxonomy) -> None:
        self.tax = tax
        self.arxiv = sources[0]
        self.repository_for = {
            domain: source
            for source, (_, _, domains) in zip(sources[1:], REPOSITORIES, strict=False)
            for domain in domains
        }
        self.journals: dict[int, list[Source]] = {}
        self.conferences: dict[int, list[Source]] = {}
        for source in sources:
            if source.field is not None:
                group = self.conferences if source.record["type"] == "conference" else self.journals
                group.setdefault(source.field, []).append(source)
        self.book_prefixes = sorted({s.doi_prefix for s in sources if s.field is not None})
        self.arxiv_numbers: dict[str, int] = {}

    def place(
        self, rng: random.Random, work: int, kind: str, date: str, field: int
    ) -> tuple[Source | None, str | None, str | None]:
        """(source, doi, landing page url); DOIs are unique because they embed the work's index."""
        year = date[:4]
        field_id = self.tax.field_ids[field]
        domain = self.tax.field_domains[field]
        if kind == "book-chapter":
            prefix = self.book_prefixes[work % len(self.book_prefixes)]
            doi = f"https://doi.org/10.{prefix}/978-3-{work:07d}" if rng.random() < 0.8 else None
            return None, doi, doi
        if kind == "preprint" and domain == 3 and rng.random() < 0.8:
            arxiv_id = _arxiv_id(rng, date, field_id, self.arxiv_numbers)
            doi = None
            if arxiv_id and year >= "2008" and rng.random() < 0.6:
                doi = f"https://doi.org/10.48550/arxiv.{arxiv_id}"
            return self.arxiv, doi, f"https://arxiv.org/abs/{arxiv_id}" if arxiv_id else None
        if kind == "preprint":
            source = self.repository_for[domain]
            doi = None
            if rng.random() < 0.5:
                doi = f"https://doi.org/10.{source.doi_prefix}/{year}.{work:07d}"
            return source, doi, doi
        choices = self.journals[field]
        share = CONFERENCE_SHARE.get(field_id, 0.0)
        if kind == "article" and field in self.conferences and rng.random() < share:
            choices = self.conferences[field]
        source = choices[int(rng.random() ** 2 * len(choices))]  # a few venues publish most
        doi = None
        if rng.random() < 0.95:
            doi = f"https://doi.org/10.{source.doi_prefix}/{source.code}.{year}.{work:07d}"
        return source, doi, doi


def _institutions_at(segments: tuple[tuple[int, int, int], ...], year: int) -> list[int]:
    held = [inst for inst, first, last in segments if first <= year <= last]
    if held or not segments:
        return held
    # A co-author drawn just outside their career: the nearest affiliation in time.
    return [min(segments, key=lambda s: min(abs(year - s[1]), abs(year - s[2])))[0]]


def _dehydrated(institution: dict) -> dict:
    keys = ("id", "display_name", "ror", "country_code", "type", "lineage")
    return {key: institution[key] for key in keys}


def _work_topics(
    rng: random.Random, tax: Taxonomy, topic_ids: tuple[int, ...], fixed: bool
) -> list[dict]:
    topics = []
    score = 0.9999 if fixed else 0.9 + 0.0999 * rng.random()
    for topic in topic_ids:
        record = tax.topics[topic]
        topics.append(
            {
                "id": record["id"],
                "display_name": record["display_name"],
                "score": round(score, 4),
                "subfield": record["subfield"],
                "field": record["field"],
                "domain": record["domain"],
            }
        )
        score *= 0.99 if fixed else 0.55 + 0.44 * rng.random()
    return topics


def write_works(
    path: Path,
    rng: random.Random,
    world: World,
    plan: Plan,
    references: list[tuple[int, ...]],
    cited_by: list[int],
    progress: bool,
) -> _AuthorStats:
    people, tax = world.people, world.taxonomy
    stats = _AuthorStats(len(people.ids))
    inst_refs = [_dehydrated(inst) for inst in world.institutions]
    venues = _Venues(world.sources, tax)
    updated = [f"2025-{m:02d}-{d:02d}T00:00:00" for m in range(1, 12) for d in (3, 11, 19, 27)]
    random_ = rng.random

    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for work in tqdm(
            range(len(plan.ids)),
            desc="writing works",
            unit="work",
            disable=not progress,
            mininterval=0.5,
        ):
            date, kind, team, topic_ids = (
                plan.dates[work],
                plan.types[work],
                plan.teams[work],
                plan.topics[work],
            )
            year = int(date[:4])
            citations = cited_by[work]
            fixed = work < len(REFERENCE_WORKS)
            source: Source | None
            doi: str | None
            landing: str | None
            abstract: str | None
            if fixed:
                title, _, arxiv_id, _, abstract = REFERENCE_WORKS[work]
                source = venues.arxiv
                doi = f"https://doi.org/10.48550/arxiv.{arxiv_id}"
                landing = f"https://arxiv.org/abs/{arxiv_id}"
            else:
                title = text.title(rng, tax, topic_ids[0])
                abstract = text.abstract(rng, tax, topic_ids[0]) if random_() < 0.5 else None
                field = tax.subfield_field[tax.topic_subfield[topic_ids[0]]]
                source, doi, landing = venues.place(rng, work, kind, date, field)
            topics = _work_topics(rng, tax, topic_ids, fixed)

            size = len(team)
            corresponding = -1
            if not fixed and random_() < 0.7:
                corresponding = 0 if random_() < 0.6 else size - 1
            authorships = []
            for position, person in enumerate(team):
                held = [] if fixed else _institutions_at(people.segments[person], year)
                if held and random_() < 0.07:
                    held = []
                name = people.names[person]
                authorships.append(
                    {
                        "author_position": "first"
                        if position == 0
                        else ("last" if position == size - 1 else "middle"),
                        "author": {
                            "id": people.ids[person],
                            "display_name": name,
                            "orcid": people.orcids[person],
                        },
                        "institutions": [inst_refs[inst] for inst in held],
                        "countries": sorted({inst_refs[inst]["country_code"] for inst in held}),
                        "is_corresponding": position == corresponding,
                        "raw_author_name": name,
                    }
                )
                stats.add(person, year, citations, topic_ids, held)

            openalex_id = plan.ids[work]
            out.write(
                _dumps(
                    {
                        "id": openalex_id,
                        "doi": doi,
                        "title": title,
                        "display_name": title,
                        "publication_year": year,
                        "publication_date": date,
                        "ids": {"openalex": openalex_id, "doi": doi}
                        if doi
                        else {"openalex": openalex_id},
                        "language": "en",
                        "primary_location": {
                            "is_oa": source is not None and source.record["type"] == "repository",
                            "landing_page_url": landing,
                            "source": source.ref if source else None,
                        },
                        "type": kind,
                        "authorships": authorships,
                        "cited_by_count": citations,
                        "primary_topic": topics[0],
                        "topics": topics,
                        "referenced_works": sorted([plan.ids[ref] for ref in references[work]]),
                        "referenced_works_count": len(references[work]),
                        "abstract_inverted_index": text.inverted_index(abstract)
                        if abstract
                        else None,
                        "updated_date": updated[work % len(updated)],
                    }
                )
            )
            out.write("\n")
    return stats


def _arxiv_id(rng: random.Random, date: str, field_id: int, numbers: dict[str, int]) -> str | None:
    """New-style ids from 2008 (five digits from 2015), old-style archive/YYMMNNN before."""
    yymm = date[2:4] + date[5:7]
    number = numbers.get(yymm, rng.randint(1, 400)) + rng.randint(1, 12)
    numbers[yymm] = number
    if int(date[:4]) < 2008:
        archive = {17: "cs", 26: "math", 31: "hep-th"}.get(field_id, "physics")
        return f"{archive}/{yymm}{number:03d}" if number < 1000 else None
    width = 5 if int(date[:4]) >= 2015 else 4
    arxiv_id = f"{yymm}.{number:0{width}d}"
    if number >= 10**width or arxiv_id in REFERENCE_ARXIV_IDS:
        return None
    return arxiv_id


def write_authors(path: Path, world: World, stats: _AuthorStats, progress: bool) -> None:
    people, tax = world.people, world.taxonomy
    inst_refs = [_dehydrated(inst) for inst in world.institutions]
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for person in tqdm(
            range(len(people.ids)),
            desc="writing authors",
            unit="author",
            disable=not progress,
            mininterval=0.5,
        ):
            held = stats.affiliations[person] or {}
            affiliations = sorted(held.items(), key=lambda item: (-max(item[1]), item[0]))
            latest = max((max(years) for years in held.values()), default=None)
            counts = sorted((stats.topics[person] or {}).items(), key=lambda kv: (-kv[1], kv[0]))
            topics = []
            for topic, count in counts[:5]:
                record = tax.topics[topic]
                topics.append(
                    {
                        "id": record["id"],
                        "display_name": record["display_name"],
                        "count": count,
                        "subfield": record["subfield"],
                        "field": record["field"],
                        "domain": record["domain"],
                    }
                )
            openalex_id = people.ids[person]
            orcid = people.orcids[person]
            out.write(
                _dumps(
                    {
                        "id": openalex_id,
                        "orcid": orcid,
                        "display_name": people.names[person],
                        "works_count": stats.works[person],
                        "cited_by_count": stats.citations[person],
                        "ids": {"openalex": openalex_id, "orcid": orcid}
                        if orcid
                        else {"openalex": openalex_id},
                        "affiliations": [
                            {"institution": inst_refs[inst], "years": sorted(years, reverse=True)}
                            for inst, years in affiliations
                        ],
                        "last_known_institutions": [
                            inst_refs[inst] for inst, years in affiliations if latest in years
                        ],
                        "topics": topics,
                        "updated_date": "2025-06-01T00:00:00",
                    }
                )
            )
            out.write("\n")


def write_lines(path: Path, records: Sequence[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for record in records:
            out.write(_dumps(record))
            out.write("\n")
