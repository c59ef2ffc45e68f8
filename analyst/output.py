"""A started statement as the text a client receives: rows as JSON, JSON Lines or CSV, a chunk at
a time (bounded memory however many rows), or a plan (EXPLAIN, PROFILE) as JSON and text.

`RowStream.first()` renders the head and the first batch before anything is sent, so that the
common failures (a private value in the first rows, a Neo4j error at once) still get a proper
status code; later failures end a JSON body with an `error` member and cut a JSON Lines or CSV
stream short (`StreamCut`), so that no client mistakes a partial export for a complete one.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from analyst import errors
from analyst.errors import Refused
from analyst.guard import Execution
from analyst.plan_view import plan_json, plan_text
from analyst.render import RowEncoder


class StreamCut(Exception):
    """A JSON Lines or CSV body that failed after it started; the connection must be cut."""

    def __init__(self, error: Refused) -> None:
        super().__init__(f"{error.code}: {error.message}")
        self.error = error


class RowStream:
    def __init__(self, execution: Execution, format: str) -> None:
        self.execution = execution
        self.encoder = RowEncoder(format, execution.columns, execution.guard.limits.max_row_bytes)
        self._batches = execution.batches()
        self._done = False
        self.error: Refused | None = None  # why a JSON body ended with an error member

    async def first(self) -> str:
        """The head and the first batch; Refused (the statement closed and audited) on failure."""
        try:
            head = self.encoder.head()
            batch = await anext(self._batches, None)
            if batch is None:
                self._done = True
                return head + self.encoder.tail(self.execution.summary())
            return head + self.encoder.rows(batch)
        except Refused as error:
            await self.execution.close(error)
            raise
        except BaseException:
            await self.execution.close(Refused(errors.FAILED, "interrupted"))
            raise

    async def rest(self) -> AsyncIterator[str]:
        """The remaining chunks; always closes the statement, however the consumer stops."""
        outcome: Refused | None = Refused(errors.FAILED, "the client went away")
        try:
            if not self._done:
                async for batch in self._batches:
                    chunk = self.encoder.rows(batch)
                    if chunk:
                        yield chunk
                yield self.encoder.tail(self.execution.summary())
            outcome = None
        except Refused as error:
            outcome = self.error = error
            tail = self.encoder.failed_tail(error)
            if tail is None:
                raise StreamCut(error) from None
            yield tail
        finally:
            await self.execution.close(outcome)


async def plan_document(execution: Execution) -> dict[str, Any]:
    """EXPLAIN: the plan as checked; PROFILE: run to the end, the plan with rows and db hits."""
    error: Refused | None = None
    try:
        plan = (
            execution.plan if execution.statement.mode == "explain" else await execution.profiled()
        )
        return {
            "mode": execution.statement.mode,
            "plan": plan_json(plan),
            "text": plan_text(plan),
            "summary": execution.summary(),
        }
    except Refused as refused:
        error = refused
        raise
    finally:
        await execution.close(error)
