"""The topic taxonomy: domains, fields, subfields and topics, the reference topics first."""

from __future__ import annotations

import random
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from kg.reference_researcher import (
    REFERENCE_TOPICS,
)
from synthetic.parameters import OPENALEX
from synthetic.vocabulary import (
    BIG_FIELDS,
    DOMAINS,
    FIELDS,
    TOPIC_PATTERNS,
)


@dataclass
class Taxonomy:
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


def _ref(kind: str, number: int | str, name: str) -> dict:
    return {"id": f"{OPENALEX}{kind}{number}", "display_name": name}


def build_taxonomy(rng: random.Random) -> Taxonomy:
    tax = Taxonomy()
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
