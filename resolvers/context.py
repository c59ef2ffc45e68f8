"""The per-request GraphQL context: the shared driver, this request's DataLoaders, and who asks.

The AsyncDriver is shared by the process; sessions are not, so every query opens its own short
read transaction (strawberry resolves sibling fields concurrently).

`read` is the one place where the API meets Neo4j, so driver errors become API errors here:
an unreachable database is SERVICE_UNAVAILABLE, a query over its time budget is TIMEOUT;
anything else is a bug, left to be masked and logged by schema.errors.present.

`principal()` is the request's principal (identity.principal); `actor()` is the gate every
mutation passes: the CSRF rule, the role, the per-account rate limit.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, LiteralString

import neo4j
from starlette.requests import Request
from starlette.responses import Response

from identity import csrf
from identity.graph import Graph
from identity.principal import ANONYMOUS, Principal, principal_of, require
from identity.ratelimits import Limit, RateLimits
from identity.roles import Role
from kg import metrics
from kg.db import OUTAGE_ERRORS, read_records
from kg.settings import Settings
from resolvers.dataloaders import Loaders
from resolvers.errors import Forbidden, RateLimited, Timeout, Unavailable

# What an outage looks like from the driver (kg.db.read_records retries these within
# neo4j_retry_seconds, then they become SERVICE_UNAVAILABLE).
UNAVAILABLE = OUTAGE_ERRORS

# Time budget of one API read; the embedded Neo4j's own limit (neo4j_tx_timeout_seconds) is
# meant for loads and is much longer.
READ_TIMEOUT_SECONDS = 15.0


@dataclass
class Context:
    driver: neo4j.AsyncDriver
    database: str
    settings: Settings
    request: Request | None = None
    response: Response | None = None
    round_trips: int = 0
    # A request's reads get READ_TIMEOUT_SECONDS; the start-up warm-up (schema/warmup.py) more.
    read_timeout: float = READ_TIMEOUT_SECONDS
    loaders: Loaders = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self)

    async def read(self, query: LiteralString, **params: Any) -> list[neo4j.Record]:
        """One read transaction, routed to a reader on a cluster; counted per request."""
        self.round_trips += 1
        metrics.neo4j_round_trips.inc()
        started = time.perf_counter()
        try:
            records = await read_records(
                self.driver,
                self.database,
                neo4j.Query(query, timeout=self.read_timeout),
                params,
                retry_seconds=self.settings.neo4j_retry_seconds,
            )
        except UNAVAILABLE as error:
            metrics.neo4j_errors.labels("unavailable").inc()
            raise Unavailable("the graph database does not answer; try again shortly") from error
        except neo4j.exceptions.ClientError as error:
            if "TransactionTimedOut" in (error.code or ""):
                metrics.neo4j_errors.labels("timeout").inc()
                raise Timeout(
                    f"the query took longer than {self.read_timeout:g} s; ask for less "
                    "(smaller pages or limits, depth 1, fewer hops)"
                ) from error
            metrics.neo4j_errors.labels("other").inc()
            raise
        except Exception:
            metrics.neo4j_errors.labels("other").inc()
            raise
        finally:
            metrics.neo4j_seconds.observe(time.perf_counter() - started)
        return records

    @property
    def graph(self) -> Graph:
        return Graph(self.driver, self.database, self.settings.neo4j_retry_seconds)

    @property
    def rate_limits(self) -> RateLimits:
        if self.request is None:
            raise RuntimeError("rate limits need the HTTP request's state")
        limits: RateLimits = self.request.state.rate_limits
        return limits

    async def principal(self) -> Principal:
        return ANONYMOUS if self.request is None else await principal_of(self.request)

    async def limit(self, limit: Limit, key: str) -> None:
        """Count an attempt; on RATE_LIMITED the response carries Retry-After too."""
        try:
            await self.rate_limits.hit(limit, key)
        except RateLimited as error:
            if self.response is not None:
                self.response.headers["Retry-After"] = str(error.retry_after)
            raise

    def check_csrf(self, principal: Principal) -> None:
        if self.request is None:
            return
        problem = csrf.refusal(self.request, principal, self.settings)
        if problem:
            raise Forbidden(problem, reason="csrf")

    async def actor(self, role: Role = Role.RESEARCHER, *, session_only: str = "") -> Principal:
        """The gate of a mutation: CSRF, then the role (UNAUTHENTICATED / FORBIDDEN), then the
        account's mutation rate. `session_only`: why an API token may not do this."""
        principal = await self.principal()
        self.check_csrf(principal)
        require(principal, role)
        if session_only and principal.via != "session":
            raise Forbidden(session_only, reason="session-only")
        assert principal.account is not None
        await self.limit(Limit.MUTATIONS_USER, principal.account.id)
        return principal
