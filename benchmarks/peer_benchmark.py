"""Ours against the Neo4j GraphQL Library (`@neo4j/graphql` 7 on Apollo Server 5), on the same
embedded Neo4j and the same questions, over real HTTP on loopback (`make bench-peer`).

    .venv/bin/python -m benchmarks.peer_benchmark --authors 5000      # a modest graph
    .venv/bin/python -m benchmarks.peer_benchmark                     # 100,000 authors

The graph is api_benchmark's (var/bench/api-neo4j-N, generated and loaded once). Both servers
are started here on free loopback ports against that Neo4j: ours with `kg serve` (its response
cache off, so that every figure is a miss: the goal is cold), the peer with
benchmarks/peer/server.mjs and the typeDefs of benchmarks/peer/typeDefs.graphql (npm packages
from benchmarks/peer/package-lock.json: `make bench-peer` runs `npm ci` there first).

Queries (benchmarks/peer_queries.py): Q1 the profile (author, counts, first 10 works with
venue), Q2 nested (10 works -> their authors -> 5 collaborators each), Q3 our graphSlice at
depth 1 and 2 against the peer's nearest nested queries, Q4 a topic's 20 most cited works with
totalCount. For seeded samples (authors with at least 2 works, topics without subtopics), after a
warm-up, interleaved rounds time ours, the peer and the same question in raw Cypher through the
Python driver (benchmarks/peer/*.cypher; Q3 runs cypher/slice/neighbourhood). Before timing,
both answers are compared on samples (ids, order where both define it, counts); a mismatch stops
the run. Then a throughput run: 16 connections for --seconds on Q1 and Q3 depth 1, with the
server's and Neo4j's CPU per request from /proc and the servers' resident memory.
Prints the table and writes benchmarks/results/peer.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, LiteralString, cast

import httpx
import neo4j

import cypher
from benchmarks import peer_queries as q
from benchmarks.api_benchmark import LIMITS, SEED, prepare_data, start_neo4j, time_case
from kg.embedded import free_port
from kg.settings import PROJECT_ROOT
from resolvers.slice import DEFAULT_EDGES

PEER_DIR = PROJECT_ROOT / "benchmarks" / "peer"
RESULTS = PROJECT_ROOT / "benchmarks" / "results" / "peer.json"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def bench_cypher(name: str) -> LiteralString:
    return cast(LiteralString, (PEER_DIR / f"{name}.cypher").read_text(encoding="utf-8"))


# -- processes -----------------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its reaped children, from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
    return (utime + stime + cutime + cstime) / CLOCK_TICKS


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def start_process(command: list[str], env: dict[str, str], cwd: Path, log: Path) -> Any:
    handle = open(log, "ab")  # noqa: SIM115 - kept open for the process's life
    return subprocess.Popen(
        command,
        cwd=cwd,
        env={**os.environ, **env},
        stdout=handle,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )


def stop_process(process: Any) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def wait_ready(url: str, process: Any, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"{url} exited: {log.read_text()[-2000:]}")
            try:
                response = await client.post(url, json={"query": "{ __typename }"})
                if response.status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout} s: {log.read_text()[-2000:]}")


async def wait_warmed_up(url: str, timeout: float = 600) -> None:
    """Until our server's warm-up (schema/warmup.py) has planned the page's statements: on a
    loaded machine a first run can take longer than the 15 s read budget."""
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            state = str((await client.get(url)).json().get("warmUp", ""))
            if state.startswith(("done", "skipped", "failed")):
                print(f"Our warm-up: {state}", flush=True)
                return
            await asyncio.sleep(1)
    print("Our warm-up did not finish; measuring anyway", flush=True)


# -- measuring -----------------------------------------------------------------------------------

Timed = Callable[[str], Awaitable[Any]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--authors", type=int, default=100_000, help="graph size (default 100k)")
    parser.add_argument("--samples", type=int, default=200, help="sampled authors and topics")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds over the sample")
    parser.add_argument("--check", type=int, default=30, help="samples whose answers are compared")
    parser.add_argument("--seconds", type=float, default=30.0, help="each throughput run")
    parser.add_argument("--connections", type=int, default=16, help="throughput connections")
    args = parser.parse_args(argv)
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    if shutil.which("node") is None or not (PEER_DIR / "node_modules").exists():
        print("Run `make bench-peer` (it installs the peer's npm packages first).")
        return 2

    data = prepare_data(args.authors)
    embedded, password = start_neo4j(args.authors, data, reload=False)
    logs = PROJECT_ROOT / "var" / "bench" / "peer-logs"
    logs.mkdir(parents=True, exist_ok=True)
    ours_port, peer_port = free_port(), free_port()
    unlimited = "1000000 per minute"
    ours = start_process(
        [
            str(PROJECT_ROOT / ".venv" / "bin" / "kg"),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(ours_port),
        ],
        {
            "KG_NEO4J_URI": embedded.uri,
            "KG_NEO4J_USER": "neo4j",
            "KG_NEO4J_PASSWORD": password,
            "KG_NEO4J_DATABASE": "neo4j",
            "KG_RATE_MUTATIONS_PER_USER": unlimited,
            # Cold figures only: every request runs its queries (bench-api times the hits).
            "KG_RESPONSE_CACHE_BYTES": "0",
        },
        PROJECT_ROOT,
        logs / "ours.log",
    )
    peer = start_process(
        ["node", "server.mjs"],
        {
            "NEO4J_URI": embedded.uri,
            "NEO4J_USER": "neo4j",
            "NEO4J_PASSWORD": password,
            "PORT": str(peer_port),
        },
        PEER_DIR,
        logs / "peer.log",
    )
    try:
        neo4j_pid = int(embedded.pid_file.read_text().split()[0])
        results = asyncio.run(
            measure(
                embedded.uri,
                password,
                f"http://127.0.0.1:{ours_port}/graphql",
                f"http://127.0.0.1:{peer_port}/graphql",
                {"ours": ours.pid, "peer": peer.pid, "neo4j": neo4j_pid},
                (ours, peer),
                logs,
                args,
            )
        )
    finally:
        stop_process(peer)
        stop_process(ours)
        embedded.stop()
    results["authors"] = args.authors
    results["load_average"] = [round(x, 2) for x in os.getloadavg()]
    results["date"] = time.strftime("%Y-%m-%d", time.gmtime())
    print(f"load average at the end: {results['load_average']}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"Written to {RESULTS}")
    return 0


async def measure(
    uri: str,
    password: str,
    ours_url: str,
    peer_url: str,
    pids: dict[str, int],
    processes: tuple[Any, Any],
    logs: Path,
    args: argparse.Namespace,
) -> dict[str, Any]:
    driver = neo4j.AsyncGraphDatabase.driver(uri, auth=("neo4j", password))
    await wait_ready(ours_url, processes[0], logs / "ours.log")
    await wait_ready(peer_url, processes[1], logs / "peer.log")
    await wait_warmed_up(ours_url.removesuffix("/graphql") + "/readyz")

    async def read(query: LiteralString, **params: Any) -> list[neo4j.Record]:
        records, _, _ = await driver.execute_query(
            query, params, database_="neo4j", routing_=neo4j.RoutingControl.READ
        )
        return records

    rng = random.Random(SEED)
    authors = [r["id"] for r in await read(bench_cypher("sample_authors"))]
    topics = [r["id"] for r in await read(bench_cypher("sample_topics"))]
    authors = rng.sample(authors, min(args.samples, len(authors)))
    topics = rng.sample(topics, min(args.samples, len(topics)))
    counts = await read(cypher.query("stats/graph_counts"))
    print(
        f"Graph: {dict(counts[0])}; {len(authors)} sampled authors, {len(topics)} topics, "
        f"{args.rounds} rounds",
        flush=True,
    )
    limits = httpx.Limits(max_connections=args.connections, max_keepalive_connections=64)
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:

        def graphql(url: str, query: str) -> Timed:
            async def run(node_id: str) -> Any:
                response = await http.post(url, json={"query": query, "variables": {"id": node_id}})
                body = response.json()
                if response.status_code != 200 or body.get("errors"):
                    raise RuntimeError(f"{url}: {response.text[:500]}")
                return body["data"]

            return run

        def raw(query: LiteralString) -> Timed:
            return lambda node_id: read(query, id=node_id)

        slice_query = cypher.query("slice/neighbourhood")

        def raw_slice(depth: int) -> Timed:
            return lambda node_id: read(
                slice_query,
                center=node_id,
                depth=depth,
                limits=LIMITS,
                minStrength=0.0,
                maxEdges=DEFAULT_EDGES,
            )

        cases: dict[str, tuple[list[str], dict[str, Timed]]] = {
            "Q1 profile": (
                authors,
                {
                    "ours": graphql(ours_url, q.OURS_Q1),
                    "peer": graphql(peer_url, q.PEER_Q1),
                    "cypher": raw(bench_cypher("q1_profile")),
                },
            ),
            "Q2 nested": (
                authors,
                {
                    "ours": graphql(ours_url, q.OURS_Q2),
                    "peer": graphql(peer_url, q.PEER_Q2),
                    "cypher": raw(bench_cypher("q2_nested")),
                },
            ),
            "Q3 slice depth 1": (
                authors,
                {
                    "ours": graphql(ours_url, q.OURS_Q3_DEPTH_1),
                    "peer": graphql(peer_url, q.PEER_Q3_DEPTH_1),
                    "cypher": raw_slice(1),
                },
            ),
            "Q3 slice depth 2": (
                authors,
                {
                    "ours": graphql(ours_url, q.OURS_Q3_DEPTH_2),
                    "peer": graphql(peer_url, q.PEER_Q3_DEPTH_2),
                    "cypher": raw_slice(2),
                },
            ),
            "Q4 topic works": (
                topics,
                {
                    "ours": graphql(ours_url, q.OURS_Q4),
                    "peer": graphql(peer_url, q.PEER_Q4),
                    "cypher": raw(bench_cypher("q4_topic_works")),
                },
            ),
        }
        results: dict[str, Any] = {"checked": {}}
        for name, (sample, paths) in cases.items():
            await warm_up(name, paths, sample)
        for name, (sample, paths) in cases.items():
            comparer = q.COMPARERS.get(name)
            if comparer is not None:
                for node_id in sample[: args.check]:
                    mine, theirs = await paths["ours"](node_id), await paths["peer"](node_id)
                    mismatch = comparer(mine, theirs)
                    if mismatch:
                        raise SystemExit(f"{name}: the answers differ for {node_id}: {mismatch}")
                results["checked"][name] = min(args.check, len(sample))
        print(f"Answers identical on samples: {results['checked']}", flush=True)
        for name, (sample, paths) in cases.items():
            results[name] = await time_case(paths, sample, args.rounds)
        print_table(results, cases)
        results["throughput"] = {}
        for name in ("Q1 profile", "Q3 slice depth 1"):
            sample, paths = cases[name]
            for side in ("ours", "peer"):
                figures = await throughput(
                    paths[side], sample, args.connections, args.seconds, pids[side], pids["neo4j"]
                )
                results["throughput"][f"{name} {side}"] = figures
        results["memory_mb"] = {side: round(rss_mb(pids[side]), 1) for side in ("ours", "peer")}
        print_throughput(results)
    await driver.close()
    return results


async def warm_up(name: str, paths: dict[str, Timed], sample: list[str]) -> None:
    """Each path's first requests, retried while they time out: on a loaded machine the first
    run of a statement (planning, cold pages) can take longer than our 15 s read budget."""
    for node_id in sample[:3]:
        for path, run in paths.items():
            for attempt in range(5):
                try:
                    await run(node_id)
                    break
                except RuntimeError as error:
                    if "TIMEOUT" not in str(error) or attempt == 4:
                        raise
                    print(f"  {name} {path}: a cold first request timed out; again", flush=True)


async def throughput(
    run: Timed, sample: list[str], connections: int, seconds: float, pid: int, neo4j_pid: int
) -> dict[str, Any]:
    for node_id in sample[:20]:
        await run(node_id)
    done = errors = 0
    stop_at = time.monotonic() + seconds
    server_before, neo4j_before = cpu_seconds(pid), cpu_seconds(neo4j_pid)
    started = time.monotonic()

    async def worker(index: int) -> None:
        nonlocal done, errors
        position = index
        while time.monotonic() < stop_at:
            try:
                await run(sample[position % len(sample)])
                done += 1
            except (RuntimeError, httpx.HTTPError):
                errors += 1
            position += connections

    await asyncio.gather(*(worker(i) for i in range(connections)))
    elapsed = time.monotonic() - started
    server_cpu = cpu_seconds(pid) - server_before
    neo4j_cpu = cpu_seconds(neo4j_pid) - neo4j_before
    return {
        "requests": done,
        "errors": errors,
        "req_per_s": round(done / elapsed, 1),
        "server_cpu_ms_per_request": round(1000 * server_cpu / max(done, 1), 2),
        "neo4j_cpu_ms_per_request": round(1000 * neo4j_cpu / max(done, 1), 2),
    }


def print_table(results: dict[str, Any], cases: dict[str, Any]) -> None:
    print("\n| query | ours p50 / p95 | peer p50 / p95 | ours / peer | Cypher p50 / p95 |")
    print("| --- | --- | --- | --- | --- |")
    for name in cases:
        r = results[name]
        o, p, c = r["ours"], r["peer"], r["cypher"]
        print(
            f"| {name} | {o['p50_ms']:.1f} / {o['p95_ms']:.1f} | {p['p50_ms']:.1f} / "
            f"{p['p95_ms']:.1f} | {o['p50_ms'] / p['p50_ms']:.2f} / {o['p95_ms'] / p['p95_ms']:.2f}"
            f" | {c['p50_ms']:.1f} / {c['p95_ms']:.1f} |"
        )


def print_throughput(results: dict[str, Any]) -> None:
    print("\n| throughput | req/s | errors | server CPU ms/req | Neo4j CPU ms/req |")
    print("| --- | --- | --- | --- | --- |")
    for name, f in results["throughput"].items():
        print(
            f"| {name} | {f['req_per_s']} | {f['errors']} | {f['server_cpu_ms_per_request']} | "
            f"{f['neo4j_cpu_ms_per_request']} |"
        )
    print(f"\nResident memory after the runs (MB): {results['memory_mb']}")


if __name__ == "__main__":
    sys.exit(main())
