"""Writes that never depend on the machine being fast: rows go in transactions of at most a batch,
and a transaction that hits the database's time limit (`db.transaction.timeout`) is rolled back and
its rows written again in halves. Only when a single row cannot commit in time, after a few tries,
does the load stop, with LoadTimedOut, a one-line message that says how to go on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import neo4j

# How Neo4j says it ended a transaction at its time limit: while it ran, or while it waited for a
# lock ("LockClientStopped": terminated, so it can take no more locks).
_TIMED_OUT = (
    "Neo.ClientError.Transaction.TransactionTimedOut",
    "Neo.ClientError.Transaction.LockClientStopped",
)


class LoadTimedOut(Exception):
    """A transaction of a single row still hit the database's time limit; the message says how to
    go on (everything committed before is kept)."""


def timed_out(error: BaseException) -> bool:
    """Whether Neo4j ended the transaction at its time limit (db.transaction.timeout)."""
    return isinstance(error, neo4j.exceptions.Neo4jError) and (error.code or "").startswith(
        _TIMED_OUT
    )


class Chunks:
    """Writes rows in transactions of at most `size` rows. A transaction that hits the time limit
    is rolled back by Neo4j; its rows are written again in halves. The smaller size stays until
    a few transactions in a row have committed, then doubles again, up to the batch size."""

    GROW_AFTER = 4

    def __init__(self, size: int, step: str) -> None:
        self.size = size
        self.limit = size
        self.step = step
        self.halvings = 0
        self._committed = 0

    # A single row is tried this often: a query's first run includes its planning, which a
    # busy machine may take most of a short time limit for (the plan is cached once made).
    SINGLE_ROW_TRIES = 4

    def write(self, rows: Sequence[Any], write: Any) -> None:
        start = 0
        tries = 0
        while start < len(rows):
            part = rows[start : start + self.size]
            try:
                write(part)
            except neo4j.exceptions.Neo4jError as error:
                if not timed_out(error):
                    raise
                self.halvings += 1
                if len(part) == 1:
                    tries += 1
                    if tries < self.SINGLE_ROW_TRIES:
                        continue
                    raise LoadTimedOut(
                        f"Neo4j ended a transaction of the {self.step} step at its time limit "
                        "(db.transaction.timeout) even for a single row; everything committed "
                        "before is kept. Raise the limit (KG_NEO4J_TX_TIMEOUT_SECONDS for the "
                        "embedded Neo4j) and run the same command again to resume."
                    ) from None
                self.size = max(1, len(part) // 2)
                self._committed = 0
                continue
            start += len(part)
            tries = 0
            self._committed += 1
            if self.size < self.limit and self._committed >= self.GROW_AFTER:
                self.size = min(self.limit, self.size * 2)
                self._committed = 0
