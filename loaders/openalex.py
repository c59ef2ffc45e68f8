"""`load_openalex`: OpenAlex works, authors, institutions, topics and sources into the graph.

The entity of a record is told by its id (W, A, I, T, S, subfields/fields/domains). Works bring
their authorships (authors and institutions), topics with their hierarchy, primary source and
references; the entities' own records enrich the nodes. A newer record (`updated_date`) replaces an
older one, a work's links included; an equal or older one changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any, Unpack

import neo4j
from pydantic import ValidationError

from kg import identifiers
from loaders import author_matching, identity, models
from loaders.pipeline import (
    LoadOptions,
    LoadSummary,
    NewestCache,
    RecordError,
    Row,
    SeenCache,
    run,
    run_load,
)

ENTITY_ORDER = ("topic", "source", "institution", "author", "work")
_LEVEL_RANK = {"topic": 0, "subfield": 1, "field": 2, "domain": 3}


def load_openalex(
    driver: neo4j.Driver,
    database: str,
    paths: Sequence[Path | str],
    **options: Unpack[LoadOptions],
) -> LoadSummary:
    """Load OpenAlex records (JSON Lines, plain or .gz; JSON arrays; API pages; author files)."""
    return run_load(driver, database, paths, OpenAlexDialect(), **options)


class OpenAlexDialect:
    name = "openalex"
    order: tuple[str, ...] = ENTITY_ORDER

    def __init__(self) -> None:
        self.topics = SeenCache()
        self.sources = NewestCache()
        self.institutions = NewestCache()

    # -- records to rows -------------------------------------------------------------------------

    def prepare(self, value: Any) -> tuple[str, str, Row]:
        if not isinstance(value, dict):
            raise RecordError(f"not a JSON object but {type(value).__name__}")
        raw_id = value.get("id")
        if raw_id is None or raw_id == "":
            raise RecordError("id: missing")
        entity = identifiers.entity_of(raw_id)
        if entity is None:
            raise RecordError(
                f"id: {raw_id!r} is not the id of an OpenAlex work (W), author (A), "
                "institution (I), topic (T, subfields/, fields/, domains/) or source (S)"
            )
        try:
            record = models.OPENALEX_MODELS[entity].model_validate(value)
        except ValidationError as error:
            raise RecordError(models.reject_reason(error), entity) from None
        row = _ROW_BUILDERS[entity](record)
        return entity, row["id"], row

    def newer(self, row: Row, other: Row) -> bool:
        return (row["updated"] or "") >= (other["updated"] or "")

    # -- rows to the graph -----------------------------------------------------------------------

    def write(self, session: neo4j.Session, entity: str, rows: list[Row]) -> None:
        # Nodes that these rows only name are written once per load (the caches), institutions
        # and sources again when a newer record names them; the caches learn them only after
        # the transaction has committed.
        topics = self.topics.unseen(node for row in rows for node in row.get("topic_nodes", ()))
        sources = self.sources.newer(row["source_ref"] for row in rows if row.get("source_ref"))
        institutions = self.institutions.newer(
            inst for row in rows for inst in row.get("institution_refs", ())
        )
        edges = [
            edge
            for row in rows
            for edge in row.get("topic_edges", ())
            if edge["child"] in {node["id"] for node in topics}
        ]

        def steps(tx: neo4j.ManagedTransaction) -> None:
            if topics:
                run(tx, "topics_seen", nodes=topics, edges=edges)
            if sources:
                run(tx, "sources_seen", rows=sources)
            if institutions:
                run(tx, "institutions_seen", rows=institutions)
            _WRITERS[entity](tx, rows)

        session.execute_write(steps)
        self.topics.add(node["id"] for node in topics)
        self.sources.add(sources)
        self.institutions.add(institutions)


# -- row builders ----------------------------------------------------------------------------------


def _props(**values: Any) -> dict[str, Any]:
    """Properties to SET with +=: absent values are left out rather than erasing stored ones."""
    return {key: value for key, value in values.items() if value is not None}


def _institution_ref(ref: models.InstitutionRef, updated: str | None) -> Row | None:
    """An institution as a record names it, dated by that record (the newest one's values win)."""
    if ref.id is None:
        return None
    return {
        "id": ref.id,
        "updated": updated,
        "props": _props(
            name=ref.display_name, ror=ref.ror, country_code=ref.country_code, type=ref.type
        ),
    }


def _topic_chain(
    topic_id: str, name: str | None, ancestors: Iterable[models.LevelRef | None]
) -> tuple[list[Row], list[Row]]:
    """The topic and its ancestors as nodes, and each one's SUBTOPIC_OF edge to the next up."""
    level = identifiers.topic_level(topic_id)
    chain: list[Row] = [{"id": topic_id, "name": name, "level": level}]
    for ref in ancestors:
        if ref is None:
            continue
        ref_level = identifiers.topic_level(ref.id)
        if _LEVEL_RANK[ref_level] > _LEVEL_RANK[chain[-1]["level"]]:
            chain.append({"id": ref.id, "name": ref.display_name, "level": ref_level})
    edges = [{"child": child["id"], "parent": parent["id"]} for child, parent in pairwise(chain)]
    return chain, edges


def _abstract(index: dict[str, list[int]] | None) -> str | None:
    if not index:
        return None
    positions = sorted((position, word) for word, where in index.items() for position in where)
    return " ".join(word for _, word in positions) or None


def _work_arxiv_id(work: models.Work, doi: str | None) -> str | None:
    found = identifiers.arxiv_id_from_doi(doi)
    if found:
        return found
    for location in (work.primary_location, *work.locations):
        if location is None:
            continue
        for url in (location.landing_page_url, location.pdf_url):
            found = identifiers.arxiv_id_from_url(url)
            if found:
                return found
    return None


def _position(given: str | None, index: int, count: int) -> str:
    if given in ("first", "middle", "last"):
        return given
    if index == 0:
        return "first"
    return "last" if index == count - 1 else "middle"


def work_row(work: models.Work) -> Row:
    doi = work.doi or (work.ids.doi if work.ids else None)
    year = work.publication_year
    if year is None and work.publication_date and work.publication_date[:4].isdigit():
        year = int(work.publication_date[:4])

    team = author_matching.people_of(work.authorships)
    authorships: list[Row] = []
    names: list[Row] = []
    institution_refs: dict[str, Row] = {}
    affiliations: list[Row] = []
    count = len(work.authorships)
    for person in team.people:
        if not person.unresolved:
            for alias in person.aliases:
                alias_key = identity.name_key(alias)
                if alias_key:
                    names.append({"key": alias_key, "author": person.key})
        authorships.append(
            {
                "author": person.key,
                "name": person.name or None,
                "orcid": person.orcid,
                "unresolved": person.unresolved,
                "position": _position(person.author_position, person.position, count),
                "corresponding": person.corresponding,
            }
        )
        for inst in person.institutions:
            ref = _institution_ref(inst, work.updated_date)
            if ref is None:
                continue
            institution_refs.setdefault(ref["id"], ref)
            affiliations.append(
                {
                    "author": person.key,
                    "institution": ref["id"],
                    "years": [year] if year is not None else [],
                }
            )

    topic_nodes: dict[str, Row] = {}
    topic_edges: list[Row] = []
    topics: dict[str, Row] = {}
    for topic in work.topics:
        nodes, edges = _topic_chain(
            topic.id, topic.display_name, (topic.subfield, topic.field, topic.domain)
        )
        for node in nodes:
            topic_nodes.setdefault(node["id"], node)
        topic_edges.extend(edges)
        topics.setdefault(topic.id, {"id": topic.id, "score": topic.score})

    source = work.primary_location.source if work.primary_location else None
    source_ref = None
    if source is not None and source.id is not None:
        source_ref = {
            "id": source.id,
            "updated": work.updated_date,
            "props": _props(name=source.display_name, type=source.type, issn_l=source.issn_l),
        }
    # A work that lists itself among its references keeps that citation (a CITES loop), as
    # OpenAlex counts it (docs/graph-model.md).
    refs = list(dict.fromkeys(work.referenced_works))

    return {
        "id": work.id,
        "updated": work.updated_date,
        "props": _props(
            title=work.title or work.display_name,
            year=year,
            publication_date=work.publication_date,
            type=work.type,
            cited_by_count=work.cited_by_count,
            doi=doi,
            author_count=team.size,
        ),
        "abstract": _abstract(work.abstract_inverted_index),
        "arxiv_id": _work_arxiv_id(work, doi),
        "doi": doi,
        "authorships": authorships,
        "names": names,
        "affiliations": affiliations,
        "institution_refs": list(institution_refs.values()),
        "topics": list(topics.values()),
        "topic_nodes": list(topic_nodes.values()),
        "topic_edges": topic_edges,
        "source": source_ref["id"] if source_ref else None,
        "source_ref": source_ref,
        "refs": refs,
    }


def author_row(author: models.Author) -> Row:
    orcid = author.orcid or (author.ids.orcid if author.ids else None)
    institution_refs: dict[str, Row] = {}
    affiliations: list[Row] = []
    for affiliation in author.affiliations:
        ref = _institution_ref(affiliation.institution, author.updated_date)
        if ref is None:
            continue
        institution_refs.setdefault(ref["id"], ref)
        affiliations.append(
            {"author": author.id, "institution": ref["id"], "years": sorted(set(affiliation.years))}
        )
    for inst in author.last_known_institutions:
        ref = _institution_ref(inst, author.updated_date)
        if ref is not None and ref["id"] not in institution_refs:
            institution_refs[ref["id"]] = ref
            affiliations.append({"author": author.id, "institution": ref["id"], "years": []})
    return {
        "id": author.id,
        "updated": author.updated_date,
        "props": _props(
            name=author.display_name,
            orcid=orcid,
            works_count=author.works_count,
            cited_by_count=author.cited_by_count,
            open_to_collaborate=author.open_to_collaborate,
            # `claimed` is never imported: it mirrors a researcher's claim (identity/claims.py).
            unresolved=False,
        ),
        "affiliations": affiliations,
        "institution_refs": list(institution_refs.values()),
    }


def institution_row(inst: models.Institution) -> Row:
    return {
        "id": inst.id,
        "updated": inst.updated_date,
        "props": _props(
            name=inst.display_name,
            ror=inst.ror,
            country_code=inst.country_code,
            type=inst.type,
            homepage_url=inst.homepage_url,
        ),
    }


def source_row(source: models.Source) -> Row:
    return {
        "id": source.id,
        "updated": source.updated_date,
        "props": _props(name=source.display_name, type=source.type, issn_l=source.issn_l),
    }


def topic_row(topic: models.Topic) -> Row:
    nodes, edges = _topic_chain(
        topic.id, topic.display_name, (topic.subfield, topic.field, topic.domain)
    )
    return {
        "id": topic.id,
        "updated": topic.updated_date,
        "props": _props(name=topic.display_name, level=nodes[0]["level"]),
        "topic_nodes": nodes[1:],
        "topic_edges": edges,
    }


_ROW_BUILDERS: dict[str, Any] = {
    "work": work_row,
    "author": author_row,
    "institution": institution_row,
    "source": source_row,
    "topic": topic_row,
}


# -- batch writers (inside one transaction) --------------------------------------------------------


def _write_works(tx: neo4j.ManagedTransaction, rows: list[Row]) -> None:
    written = run(
        tx,
        "work_upsert",
        rows=[
            {
                "id": row["id"],
                "updated": row["updated"],
                "props": row["props"],
                "abstract": row["abstract"],
                "arxiv_id": row["arxiv_id"],
            }
            for row in rows
        ],
    )
    if not written:
        return
    fresh = {item["id"] for item in written}
    replaced = [item["id"] for item in written if not item["created"]]
    if replaced:
        run(tx, "work_clear_links", ids=replaced, arxiv_topics=False)
    fresh_rows = [row for row in rows if row["id"] in fresh]
    run(
        tx,
        "work_links",
        rows=[
            {
                "id": row["id"],
                "authorships": row["authorships"],
                "topics": row["topics"],
                "source": row["source"],
                "refs": row["refs"],
            }
            for row in fresh_rows
        ],
    )
    affiliations = merge_affiliations(a for row in fresh_rows for a in row["affiliations"])
    if affiliations:
        run(tx, "affiliations", rows=affiliations)
    candidates = [
        {"id": row["id"], "arxiv_id": row["arxiv_id"], "doi": row["doi"]}
        for row in fresh_rows
        if row["arxiv_id"] or row["doi"]
    ]
    if candidates:
        absorb_arxiv_duplicates(tx, candidates, {row["id"]: row["names"] for row in fresh_rows})


def absorb_arxiv_duplicates(
    tx: neo4j.ManagedTransaction, candidates: list[Row], names: dict[str, list[Row]]
) -> None:
    """Fold arXiv-only works into the OpenAlex works of this batch that they turn out to be."""
    pairs: dict[str, str] = {}
    for item in run(tx, "arxiv_duplicates", rows=candidates):
        pairs.setdefault(item["duplicate"], item["work"])  # each duplicate folds once
    if pairs:
        run(
            tx,
            "arxiv_absorb",
            rows=[
                {"work": work, "duplicate": duplicate, "names": names.get(work, [])}
                for duplicate, work in pairs.items()
            ],
        )


def merge_affiliations(items: Iterable[Row]) -> list[Row]:
    """One row per (author, institution), with the union of the years."""
    merged: dict[tuple[str, str], set[int]] = {}
    for item in items:
        merged.setdefault((item["author"], item["institution"]), set()).update(item["years"])
    return [
        {"author": author, "institution": inst, "years": sorted(years)}
        for (author, inst), years in merged.items()
    ]


def _write_authors(tx: neo4j.ManagedTransaction, rows: list[Row]) -> None:
    run(
        tx,
        "author_upsert",
        rows=[{"id": row["id"], "updated": row["updated"], "props": row["props"]} for row in rows],
    )
    affiliations = merge_affiliations(a for row in rows for a in row["affiliations"])
    if affiliations:
        run(tx, "affiliations", rows=affiliations)


def _write_institutions(tx: neo4j.ManagedTransaction, rows: list[Row]) -> None:
    run(tx, "institution_upsert", rows=rows)


def _write_sources(tx: neo4j.ManagedTransaction, rows: list[Row]) -> None:
    run(tx, "source_upsert", rows=rows)


def _write_topics(tx: neo4j.ManagedTransaction, rows: list[Row]) -> None:
    written = run(
        tx,
        "topic_upsert",
        rows=[{"id": row["id"], "updated": row["updated"], "props": row["props"]} for row in rows],
    )
    fresh = [item["id"] for item in written]
    if fresh:
        run(tx, "topic_clear_parents", ids=fresh)
    edges = [edge for row in rows for edge in row["topic_edges"]]
    if edges:
        run(tx, "topics_seen", nodes=[], edges=edges)


_WRITERS = {
    "work": _write_works,
    "author": _write_authors,
    "institution": _write_institutions,
    "source": _write_sources,
    "topic": _write_topics,
}
