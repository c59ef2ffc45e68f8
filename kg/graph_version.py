"""The graph's version: a counter in Neo4j that every committed write an anonymous reader could
see advances, so that a response cached under one version is never served after such a write.

Who advances it: every load batch (loaders), and every identity write except those to the
private folders below, whose data no anonymous query shows (a session, a token, a message).
An unknown folder advances it: a new kind of write is safe before anyone thinks about it.
The advance runs after the write has committed, before the writer returns, so any request that
starts after a write has returned reads the new version.

Writes made outside the service (cypher-shell as an administrator) do not advance it: run
`kg cache clear` after such a write, or turn the response cache off (KG_RESPONSE_CACHE_BYTES=0).
"""

from __future__ import annotations

from dataclasses import dataclass

import neo4j

import cypher
from kg.db import read_records

# cypher/<folder>/ of the writes no anonymous query reads.
PRIVATE_WRITE_FOLDERS = frozenset(
    {"sessions", "tokens", "oidc", "mail", "invitations", "conversations", "users"}
)


@dataclass(frozen=True)
class Version:
    epoch: str
    value: int

    def __str__(self) -> str:
        return f"{self.epoch}:{self.value}"


def advances(query_name: str) -> bool:
    """Whether a write by this named query (`folder/name`) can change what anonymous reads see."""
    folder, _, _ = query_name.partition("/")
    return folder not in PRIVATE_WRITE_FOLDERS


async def read(driver: neo4j.AsyncDriver, database: str) -> Version | None:
    """The version, tried once: in an outage the caller goes on without the cache at once, and
    the query itself reports the outage (kg.db.read_records: no managed retry's 1 s wait)."""
    query = neo4j.Query(cypher.query("version/read"))
    records = await read_records(driver, database, query, {}, retry_seconds=0)
    return _version(records)


async def advance(driver: neo4j.AsyncDriver, database: str) -> Version | None:
    records, _, _ = await driver.execute_query(cypher.query("version/advance"), database_=database)
    return _version(records)


def advance_in(session: neo4j.Session) -> None:
    """The same from a loader's session, after its transaction committed."""
    session.run(cypher.query("version/advance")).consume()


def _version(records: list[neo4j.Record]) -> Version | None:
    if not records:
        return None
    return Version(str(records[0]["epoch"]), int(records[0]["value"]))
