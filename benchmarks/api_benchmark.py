"""What GraphQL costs on top of the Cypher it runs: the profile query and graphSlice.

    .venv/bin/python -m benchmarks.api_benchmark                   # the 100,000-author graph
    .venv/bin/python -m benchmarks.api_benchmark --authors 20000   # a quicker look

The graph: the synthetic set of `kg generate --authors N --seed 7` (var/bench/authors-N-seed-7,
shared with benchmarks/load_benchmark.py, generated when missing) loaded with `load_openalex`
into an embedded Neo4j of this benchmark's own (var/bench/api-neo4j-N, loaded once and kept;
--reload starts it over). Nothing else of the project's is touched.

For sampled authors (the reference researcher first, then a seeded sample of authors with works)
it times, interleaved so that a busy machine slows every path alike:

- cypher: the named query run directly through the async driver, records decoded (the floor);
- schema: `schema.execute` of the GraphQL query, in process, without HTTP;
- http:   POST /graphql through the whole ASGI app (create_app: Starlette, strawberry's view,
          JSON encoding) in process with httpx.ASGITransport; no sockets, no uvicorn; the
          response cache off, so every request runs its query (cold);
- http cached: the same with the response cache on and primed (warm: hits only).

Queries: the author page's profile query; graphSlice at depth 1 and 2 in the object form
(nodes { id type label weight depth } edges { source target type weight }) and in the columnar
form (columns { ... }). Prints p50/p95 per path and the ratios to Cypher at p50, and writes
benchmarks/results/api.json.

Then claims and verification (benchmarks/claims_benchmark.py: claim, review request, approval,
release; a claimed, verified profile against an unclaimed one). Before them, accounts and
Follow (benchmarks/follow_benchmark.py), in the same run and app:
- sign-in: the signIn mutation over HTTP against a trivial query, and Argon2id alone;
- follow / unfollow: p50/p95 of one user's mutations;
- --users (32) users following and unfollowing at once for --follow-seconds (15), with the
  final follower counts checked exact against what every user did;
- anonymous reads: the profile query over HTTP before the accounts existed and after the load
  above, and with a session cookie (the ratio after / before is what must stay near 1).
- invite + accept (benchmarks/collaboration_benchmark.py): p50/p95 of inviteToCollaborate and
  acceptInvitation between those users, each holding a claim on a sampled author.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import random
import secrets
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import neo4j
from pydantic import SecretStr

import cypher
from kg import graph_version
from kg.db import apply_schema
from kg.embedded import EmbeddedNeo4j, free_port
from kg.graph_rules import CLOSE_COLLABORATOR_STRENGTH
from kg.reference_researcher import REFERENCE_AUTHOR_ID
from kg.settings import PROJECT_ROOT, Settings
from resolvers.context import Context
from resolvers.slice import DEFAULT_EDGES
from schema import build_schema

BENCH_DIR = PROJECT_ROOT / "var" / "bench"
RESULTS = PROJECT_ROOT / "benchmarks" / "results" / "api.json"
SEED = 7
LIMITS = {"AUTHOR": 25, "WORK": 25, "TOPIC": 10, "INSTITUTION": 10, "SOURCE": 5}

PROFILE = """query Profile($id: ID!) { author(id: $id) {
  id name orcid unresolved openToCollaborate affiliationImported
  affiliation { id name countryCode }
  counts { works followers topics collaborators closeCollaborators citations }
  trust { score status level claimed explanation
          components { key label points maxPoints detail } } } }"""
SLICE_OBJECTS = """query Slice($id: ID!, $depth: Int) { graphSlice(center: $id, depth: $depth) {
  depth truncated
  nodes { id type label weight depth }
  edges { source target type weight } } }"""
SLICE_COLUMNS = """query Slice($id: ID!, $depth: Int) { graphSlice(center: $id, depth: $depth) {
  depth truncated
  columns { ids types labels weights depths edgeSources edgeTargets edgeTypes edgeWeights } } }"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--authors", type=int, default=100_000, help="graph size (default 100k)")
    parser.add_argument("--samples", type=int, default=40, help="sampled authors (default 40)")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds over the sample")
    parser.add_argument("--reload", action="store_true", help="rebuild the benchmark's graph")
    parser.add_argument("--users", type=int, default=32, help="concurrent followers (32)")
    parser.add_argument(
        "--follow-seconds", type=float, default=15.0, help="how long they follow (15 s)"
    )
    args = parser.parse_args(argv)
    logging.getLogger("neo4j").setLevel(logging.ERROR)  # no notification chatter in the output
    # httpx's ASGITransport tries `import sniffio` on every request; without sniffio installed
    # that failed import costs ~0.4 ms a request, a harness cost no real server pays.
    sys.modules.setdefault("sniffio", None)  # type: ignore[arg-type]

    data = prepare_data(args.authors)
    embedded, password = start_neo4j(args.authors, data, reload=args.reload)
    try:
        results = asyncio.run(measure(embedded.uri, password, args))
    finally:
        embedded.stop()
    results["authors"] = args.authors
    # Other work on the machine slows every path; the ratios are what to compare across runs.
    results["load_average"] = [round(x, 2) for x in os.getloadavg()]
    print(f"load average at the end: {results['load_average']}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nWritten to {RESULTS}")
    return 0


# -- the graph -----------------------------------------------------------------------------------


def prepare_data(authors: int) -> Path:
    from loaders.demo import STAMP_NAME, generated
    from synthetic.generate import generate

    data = BENCH_DIR / f"authors-{authors}-seed-{SEED}"
    if not generated(data, authors=authors, seed=SEED):
        print(f"Generating {authors:,} authors into {data} ...", flush=True)
        generate(data, authors=authors, seed=SEED, progress=True)
        (data / STAMP_NAME).write_text(json.dumps({"authors": authors, "seed": SEED}))
    return data


def bench_neo4j_settings(home: Path, password: str) -> Settings:
    """A benchmark's own embedded Neo4j in `home` (its store under home/db), on a free port."""
    return Settings(
        data_dir=home / "db",
        neo4j_port=free_port(),
        neo4j_password=SecretStr(password),
        neo4j_uri="",
        neo4j_heap="2g",
        neo4j_pagecache="1g",
    )


def start_neo4j(authors: int, data: Path, *, reload: bool) -> tuple[EmbeddedNeo4j, str]:
    """The benchmark's embedded Neo4j holding `data`, started. Built once with `kg import`
    (tests/test_import.py shows it makes the graph `kg load` makes, many times faster) and kept
    in var/bench/api-neo4j-N for later runs; --reload builds it again."""
    import shutil

    from cli.bulk_import import import_openalex

    home = BENCH_DIR / f"api-neo4j-{authors}"
    marker = home / "loaded.json"
    if (reload or not marker.exists()) and home.exists():
        shutil.rmtree(home)
    home.mkdir(parents=True, exist_ok=True)
    password_file = home / "bench-password"
    if not password_file.exists():
        password_file.write_text(secrets.token_urlsafe(16))
    password = password_file.read_text().strip()
    settings = bench_neo4j_settings(home, password)
    if not marker.exists():
        print(f"Importing {data} (once; kept for later runs) ...", flush=True)
        report = import_openalex(settings, [data], progress=True, keep_running=True)
        marker.write_text(
            json.dumps(
                {"seconds": round(report.seconds, 1), "summary": str(report.conversion.summary)}
            )
            + "\n"
        )
        return report.neo4j, password
    embedded = EmbeddedNeo4j(settings)
    print(f"Starting the benchmark's Neo4j ({home}) ...", flush=True)
    embedded.start()  # on failure or Ctrl-C, start() itself leaves no JVM behind
    try:
        with neo4j.GraphDatabase.driver(embedded.uri, auth=("neo4j", password)) as driver:
            apply_schema(driver, "neo4j")
    except BaseException:
        embedded.stop()
        raise
    return embedded, password


# -- measuring -----------------------------------------------------------------------------------


Timed = Callable[[str], Awaitable[Any]]


def schema_case(
    schema: Any, driver: neo4j.AsyncDriver, settings: Settings, query: str, **variables: Any
) -> Timed:
    """A case that asks `query` of the schema in process for an author id (no HTTP)."""

    async def run(author: str) -> Any:
        context = Context(driver=driver, database="neo4j", settings=settings)
        result = await schema.execute(
            query, variable_values={"id": author, **variables}, context_value=context
        )
        if result.errors:
            raise RuntimeError(result.errors)
        return result.data

    return run


async def measure(uri: str, password: str, args: argparse.Namespace) -> dict[str, Any]:
    from server import create_app

    unlimited = "1000000 per minute"  # the benchmark measures the work, not the rate limits
    settings = Settings(
        neo4j_uri=uri,
        neo4j_user="neo4j",
        neo4j_password=SecretStr(password),
        neo4j_database="neo4j",
        rate_sign_in_per_account=unlimited,
        rate_sign_in_per_address=unlimited,
        rate_sign_up_per_address=unlimited,
        rate_mutations_per_user=unlimited,
        response_cache_bytes=0,  # "http" is the cold path: every request runs its query
    )
    driver = neo4j.AsyncGraphDatabase.driver(uri, auth=("neo4j", password))
    schema = build_schema(settings)
    app = create_app(settings)
    # "http cached": the same app with the response cache (edge/response_cache.py), primed for
    # every sampled author, so it times hits only: warm figures, never blended with cold ones.
    cached_app = create_app(settings.model_copy(update={"response_cache_bytes": 64_000_000}))
    await graph_version.advance(driver, "neo4j")  # a graph loaded before versions had none
    sample = await sample_authors(driver, args.samples)
    counts = await driver.execute_query(cypher.query("stats/graph_counts"), database_="neo4j")
    print(
        f"Graph: {dict(counts.records[0])}; {len(sample)} sampled authors, {args.rounds} rounds",
        flush=True,
    )

    async def read(query: Any, **params: Any) -> list[neo4j.Record]:
        records, _, _ = await driver.execute_query(
            query, params, database_="neo4j", routing_=neo4j.RoutingControl.READ
        )
        return records

    profile_cypher = cypher.query("authors/profile")
    slice_cypher = cypher.query("slice/neighbourhood")

    def cypher_profile(author: str) -> Awaitable[Any]:
        return read(profile_cypher, ids=[author], closeStrength=CLOSE_COLLABORATOR_STRENGTH)

    def cypher_slice(depth: int) -> Timed:
        return lambda author: read(
            slice_cypher,
            center=author,
            depth=depth,
            limits=LIMITS,
            minStrength=0.0,
            maxEdges=DEFAULT_EDGES,
        )

    def via_schema(query: str, **variables: Any) -> Timed:
        return schema_case(schema, driver, settings, query, **variables)

    results: dict[str, Any] = {}
    async with (
        app.router.lifespan_context(app) as state,  # type: ignore[attr-defined]
        cached_app.router.lifespan_context(cached_app) as cached_state,  # type: ignore[attr-defined]
    ):
        transport = httpx.ASGITransport(app=_with_state(app, state))
        cached_transport = httpx.ASGITransport(app=_with_state(cached_app, cached_state))
        async with (
            httpx.AsyncClient(transport=transport, base_url="http://bench") as http,
            httpx.AsyncClient(transport=cached_transport, base_url="http://bench") as cached,
        ):

            def via_http(query: str, *, client: Any = http, **variables: Any) -> Timed:
                async def run(author: str) -> Any:
                    response = await client.post(
                        "/graphql", json={"query": query, "variables": {"id": author, **variables}}
                    )
                    body = response.json()
                    if response.status_code != 200 or "errors" in body:
                        raise RuntimeError(response.text[:500])
                    return body

                return run

            async def primed(run: Timed) -> Timed:
                for author in sample:
                    for attempt in range(3):  # a busy machine's first run also plans the query
                        try:
                            await run(author)
                            break
                        except RuntimeError:
                            if attempt == 2:
                                raise
                return run

            cases: dict[str, dict[str, Timed]] = {
                "profile": {
                    "cypher": cypher_profile,
                    "schema": via_schema(PROFILE),
                    "http": via_http(PROFILE),
                    "http cached": await primed(via_http(PROFILE, client=cached)),
                },
            }
            for depth in (1, 2):
                cases[f"slice depth {depth}"] = {
                    "cypher": cypher_slice(depth),
                    "schema": via_schema(SLICE_OBJECTS, depth=depth),
                    "http": via_http(SLICE_OBJECTS, depth=depth),
                    "http cached": await primed(
                        via_http(SLICE_OBJECTS, client=cached, depth=depth)
                    ),
                    "schema columns": via_schema(SLICE_COLUMNS, depth=depth),
                    "http columns": via_http(SLICE_COLUMNS, depth=depth),
                }
            for name, paths in cases.items():
                results[name] = await time_case(paths, sample, args.rounds)
                report(name, results[name])
            results["slice sizes"] = await slice_sizes(cypher_slice, sample)
            from benchmarks.follow_benchmark import follow_figures

            results["accounts"] = await follow_figures(
                transport, driver, sample, via_http(PROFILE), args
            )
            from benchmarks.claims_benchmark import claim_figures

            results["claims"] = await claim_figures(
                transport, driver, sample, via_http(PROFILE), args
            )
    await driver.close()
    return results


def _with_state(app: Any, state: Any) -> Any:
    """The app with the lifespan's state in every request scope (ASGITransport sends no
    lifespan events; the lifespan was entered by the caller)."""

    async def asgi(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] in ("http", "websocket"):
            scope = {**scope, "state": dict(state or {})}
        await app(scope, receive, send)

    return asgi


async def sample_authors(driver: neo4j.AsyncDriver, size: int) -> list[str]:
    records, _, _ = await driver.execute_query(
        "MATCH (a:Author) WHERE a.id STARTS WITH 'A' AND EXISTS { (a)-[:AUTHORED]->() } "
        "RETURN a.id AS id ORDER BY id",
        database_="neo4j",
    )
    ids = [record["id"] for record in records]
    rng = random.Random(SEED)
    others = rng.sample([i for i in ids if i != REFERENCE_AUTHOR_ID], min(size - 1, len(ids) - 1))
    return [REFERENCE_AUTHOR_ID, *others]


async def time_case(paths: dict[str, Timed], sample: list[str], rounds: int) -> dict[str, Any]:
    for author in sample[:10]:  # warm-up: plans cached, pages in memory, code paths hot
        for run in paths.values():
            await run(author)
    timings: dict[str, list[float]] = {name: [] for name in paths}
    order = list(paths)
    for round_number in range(rounds):
        for author in sample:
            # Rotate which path goes first, so that none always follows another's cache warm-up.
            shift = round_number % len(order)
            for name in order[shift:] + order[:shift]:
                started = time.perf_counter()
                await paths[name](author)
                timings[name].append((time.perf_counter() - started) * 1000)
    summary: dict[str, Any] = {}
    for name, values in timings.items():
        values.sort()
        summary[name] = {
            "p50_ms": round(statistics.median(values), 2),
            "p95_ms": round(values[int(0.95 * (len(values) - 1))], 2),
            "n": len(values),
        }
    floor = summary["cypher"]["p50_ms"]
    for name in paths:
        summary[name]["ratio_p50"] = round(summary[name]["p50_ms"] / floor, 2)
    return summary


async def slice_sizes(cypher_slice: Callable[[int], Timed], sample: list[str]) -> dict[str, Any]:
    sizes: dict[str, Any] = {}
    for depth in (1, 2):
        nodes, edges = [], []
        for author in sample:
            [record] = await cypher_slice(depth)(author)
            nodes.append(len(record["nodes"]) + 1)
            edges.append(len(record["edges"]))
        sizes[f"depth {depth}"] = {
            "median_nodes": statistics.median(nodes),
            "max_nodes": max(nodes),
            "median_edges": statistics.median(edges),
            "max_edges": max(edges),
        }
    print(f"\nslice sizes: {json.dumps(sizes)}")
    return sizes


def report(name: str, summary: dict[str, Any]) -> None:
    print(f"\n{name}")
    print(f"  {'path':<16}{'p50 ms':>9}{'p95 ms':>9}{'p50 / cypher':>14}")
    for path, figures in summary.items():
        print(
            f"  {path:<16}{figures['p50_ms']:>9.2f}{figures['p95_ms']:>9.2f}"
            f"{figures['ratio_p50']:>13.2f}x"
        )


if __name__ == "__main__":
    sys.exit(main())
