"""Server CPU per request and latency of the profile query Q1 against a running `kg serve`.

    .venv/bin/python -m benchmarks.server_cpu --authors 2000 --requests 1000
    .venv/bin/python -m benchmarks.server_cpu --case h11=KG_HTTP=h11,KG_EVENT_LOOP=asyncio
    .venv/bin/python -m benchmarks.server_cpu --case old@/tmp/old-checkout   # another version
    .venv/bin/python -m benchmarks.server_cpu --case old@/tmp/old --requests 2000 --rounds 10

Each --case is LABEL[@SOURCE][=KEY=VALUE,...]: a server with that code (default this checkout)
and those settings; the cases run one after the other on the same Neo4j, after the current
code with its defaults, and each is printed with its ratio to the first. On a shared machine the
load drifts more between cases than a 10% change moves the figure: `--rounds N` starts every
case's server at once and has them take turns, N rounds of requests/N each, and prints each
case's median over the rounds and its median ratio to the first case round by round.

The graph and its Neo4j are api_benchmark's (var/bench, loaded once). The service runs as its own
process (`python -m cli.main serve` on a free loopback port, the response cache off so every
request runs its queries: cold), so uvicorn, the HTTP parser and the event loop are measured too.
One client on one keep-alive connection asks Q1 (benchmarks/peer_queries.py) for sampled authors
in turn, after a warm-up; the server's CPU is utime + stime from /proc/<pid>/stat (and of its
worker processes with --env KG_WORKERS=N) over the timed requests. `--profile FILE` records the
server with py-spy meanwhile (a flame graph in SVG, or `--format raw` text by extension).
Prints CPU ms per request, p50 / p95 in ms and the requests per second of that one client.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO

import httpx
import neo4j

from benchmarks.api_benchmark import prepare_data, sample_authors, start_neo4j
from benchmarks.peer_queries import OURS_Q1
from kg.embedded import free_port
from kg.settings import PROJECT_ROOT

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process and of its live children (uvicorn's workers)."""
    total = 0.0
    for process in [pid, *_children(pid)]:
        try:
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return total


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        found += [int(child) for child in children]
    return found + [grandchild for child in found for grandchild in _children(child)]


async def drive(url: str, authors: list[str], requests: int, warm_up: int) -> list[float]:
    async with httpx.AsyncClient(timeout=30) as client:

        async def ask(author: str) -> float:
            started = time.perf_counter()
            response = await client.post(url, json={"query": OURS_Q1, "variables": {"id": author}})
            seconds = time.perf_counter() - started
            body = response.json()
            if response.status_code != 200 or body.get("errors"):
                raise SystemExit(f"Q1 failed for {author}: {response.status_code} {body}")
            return seconds

        for i in range(warm_up):
            await ask(authors[i % len(authors)])
        return [await ask(authors[i % len(authors)]) for i in range(requests)]


def parse_case(text: str) -> tuple[str, Path, dict[str, str]]:
    head, _, settings = text.partition("=")
    label, _, source = head.partition("@")
    env = dict(item.split("=", 1) for item in settings.split(",") if item)
    return label, Path(source) if source else PROJECT_ROOT, env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--authors", type=int, default=2000, help="graph size (default 2000)")
    parser.add_argument("--requests", type=int, default=1000, help="timed requests")
    parser.add_argument("--warm-up", type=int, default=200, help="requests before timing")
    parser.add_argument("--samples", type=int, default=100, help="sampled authors")
    parser.add_argument("--case", action="append", default=[], help="LABEL[@SOURCE][=K=V,...]")
    parser.add_argument("--only-cases", action="store_true", help="skip the default case")
    parser.add_argument("--profile", type=Path, help="py-spy record the first case's server")
    parser.add_argument("--rounds", type=int, default=0, help="servers at once, taking turns")
    args = parser.parse_args(argv)
    cases: list[tuple[str, Path, dict[str, str]]] = []
    if not args.only_cases:
        cases.append(("current", PROJECT_ROOT, {}))
    cases += [parse_case(text) for text in args.case]

    data = prepare_data(args.authors)
    embedded, password = start_neo4j(args.authors, data, reload=False)
    try:

        async def sample() -> list[str]:
            async with neo4j.AsyncGraphDatabase.driver(
                embedded.uri, auth=("neo4j", password)
            ) as driver:
                return await sample_authors(driver, args.samples)

        authors = asyncio.run(sample())
        base_env = {
            **os.environ,
            "KG_NEO4J_URI": embedded.uri,
            "KG_NEO4J_PASSWORD": password,
            "KG_RESPONSE_CACHE_BYTES": "0",  # cold: every request runs its queries
        }
        if args.rounds > 0:
            run_rounds(cases, base_env, authors, args)
            return 0
        results = []
        for number, (label, source, settings) in enumerate(cases):
            env = {**base_env, **settings}
            profile = args.profile if number == 0 else None
            cpu, ms, rate = run_case(source, env, authors, args, profile)
            results.append(cpu)
            shown = ",".join(f"{k}={v}" for k, v in settings.items()) or "defaults"
            print(
                f"{label:>10} ({shown}; code {source}): server CPU {cpu:.2f} ms/request "
                f"({cpu / results[0]:.2f} of the first), p50 {statistics.median(ms):.2f} ms, "
                f"p95 {ms[int(len(ms) * 0.95)]:.2f} ms, {rate:.0f} req/s on one connection",
                flush=True,
            )
    finally:
        embedded.stop()
    return 0


def run_case(
    source: Path,
    env: dict[str, str],
    authors: list[str],
    args: argparse.Namespace,
    profile: Path | None,
) -> tuple[float, list[float], float]:
    """(server CPU ms per request, sorted latencies in ms, requests per second)."""
    # The server's log lines go to a file: a pipe nobody reads would fill and block it.
    with tempfile.TemporaryFile() as log:
        return _run_case(source, env, authors, args, profile, log)


def _run_case(
    source: Path,
    env: dict[str, str],
    authors: list[str],
    args: argparse.Namespace,
    profile: Path | None,
    log: IO[bytes],
) -> tuple[float, list[float], float]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve", "--port", str(port)],
        cwd=source,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    spy: subprocess.Popen[bytes] | None = None
    try:
        base = f"http://127.0.0.1:{port}"
        wait_ready(base, server, log)
        asyncio.run(drive(f"{base}/graphql", authors, 0, args.warm_up))
        if profile is not None:
            spy = subprocess.Popen(
                [
                    str(Path(sys.executable).parent / "py-spy"),
                    "record",
                    "--pid",
                    str(server.pid),
                    "--subprocesses",
                    "--rate",
                    "250",
                    "--format",
                    "raw" if profile.suffix == ".txt" else "flamegraph",
                    "--output",
                    str(profile),
                ],
                stdout=subprocess.DEVNULL,
            )
            time.sleep(1)
        before = cpu_seconds(server.pid)
        started = time.perf_counter()
        timings = asyncio.run(drive(f"{base}/graphql", authors, args.requests, 0))
        elapsed = time.perf_counter() - started
        used = cpu_seconds(server.pid) - before
    finally:
        if spy is not None:
            spy.send_signal(2)
            spy.wait(timeout=60)
        server.terminate()
        server.wait(timeout=30)
    return used * 1000 / args.requests, sorted(t * 1000 for t in timings), len(timings) / elapsed


def run_rounds(
    cases: list[tuple[str, Path, dict[str, str]]],
    base_env: dict[str, str],
    authors: list[str],
    args: argparse.Namespace,
) -> None:
    """Every case's server at once; in each round each server in turn answers its share."""
    per_round = max(1, args.requests // args.rounds)
    with contextlib.ExitStack() as stack:
        servers = []
        for _, source, settings in cases:
            log = stack.enter_context(tempfile.TemporaryFile())
            port = free_port()
            server = subprocess.Popen(
                [sys.executable, "-m", "cli.main", "serve", "--port", str(port)],
                cwd=source,
                env={**base_env, **settings},
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
            stack.callback(_stop, server)
            servers.append((server, f"http://127.0.0.1:{port}/graphql"))
            wait_ready(f"http://127.0.0.1:{port}", server, log)
        for _, url in servers:
            asyncio.run(drive(url, authors, 0, args.warm_up))
        cpu: list[list[float]] = [[] for _ in servers]
        for number in range(args.rounds):
            turn = authors[number % len(authors) :] + authors[: number % len(authors)]
            for index, (server, url) in enumerate(servers):
                before = cpu_seconds(server.pid)
                asyncio.run(drive(url, turn, per_round, 0))
                cpu[index].append((cpu_seconds(server.pid) - before) * 1000 / per_round)
    for (label, source, settings), figures in zip(cases, cpu, strict=True):
        ratio = statistics.median(f / first for f, first in zip(figures, cpu[0], strict=True))
        shown = ",".join(f"{k}={v}" for k, v in settings.items()) or "defaults"
        print(
            f"{label:>10} ({shown}; code {source}): server CPU {statistics.median(figures):.2f} "
            f"ms/request, median of {args.rounds} rounds of {per_round} ({ratio:.2f} of the "
            f"first, round by round); rounds {' '.join(f'{f:.2f}' for f in figures)}",
            flush=True,
        )


def _stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    server.wait(timeout=30)


def wait_ready(base: str, server: subprocess.Popen[bytes], log: IO[bytes]) -> None:
    """Until /readyz says the warm-up is over (the author page's reads are planned)."""
    for _ in range(1200):
        try:
            warm = httpx.get(f"{base}/readyz", timeout=1).json().get("warmUp", "")
            if warm.startswith(("done", "skipped", "failed", "off")):
                return
        except (httpx.HTTPError, ValueError):
            pass
        if server.poll() is not None:
            log.seek(0)
            raise SystemExit(f"the server stopped: {log.read().decode()[-2000:]}")
        time.sleep(0.1)
    raise SystemExit("the server was not ready within 120 s")


if __name__ == "__main__":
    raise SystemExit(main())
