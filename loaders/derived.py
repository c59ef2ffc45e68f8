"""The finishing steps of every load, each in small transactions of its own: references to works
that arrived later become CITES, and the collaborations of every author whose co-authorships
changed are rebuilt (docs/graph-model.md). Both are driven by markers stored in the graph
(`Work.pending_refs`, `Author.collab_pending`), so a load killed at any point leaves nothing
half-done that the next load does not finish: it runs these steps over everything still marked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import LiteralString

import neo4j

import cypher
from kg import graph_version
from kg.graph_rules import MAX_TEAM_FOR_COLLABORATION, STRENGTH_DECIMALS
from loaders.chunks import Chunks
from loaders.progress import bar as progress_bar

COLLABORATION_BATCH = 1000
REFERENCE_BATCH = 2000


def finish_graph(driver: neo4j.Driver, database: str, *, progress: bool = False) -> int:
    """Link references that have arrived, then rebuild every flagged author's collaborations.

    Returns how many transactions hit the time limit and were written again in halves."""
    return resolve_references(driver, database, progress=progress) + rebuild_collaborations(
        driver, database, progress=progress
    )


def resolve_references(
    driver: neo4j.Driver,
    database: str,
    *,
    progress: bool = False,
    batch_size: int = REFERENCE_BATCH,
) -> int:
    """CITES for the references that name works loaded since, a batch of works per transaction."""
    records, _, _ = driver.execute_query(
        cypher.query("load/pending_refs"), database_=database, routing_=neo4j.RoutingControl.READ
    )
    waiting = [record["id"] for record in records]
    if not waiting:
        return 0
    bar = progress_bar("linking references", progress, total=len(waiting), unit=" works")
    chunks = Chunks(batch_size, "reference-linking")
    try:
        with driver.session(database=database) as session:

            def link(ids: Sequence[str]) -> None:
                session.execute_write(_link_references, list(ids))
                graph_version.advance_in(session)
                bar.update(len(ids))

            chunks.write(waiting, link)
    finally:
        bar.close()
    return chunks.halvings


def _link_references(tx: neo4j.ManagedTransaction, ids: list[str]) -> None:
    tx.run(cypher.query("load/resolve_pending_refs"), ids=ids).consume()


def rebuild_collaborations(
    driver: neo4j.Driver,
    database: str,
    *,
    progress: bool = False,
    batch_size: int = COLLABORATION_BATCH,
) -> int:
    total = _single(driver, database, cypher.query("load/collaborations_pending_count"))
    if not total:
        return 0
    bar = progress_bar("collaborations", progress, total=total, unit=" authors")
    chunks = Chunks(batch_size, "collaboration")
    try:
        with driver.session(database=database) as session:

            def rebuild(ids: Sequence[str]) -> None:
                session.execute_write(_rebuild, list(ids))
                graph_version.advance_in(session)
                bar.update(len(ids))

            while True:
                ids = session.execute_read(_pending_authors, batch_size)
                if not ids:
                    break
                chunks.write(ids, rebuild)
    finally:
        bar.close()
    return chunks.halvings


def _pending_authors(tx: neo4j.ManagedTransaction, limit: int) -> list[str]:
    result = tx.run(cypher.query("load/collaborations_pending"), limit=limit)
    return [record["id"] for record in result]


def _rebuild(tx: neo4j.ManagedTransaction, ids: list[str]) -> None:
    tx.run(cypher.query("load/collaborations_clear"), ids=ids).consume()
    tx.run(
        cypher.query("load/collaborations_create"),
        ids=ids,
        max_team=MAX_TEAM_FOR_COLLABORATION,
        decimals=STRENGTH_DECIMALS,
    ).consume()
    tx.run(cypher.query("load/collaborations_done"), ids=ids).consume()


def _single(driver: neo4j.Driver, database: str, query: LiteralString) -> int:
    records, _, _ = driver.execute_query(
        query, database_=database, routing_=neo4j.RoutingControl.READ
    )
    return int(records[0][0]) if records else 0
