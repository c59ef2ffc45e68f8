"""What the analysts' guard costs: a streamed CSV export, and the latency it adds to a small query.

    .venv/bin/python -m benchmarks.cypher_benchmark                # a million rows
    .venv/bin/python -m benchmarks.cypher_benchmark --rows 200000  # a quicker look

Runs an embedded Neo4j of its own (a temporary directory, a free port) with a small graph for
the small query. In one run, interleaved so that a busy machine slows every path alike:

- export, driver: `UNWIND range(1, N) ... RETURN` read through the async driver alone, records
  decoded (the floor);
- export, guard:  the same statement through the guard (`analyst.guard`) and the CSV encoder
  (`analyst.output.RowStream`), every row rendered; the growth of the process's resident memory
  while it streams is the memory bound;
- small query, driver: `MATCH (a:Author {id: $id}) RETURN a.name` in a read transaction;
- small query, guard: the same through the guard with its verdict cached (what a repeated
  statement costs) and without (the first time: one EXPLAIN more).

Prints rows/s and their ratio, p50/p95 in ms and the guard's added latency at p50, and writes
benchmarks/results/cypher.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import neo4j

from analyst.audit import AuditLog
from analyst.guard import Guard, Limits, Statement
from analyst.output import RowStream
from kg.db import apply_schema
from kg.embedded import EmbeddedNeo4j, free_port
from kg.settings import PROJECT_ROOT, Settings

RESULTS = PROJECT_ROOT / "benchmarks" / "results" / "cypher.json"
PASSWORD = "bench-password-1234"
EXPORT = (
    "UNWIND range(1, $rows) AS i RETURN i AS id, 'row ' + toString(i) AS label, i * 0.5 AS half"
)
SMALL = "MATCH (a:Author {id: $id}) RETURN a.name AS name"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--exports", type=int, default=3, help="export rounds per path")
    parser.add_argument("--small", type=int, default=300, help="small-query rounds per path")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kg-bench-cypher-") as home:
        settings = Settings(
            data_dir=Path(home),
            neo4j_port=free_port(),
            neo4j_password=PASSWORD,  # type: ignore[arg-type]
            neo4j_heap="1g",
            neo4j_pagecache="256m",
            neo4j_uri="",
            neo4j_tx_timeout_seconds=3600,
        )
        embedded = EmbeddedNeo4j(settings)
        print(f"Starting a Neo4j of the benchmark's own on {embedded.uri} ...", flush=True)
        embedded.start()
        try:
            with neo4j.GraphDatabase.driver(embedded.uri, auth=("neo4j", PASSWORD)) as driver:
                apply_schema(driver, "neo4j")
                driver.execute_query(
                    "UNWIND range(1, 1000) AS i CREATE (:Author {id: 'A' + i, name: 'Author ' + i})"
                )
            results = asyncio.run(measure(embedded.uri, args, Path(home) / "audit.jsonl"))
        finally:
            embedded.stop()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"Wrote {RESULTS.relative_to(PROJECT_ROOT)}.")
    return 0


async def measure(uri: str, args: argparse.Namespace, audit: Path) -> dict[str, Any]:
    driver = neo4j.AsyncGraphDatabase.driver(
        uri, auth=("neo4j", PASSWORD), notifications_min_severity="OFF"
    )
    limits = Limits(
        timeout_seconds=3600,
        max_rows=args.rows,
        max_range_elements=args.rows,
        max_concurrent=100,
    )
    guard = Guard(driver, "neo4j", limits, AuditLog(audit))
    try:
        export: dict[str, list[float]] = {"driver": [], "guard": []}
        peaks: list[int] = []
        for round_ in range(args.exports):
            export["driver"].append(await export_by_driver(driver, args.rows))
            seconds, peak = await export_by_guard(guard, args.rows)
            export["guard"].append(seconds)
            peaks.append(peak)
            print(
                f"  export round {round_ + 1}/{args.exports}: driver "
                f"{export['driver'][-1]:.1f} s ({args.rows / export['driver'][-1]:,.0f} rows/s), "
                f"guard + CSV {seconds:.1f} s ({args.rows / seconds:,.0f} rows/s), resident "
                f"memory grew by {peak / 2**20:.1f} MiB; load average "
                f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}",
                flush=True,
            )
        small: dict[str, list[float]] = {"driver": [], "guard (cached)": [], "guard (uncached)": []}
        for index in range(args.small):
            author = f"A{index % 1000 + 1}"
            small["driver"].append(await small_by_driver(driver, author))
            small["guard (cached)"].append(await small_by_guard(guard, SMALL, author))
            # A statement text the guard has not seen: a comment makes it new.
            small["guard (uncached)"].append(
                await small_by_guard(guard, f"{SMALL} // {index}", author)
            )
        return report(args.rows, export, peaks, small)
    finally:
        await driver.close()


async def export_by_driver(driver: neo4j.AsyncDriver, rows: int) -> float:
    started = time.perf_counter()
    async with driver.session(database="neo4j", default_access_mode=neo4j.READ_ACCESS) as session:
        transaction = await session.begin_transaction(timeout=3600)
        result = await transaction.run(EXPORT, rows=rows)
        count = 0
        async for record in result:
            record.values()
            count += 1
        await transaction.close()
    assert count == rows
    return time.perf_counter() - started


async def export_by_guard(guard: Guard, rows: int) -> tuple[float, int]:
    started = time.perf_counter()
    execution = await guard.start("bench", Statement(EXPORT, {"rows": rows}))
    stream = RowStream(execution, "csv")
    lines = (await stream.first()).count("\n")
    base = peak = resident_bytes()
    async for chunk in stream.rest():
        lines += chunk.count("\n")
        peak = max(peak, resident_bytes())
    assert lines == rows + 1
    return time.perf_counter() - started, peak - base


def resident_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


async def small_by_driver(driver: neo4j.AsyncDriver, author: str) -> float:
    started = time.perf_counter()
    async with driver.session(database="neo4j", default_access_mode=neo4j.READ_ACCESS) as session:
        transaction = await session.begin_transaction(timeout=30)
        result = await transaction.run(SMALL, id=author)
        [record.values() async for record in result]
        await transaction.close()
    return (time.perf_counter() - started) * 1000


async def small_by_guard(guard: Guard, statement: str, author: str) -> float:
    started = time.perf_counter()
    execution = await guard.start("bench", Statement(statement, {"id": author}))
    stream = RowStream(execution, "json")
    body = await stream.first()
    async for chunk in stream.rest():
        body += chunk
    return (time.perf_counter() - started) * 1000


def report(
    rows: int, export: dict[str, list[float]], peaks: list[int], small: dict[str, list[float]]
) -> dict[str, Any]:
    rates = {path: rows / statistics.median(times) for path, times in export.items()}
    print(f"\nCSV export of {rows:,} rows (median of {len(export['driver'])} rounds):")
    for path, rate in rates.items():
        print(f"  {path:<8} {rate:>10,.0f} rows/s  ({rate / rates['driver']:.2f}x the driver)")
    print(f"  the process's resident memory grew by at most {max(peaks) / 2**20:.1f} MiB")
    p50 = {path: statistics.median(times) for path, times in small.items()}
    p95 = {path: statistics.quantiles(times, n=20)[-1] for path, times in small.items()}
    print(f"\nSmall query ({len(small['driver'])} rounds), ms:")
    for path in small:
        added = p50[path] - p50["driver"]
        print(f"  {path:<17} p50 {p50[path]:6.2f}  p95 {p95[path]:6.2f}  added at p50 {added:+.2f}")
    print(
        f"\nmachine: {os.cpu_count()} cores, load average (1, 5, 15 min) "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} at the end"
    )
    return {
        "rows": rows,
        "cores": os.cpu_count(),
        "load_average_at_end": list(os.getloadavg()),
        "export_rows_per_second": rates,
        "export_ratio_guard_to_driver": rates["guard"] / rates["driver"],
        "export_resident_growth_bytes": max(peaks),
        "small_p50_ms": p50,
        "small_p95_ms": p95,
        "guard_added_p50_ms": {path: p50[path] - p50["driver"] for path in small},
    }


if __name__ == "__main__":
    sys.exit(main())
