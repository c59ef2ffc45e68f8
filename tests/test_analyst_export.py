"""A large CSV export streams: every row arrives, and the process's memory stays bounded.

100,000 rows here to keep the suite fast; `make bench-cypher` exports a million and prints the
same bound (benchmarks/cypher_benchmark.py).
"""

from __future__ import annotations

import asyncio
import dataclasses
import tempfile
from pathlib import Path

import neo4j

from analyst.audit import AuditLog
from analyst.guard import Guard, Statement
from analyst.output import RowStream
from kg.db import Connection
from tests.analyst_support import TEST_LIMITS

ROWS = 100_000
EXPORT = (
    "UNWIND range(1, $rows) AS i RETURN i AS id, 'row ' + toString(i) AS label, i * 0.5 AS half"
)
# The rows take about 3 MB as CSV, and the driver's records of all of them some 40 MB: a buffered
# export would grow the process by that much. Streaming holds one batch of 1,000 rows.
MEMORY_BOUND_BYTES = 16 * 1024 * 1024


def resident_bytes() -> int:
    """The process's resident set now (VmRSS), which Python's own allocations are part of."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def test_a_large_csv_export_streams_every_row_in_bounded_memory(
    neo4j_connection: Connection,
) -> None:
    limits = dataclasses.replace(
        TEST_LIMITS, timeout_seconds=120, max_range_elements=ROWS, max_rows=ROWS
    )

    async def export() -> tuple[int, int, int, str]:
        driver = neo4j.AsyncGraphDatabase.driver(
            neo4j_connection.uri, auth=(neo4j_connection.user, neo4j_connection.password)
        )
        audit = AuditLog(Path(tempfile.mkdtemp()) / "audit.jsonl")
        guard = Guard(driver, neo4j_connection.database, limits, audit)
        try:
            execution = await guard.start("exporter", Statement(EXPORT, {"rows": ROWS}))
            stream = RowStream(execution, "csv")
            lines = (await stream.first()).count("\r\n")
            start = peak = resident_bytes()
            size = 0
            last = ""
            async for chunk in stream.rest():
                lines += chunk.count("\r\n")
                size += len(chunk)
                last = chunk or last
                peak = max(peak, resident_bytes())
            return lines, size, peak - start, last
        finally:
            await driver.close()

    lines, size, peak, last = asyncio.run(export())
    assert lines == ROWS + 1  # the header and every row
    assert last.endswith(f"{ROWS},row {ROWS},{ROWS * 0.5}\r\n")
    assert size > 2_000_000
    assert peak < MEMORY_BOUND_BYTES, f"grew by {peak:,} bytes while exporting {size:,}"
