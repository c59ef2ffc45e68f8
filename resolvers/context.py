"""The per-request GraphQL context: the shared driver and this request's DataLoaders.

The AsyncDriver is shared by the process; sessions are not, so every query opens its own short
read transaction (strawberry resolves sibling fields concurrently).

`read` is the one place where the API meets Neo4j, so driver errors become API errors here:
an unreachable database is SERVICE_UNAVAILABLE, a query over its time budget is TIMEOUT;
anything else is a bug, left to be masked and logged by schema.errors.ErrorPolicy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, LiteralString

import neo4j

from kg.settings import Settings
from resolvers.dataloaders import Loaders
from resolvers.errors import Timeout, Unavailable

# Time budget of one API read; the embedded Neo4j's own limit (neo4j_tx_timeout_seconds) is
# meant for loads and is much longer.
READ_TIMEOUT_SECONDS = 15.0


@dataclass
class Context:
    driver: neo4j.AsyncDriver
    database: str
    settings: Settings
    round_trips: int = 0
    loaders: Loaders = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self)

    async def read(self, query: LiteralString, **params: Any) -> list[neo4j.Record]:
        """One read transaction, routed to a reader on a cluster; counted per request."""
        self.round_trips += 1
        try:
            records, _, _ = await self.driver.execute_query(
                neo4j.Query(query, timeout=READ_TIMEOUT_SECONDS),
                params,
                database_=self.database,
                routing_=neo4j.RoutingControl.READ,
            )
        except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired) as error:
            raise Unavailable("the graph database does not answer; try again shortly") from error
        except neo4j.exceptions.ClientError as error:
            if "TransactionTimedOut" in (error.code or ""):
                raise Timeout(
                    f"the query took longer than {READ_TIMEOUT_SECONDS:g} s; ask for less "
                    "(smaller pages or limits, depth 1, fewer hops)"
                ) from error
            raise
        return records
