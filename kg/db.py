"""The database boundary: one driver per process, the schema bootstrap, and error mapping."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, LiteralString

import neo4j
from neo4j import AsyncDriver, AsyncGraphDatabase, Driver, GraphDatabase

import cypher
from kg.embedded import EmbeddedNeo4j
from kg.settings import Settings

SCHEMA_FILES = (
    "schema/constraints",
    "schema/indexes",
    "schema/fulltext",
    "schema/migrations",  # data moved by a change of the model (idempotent)
)


@dataclass(frozen=True)
class Connection:
    """Where and how to reach Neo4j, resolved from settings (the embedded one by default)."""

    uri: str
    user: str
    password: str
    database: str

    @classmethod
    def from_settings(cls, settings: Settings) -> Connection:
        if settings.embedded:
            embedded = EmbeddedNeo4j(settings)
            return cls(embedded.uri, "neo4j", embedded.password(), settings.neo4j_database)
        return cls(
            settings.neo4j_uri,
            settings.neo4j_user,
            settings.neo4j_password.get_secret_value(),
            settings.neo4j_database,
        )

    # Notifications off: on a graph that lacks a property or type yet, every query would log a
    # warning (UnknownPropertyKey), and the server need not compute them.
    def driver(self) -> Driver:
        return GraphDatabase.driver(
            self.uri, auth=(self.user, self.password), notifications_min_severity="OFF"
        )

    def async_driver(self, settings: Settings | None = None) -> AsyncDriver:
        """The service's driver. With settings, it fails fast when Neo4j is down: a connection
        attempt, a wait for a pooled connection and the retries of a read are bounded by them,
        so a request in an outage gets SERVICE_UNAVAILABLE in about a second or two."""
        timeouts: dict[str, Any] = {}
        if settings is not None:
            timeouts = {
                "connection_timeout": settings.neo4j_connect_timeout_seconds,
                "connection_acquisition_timeout": settings.neo4j_acquire_timeout_seconds,
                "max_transaction_retry_time": settings.neo4j_retry_seconds,
                # A pooled connection idle this long is checked before use: after a restart
                # of Neo4j, dead sockets are found at once instead of by a failed query.
                "liveness_check_timeout": 2.0,
            }
        return AsyncGraphDatabase.driver(
            self.uri,
            auth=(self.user, self.password),
            notifications_min_severity="OFF",
            **timeouts,
        )


class DatabaseUnavailable(Exception):
    """Neo4j did not answer, or refused our credentials; the message says which and what to do."""


def describe_connect_error(error: Exception, connection: Connection) -> str:
    if isinstance(error, neo4j.exceptions.AuthError):
        return (
            f"Neo4j at {connection.uri} refused user {connection.user!r}: wrong password? "
            "Set KG_NEO4J_USER and KG_NEO4J_PASSWORD"
        )
    if isinstance(error, neo4j.exceptions.ServiceUnavailable):
        hint = "start it with: kg neo4j start" if "127.0.0.1" in connection.uri else "is it up?"
        return f"Neo4j at {connection.uri} does not answer; {hint}"
    return f"Neo4j at {connection.uri}: {type(error).__name__}: {error}"


@contextmanager
def open_driver(connection: Connection) -> Iterator[Driver]:
    """A sync driver that has been checked to answer (CLI commands and loaders use this)."""
    driver = connection.driver()
    try:
        try:
            driver.verify_connectivity()
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as error:
            raise DatabaseUnavailable(describe_connect_error(error, connection)) from None
        yield driver
    finally:
        driver.close()


def schema_statements() -> list[LiteralString]:
    """The constraints and indexes of cypher/schema/ (each IF NOT EXISTS), then a wait for them."""
    statements = [statement for name in SCHEMA_FILES for statement in cypher.statements(name)]
    return [*statements, "CALL db.awaitIndexes(300)"]


_FULLTEXT_INDEX = re.compile(
    r"CREATE FULLTEXT INDEX (\w+) .*?`fulltext\.analyzer`: '([\w-]+)'", re.DOTALL
)
_DROP_INDEX = re.compile(r"DROP INDEX (\w+) IF EXISTS")


def wanted_analyzers() -> dict[str, str]:
    """Full-text index name -> the analyzer cypher/schema/fulltext.cypher gives it."""
    return {
        match.group(1): match.group(2)
        for statement in cypher.statements("schema/fulltext")
        if (match := _FULLTEXT_INDEX.search(statement))
    }


def stale_fulltext_drops(existing: dict[str, str | None]) -> list[tuple[str, LiteralString]]:
    """(name, DROP statement) of each existing full-text index whose analyzer is not the wanted
    one: CREATE ... IF NOT EXISTS would keep it as it is."""
    wanted = wanted_analyzers()
    drops = {
        match.group(1): statement
        for statement in cypher.statements("schema/fulltext_drop")
        if (match := _DROP_INDEX.search(statement))
    }
    return [
        (name, drops[name])
        for name, analyzer in sorted(existing.items())
        if name in wanted and analyzer != wanted[name]
    ]


def apply_schema(
    driver: Driver, database: str, *, on_rebuild: Callable[[str], None] | None = None
) -> int:
    """Create the constraints and indexes (idempotent) and wait until they are online.

    A full-text index made with another analyzer is dropped first and built again; on_rebuild
    hears the name of each."""
    records, _, _ = driver.execute_query(
        cypher.query("schema/fulltext_analyzers"), database_=database
    )
    for name, drop in stale_fulltext_drops({r["name"]: r["analyzer"] for r in records}):
        driver.execute_query(drop, database_=database)
        if on_rebuild is not None:
            on_rebuild(name)
    statements = schema_statements()
    for statement in statements:
        driver.execute_query(statement, database_=database)
    return len(statements) - 1


async def apply_schema_async(driver: AsyncDriver, database: str) -> None:
    """The same, from the service's async driver (at every start of the service)."""
    records, _, _ = await driver.execute_query(
        cypher.query("schema/fulltext_analyzers"), database_=database
    )
    for _, drop in stale_fulltext_drops({r["name"]: r["analyzer"] for r in records}):
        await driver.execute_query(drop, database_=database)
    for statement in schema_statements():
        await driver.execute_query(statement, database_=database)


def wait_for_bolt(connection: Connection, timeout: float = 60.0) -> None:
    """Wait until Bolt accepts a connection (for a Neo4j started by someone else)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with connection.driver() as driver:
                driver.verify_connectivity()
                return
        except neo4j.exceptions.ServiceUnavailable:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
