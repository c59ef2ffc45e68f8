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
two arXiv preprints, nine co-authors and three topics, all under the fixed ids below; no generated
work ever pairs them with anyone.
"""

from __future__ import annotations

import json
import math
import os
import random
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from itertools import accumulate
from pathlib import Path

from tqdm import tqdm

from kg.graph_rules import ARXIV_SOURCE_ID
from kg.reference_researcher import (
    REFERENCE_ARXIV_IDS,
    REFERENCE_AUTHOR_ID,
    REFERENCE_AUTHOR_NAME,
    REFERENCE_CAREERS,
    REFERENCE_COAUTHORS,
    REFERENCE_TOPIC_IDS,
    REFERENCE_TOPICS,
    REFERENCE_WORK_IDS,
    REFERENCE_WORKS,
)
from synthetic.vocabulary import (
    ADJECTIVES,
    BIG_FIELDS,
    CONDITIONS,
    CONFERENCE_HOST,
    CONFERENCE_PATTERNS,
    CONFERENCE_SHARE,
    COUNTRIES,
    DOMAINS,
    FIELDS,
    INSTITUTION_KINDS,
    JOURNAL_PATTERNS,
    NAMES,
    NOUNS,
    PLACE_HEADS,
    PLACE_TAILS,
    PUBLISHERS,
    REPOSITORIES,
    SENTENCES,
    STUDIES,
    TITLE_PATTERNS,
    TOPIC_PATTERNS,
)

OPENALEX = "https://openalex.org/"
MIN_AUTHORS = 10
MAX_TEAM = 20
WORKS_PER_AUTHOR = 2.25
FIRST_YEAR = 1980
LAST_YEAR = 2025
FILE_NAMES = ("works.jsonl", "authors.jsonl", "institutions.jsonl", "topics.jsonl", "sources.jsonl")


_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


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


@dataclass
class _Taxonomy:
    """Domains, fields, subfields and topics; everything but `topics` is indexed by position."""

    # topic records, as written to topics.jsonl
    topics: list[dict] = dataclass_field(default_factory=list)
    topic_subfield: list[int] = dataclass_field(default_factory=list)
    subfield_topics: list[list[int]] = dataclass_field(default_factory=list)
    subfield_field: list[int] = dataclass_field(default_factory=list)
    subfield_names: list[str] = dataclass_field(default_factory=list)
    subfield_weights: list[float] = dataclass_field(default_factory=list)
    field_ids: list[int] = dataclass_field(default_factory=list)
    field_names: list[str] = dataclass_field(default_factory=list)
    field_domains: list[int] = dataclass_field(default_factory=list)
    field_topics: list[list[int]] = dataclass_field(default_factory=list)


@dataclass
class _Source:
    record: dict
    ref: dict  # the dehydrated form inside a work's primary_location
    doi_prefix: str
    code: str
    field: int | None  # the field a journal or conference publishes in


@dataclass
class _People:
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


@dataclass
class _World:
    taxonomy: _Taxonomy
    institutions: list[dict]
    sources: list[_Source]
    people: _People


@dataclass
class _Plan:
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


def generate(
    out_dir: Path, *, authors: int, seed: int, progress: bool = False
) -> GenerationSummary:
    """Write the five JSON Lines files into out_dir (created if missing); say what was written."""
    check_arguments(authors=authors, seed=seed)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    taxonomy = _build_taxonomy(rng)
    institutions = _build_institutions(rng, max(10, authors // 50))
    sources = _build_sources(rng, taxonomy, authors)
    people = _build_people(rng, authors, taxonomy, institutions)
    world = _World(taxonomy, institutions, sources, people)
    plan = _plan_works(rng, world, progress)
    references, cited_by = _cite(rng, plan, taxonomy, progress)

    # Written under temporary names first, so a failed run leaves no half-written set behind.
    paths = tuple(out_dir / name for name in FILE_NAMES)
    temporary = [path.with_name(path.name + ".partial") for path in paths]
    try:
        stats = _write_works(temporary[0], rng, world, plan, references, cited_by, progress)
        _write_authors(temporary[1], world, stats, progress)
        _write_lines(temporary[2], institutions)
        _write_lines(temporary[3], taxonomy.topics)
        _write_lines(temporary[4], [source.record for source in sources])
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


def _ref(kind: str, number: int | str, name: str) -> dict:
    return {"id": f"{OPENALEX}{kind}{number}", "display_name": name}


def _cumulative(weights: Sequence[float]) -> list[float]:
    return list(accumulate(weights))


def _pick(cum: list[float], rng: random.Random) -> int:
    return min(bisect_right(cum, rng.random() * cum[-1]), len(cum) - 1)


def _unique_ids(rng: random.Random, low: int, high: int, count: int, taken: set[int]) -> list[int]:
    drawn = rng.sample(range(low, high), count + len(taken))
    return [number for number in drawn if number not in taken][:count]


def _build_taxonomy(rng: random.Random) -> _Taxonomy:
    tax = _Taxonomy()
    reference_topics: dict[int, list[tuple[str, str]]] = {}
    for topic_id, name, sub in REFERENCE_TOPICS:
        reference_topics.setdefault(sub, []).append((topic_id, name))
    next_topic = 10000 + len(REFERENCE_TOPICS) + 1
    for field_id, field_name, domain_id, subfields in FIELDS:
        field = len(tax.field_ids)
        tax.field_ids.append(field_id)
        tax.field_names.append(field_name)
        tax.field_domains.append(domain_id)
        tax.field_topics.append([])
        for sub_id, sub_name in subfields:
            sub = len(tax.subfield_names)
            tax.subfield_field.append(field)
            tax.subfield_names.append(sub_name)
            tax.subfield_weights.append(BIG_FIELDS.get(field_id, 1.0) * rng.lognormvariate(0, 0.5))
            tax.subfield_topics.append([])
            names = [
                (f"T{next_topic + k}", pattern.format(s=sub_name))
                for k, pattern in enumerate(rng.sample(TOPIC_PATTERNS, rng.randint(3, 5)))
            ]
            next_topic += len(names)
            for topic_id, name in reference_topics.get(sub_id, []) + names:
                topic = len(tax.topics)
                tax.topics.append(
                    {
                        "id": f"{OPENALEX}{topic_id}",
                        "display_name": name,
                        "subfield": _ref("subfields/", sub_id, sub_name),
                        "field": _ref("fields/", field_id, field_name),
                        "domain": _ref("domains/", domain_id, DOMAINS[domain_id]),
                        "ids": {"openalex": f"{OPENALEX}{topic_id}"},
                        "updated_date": "2025-06-01T00:00:00",
                    }
                )
                tax.topic_subfield.append(sub)
                tax.subfield_topics[sub].append(topic)
                tax.field_topics[field].append(topic)
    return tax


def _place(rng: random.Random) -> str:
    return rng.choice(PLACE_HEADS) + rng.choice(PLACE_TAILS)


def _ror(rng: random.Random) -> str:
    alphabet = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32, as ROR uses
    body = "0" + "".join(rng.choice(alphabet) for _ in range(6))
    value = 0
    for char in body:
        value = value * 32 + alphabet.index(char)
    return f"{body}{98 - (value * 100) % 97:02d}"  # ISO 7064 MOD 97-10 check digits


def _build_institutions(rng: random.Random, count: int) -> list[dict]:
    country_cum = _cumulative([weight for _, _, weight in COUNTRIES])
    kind_cum = _cumulative([weight for _, weight, _ in INSTITUTION_KINDS])
    numbers = _unique_ids(rng, 10**7, 45 * 10**8, count, set())
    names: set[str] = set()
    rors: set[str] = set()
    institutions = []
    for number in numbers:
        kind, _, patterns = INSTITUTION_KINDS[_pick(kind_cum, rng)]
        code, country, _ = COUNTRIES[_pick(country_cum, rng)]
        city = _place(rng)
        name = rng.choice(patterns).format(p=city)
        for _ in range(20):
            if name not in names:
                break
            city = _place(rng)
            name = rng.choice(patterns).format(p=city)
        else:
            name = f"{name} ({country})"
        names.add(name)
        ror = _ror(rng)
        while ror in rors:
            ror = _ror(rng)
        rors.add(ror)
        openalex_id = f"{OPENALEX}I{number}"
        institutions.append(
            {
                "id": openalex_id,
                "ror": f"https://ror.org/{ror}",
                "display_name": name,
                "country_code": code,
                "type": kind,
                "lineage": [openalex_id],
                "geo": {"city": city, "country_code": code, "country": country},
                "ids": {"openalex": openalex_id, "ror": f"https://ror.org/{ror}"},
                "updated_date": "2025-06-01T00:00:00",
            }
        )
    return institutions


def _issn(number: int) -> str:
    digits = f"{number:07d}"
    check = (11 - sum(int(d) * w for d, w in zip(digits, range(8, 1, -1), strict=True)) % 11) % 11
    return f"{digits[:4]}-{digits[4:]}{'X' if check == 10 else check}"


def _build_sources(rng: random.Random, tax: _Taxonomy, authors: int) -> list[_Source]:
    """arXiv and three other repositories first, then journals and conferences for every field."""
    per_field = max(2, round(authors / 2500))
    specs: list[tuple[str, str, str, int]] = []  # (name, type, publisher, field)
    taken: set[str] = set()
    for field, field_name in enumerate(tax.field_names):
        subs = [s for s, f in enumerate(tax.subfield_field) if f == field]
        for _ in range(per_field):
            for _ in range(20):  # distinct names while they last
                pattern = rng.choice(JOURNAL_PATTERNS)
                name = pattern.format(
                    s=tax.subfield_names[rng.choice(subs)], f=field_name, p=_place(rng)
                )
                if name not in taken:
                    break
            taken.add(name)
            specs.append((name, "journal", rng.choice(PUBLISHERS), field))
        if tax.field_ids[field] in CONFERENCE_SHARE:
            for _ in range(max(1, per_field // 4)):
                name = rng.choice(CONFERENCE_PATTERNS).format(
                    s=tax.subfield_names[rng.choice(subs)], p=_place(rng)
                )
                specs.append((name, "conference", CONFERENCE_HOST, field))
    numbers = _unique_ids(
        rng, 10**8, 45 * 10**8, len(specs) + len(REPOSITORIES), {int(ARXIV_SOURCE_ID[1:])}
    )
    issns = _unique_ids(rng, 10**6, 10**7, len(specs), set())
    prefixes = {name: str(rng.randint(1000, 99999)) for name in PUBLISHERS}
    prefixes[CONFERENCE_HOST] = str(rng.randint(1000, 99999))
    sources = [
        _source(ARXIV_SOURCE_ID, "arXiv", "repository", None, "Cornell University", "48550", None)
    ]
    for number, (name, host, _) in zip(numbers, REPOSITORIES, strict=False):
        sources.append(_source(f"S{number}", name, "repository", None, host, prefixes[host], None))
    for number, issn, (name, kind, host, field) in zip(
        numbers[len(REPOSITORIES) :], issns, specs, strict=True
    ):
        issn_l = _issn(issn) if kind == "journal" else None
        sources.append(_source(f"S{number}", name, kind, issn_l, host, prefixes[host], field))
    return sources


def _source(
    short_id: str,
    name: str,
    kind: str,
    issn_l: str | None,
    host: str,
    prefix: str,
    field: int | None,
) -> _Source:
    openalex_id = f"{OPENALEX}{short_id}"
    ref = {
        "id": openalex_id,
        "display_name": name,
        "issn_l": issn_l,
        "issn": [issn_l] if issn_l else None,
        "host_organization_name": host,
        "type": kind,
    }
    record = {**ref, "ids": {"openalex": openalex_id}, "updated_date": "2025-06-01T00:00:00"}
    code = "".join(word[0] for word in name.split() if word[0].isalpha()).lower()
    return _Source(record, ref, prefix, code, field)


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


def _build_people(
    rng: random.Random, count: int, tax: _Taxonomy, institutions: list[dict]
) -> _People:
    """Author 0 is the reference researcher, 1 to 9 their co-authors, the rest random."""
    people = _People()
    sub_cum = _cumulative(tax.subfield_weights)
    inst_cum = _cumulative([rng.lognormvariate(0, 1.2) for _ in institutions])
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
    numbers = _unique_ids(rng, 0, 10**9, randoms, reserved)
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
        topics = tax.subfield_topics[_pick(sub_cum, rng)]
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
    segments = [(_pick(inst_cum, rng), bounds[k], bounds[k + 1] - 1) for k in range(len(cuts) + 1)]
    if rng.random() < 0.08:
        first = rng.randint(start, end)
        segments.append((_pick(inst_cum, rng), first, rng.randint(first, end)))
    return tuple(segments)


_BUCKET = 5  # years per coauthor pool
_BUCKETS = (LAST_YEAR - FIRST_YEAR) // _BUCKET + 1


def _build_pools(people: _People, tax: _Taxonomy) -> tuple[dict, ...]:
    """Co-author pools by period: per subfield, per field and overall, with cumulative weights."""
    members: tuple[dict, dict, dict] = ({}, {}, {})
    for person in range(1, len(people.ids)):  # never the reference researcher
        sub = tax.topic_subfield[people.prefs[person][0]]
        keys = (sub, tax.subfield_field[sub], 0)
        first = (people.starts[person] - FIRST_YEAR) // _BUCKET
        last = (people.ends[person] - FIRST_YEAR) // _BUCKET
        for bucket in range(first, last + 1):
            for level, key in enumerate(keys):
                members[level].setdefault(key * _BUCKETS + bucket, []).append(person)
    weights = people.weights
    return tuple(
        {key: (group, _cumulative([weights[p] for p in group])) for key, group in level.items()}
        for level in members
    )


def _negative_binomial_2(rng: random.Random, log_q: float) -> int:
    """Failures before the second success; log_q is log(1 - p)."""
    return int(math.log(1.0 - rng.random()) / log_q) + int(math.log(1.0 - rng.random()) / log_q)


def _plan_works(rng: random.Random, world: _World, progress: bool) -> _Plan:
    """Who wrote what, when, on which topics; every author but the reference one leads a work."""
    people, tax = world.people, world.taxonomy
    count = len(people.ids)
    total = round(WORKS_PER_AUTHOR * count)
    plan = _Plan()
    index = {short: k for k, short in enumerate(p.removeprefix(OPENALEX) for p in people.ids[:10])}
    for work_id, (_, date, _, authors, _) in zip(REFERENCE_WORK_IDS, REFERENCE_WORKS, strict=True):
        team = tuple(index[a] for a in authors)
        plan.add(f"{OPENALEX}{work_id}", date, "preprint", team, people.prefs[0])

    numbers = rng.sample(range(10**9, 45 * 10**8), total - 2)
    pools = _build_pools(people, tax)
    leads = list(range(1, count))
    lead_cum = _cumulative(people.weights[1:])
    log_q = math.log(0.6)  # negative binomial r=2, p=0.4: mean 3 co-authors
    bar = tqdm(total=total, desc="planning works", unit="work", disable=not progress)
    bar.update(2)
    for k, number in enumerate(numbers):
        lead = leads[k] if k < len(leads) else leads[_pick(lead_cum, rng)]
        year = rng.randint(people.starts[lead], people.ends[lead])
        topics = _draw_topics(rng, tax, people.prefs[lead])
        sub = tax.topic_subfield[topics[0]]
        field = tax.subfield_field[sub]
        kind = _draw_type(rng, year, tax.field_domains[field])
        size = 1 + min(MAX_TEAM - 1, _negative_binomial_2(rng, log_q))
        bucket = (year - FIRST_YEAR) // _BUCKET
        keys = (sub * _BUCKETS + bucket, field * _BUCKETS + bucket, bucket)
        candidates = [level.get(key) for level, key in zip(pools, keys, strict=True)]
        team = _draw_team(rng, lead, size, candidates, people.weights)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        plan.add(f"{OPENALEX}W{number}", date, kind, team, topics)
        if k % 1000 == 999:
            bar.update(1000)
    bar.update(total - bar.n)
    bar.close()
    return plan


def _draw_topics(rng: random.Random, tax: _Taxonomy, own: tuple[int, ...]) -> tuple[int, ...]:
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
            person = group[_pick(cum, rng)]
            if person not in team:
                team.append(person)
                break
    if len(team) >= 3 and rng.random() < 0.5:  # the most senior co-author signs last
        senior = max(team[1:], key=weights.__getitem__)
        team.remove(senior)
        team.append(senior)
    return tuple(team)


_REFERENCE_COUNTS = {"article": 7.0, "review": 25.0, "preprint": 5.0, "book-chapter": 4.0}


def _cite(
    rng: random.Random, plan: _Plan, tax: _Taxonomy, progress: bool
) -> tuple[list[tuple[int, ...]], list[int]]:
    """References by preferential attachment, in date order, mostly within the citing subfield."""
    total = len(plan.ids)
    subfield_of = [tax.topic_subfield[topics[0]] for topics in plan.topics]
    by_subfield: list[list[int]] = [[] for _ in tax.subfield_names]
    anywhere: list[int] = []
    references: list[tuple[int, ...]] = [()] * total
    cited_by = [0] * total
    random_ = rng.random
    order = sorted(range(total), key=plan.dates.__getitem__)
    for position, work in enumerate(
        tqdm(order, desc="citing", unit="work", disable=not progress, mininterval=0.5)
    ):
        near = by_subfield[subfield_of[work]]
        wanted = min(
            position,
            150,
            int(rng.lognormvariate(math.log(_REFERENCE_COUNTS[plan.types[work]]), 0.7)),
        )
        chosen: list[int] = []
        for _ in range(3 * wanted):
            if len(chosen) == wanted:
                break
            pool = near if near and random_() < 0.75 else anywhere
            target = pool[int(random_() * len(pool))]
            if target not in chosen:
                chosen.append(target)
        for target in chosen:
            cited_by[target] += 1
            anywhere.append(target)
            by_subfield[subfield_of[target]].append(target)
        references[work] = tuple(chosen)
        near.append(work)
        anywhere.append(work)
    return references, cited_by


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

    def __init__(self, sources: list[_Source], tax: _Taxonomy) -> None:
        self.tax = tax
        self.arxiv = sources[0]
        self.repository_for = {
            domain: source
            for source, (_, _, domains) in zip(sources[1:], REPOSITORIES, strict=False)
            for domain in domains
        }
        self.journals: dict[int, list[_Source]] = {}
        self.conferences: dict[int, list[_Source]] = {}
        for source in sources:
            if source.field is not None:
                group = self.conferences if source.record["type"] == "conference" else self.journals
                group.setdefault(source.field, []).append(source)
        self.book_prefixes = sorted({s.doi_prefix for s in sources if s.field is not None})
        self.arxiv_numbers: dict[str, int] = {}

    def place(
        self, rng: random.Random, work: int, kind: str, date: str, field: int
    ) -> tuple[_Source | None, str | None, str | None]:
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
    rng: random.Random, tax: _Taxonomy, topic_ids: tuple[int, ...], fixed: bool
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


def _write_works(
    path: Path,
    rng: random.Random,
    world: _World,
    plan: _Plan,
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
            source: _Source | None
            doi: str | None
            landing: str | None
            abstract: str | None
            if fixed:
                title, _, arxiv_id, _, abstract = REFERENCE_WORKS[work]
                source = venues.arxiv
                doi = f"https://doi.org/10.48550/arxiv.{arxiv_id}"
                landing = f"https://arxiv.org/abs/{arxiv_id}"
            else:
                title = _title(rng, tax, topic_ids[0])
                abstract = _abstract(rng, tax, topic_ids[0]) if random_() < 0.5 else None
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
                        "abstract_inverted_index": _inverted_index(abstract) if abstract else None,
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


def _words(rng: random.Random, tax: _Taxonomy, topic: int) -> dict[str, str]:
    r = rng.random
    adjective = ADJECTIVES[int(r() * len(ADJECTIVES))]
    noun = NOUNS[int(r() * len(NOUNS))]
    return {
        "a": adjective,
        "A": adjective[0].upper() + adjective[1:],
        "n": noun,
        "N": noun.capitalize(),
        "n2": NOUNS[int(r() * len(NOUNS))],
        "study": STUDIES[int(r() * len(STUDIES))],
        "c": CONDITIONS[int(r() * len(CONDITIONS))],
        "t": tax.topics[topic]["display_name"],
        "s": tax.subfield_names[tax.topic_subfield[topic]].lower(),
        "k": str(3 + int(r() * 38)),
    }


def _title(rng: random.Random, tax: _Taxonomy, topic: int) -> str:
    return rng.choice(TITLE_PATTERNS).format(**_words(rng, tax, topic))


def _abstract(rng: random.Random, tax: _Taxonomy, topic: int) -> str:
    sentences = rng.sample(SENTENCES, rng.randint(3, 5))
    return " ".join(sentence.format(**_words(rng, tax, topic)) for sentence in sentences)


def _inverted_index(text: str) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for position, word in enumerate(text.split()):
        index.setdefault(word, []).append(position)
    return index


def _write_authors(path: Path, world: _World, stats: _AuthorStats, progress: bool) -> None:
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


def _write_lines(path: Path, records: Sequence[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for record in records:
            out.write(_dumps(record))
            out.write("\n")
