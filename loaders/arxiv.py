"""`load_arxiv`: the arXiv metadata snapshot (JSON Lines, one paper per line) into the graph.

A paper the graph already knows from OpenAlex (the same arXiv id, the arXiv DOI
10.48550/arxiv.<id>, or the DOI of its published version) is enriched: the arXiv id, journal
reference, categories, and the abstract when OpenAlex had none; its OpenAlex authorships stand.
Any other paper becomes a Work `arxiv:<id>` of type "preprint" in the arXiv Source, its authors
unresolved names (`name:<normalised name>`) until an OpenAlex record of the same paper resolves
them (see loaders.openalex).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Unpack

import neo4j
from pydantic import ValidationError

from kg import identifiers
from kg.graph_rules import ARXIV_SOURCE_ID
from loaders import identity, models
from loaders.pipeline import (
    LoadOptions,
    LoadSummary,
    RecordError,
    Row,
    SeenCache,
    run,
    run_load,
)

ARXIV_SOURCE = {"id": ARXIV_SOURCE_ID, "props": {"name": "arXiv", "type": "repository"}}
PRIMARY_CATEGORY_SCORE = 1.0
OTHER_CATEGORY_SCORE = 0.5
_CATEGORY = re.compile(r"^[a-z][a-z\-]*(\.[A-Za-z\-]+)?$")
_SPACES = re.compile(r"\s+")
ARCHIVE_NAMES = {
    "astro-ph": "Astrophysics",
    "cond-mat": "Condensed Matter",
    "cs": "Computer Science",
    "econ": "Economics",
    "eess": "Electrical Engineering and Systems Science",
    "gr-qc": "General Relativity and Quantum Cosmology",
    "hep-ex": "High Energy Physics - Experiment",
    "hep-lat": "High Energy Physics - Lattice",
    "hep-ph": "High Energy Physics - Phenomenology",
    "hep-th": "High Energy Physics - Theory",
    "math": "Mathematics",
    "math-ph": "Mathematical Physics",
    "nlin": "Nonlinear Sciences",
    "nucl-ex": "Nuclear Experiment",
    "nucl-th": "Nuclear Theory",
    "physics": "Physics",
    "q-bio": "Quantitative Biology",
    "q-fin": "Quantitative Finance",
    "quant-ph": "Quantum Physics",
    "stat": "Statistics",
}


def load_arxiv(
    driver: neo4j.Driver,
    database: str,
    paths: Sequence[Path | str],
    **options: Unpack[LoadOptions],
) -> LoadSummary:
    """Load arXiv metadata records (the Kaggle/Cornell snapshot's JSON Lines, plain or .gz)."""
    return run_load(driver, database, paths, ArxivDialect(), **options)


class ArxivDialect:
    name = "arxiv"
    order: tuple[str, ...] = ("work",)

    def __init__(self) -> None:
        self.topics = SeenCache()
        self.source_written = False

    def prepare(self, value: Any) -> tuple[str, str, Row]:
        if not isinstance(value, dict):
            raise RecordError(f"not a JSON object but {type(value).__name__}", "work")
        try:
            record = models.ArxivRecord.model_validate(value)
        except ValidationError as error:
            raise RecordError(models.reject_reason(error), "work") from None
        row = arxiv_row(record)
        return "work", row["key"], row

    def newer(self, row: Row, other: Row) -> bool:
        return (row["updated"] or "") >= (other["updated"] or "")

    def write(self, session: neo4j.Session, entity: str, rows: list[Row]) -> None:
        topics = self.topics.unseen(node for row in rows for node in row["topic_nodes"])
        unseen = {node["id"] for node in topics}
        edges = [edge for row in rows for edge in row["topic_edges"] if edge["child"] in unseen]
        first = not self.source_written

        def steps(tx: neo4j.ManagedTransaction) -> None:
            if first:
                run(tx, "sources_seen", rows=[ARXIV_SOURCE])
            if topics:
                run(tx, "topics_seen", nodes=topics, edges=edges)
            _write_papers(tx, rows)

        session.execute_write(steps)
        self.source_written = True
        self.topics.add(unseen)


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    cleaned = _SPACES.sub(" ", text).strip()
    return cleaned or None


def _first_version(record: models.ArxivRecord) -> tuple[int | None, str | None]:
    """(year, ISO date) of the first version, else the year the id encodes."""
    if record.versions:
        created = record.versions[0].created
        try:
            moment = parsedate_to_datetime(created)
        except (TypeError, ValueError):
            raise RecordError(f"versions.0.created: {created!r} is not a date", "work") from None
        return moment.year, moment.date().isoformat()
    digits = record.id.rsplit("/", 1)[-1][:2]
    if digits.isdigit():
        return (1900 if digits >= "91" else 2000) + int(digits), None
    return None, None


def _doi(value: str | None) -> str | None:
    """The DOI of the published version; some records list several, the first one counts."""
    if not value or not value.strip():
        return None
    try:
        return identifiers.doi(value.split()[0])
    except ValueError as error:
        raise RecordError(f"doi: {error}", "work") from None


def _category_chain(category: str) -> tuple[list[Row], list[Row]]:
    archive = category.split(".", 1)[0]
    archive_node = {
        "id": f"arxiv:{archive}",
        "name": ARCHIVE_NAMES.get(archive, archive),
        "level": "field",
    }
    if archive == category:
        return [archive_node], []
    node = {"id": f"arxiv:{category}", "name": category, "level": "subfield"}
    return [node, archive_node], [{"child": node["id"], "parent": archive_node["id"]}]


def arxiv_row(record: models.ArxivRecord) -> Row:
    year, date = _first_version(record)
    doi = _doi(record.doi)

    authorships: list[Row] = []
    keys: set[str] = set()
    count = len(record.authors_parsed)
    for index, parts in enumerate(record.authors_parsed):
        name = identity.parsed_name(parts)
        key = identity.name_key(name)
        if key is None or key in keys:
            continue
        keys.add(key)
        position = "first" if index == 0 else ("last" if index == count - 1 else "middle")
        authorships.append(
            {
                "author": key,
                "name": name,
                "orcid": None,
                "unresolved": True,
                "position": position,
                "corresponding": False,
            }
        )

    topic_nodes: dict[str, Row] = {}
    topic_edges: list[Row] = []
    topics: dict[str, Row] = {}
    for index, category in enumerate((record.categories or "").split()):
        if not _CATEGORY.match(category):
            raise RecordError(f"categories: {category!r} is not an arXiv category", "work")
        nodes, edges = _category_chain(category)
        for node in nodes:
            topic_nodes.setdefault(node["id"], node)
        topic_edges.extend(edges)
        score = PRIMARY_CATEGORY_SCORE if index == 0 else OTHER_CATEGORY_SCORE
        topics.setdefault(nodes[0]["id"], {"id": nodes[0]["id"], "score": score})

    return {
        "key": identity.ARXIV_KEY_PREFIX + record.id,
        "arxiv_id": record.id,
        "arxiv_doi": identifiers.ARXIV_DOI_PREFIX + record.id.lower(),
        "doi": doi,
        "updated": record.update_date,
        "props": {
            key: value
            for key, value in {
                "title": _clean(record.title),
                "abstract": _clean(record.abstract),
                "year": year,
                "publication_date": date,
                "type": "preprint",
                "journal_ref": _clean(record.journal_ref),
                "arxiv_id": record.id,
                "doi": doi,
                "author_count": count,
            }.items()
            if value is not None
        },
        "authorships": authorships,
        "topics": list(topics.values()),
        "topic_nodes": list(topic_nodes.values()),
        "topic_edges": topic_edges,
        "source": ARXIV_SOURCE_ID,
    }


def _write_papers(tx: neo4j.ManagedTransaction, rows: list[Row]) -> None:
    targets = {
        item["key"]: item["target"]
        for item in run(
            tx,
            "arxiv_targets",
            rows=[
                {
                    "key": row["key"],
                    "arxiv_id": row["arxiv_id"],
                    "arxiv_doi": row["arxiv_doi"],
                    "doi": row["doi"],
                }
                for row in rows
            ],
        )
    }
    if targets:
        run(
            tx,
            "arxiv_enrich",
            rows=[
                {
                    "key": row["key"],
                    "target": targets[row["key"]],
                    "arxiv_id": row["arxiv_id"],
                    "updated": row["updated"],
                    "props": row["props"],
                    "topics": row["topics"],
                    "source": row["source"],
                }
                for row in rows
                if row["key"] in targets
            ],
        )
    alone = [row for row in rows if row["key"] not in targets]
    if not alone:
        return
    written = run(
        tx,
        "arxiv_upsert",
        rows=[
            {"key": row["key"], "updated": row["updated"], "props": row["props"]} for row in alone
        ],
    )
    fresh = {item["id"] for item in written}
    replaced = [item["id"] for item in written if not item["created"]]
    if replaced:
        run(tx, "work_clear_links", ids=replaced, arxiv_topics=True)
    run(
        tx,
        "work_links",
        rows=[
            {
                "id": row["key"],
                "authorships": row["authorships"],
                "topics": row["topics"],
                "source": row["source"],
                "refs": [],
            }
            for row in alone
            if row["key"] in fresh
        ],
    )
