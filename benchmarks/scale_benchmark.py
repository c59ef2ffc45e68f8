"""Growth curves: do neighbourhood reads stay flat as the graph grows (`make bench-scale`)?

    .venv/bin/python -m benchmarks.scale_benchmark                          # 10k, 100k, 1M
    .venv/bin/python -m benchmarks.scale_benchmark --sizes 10000,100000     # what fits an hour
    .venv/bin/python -m benchmarks.scale_benchmark --sizes 10000 --builder load

For each size, the synthetic set of `kg generate --authors N --seed 7` (var/bench/authors-N-seed-7,
shared with the other benchmarks, generated when missing) is built into an embedded Neo4j of its
own (var/bench/scale-neo4j-N; removed after its size is measured unless --keep, so that only one
store is on disk at a time) by the builder:

- import: `kg import openalex DIR` (the bulk importer), when the command exists;
- load:   `load_openalex` as `kg load openalex` runs it (transactional MERGE batches; slow).

The build's works/s is end to end (conversion and schema included). Then, for --samples authors
stratified by collaborators per author (the authors with works sorted by their COLLABORATES_WITH
count, cut into --samples equal bins, one seeded random author per bin: the same percentiles at
every size), api_benchmark's time_case times, interleaved, the profile query and graphSlice at
depth 1 and 2: the named Cypher through the async driver and the GraphQL query through
`schema.execute` in process. The plans are checked too: each query is PROFILEd for the median
author and its operators listed; a label scan or an all-nodes scan (reads that grow with the
graph) is flagged, and the database hits per query are printed next to the times, since they
do not depend on the machine's other work.

Prints the growth table with each figure's ratio to the smallest size (the goals: the build at
25,000 works/s or more; slice and profile p50 at 1M no more than 1.5x their value at 10k) and
writes benchmarks/results/scale.json. Other work on the machine skews times: compare the
ratios of one run, and the database hits.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import random
import secrets
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, LiteralString, cast

import neo4j
from pydantic import SecretStr

import cypher
from benchmarks.api_benchmark import (
    BENCH_DIR,
    LIMITS,
    PROFILE,
    SEED,
    SLICE_OBJECTS,
    bench_neo4j_settings,
    prepare_data,
    schema_case,
    time_case,
)
from kg.db import apply_schema
from kg.embedded import EmbeddedNeo4j
from kg.graph_rules import CLOSE_COLLABORATOR_STRENGTH
from kg.settings import PROJECT_ROOT, Settings
from resolvers.slice import DEFAULT_EDGES
from schema import build_schema

RESULTS = PROJECT_ROOT / "benchmarks" / "results" / "scale.json"
IMPORT_GOAL_WORKS_PER_S = 25_000
READ_GOAL_RATIO = 1.5
# Operators whose cost grows with the whole graph rather than with the neighbourhood.
GROWING_OPERATORS = (
    "NodeByLabelScan",
    "AllNodesScan",
    "DirectedRelationshipTypeScan",
    "UndirectedRelationshipTypeScan",
    "DirectedRelationshipIndexSeek",  # a range of COLLABORATES_WITH(strength): every pair in it
    "UndirectedRelationshipIndexSeek",
)

# A collaborator count per author with works; the sampling sorts on it (not timed).
SETUP_READ_SECONDS = 1800.0
COLLABORATOR_COUNTS: LiteralString = (
    "MATCH (a:Author) WHERE EXISTS { (a)-[:AUTHORED]->() } "
    "RETURN a.id AS id, COUNT { (a)-[:COLLABORATES_WITH]-() } AS collaborators"
)


# -- building ------------------------------------------------------------------------------------


def build_with_load(data: Path, home: Path, password: str) -> tuple[EmbeddedNeo4j, float]:
    """`kg load openalex DATA` into a fresh embedded Neo4j (the transactional path); timed from
    the schema to the end of the load (Neo4j's start is not the load's)."""
    from loaders.openalex import load_openalex
    from synthetic.generate import FILE_NAMES

    embedded = EmbeddedNeo4j(bench_neo4j_settings(home, password))
    embedded.start()
    try:
        with neo4j.GraphDatabase.driver(embedded.uri, auth=("neo4j", password)) as driver:
            started = time.monotonic()
            apply_schema(driver, "neo4j")
            load_openalex(driver, "neo4j", [data / n for n in FILE_NAMES], progress=True)
            seconds = time.monotonic() - started
    except BaseException:
        embedded.stop()
        raise
    return embedded, seconds


def build_with_import(data: Path, home: Path, password: str) -> tuple[EmbeddedNeo4j, float]:
    """`kg import openalex DATA` (the bulk importer, which writes the store with the embedded
    Neo4j stopped), timed end to end, then the embedded Neo4j started on the imported store."""
    settings = bench_neo4j_settings(home, password)
    environment = {
        **os.environ,
        "KG_DATA_DIR": str(settings.data_dir),
        "KG_NEO4J_PASSWORD": password,
        "KG_NEO4J_PORT": str(settings.neo4j_port),
        "KG_NEO4J_URI": "",
        "KG_NEO4J_HEAP": settings.neo4j_heap,
        "KG_NEO4J_PAGECACHE": settings.neo4j_pagecache,
    }
    command = [sys.executable, "-m", "cli.main", "import", "openalex", str(data)]
    started = time.monotonic()
    subprocess.run(command, cwd=PROJECT_ROOT, env=environment, check=True)
    seconds = time.monotonic() - started
    embedded = EmbeddedNeo4j(settings)
    embedded.start()
    return embedded, seconds


BUILDERS: dict[str, Callable[[Path, Path, str], tuple[EmbeddedNeo4j, float]]] = {
    "import": build_with_import,
    "load": build_with_load,
}


def import_available() -> bool:
    """Whether `kg import` exists in this checkout (it is the default builder when it does)."""
    completed = subprocess.run(
        [sys.executable, "-m", "cli.main", "import", "--help"],
        cwd=PROJECT_ROOT,
        capture_output=True,
    )
    return completed.returncode == 0


# -- measuring -----------------------------------------------------------------------------------

Timed = Callable[[str], Awaitable[Any]]


def stratified_sample(counts: list[tuple[int, str]], samples: int, seed: int) -> list[str]:
    """One seeded random author per equal bin of the authors sorted by collaborator count: the
    same percentiles of collaborators per author at every graph size."""
    counts = sorted(counts)
    rng = random.Random(seed)
    bins = min(samples, len(counts))
    picked = []
    for index in range(bins):
        low, high = index * len(counts) // bins, (index + 1) * len(counts) // bins
        picked.append(counts[rng.randrange(low, max(high, low + 1))][1])
    return picked


async def measure(uri: str, password: str, args: argparse.Namespace) -> dict[str, Any]:
    settings = Settings(
        neo4j_uri=uri,
        neo4j_user="neo4j",
        neo4j_password=SecretStr(password),
        neo4j_database="neo4j",
        response_cache_bytes=0,  # every request runs its query
    )
    driver = neo4j.AsyncGraphDatabase.driver(uri, auth=("neo4j", password))
    schema = build_schema(settings)

    async def read(query: LiteralString, **params: Any) -> list[neo4j.Record]:
        # The embedded Neo4j's default transaction timeout is shorter than a first scan of
        # every author of a cold 1M store (the sample's collaborator counts) takes.
        records, _, _ = await driver.execute_query(
            neo4j.Query(query, timeout=SETUP_READ_SECONDS),
            params,
            database_="neo4j",
            routing_=neo4j.RoutingControl.READ,
        )
        return records

    counts = [(r["collaborators"], r["id"]) for r in await read(COLLABORATOR_COUNTS)]
    sample = stratified_sample(counts, args.samples, SEED)
    collaborators = sorted(c for c, _ in counts)
    [graph] = await read(cypher.query("stats/graph_counts"))
    percentiles = {
        f"p{p}": collaborators[min(len(collaborators) - 1, p * len(collaborators) // 100)]
        for p in (10, 50, 90, 99)
    }
    print(
        f"Graph: {dict(graph)}; collaborators per author {percentiles}; "
        f"{len(sample)} stratified authors, {args.rounds} rounds",
        flush=True,
    )
    profile_cypher = cypher.query("authors/profile")
    slice_cypher = cypher.query("slice/neighbourhood")
    profile_params = {"closeStrength": CLOSE_COLLABORATOR_STRENGTH}

    def slice_params(depth: int) -> dict[str, Any]:
        return {"depth": depth, "limits": LIMITS, "minStrength": 0.0, "maxEdges": DEFAULT_EDGES}

    def via_schema(query: str, **variables: Any) -> Timed:
        return schema_case(schema, driver, settings, query, **variables)

    cases: dict[str, dict[str, Timed]] = {
        "profile": {
            "cypher": lambda a: read(profile_cypher, ids=[a], **profile_params),
            "graphql": via_schema(PROFILE),
        }
    }
    for depth in (1, 2):
        params = slice_params(depth)
        cases[f"slice depth {depth}"] = {
            "cypher": lambda a, p=params: read(slice_cypher, center=a, **p),  # type: ignore[misc]
            "graphql": via_schema(SLICE_OBJECTS, depth=depth),
        }
    results: dict[str, Any] = {
        "graph": dict(graph),
        "collaborators_per_author": percentiles,
        "sample": len(sample),
    }
    for name, paths in cases.items():
        results[name] = await time_case(paths, sample, args.rounds)
        figures = results[name]
        print(
            f"  {name}: cypher {figures['cypher']['p50_ms']:.1f} / "
            f"{figures['cypher']['p95_ms']:.1f} ms, graphql {figures['graphql']['p50_ms']:.1f} / "
            f"{figures['graphql']['p95_ms']:.1f} ms (p50 / p95)",
            flush=True,
        )
    median_author = sample[len(sample) // 2]
    results["plans"] = {
        "author": median_author,
        "profile": await plan(driver, profile_cypher, ids=[median_author], **profile_params),
        **{
            f"slice depth {d}": await plan(
                driver, slice_cypher, center=median_author, **slice_params(d)
            )
            for d in (1, 2)
        },
    }
    results["db_hits"] = {
        "profile": await median_db_hits(
            driver, profile_cypher, [{"ids": [a], **profile_params} for a in sample]
        ),
        **{
            f"slice depth {d}": await median_db_hits(
                driver, slice_cypher, [{"center": a, **slice_params(d)} for a in sample]
            )
            for d in (1, 2)
        },
    }
    for name, figures in results["plans"].items():
        if name != "author" and figures["growing"]:
            print(f"  {name}: operators that grow with the graph: {figures['growing']}")
    print(f"  db hits (median over the sample): {results['db_hits']}", flush=True)
    await driver.close()
    return results


def walk(plan: Any) -> list[Any]:
    return [plan, *(p for child in plan.get("children", []) for p in walk(child))]


async def profiled(driver: neo4j.AsyncDriver, query: LiteralString, **params: Any) -> Any:
    profiled_query = cast(LiteralString, "PROFILE " + query)
    result = await driver.execute_query(
        profiled_query, params, database_="neo4j", routing_=neo4j.RoutingControl.READ
    )
    return result.summary.profile


async def plan(driver: neo4j.AsyncDriver, query: LiteralString, **params: Any) -> dict[str, Any]:
    """The query's operators for one author, with those whose reads grow with the graph."""
    operators = walk(await profiled(driver, query, **params))
    names = sorted({str(o["operatorType"]).split("@")[0] for o in operators})
    heaviest = sorted(operators, key=lambda o: -int(o.get("dbHits", 0)))[:5]
    return {
        "operators": names,
        "growing": [n for n in names if n.startswith(GROWING_OPERATORS)],
        "db_hits": sum(int(o.get("dbHits", 0)) for o in operators),
        "heaviest": [
            {
                "operator": str(o["operatorType"]).split("@")[0],
                "details": str(o.get("args", {}).get("Details", ""))[:160],
                "rows": int(o.get("rows", 0)),
                "db_hits": int(o.get("dbHits", 0)),
            }
            for o in heaviest
        ],
    }


async def median_db_hits(
    driver: neo4j.AsyncDriver, query: LiteralString, params: list[dict[str, Any]]
) -> float:
    hits = []
    for p in params:
        operators = walk(await profiled(driver, query, **p))
        hits.append(sum(int(o.get("dbHits", 0)) for o in operators))
    return statistics.median(hits)


# -- the run -------------------------------------------------------------------------------------


def measure_size(authors: int, builder: str, args: argparse.Namespace) -> dict[str, Any]:
    data = prepare_data(authors)
    home = BENCH_DIR / f"scale-neo4j-{authors}"
    built = home / "built.json"
    if args.reuse and built.exists():
        # A store kept by an earlier run (--keep): its build figures are the ones it recorded.
        record = json.loads(built.read_text())
        builder, build_seconds, password = record["builder"], record["seconds"], record["password"]
        print(f"\n== {authors:,} authors: reusing {home} (built with {builder}) ...", flush=True)
        embedded = EmbeddedNeo4j(bench_neo4j_settings(home, password))
        embedded.start()
    else:
        if home.exists():
            shutil.rmtree(home)  # a fresh store each run: the build is what is timed
        home.mkdir(parents=True)
        password = secrets.token_urlsafe(16)
        print(f"\n== {authors:,} authors: building with {builder} into {home} ...", flush=True)
        embedded, build_seconds = BUILDERS[builder](data, home, password)
        record = {"builder": builder, "seconds": build_seconds, "password": password}
        built.write_text(json.dumps(record) + "\n")
    try:
        results = asyncio.run(measure(embedded.uri, password, args))
    finally:
        embedded.stop()
        results_store = disk_mb(home)
        if not args.keep:
            shutil.rmtree(home)
    works = results["graph"]["works"]
    results.update(
        authors=authors,
        builder=builder,
        build_seconds=round(build_seconds, 1),
        build_works_per_s=round(works / build_seconds),
        store_mb=results_store,
    )
    print(
        f"  built {works:,} works in {build_seconds:.0f} s ({works / build_seconds:,.0f} "
        f"works/s); store {results_store:,.0f} MB",
        flush=True,
    )
    return results


def disk_mb(path: Path) -> float:
    total = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return round(total / 1e6, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="10000,100000,1000000", help="author counts (default 10k,100k,1M)"
    )
    parser.add_argument("--samples", type=int, default=40, help="stratified authors (40)")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds over the sample")
    parser.add_argument(
        "--builder", choices=sorted(BUILDERS), help="how to build (default import if it exists)"
    )
    parser.add_argument("--keep", action="store_true", help="keep each size's store")
    parser.add_argument(
        "--reuse", action="store_true", help="measure a store kept by --keep instead of building"
    )
    args = parser.parse_args(argv)
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    builder = args.builder or ("import" if import_available() else "load")
    if builder == "load" and max(sizes) > 10_000:
        print("Note: `kg load` builds at about 700 works/s; past 10k authors it takes long.")
    runs = []
    for authors in sizes:
        runs.append(measure_size(authors, builder, args))
        free = shutil.disk_usage(BENCH_DIR).free / 1e9
        print(f"  free disk after: {free:.0f} GB", flush=True)
    print_table(runs)
    results = {
        "date": time.strftime("%Y-%m-%d", time.gmtime()),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "runs": runs,
    }
    print(f"load average at the end: {results['load_average']}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"Written to {RESULTS}")
    return 0


def print_table(runs: list[dict[str, Any]]) -> None:
    base = runs[0]
    queries = ("profile", "slice depth 1", "slice depth 2")
    header = " | ".join(
        f"{q} p50 / p95 ms (p50 x{base['authors'] // 1000}k) | db hits" for q in queries
    )
    print(f"\n| authors | works | build works/s | {header} |")
    print("| --- | --- | --- | " + " | ".join("--- | ---" for _ in queries) + " |")
    for run in runs:
        cells = []
        for q in queries:
            g, b = run[q]["graphql"], base[q]["graphql"]
            hits, base_hits = run["db_hits"][q], base["db_hits"][q]
            cells.append(
                f"{g['p50_ms']:.1f} / {g['p95_ms']:.1f} ({g['p50_ms'] / b['p50_ms']:.2f}x) | "
                f"{hits:,.0f} ({hits / base_hits:.2f}x)"
            )
        print(
            f"| {run['authors']:,} | {run['graph']['works']:,} | {run['build_works_per_s']:,} "
            f"({run['builder']}) | " + " | ".join(cells) + " |"
        )
    last = runs[-1]
    print(
        f"\nGoals: build >= {IMPORT_GOAL_WORKS_PER_S:,} works/s "
        f"(measured {min(r['build_works_per_s'] for r in runs):,} at the slowest size); "
        f"p50 at {last['authors']:,} <= {READ_GOAL_RATIO}x {base['authors']:,}: "
        + ", ".join(
            f"{q} {last[q]['graphql']['p50_ms'] / base[q]['graphql']['p50_ms']:.2f}x"
            for q in queries
        )
    )


if __name__ == "__main__":
    sys.exit(main())
