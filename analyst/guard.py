"""The guard: a statement is checked before it runs and bounded while it runs.

Before: the text (`analyst.statement`) and the EXPLAIN plan (`analyst.plan`); a plan that passed
is remembered by the statement's text, so a repeated statement costs no second EXPLAIN.
While: a READ transaction (Neo4j itself refuses any write), the time limit as the transaction's
timeout, the row cap, at most `max_concurrent` statements per analyst, and the rendering's check
of every returned value (`analyst.render`). Neo4j's per-transaction memory cap
(db.memory.transaction.max) is set on the embedded Neo4j by its launcher.

Each statement leaves one audit entry (`analyst.audit`), whatever its outcome.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import Any, LiteralString, cast

import neo4j

import cypher
from analyst import errors
from analyst.audit import AuditEntry, AuditLog, statement_hash
from analyst.errors import Refused
from analyst.model import PUBLIC_TOKENS
from analyst.plan import PlanRules, check_plan
from analyst.statement import read_statement
from kg.settings import Settings

MODES = ("run", "explain", "profile")
MAX_STATEMENT_CHARS = 20_000
MAX_NESTING = 20
VERDICT_CACHE_SIZE = 1024
BATCH_ROWS = 1000
RULES_TTL_SECONDS = 60.0


@dataclass(frozen=True)
class Limits:
    timeout_seconds: float = 30
    max_rows: int = 1_000_000
    max_concurrent: int = 2
    max_estimated_rows: float = 100_000_000
    max_path_length: int = 10
    max_range_elements: int = 1_000_000
    max_row_bytes: int = 1_048_576

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            timeout_seconds=settings.cypher_timeout_seconds,
            max_rows=settings.cypher_max_rows,
            max_concurrent=settings.cypher_max_concurrent,
            max_estimated_rows=settings.cypher_max_estimated_rows,
            max_path_length=settings.cypher_max_path_length,
            max_range_elements=settings.cypher_max_range_elements,
            max_row_bytes=settings.cypher_max_row_bytes,
        )


@dataclass(frozen=True)
class Statement:
    text: str
    parameters: Mapping[str, Any] = field(default_factory=dict)
    mode: str = "run"
    saved: str | None = None  # the saved query's name, when it is one


class Guard:
    """One per process (or per CLI run): the caches and the per-analyst counts live here."""

    def __init__(
        self, driver: neo4j.AsyncDriver, database: str, limits: Limits, audit: AuditLog
    ) -> None:
        self.driver = driver
        self.database = database
        self.limits = limits
        self.audit = audit
        self._verdicts: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._rules: PlanRules | None = None
        self._rules_at = 0.0
        self._running: dict[str, int] = {}

    async def start(self, who: str, statement: Statement) -> Execution:
        """Checked and started; Refused (and audited) when it may not run."""
        started = time.monotonic()
        execution = Execution(self, who, statement, started)
        if self._running.get(who, 0) >= self.limits.max_concurrent:
            error = Refused(
                errors.TOO_MANY_QUERIES,
                f"{self.limits.max_concurrent} statements of yours are running; wait for one",
                status=429,
            )
            execution.audit(error)
            raise error
        self._running[who] = self._running.get(who, 0) + 1
        execution.holds_slot = True
        try:
            if statement.mode not in MODES:
                raise Refused(errors.PARAMETERS, f"mode must be one of {', '.join(MODES)}")
            execution.plan = await self.check(statement)
            if statement.mode != "explain":
                await execution.begin()
        except Refused as error:
            await execution.close(error)
            raise
        except BaseException:
            await execution.close(Refused(errors.FAILED, "interrupted"))
            raise
        return execution

    async def check(self, statement: Statement) -> dict[str, Any]:
        """The plan of an allowed statement (EXPLAIN), or Refused with the rule it breaks."""
        facts = read_statement(statement.text, MAX_STATEMENT_CHARS, MAX_NESTING)
        facts.check_ranges(statement.parameters, self.limits.max_range_elements)
        cached = self._verdicts.get(statement.text)
        if cached is not None:
            self._verdicts.move_to_end(statement.text)
            return cached
        rules = await self.rules()
        try:
            async with self._session() as session:
                result = await session.run(
                    cast(LiteralString, "EXPLAIN " + statement.text), dict(statement.parameters)
                )
                summary = await result.consume()
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as error:
            raise refusal(error) from None
        plan = summary.plan or {}
        check_plan(summary.query_type, plan, rules, facts.fulltext_indexes)
        self._verdicts[statement.text] = plan
        if len(self._verdicts) > VERDICT_CACHE_SIZE:
            self._verdicts.popitem(last=False)
        return plan

    async def rules(self) -> PlanRules:
        """What the plan check needs from the database, fetched once a minute at most."""
        if self._rules is not None and time.monotonic() - self._rules_at < RULES_TTL_SECONDS:
            return self._rules
        try:
            async with self._session() as session:
                functions = await (
                    await session.run(cypher.query("guard/builtin_functions"))
                ).single()
                indexes = await (await session.run(cypher.query("guard/fulltext_indexes"))).data()
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as error:
            raise refusal(error) from None
        public = {
            row["name"] for row in indexes if set(row["labelsOrTypes"] or ()) <= PUBLIC_TOKENS
        }
        self._rules = PlanRules(
            builtin_functions=frozenset(functions["names"] if functions else ()),
            public_fulltext_indexes=frozenset(public),
            max_path_length=self.limits.max_path_length,
            max_estimated_rows=self.limits.max_estimated_rows,
        )
        self._rules_at = time.monotonic()
        return self._rules

    def _session(self) -> neo4j.AsyncSession:
        return self.driver.session(
            database=self.database, default_access_mode=neo4j.READ_ACCESS, fetch_size=BATCH_ROWS
        )

    def _release(self, who: str) -> None:
        count = self._running.get(who, 0) - 1
        if count > 0:
            self._running[who] = count
        else:
            self._running.pop(who, None)


class Execution:
    """One statement being run: its columns, then its rows in batches, then close()."""

    def __init__(self, guard: Guard, who: str, statement: Statement, started: float) -> None:
        self.guard = guard
        self.who = who
        self.statement = statement
        self.started = started
        self.plan: dict[str, Any] = {}
        self.columns: list[str] = []
        self.rows = 0
        self.holds_slot = False
        self._session: neo4j.AsyncSession | None = None
        self._transaction: neo4j.AsyncTransaction | None = None
        self._result: neo4j.AsyncResult | None = None
        self._closed = False

    async def begin(self) -> None:
        limits = self.guard.limits
        text = self.statement.text
        if self.statement.mode == "profile":
            text = "PROFILE " + text
        self._session = self.guard._session()
        try:
            self._transaction = await self._session.begin_transaction(
                timeout=limits.timeout_seconds, metadata={"app": "kg-analyst", "who": self.who}
            )
            self._result = await self._transaction.run(
                cast(LiteralString, text), dict(self.statement.parameters)
            )
            self.columns = list(self._result.keys())
            await self._result.peek()  # errors of the first rows surface before any output
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as error:
            raise refusal(error) from None

    async def batches(self) -> AsyncIterator[list[list[Any]]]:
        """The rows, a batch at a time; Refused at the row cap or a Neo4j error mid-way."""
        if self._result is None:
            return
        max_rows = self.guard.limits.max_rows
        batch: list[list[Any]] = []
        try:
            async for record in self._result:
                self.rows += 1
                if self.rows > max_rows:
                    raise Refused(
                        errors.ROW_CAP,
                        f"the statement returns more than {max_rows:,} rows "
                        "(KG_CYPHER_MAX_ROWS); add a LIMIT or aggregate",
                    )
                batch.append(list(record.values()))
                if len(batch) >= BATCH_ROWS:
                    yield batch
                    batch = []
            if batch:
                yield batch
            summary = await self._result.consume()
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as error:
            raise refusal(error) from None
        if self.statement.mode == "profile" and summary.profile is not None:
            self.plan = dict(summary.profile)

    async def profiled(self) -> dict[str, Any]:
        """PROFILE: run to the end, discarding the rows, and return the plan with its counts."""
        async for _ in self.batches():
            pass
        return self.plan

    def summary(self) -> dict[str, Any]:
        return {"rows": self.rows, "durationMs": round((time.monotonic() - self.started) * 1000, 1)}

    async def close(self, error: Refused | None = None) -> None:
        """Ends the transaction, frees the analyst's slot and writes the audit entry (once)."""
        if self._closed:
            return
        self._closed = True
        try:
            if self._transaction is not None:
                await self._transaction.close()
            if self._session is not None:
                await self._session.close()
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError):
            pass  # the transaction was already gone (timed out, terminated): nothing to undo
        finally:
            if self.holds_slot:
                self.guard._release(self.who)
            self.audit(error)

    def audit(self, error: Refused | None) -> None:
        self.guard.audit.write(
            AuditEntry(
                who=self.who,
                statement_sha256=statement_hash(self.statement.text),
                parameters=sorted(self.statement.parameters),
                mode=self.statement.mode,
                saved=self.statement.saved,
                duration_ms=round((time.monotonic() - self.started) * 1000, 2),
                rows=self.rows,
                outcome="ok" if error is None else ("refused" if _before_run(error) else "failed"),
                code=None if error is None else error.code,
            )
        )


_RUN_TIME_CODES = {
    errors.TIMEOUT,
    errors.MEMORY,
    errors.ROW_CAP,
    errors.VALUE_TOO_LARGE,
    errors.PRIVATE_RESULT,
    errors.FAILED,
    errors.UNAVAILABLE,
}


def _before_run(error: Refused) -> bool:
    return error.code not in _RUN_TIME_CODES


def refusal(error: Exception) -> Refused:
    """A Neo4j or driver error as the guard's coded error, with Neo4j's own words where useful."""
    if isinstance(error, neo4j.exceptions.DriverError):
        return Refused(errors.UNAVAILABLE, f"Neo4j is unavailable: {error}", status=503)
    assert isinstance(error, neo4j.exceptions.Neo4jError)
    code = error.code or ""
    message = (error.message or str(error)).splitlines()[0][:500]
    if "TransactionTimedOut" in code or code.endswith("Transaction.Terminated"):
        limit = "the time limit (KG_CYPHER_TIMEOUT_SECONDS)"
        return Refused(
            errors.TIMEOUT, f"the statement ran longer than {limit} and was stopped ({code})"
        )
    if "MemoryPoolOutOfMemoryError" in code or "OutOfMemory" in code or "Memory" in code:
        return Refused(
            errors.MEMORY,
            "the statement needed more memory than one transaction may take "
            f"(db.memory.transaction.max): {message}",
        )
    if code.endswith("Statement.AccessMode"):
        return Refused(errors.WRITE, "the statement writes; analysts' statements only read")
    if code.endswith("Statement.SyntaxError") and message.startswith("Unknown function"):
        return Refused(errors.FUNCTION, f"{message}: only built-in functions are allowed")
    if code.endswith("Statement.SyntaxError"):
        return Refused(errors.SYNTAX, message)
    if ".Procedure." in code:
        return Refused(errors.PROCEDURE, message)
    if code.endswith(("ParameterMissing", "ParameterNotProvided")) or "Parameter" in code:
        return Refused(errors.PARAMETERS, message)
    if isinstance(error, neo4j.exceptions.TransientError | neo4j.exceptions.DatabaseError):
        return Refused(errors.UNAVAILABLE, f"Neo4j could not run it now: {message}", status=503)
    return Refused(errors.FAILED, message)
