"""Deterministic synthetic scholarly data in the OpenAlex format, as JSON Lines.

`generate(out_dir, authors=N, seed=S)` writes works.jsonl, authors.jsonl, institutions.jsonl,
topics.jsonl and sources.jsonl with the field shapes of the OpenAlex API and snapshot, so the
OpenAlex loader reads them like real records. The same N and seed always give byte-identical files.

The world is closed: `referenced_works` point only at generated works published on or before the
citing work's date, and a work's `cited_by_count` is the number of generated works citing it; an
author's `works_count` and `cited_by_count` are sums over their generated authorships.

Shapes follow published bibliometrics loosely: author productivity is lognormal (most authors have
one or two works, a few hundreds), citations come by preferential attachment within a subfield, team
sizes are 1 plus a capped negative binomial (mean about 4), and publication years skew recent.

The reference researcher (kg/reference_researcher.py) is always present with exactly their
two arXiv preprints, nine co-authors and three topics, all under their fixed ids; no generated
work ever pairs them with anyone.

This module runs the steps; each lives in its own module: taxonomy, institutions, sources and
people build the world (world.py), plan.py draws the works, citations.py their references,
records.py writes the files (text.py for titles and abstracts); parameters.py and draws.py are
what they share.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass
from pathlib import Path

from synthetic.citations import cite
from synthetic.institutions import build_institutions
from synthetic.people import build_people
from synthetic.plan import plan_works
from synthetic.records import write_authors, write_lines, write_works
from synthetic.sources import build_sources
from synthetic.taxonomy import build_taxonomy
from synthetic.world import World

MIN_AUTHORS = 10


FILE_NAMES = ("works.jsonl", "authors.jsonl", "institutions.jsonl", "topics.jsonl", "sources.jsonl")


@dataclass(frozen=True)
class GenerationSummary:
    """What `generate` wrote: record counts and the files, in FILE_NAMES order."""

    authors: int
    works: int
    authorships: int
    institutions: int
    topics: int
    sources: int
    citations: int
    files: tuple[Path, ...]


def generate(
    out_dir: Path, *, authors: int, seed: int, progress: bool = False
) -> GenerationSummary:
    """Write the five JSON Lines files into out_dir (created if missing); say what was written."""
    check_arguments(authors=authors, seed=seed)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    taxonomy = build_taxonomy(rng)
    institutions = build_institutions(rng, max(10, authors // 50))
    sources = build_sources(rng, taxonomy, authors)
    people = build_people(rng, authors, taxonomy, institutions)
    world = World(taxonomy, institutions, sources, people)
    plan = plan_works(rng, world, progress)
    references, cited_by = cite(rng, plan, taxonomy, progress)

    # Written under temporary names first, so a failed run leaves no half-written set behind.
    paths = tuple(out_dir / name for name in FILE_NAMES)
    temporary = [path.with_name(path.name + ".partial") for path in paths]
    try:
        stats = write_works(temporary[0], rng, world, plan, references, cited_by, progress)
        write_authors(temporary[1], world, stats, progress)
        write_lines(temporary[2], institutions)
        write_lines(temporary[3], taxonomy.topics)
        write_lines(temporary[4], [source.record for source in sources])
    except BaseException:
        for partial in temporary:
            partial.unlink(missing_ok=True)
        raise
    for partial, path in zip(temporary, paths, strict=True):
        os.replace(partial, path)
    return GenerationSummary(
        authors=authors,
        works=len(plan.ids),
        authorships=sum(map(len, plan.teams)),
        institutions=len(institutions),
        topics=len(taxonomy.topics),
        sources=len(sources),
        citations=sum(map(len, references)),
        files=paths,
    )


def check_arguments(*, authors: int, seed: int) -> None:
    if isinstance(authors, bool) or not isinstance(authors, int):
        raise ValueError(f"authors must be an integer, not {authors!r}")
    if authors < MIN_AUTHORS:
        raise ValueError(
            f"authors must be at least {MIN_AUTHORS} (the reference researcher and their nine "
            f"co-authors are always included), not {authors}"
        )
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValueError(f"seed must be an integer, not {seed!r}")
