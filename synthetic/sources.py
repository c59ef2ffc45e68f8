"""Venues: journals, conferences and repositories (arXiv among them), by field."""

from __future__ import annotations

import random
from dataclasses import dataclass

from kg.graph_rules import ARXIV_SOURCE_ID
from synthetic.draws import unique_ids
from synthetic.institutions import place
from synthetic.parameters import OPENALEX
from synthetic.taxonomy import Taxonomy
from synthetic.vocabulary import (
    CONFERENCE_HOST,
    CONFERENCE_PATTERNS,
    CONFERENCE_SHARE,
    JOURNAL_PATTERNS,
    PUBLISHERS,
    REPOSITORIES,
)


@dataclass
class Source:
    record: dict
    ref: dict  # the dehydrated form inside a work's primary_location
    doi_prefix: str
    code: str
    field: int | None  # the field a journal or conference publishes in


def _issn(number: int) -> str:
    digits = f"{number:07d}"
    check = (11 - sum(int(d) * w for d, w in zip(digits, range(8, 1, -1), strict=True)) % 11) % 11
    return f"{digits[:4]}-{digits[4:]}{'X' if check == 10 else check}"


def build_sources(rng: random.Random, tax: Taxonomy, authors: int) -> list[Source]:
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
                    s=tax.subfield_names[rng.choice(subs)], f=field_name, p=place(rng)
                )
                if name not in taken:
                    break
            taken.add(name)
            specs.append((name, "journal", rng.choice(PUBLISHERS), field))
        if tax.field_ids[field] in CONFERENCE_SHARE:
            for _ in range(max(1, per_field // 4)):
                name = rng.choice(CONFERENCE_PATTERNS).format(
                    s=tax.subfield_names[rng.choice(subs)], p=place(rng)
                )
                specs.append((name, "conference", CONFERENCE_HOST, field))
    numbers = unique_ids(
        rng, 10**8, 45 * 10**8, len(specs) + len(REPOSITORIES), {int(ARXIV_SOURCE_ID[1:])}
    )
    issns = unique_ids(rng, 10**6, 10**7, len(specs), set())
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
) -> Source:
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
    return Source(record, ref, prefix, code, field)
