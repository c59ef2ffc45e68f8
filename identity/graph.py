"""Named queries over the service's async driver, for the identity layer.

`execute_query` shares the driver's default bookmark manager, so within one process every
query after a write sees that write (read-your-writes; docs/api.md says what several replicas
need). Writes go to the leader of a cluster, reads may go to a follower. A write that an
anonymous reader could see advances the graph's version once it has committed
(kg/graph_version.py), so that no cached response outlives it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import neo4j

import cypher
from identity.errors import StoreUnavailable
from kg import graph_version
from kg.db import OUTAGE_ERRORS, read_records

T = TypeVar("T")


@dataclass(frozen=True)
class Transaction:
    """Named queries inside one write transaction (Graph.transaction)."""

    tx: neo4j.AsyncManagedTransaction
    names: set[str] = field(default_factory=set)  # the queries run, for the graph's version

    async def run(self, name: str, /, **params: Any) -> list[neo4j.Record]:
        self.names.add(name)
        result = await self.tx.run(cypher.query(name), params)
        return [record async for record in result]


@dataclass(frozen=True)
class Graph:
    driver: neo4j.AsyncDriver
    database: str
    # A read is tried again on an outage only this long (KG_NEO4J_RETRY_SECONDS; kg.db).
    retry_seconds: float = 0.5

    async def read(self, name: str, /, **params: Any) -> list[neo4j.Record]:
        """Without execute_query's managed retries (kg.db.read_records says why): in an outage
        a signed-in request's 503 comes as fast as an anonymous one's."""
        try:
            return await read_records(
                self.driver,
                self.database,
                neo4j.Query(cypher.query(name)),
                params,
                retry_seconds=self.retry_seconds,
            )
        except OUTAGE_ERRORS as error:
            raise StoreUnavailable(
                "the graph database does not answer; try again shortly"
            ) from error

    async def write(self, name: str, /, **params: Any) -> list[neo4j.Record]:
        records = await self._run(name, params, neo4j.RoutingControl.WRITE)
        if graph_version.advances(name):
            await self._advance()
        return records

    async def _run(
        self, name: str, params: dict[str, Any], routing: neo4j.RoutingControl
    ) -> list[neo4j.Record]:
        try:
            records, _, _ = await self.driver.execute_query(
                cypher.query(name), params, database_=self.database, routing_=routing
            )
        except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired) as error:
            raise StoreUnavailable(
                "the graph database does not answer; try again shortly"
            ) from error
        return records

    async def transaction(self, work: Callable[[Transaction], Awaitable[T]]) -> T:
        """Several named queries (`tx.run(name, ...)`) in one write transaction, retried by the
        driver on a transient error (a deadlock between two lock orders). It shares the
        bookmarks of `read` and `write`, so the next read sees it (read-your-writes)."""
        try:
            async with self.driver.session(
                database=self.database,
                bookmark_manager=self.driver.execute_query_bookmark_manager,
            ) as session:
                names: set[str] = set()  # over the driver's retries too
                outcome = await session.execute_write(lambda tx: work(Transaction(tx, names)))
        except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired) as error:
            raise StoreUnavailable(
                "the graph database does not answer; try again shortly"
            ) from error
        if any(graph_version.advances(name) for name in names):
            await self._advance()
        return outcome

    async def _advance(self) -> None:
        try:
            await graph_version.advance(self.driver, self.database)
        except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired) as error:
            # The write itself committed; cached responses may lag it until the next write.
            raise StoreUnavailable(
                "the change was saved, but the database stopped answering; reload to see it"
            ) from error
