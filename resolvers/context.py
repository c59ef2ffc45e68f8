"""The per-request GraphQL context: the shared driver and this request's DataLoaders.

The AsyncDriver is shared by the process; sessions are not, so every query opens its own short
read transaction (strawberry resolves sibling fields concurrently).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, LiteralString

import neo4j

from kg.settings import Settings


@dataclass
class Context:
    driver: neo4j.AsyncDriver
    database: str
    settings: Settings
    round_trips: int = 0

    async def read(self, query: LiteralString, **params: Any) -> list[neo4j.Record]:
        """One read transaction, routed to a reader on a cluster; counted per request."""
        self.round_trips += 1
        records, _, _ = await self.driver.execute_query(
            query, params, database_=self.database, routing_=neo4j.RoutingControl.READ
        )
        return records
