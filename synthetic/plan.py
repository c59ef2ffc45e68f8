"""The works, planned before any is written: dates, types, topics and teams."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from tqdm import tqdm

from kg.reference_researcher import (
    REFERENCE_WORK_IDS,
    REFERENCE_WORKS,
)
from synthetic.draws import cumulative, negative_binomial_2, pick
from synthetic.parameters import FIRST_YEAR, MAX_TEAM, OPENALEX, WORKS_PER_AUTHOR
from synthetic.people import BUCKET, BUCKETS, build_pools
from synthetic.taxonomy import Taxonomy
from synthetic.world import World


@dataclass
class Plan:
    """Works by position, before citations; the reference works come first."""

    ids: list[str] = dataclass_field(default_factory=list)
    dates: list[str] = dataclass_field(default_factory=list)
    types: list[str] = dataclass_field(default_factory=list)
    teams: list[tuple[int, ...]] = dataclass_field(default_factory=list)
    topics: list[tuple[int, ...]] = dataclass_field(default_factory=list)

    def add(
        self, openalex_id: str, date: str, kind: str, team: tuple[int, ...], topics: tuple[int, ...]
    ) -> None:
        self.ids.append(openalex_id)
        self.dates.append(date)
        self.types.append(kind)
        self.teams.append(team)
        self.topics.append(topics)


def plan_works(rng: random.Random, world: World, progress: bool) -> Plan:
    """Who wrote what, when, on which topics; every author but the reference one leads a work."""
    people, tax = world.people, world.taxonomy
    count = len(people.ids)
    total = round(WORKS_PER_AUTHOR * count)
    plan = Plan()
    index = {short: k for k, short in enumerate(p.removeprefix(OPENALEX) for p in people.ids[:10])}
    for work_id, (_, date, _, authors, _) in zip(REFERENCE_WORK_IDS, REFERENCE_WORKS, strict=True):
        team = tuple(index[a] for a in authors)
        plan.add(f"{OPENALEX}{work_id}", date, "preprint", team, people.prefs[0])

    numbers = rng.sample(range(10**9, 45 * 10**8), total - 2)
    pools = build_pools(people, tax)
    leads = list(range(1, count))
    lead_cum = cumulative(people.weights[1:])
    log_q = math.log(0.6)  # negative binomial r=2, p=0.4: mean 3 co-authors
    bar = tqdm(total=total, desc="planning works", unit="work", disable=not progress)
    bar.update(2)
    for k, number in enumerate(numbers):
        lead = leads[k] if k < len(leads) else leads[pick(lead_cum, rng)]
        year = rng.randint(people.starts[lead], people.ends[lead])
        topics = _draw_topics(rng, tax, people.prefs[lead])
        sub = tax.topic_subfield[topics[0]]
        field = tax.subfield_field[sub]
        kind = _draw_type(rng, year, tax.field_domains[field])
        size = 1 + min(MAX_TEAM - 1, negative_binomial_2(rng, log_q))
        bucket = (year - FIRST_YEAR) // BUCKET
        keys = (sub * BUCKETS + bucket, field * BUCKETS + bucket, bucket)
        candidates = [level.get(key) for level, key in zip(pools, keys, strict=True)]
        team = _draw_team(rng, lead, size, candidates, people.weights)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        plan.add(f"{OPENALEX}W{number}", date, kind, team, topics)
        if k % 1000 == 999:
            bar.update(1000)
    bar.update(total - bar.n)
    bar.close()
    return plan


def _draw_topics(rng: random.Random, tax: Taxonomy, own: tuple[int, ...]) -> tuple[int, ...]:
    """One to three topics: mostly the lead's own, then neighbours in the subfield or field."""
    r = rng.random()
    topic = own[0] if r < 0.6 else own[min(1, len(own) - 1)] if r < 0.85 else own[-1]
    field = tax.subfield_field[tax.topic_subfield[topic]]
    if rng.random() < 0.1:
        topic = rng.choice(tax.field_topics[field])
    sub = tax.topic_subfield[topic]
    topics = [topic]
    r = rng.random()
    wanted = 1 if r < 0.1 else 2 if r < 0.35 else 3
    for _ in range(4 * wanted):
        if len(topics) == wanted:
            break
        near = tax.subfield_topics[sub] if rng.random() < 0.65 else tax.field_topics[field]
        extra = near[int(rng.random() * len(near))]
        if extra not in topics:
            topics.append(extra)
    return tuple(topics)


def _draw_type(rng: random.Random, year: int, domain: int) -> str:
    """Preprints grow with time (arXiv from 1991 for physical sciences, elsewhere from 2013)."""
    r = rng.random()
    preprint = 0.02 if year < 2000 else 0.06 if year < 2010 else 0.12 if year < 2018 else 0.2
    if domain == 3:
        preprint *= 1.5
    if r < preprint and year >= (1991 if domain == 3 else 2013):
        return "preprint"
    if r > 0.96:
        return "book-chapter"
    return "review" if r > 0.89 else "article"


def _draw_team(
    rng: random.Random,
    lead: int,
    size: int,
    pools: list[tuple[list[int], list[float]] | None],
    weights: list[float],
) -> tuple[int, ...]:
    """The lead, then co-authors of the period from the subfield (mostly), field or anywhere."""
    team = [lead]
    for _ in range(size - 1):
        r = rng.random()
        drawn = 0 if r < 0.8 else 1 if r < 0.93 else 2
        # A repeat or an empty pool retries, widening the net; small pools give smaller teams.
        for level in (drawn, drawn, max(drawn, 1), 2):
            pool = pools[level]
            if pool is None:
                continue
            group, cum = pool
            person = group[pick(cum, rng)]
            if person not in team:
                team.append(person)
                break
    if len(team) >= 3 and rng.random() < 0.5:  # the most senior co-author signs last
        senior = max(team[1:], key=weights.__getitem__)
        team.remove(senior)
        team.append(senior)
    return tuple(team)
