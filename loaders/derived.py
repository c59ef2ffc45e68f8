"""The finishing steps of every load, each in small transactions of its own: references to works
that arrived later become CITES, and the collaborations of every author whose co-authorships
changed are rebuilt (docs/graph-model.md). Both are driven by markers stored in the graph
(`Work.pending_refs`, `Author.collab_pending`), so a load killed at any point leaves nothing
half-done that the next load does not finish.
"""

from __future__ import annotations

import sys
from typing import LiteralString

import neo4j
from tqdm import tqdm

import cypher
from kg.graph_rules import MAX_TEAM_FOR_COLLABORATION

COLLABORATION_BATCH = 1000


def finish_graph(driver: neo4j.Driver, database: str, *, progress: bool = False) -> None:
    """Link references that have arrived, then rebuild every flagged author's collaborations."""
    resolve_references(driver, database, progress=progress)
    rebuild_collaborations(driver, database, progress=progress)


def resolve_references(driver: neo4j.Driver, database: str, *, progress: bool = False) -> None:
    waiting = _single(driver, database, cypher.query("load/pending_refs_count"))
    if not waiting:
        return
    if progress:
        print(
            f"Linking references of {waiting:,} works to works loaded since ...",
            file=sys.stderr,
            flush=True,
        )
    with driver.session(database=database) as session:
        session.run(cypher.query("load/resolve_pending_refs")).consume()


def rebuild_collaborations(
    driver: neo4j.Driver,
    database: str,
    *,
    progress: bool = False,
    batch_size: int = COLLABORATION_BATCH,
) -> None:
    total = _single(driver, database, cypher.query("load/collaborations_pending_count"))
    if not total:
        return
    bar = tqdm(
        total=total,
        desc="collaborations",
        unit=" authors",
        file=sys.stderr,
        disable=not progress,
        mininterval=0.5,
        dynamic_ncols=True,
    )
    try:
        with driver.session(database=database) as session:
            while True:
                ids = session.execute_read(_pending_authors, batch_size)
                if not ids:
                    break
                session.execute_write(_rebuild, ids)
                bar.update(len(ids))
    finally:
        bar.close()


def _pending_authors(tx: neo4j.ManagedTransaction, limit: int) -> list[str]:
    result = tx.run(cypher.query("load/collaborations_pending"), limit=limit)
    return [record["id"] for record in result]


def _rebuild(tx: neo4j.ManagedTransaction, ids: list[str]) -> None:
    tx.run(cypher.query("load/collaborations_clear"), ids=ids).consume()
    tx.run(
        cypher.query("load/collaborations_create"), ids=ids, max_team=MAX_TEAM_FOR_COLLABORATION
    ).consume()
    tx.run(cypher.query("load/collaborations_done"), ids=ids).consume()


def _single(driver: neo4j.Driver, database: str, query: LiteralString) -> int:
    records, _, _ = driver.execute_query(
        query, database_=database, routing_=neo4j.RoutingControl.READ
    )
    return int(records[0][0]) if records else 0
