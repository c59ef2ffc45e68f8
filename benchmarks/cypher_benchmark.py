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
- export, HTTP:   the same statement as `POST /cypher` with `Accept: text/csv` to a real server
  (`kg serve` in a subprocess, an analyst's API token), the body streamed by httpx; the growth
  of the server process's resident memory (its /proc VmRSS) while it streams;
- small query, driver: `MATCH (a:Author {id: $id}) RETURN a.name` in a read transaction;
- small query, guard: the same through the guard with its verdict cached (what a repeated
  statement costs) and without (the first time: one EXPLAIN more);
- the guard's own work on that small query, without the database: the text checks, the cached
  verdict, rendering its one row as JSON and the audit line (what the guard adds on top of the
  driver's round trip, free of the round trip's noise on a loaded machine).

Prints rows/s and their ratio, p50/p95 in ms and the guard's added latency at p50, and writes
benchmarks/results/cypher.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import neo4j

from analyst.audit import AuditEntry, AuditLog, statement_hash
from analyst.guard import Guard, Limits, Statement
from analyst.output import RowStream
from analyst.render import RowEncoder
from identity import accounts, tokens
from identity.graph import Graph
from identity.roles import Role
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
            token = asyncio.run(analyst_token(embedded.uri))
            server = start_server(embedded.uri, Path(home), args.rows)
            try:
                results = asyncio.run(
                    measure(embedded.uri, args, Path(home) / "audit.jsonl", server, token)
                )
            finally:
                stop_server(server[0])
        finally:
            embedded.stop()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"Wrote {RESULTS.relative_to(PROJECT_ROOT)}.")
    return 0


async def analyst_token(uri: str) -> str:
    driver = neo4j.AsyncGraphDatabase.driver(uri, auth=("neo4j", PASSWORD))
    try:
        graph = Graph(driver, "neo4j")
        account = await accounts.create(
            graph, email="bench-analyst@example.org", password=PASSWORD, roles=("analyst",)
        )
        secret, _ = await tokens.create(
            graph, account, name="bench-cypher", role=Role.ANALYST, days=1
        )
        return secret
    finally:
        await driver.close()


def start_server(uri: str, home: Path, rows: int) -> tuple[subprocess.Popen[bytes], str]:
    """`kg serve` on a free port against the benchmark's Neo4j; (the process, its URL)."""
    port = free_port()
    environ = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    environ.update(
        KG_NEO4J_URI=uri,
        KG_NEO4J_USER="neo4j",
        KG_NEO4J_PASSWORD=PASSWORD,
        KG_NEO4J_DATABASE="neo4j",
        KG_PORT=str(port),
        KG_CYPHER_MAX_ROWS=str(rows),
        KG_CYPHER_MAX_RANGE_ELEMENTS=str(rows),
        KG_CYPHER_TIMEOUT_SECONDS="3600",
        KG_CYPHER_AUDIT_LOG=str(home / "server-audit.jsonl"),
    )
    log = (home / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve"], env=environ, stdout=log, stderr=log
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the server stopped: " + (home / "server.log").read_text())
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.2)
    stop_server(process)
    raise RuntimeError("the server did not start: " + (home / "server.log").read_text())


def stop_server(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def export_by_http(
    client: httpx.AsyncClient, token: str, pid: int, rows: int
) -> tuple[float, int]:
    started = time.perf_counter()
    base = peak = resident_bytes(pid)
    lines = unsampled = 0
    body = {"statement": EXPORT, "parameters": {"rows": rows}}
    headers = {"authorization": f"Bearer {token}", "accept": "text/csv"}
    async with client.stream("POST", "/cypher", json=body, headers=headers) as response:
        assert response.status_code == 200, await response.aread()
        async for chunk in response.aiter_bytes():
            lines += chunk.count(b"\n")
            unsampled += len(chunk)
            if unsampled >= 256 * 1024:
                peak = max(peak, resident_bytes(pid))
                unsampled = 0
    assert lines == rows + 1
    return time.perf_counter() - started, max(peak, resident_bytes(pid)) - base


async def measure(
    uri: str,
    args: argparse.Namespace,
    audit: Path,
    server: tuple[subprocess.Popen[bytes], str],
    token: str,
) -> dict[str, Any]:
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
    process, url = server
    client = httpx.AsyncClient(base_url=url, timeout=3600)
    try:
        export: dict[str, list[float]] = {"driver": [], "guard": [], "HTTP": []}
        peaks: list[int] = []
        server_peaks: list[int] = []
        await export_by_http(client, token, process.pid, 1000)  # the server's first statement
        for round_ in range(args.exports):
            export["driver"].append(await export_by_driver(driver, args.rows))
            seconds, peak = await export_by_guard(guard, args.rows)
            export["guard"].append(seconds)
            peaks.append(peak)
            over_http, server_peak = await export_by_http(client, token, process.pid, args.rows)
            export["HTTP"].append(over_http)
            server_peaks.append(server_peak)
            print(
                f"  export round {round_ + 1}/{args.exports}: driver "
                f"{export['driver'][-1]:.1f} s ({args.rows / export['driver'][-1]:,.0f} rows/s), "
                f"guard + CSV {seconds:.1f} s ({args.rows / seconds:,.0f} rows/s, resident "
                f"memory grew by {peak / 2**20:.1f} MiB), HTTP {over_http:.1f} s "
                f"({args.rows / over_http:,.0f} rows/s, the server grew by "
                f"{server_peak / 2**20:.1f} MiB); load average "
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
        own = [await guard_own_work(guard, f"A{index % 1000 + 1}") for index in range(1000)]
        return report(args.rows, export, peaks, server_peaks, small, own)
    finally:
        await client.aclose()
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


def resident_bytes(pid: int | str = "self") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS in /proc/{pid}/status")


async def small_by_driver(driver: neo4j.AsyncDriver, author: str) -> float:
    started = time.perf_counter()
    async with driver.session(database="neo4j", default_access_mode=neo4j.READ_ACCESS) as session:
        transaction = await session.begin_transaction(timeout=30)
        result = await transaction.run(SMALL, id=author)
        [record.values() async for record in result]
        await transaction.close()
    return (time.perf_counter() - started) * 1000


async def guard_own_work(guard: Guard, author: str) -> float:
    """ms of what the guard does for a cached small statement besides running it in Neo4j."""
    started = time.perf_counter()
    statement = Statement(SMALL, {"id": author})
    await guard.check(statement)  # cached: the text checks and the verdict, no EXPLAIN
    encoder = RowEncoder("json", ["name"], guard.limits.max_row_bytes)
    body = encoder.head() + encoder.rows([[f"Author {author[1:]}"]])
    body += encoder.tail({"rows": 1, "durationMs": 1.0})
    guard.audit.write(
        AuditEntry(
            who="bench",
            statement_sha256=statement_hash(statement.text),
            parameters=sorted(statement.parameters),
            mode="run",
            saved=None,
            duration_ms=1.0,
            rows=1,
            outcome="ok",
        )
    )
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
    rows: int,
    export: dict[str, list[float]],
    peaks: list[int],
    server_peaks: list[int],
    small: dict[str, list[float]],
    own: list[float],
) -> dict[str, Any]:
    rates = {path: rows / statistics.median(times) for path, times in export.items()}
    print(f"\nCSV export of {rows:,} rows (median of {len(export['driver'])} rounds):")
    for path, rate in rates.items():
        print(f"  {path:<8} {rate:>10,.0f} rows/s  ({rate / rates['driver']:.2f}x the driver)")
    print(f"  the process's resident memory grew by at most {max(peaks) / 2**20:.1f} MiB (guard)")
    grew = max(server_peaks) / 2**20
    print(f"  the server's resident memory grew by at most {grew:.1f} MiB (HTTP)")
    p50 = {path: statistics.median(times) for path, times in small.items()}
    p95 = {path: statistics.quantiles(times, n=20)[-1] for path, times in small.items()}
    print(f"\nSmall query ({len(small['driver'])} rounds), ms:")
    for path in small:
        added = p50[path] - p50["driver"]
        print(f"  {path:<17} p50 {p50[path]:6.2f}  p95 {p95[path]:6.2f}  added at p50 {added:+.2f}")
    own_p50, own_p95 = statistics.median(own), statistics.quantiles(own, n=20)[-1]
    print(
        f"  the guard's own work (no database, {len(own)} rounds): p50 {own_p50:.3f} ms, "
        f"p95 {own_p95:.3f} ms (goal: under 2 ms)"
    )
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
        "export_ratio_http_to_driver": rates["HTTP"] / rates["driver"],
        "export_resident_growth_bytes": max(peaks),
        "export_server_resident_growth_bytes": max(server_peaks),
        "small_p50_ms": p50,
        "small_p95_ms": p95,
        "guard_added_p50_ms": {path: p50[path] - p50["driver"] for path in small},
        "guard_own_work_ms": {"p50": own_p50, "p95": own_p95},
    }


if __name__ == "__main__":
    sys.exit(main())
