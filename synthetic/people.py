"""Authors: names, ORCID iDs, careers and affiliations, the reference researcher's co-authors
under their fixed ids; and the pools co-authors are drawn from.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from kg.reference_researcher import (
    REFERENCE_AUTHOR_ID,
    REFERENCE_AUTHOR_NAME,
    REFERENCE_CAREERS,
    REFERENCE_COAUTHORS,
    REFERENCE_TOPIC_IDS,
)
from synthetic.draws import cumulative, pick, unique_ids
from synthetic.parameters import FIRST_YEAR, LAST_YEAR, OPENALEX
from synthetic.taxonomy import Taxonomy
from synthetic.vocabulary import (
    NAMES,
)


@dataclass
class People:
    """Authors by position: 0 is the reference researcher, 1 to 9 their co-authors."""

    ids: list[str] = dataclass_field(default_factory=list)
    names: list[str] = dataclass_field(default_factory=list)
    orcids: list[str | None] = dataclass_field(default_factory=list)
    weights: list[float] = dataclass_field(default_factory=list)  # productivity
    starts: list[int] = dataclass_field(default_factory=list)  # first and last year of the career
    ends: list[int] = dataclass_field(default_factory=list)
    # the topics the author works on, most frequent first
    prefs: list[tuple[int, ...]] = dataclass_field(default_factory=list)
    # (institution, first year, last year) for each affiliation
    segments: list[tuple[tuple[int, int, int], ...]] = dataclass_field(default_factory=list)

    def add(
        self,
        openalex_id: str,
        name: str,
        orcid: str | None,
        weight: float,
        start: int,
        end: int,
        prefs: tuple[int, ...],
        segments: tuple[tuple[int, int, int], ...],
    ) -> None:
        self.ids.append(openalex_id)
        self.names.append(name)
        self.orcids.append(orcid)
        self.weights.append(weight)
        self.starts.append(start)
        self.ends.append(end)
        self.prefs.append(prefs)
        self.segments.append(segments)


def _orcid(number: int) -> str:
    digits = f"0000000{number:08d}"  # 0000-0001-… to 0000-0003-…
    total = 0
    for digit in digits:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11  # ISO 7064 MOD 11-2
    full = digits + ("X" if check == 10 else str(check))
    return f"https://orcid.org/{full[:4]}-{full[4:8]}-{full[8:12]}-{full[12:]}"


def _person_name(rng: random.Random) -> str:
    firsts, lasts = rng.choice(NAMES)
    first = rng.choice(firsts.split())
    last = rng.choice(lasts.split())
    if rng.random() < 0.25:
        return f"{first} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {last}"
    return f"{first} {last}"


def build_people(rng: random.Random, count: int, tax: Taxonomy, institutions: list[dict]) -> People:
    """Author 0 is the reference researcher, 1 to 9 their co-authors, the rest random."""
    people = People()
    sub_cum = cumulative(tax.subfield_weights)
    inst_cum = cumulative([rng.lognormvariate(0, 1.2) for _ in institutions])
    reference_prefs = tuple(
        topic
        for topic, record in enumerate(tax.topics)
        if record["id"].removeprefix(OPENALEX) in REFERENCE_TOPIC_IDS
    )

    # Weight 0: the reference researcher is never drawn into a generated work.
    people.add(
        f"{OPENALEX}{REFERENCE_AUTHOR_ID}",
        REFERENCE_AUTHOR_NAME,
        None,
        0.0,
        2022,
        2022,
        reference_prefs,
        (),
    )
    for short_id, name in REFERENCE_COAUTHORS.items():
        weight, start = REFERENCE_CAREERS[short_id]
        segments = _career_segments(rng, start, LAST_YEAR, inst_cum)
        people.add(
            f"{OPENALEX}{short_id}", name, None, weight, start, LAST_YEAR, reference_prefs, segments
        )

    randoms = count - len(people.ids)
    reserved = {int(short_id[2:]) for short_id in (REFERENCE_AUTHOR_ID, *REFERENCE_COAUTHORS)}
    numbers = unique_ids(rng, 0, 10**9, randoms, reserved)
    orcid_numbers = rng.sample(range(10**7, 4 * 10**7), randoms)
    for number, orcid_number in zip(numbers, orcid_numbers, strict=True):
        name = _person_name(rng)
        orcid = _orcid(orcid_number) if rng.random() < 0.6 else None
        # Lognormal productivity, capped so the busiest author has a few hundred works.
        log_weight = 1.8 * rng.gauss(0, 1)
        # Most authors are still publishing; the rest stopped some years ago. The productive ones
        # have long careers.
        gap = rng.expovariate(1 / 1.5) if rng.random() < 0.7 else rng.expovariate(1 / 10)
        end = max(FIRST_YEAR + 1, LAST_YEAR - int(gap))
        length = min(45, max(0, round(3 + 5 * (log_weight + 1.5) + rng.gauss(0, 3))))
        start = max(FIRST_YEAR, end - length)
        topics = tax.subfield_topics[pick(sub_cum, rng)]
        r = rng.random()
        prefs = tuple(rng.sample(topics, min(len(topics), 1 + (r < 0.5) + (r < 0.2))))
        segments = _career_segments(rng, start, end, inst_cum)
        people.add(
            f"{OPENALEX}A5{number:09d}",
            name,
            orcid,
            min(math.exp(log_weight), 250.0),
            start,
            end,
            prefs,
            segments,
        )
    return people


def _career_segments(
    rng: random.Random, start: int, end: int, inst_cum: list[float]
) -> tuple[tuple[int, int, int], ...]:
    """One to three consecutive affiliations over a career, sometimes one more held alongside."""
    r = rng.random()
    moves = 0 if end - start < 3 or r < 0.6 else 1 if r < 0.88 else 2
    cuts = sorted(rng.sample(range(start + 1, end + 1), min(moves, end - start)))
    bounds = [start, *cuts, end + 1]
    segments = [(pick(inst_cum, rng), bounds[k], bounds[k + 1] - 1) for k in range(len(cuts) + 1)]
    if rng.random() < 0.08:
        first = rng.randint(start, end)
        segments.append((pick(inst_cum, rng), first, rng.randint(first, end)))
    return tuple(segments)


BUCKET = 5  # years per coauthor pool


BUCKETS = (LAST_YEAR - FIRST_YEAR) // BUCKET + 1


def build_pools(people: People, tax: Taxonomy) -> tuple[dict, ...]:
    """Co-author pools by period: per subfield, per field and overall, with cumulative weights."""
    members: tuple[dict, dict, dict] = ({}, {}, {})
    for person in range(1, len(people.ids)):  # never the reference researcher
        sub = tax.topic_subfield[people.prefs[person][0]]
        keys = (sub, tax.subfield_field[sub], 0)
        first = (people.starts[person] - FIRST_YEAR) // BUCKET
        last = (people.ends[person] - FIRST_YEAR) // BUCKET
        for bucket in range(first, last + 1):
            for level, key in enumerate(keys):
                members[level].setdefault(key * BUCKETS + bucket, []).append(person)
    weights = people.weights
    return tuple(
        {key: (group, cumulative([weights[p] for p in group])) for key, group in level.items()}
        for level in members
    )
