"""How fast `kg load openalex` builds the graph, next to the plainest possible load of the same
rows.

    .venv/bin/python -m benchmarks.load_benchmark                 # the 100,000-author set
    .venv/bin/python -m benchmarks.load_benchmark --authors 10000 # a quicker look
    .venv/bin/python -m benchmarks.load_benchmark --authors 2000 --real-works 5000  # quicker yet

Generates the synthetic set under var/bench/ (or reuses it), then, each on a freshly started
embedded Neo4j of its own (one after the other, never two at once):

- baseline: the same files, read and validated by the same code, written with plain
  `UNWIND $rows CREATE` (nodes first, then works with their relationships, then citations);
  no MERGE, no update check, no collaborations. The goal compares the two end to end; since
  the baseline reads and writes in turn (the loader overlaps them), its database writes alone
  are timed too and a second, stricter ratio is printed against them;
- loader:   `load_openalex` as `kg load openalex` runs it, collaborations included;
- real:     the same loader on real OpenAlex records: those of ../shared/data/real/ (openalex-idb
  and openalex-jsonl, 443 works with their full fields, 50+ references each for many) repeated
  under fresh work and author ids until there are --real-works works (references between the
  samples' works are renamed with them, so each copy cites itself as the original does; the
  others stay pending, as in a real load). Institutions, sources and topics keep their ids.
  The goal: real-shaped records at no less than half the synthetic rate (works/s).

Prints works/s and relationships/s for both and the ratio (the goal: the loader at half the
baseline's rate or better), and writes them to benchmarks/results/load.json. The machine's other
work skews both sides: compare figures from one run only.

To build the 100k graph in the project's own Neo4j (the same files, the one-liner):

    kg generate --authors 100000 --seed 7 --out var/bench/authors-100000-seed-7 && \
        kg load openalex var/bench/authors-100000-seed-7
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, LiteralString

import neo4j
from pydantic import SecretStr

from kg.db import apply_schema
from kg.embedded import EmbeddedNeo4j, free_port
from kg.settings import PROJECT_ROOT, Settings
from loaders.demo import generated
from loaders.openalex import OpenAlexDialect, load_openalex
from loaders.pipeline import DEFAULT_BATCH_SIZE
from loaders.reading import read_records
from synthetic.generate import FILE_NAMES, generate

BENCH_DIR = PROJECT_ROOT / "var" / "bench"
REAL_SAMPLES = PROJECT_ROOT.parent / "shared" / "data" / "real"
REAL_FILES = (
    *sorted((REAL_SAMPLES / "openalex-idb").glob("*.json")),
    REAL_SAMPLES / "openalex-jsonl" / "works_sample.jsonl",
)
_OPENALEX = "https://openalex.org/"
RESULTS = PROJECT_ROOT / "benchmarks" / "results" / "load.json"
SEED = 7

_CREATE_TOPICS: LiteralString = (
    "UNWIND $rows AS row CREATE (t:Topic) SET t = row.props, t.id = row.id"
)
_CREATE_TOPIC_NODES: LiteralString = (
    "UNWIND $rows AS row CREATE (t:Topic {id: row.id, name: row.name, level: row.level})"
)
_CREATE_SUBTOPIC: LiteralString = (
    "UNWIND $rows AS row MATCH (c:Topic {id: row.child}) MATCH (p:Topic {id: row.parent}) "
    "CREATE (c)-[:SUBTOPIC_OF]->(p)"
)
_CREATE_SOURCES: LiteralString = (
    "UNWIND $rows AS row CREATE (s:Source) SET s = row.props, s.id = row.id"
)
_CREATE_INSTITUTIONS: LiteralString = (
    "UNWIND $rows AS row CREATE (i:Institution) SET i = row.props, i.id = row.id"
)
_CREATE_AUTHORS: LiteralString = """
UNWIND $rows AS row
CREATE (a:Author) SET a = row.props, a.id = row.id
WITH a, row
UNWIND row.affiliations AS affiliation
MATCH (i:Institution {id: affiliation.institution})
CREATE (a)-[:AFFILIATED_WITH {years: affiliation.years}]->(i)
"""
_CREATE_WORKS: LiteralString = """
UNWIND $rows AS row
CREATE (w:Work) SET w = row.props, w.id = row.id
WITH w, row
CALL (w, row) {
  UNWIND row.authorships AS authorship
  MATCH (a:Author {id: authorship.author})
  CREATE (a)-[:AUTHORED {position: authorship.position,
                         corresponding: authorship.corresponding}]->(w)
}
CALL (w, row) {
  UNWIND row.topics AS topic
  MATCH (t:Topic {id: topic.id})
  CREATE (w)-[:HAS_TOPIC {score: topic.score}]->(t)
}
CALL (w, row) {
  MATCH (s:Source {id: row.source})
  CREATE (w)-[:PUBLISHED_IN]->(s)
}
"""
_CREATE_CITES: LiteralString = """
UNWIND $rows AS row
MATCH (w:Work {id: row.id})
UNWIND row.refs AS ref
MATCH (cited:Work {id: ref})
CREATE (w)-[:CITES]->(cited)
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--authors", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument("--real-works", type=int, default=50_000)
    parser.add_argument("--only", choices=["loader", "baseline", "real"], help="run one side only")
    args = parser.parse_args(argv)

    data = BENCH_DIR / f"authors-{args.authors}-seed-{SEED}"
    if not generated(data, authors=args.authors, seed=SEED):
        print(f"Generating {args.authors:,} authors into {data} ...", flush=True)
        generate(data, authors=args.authors, seed=SEED, progress=True)
        (data / ".generation.json").write_text(
            json.dumps({"authors": args.authors, "seed": SEED}) + "\n"
        )
    files = [data / name for name in FILE_NAMES]
    works = sum(1 for _ in open(files[0], "rb"))  # noqa: SIM115
    print(f"Data: {data} ({works:,} works)", flush=True)

    results: dict[str, Any] = {
        "authors": args.authors,
        "works": works,
        "batch_size": args.batch_size,
        "cores": os.cpu_count(),
        "load_average_at_start": [round(x, 1) for x in os.getloadavg()],
    }
    write_seconds: list[float] = []
    sides: list[tuple[str, Callable[[neo4j.Driver], object]]] = [
        (
            "baseline",
            lambda driver: write_seconds.append(baseline_load(driver, files, args.batch_size)),
        ),
        (
            "loader",
            lambda driver: load_openalex(
                driver, "neo4j", files, progress=True, batch_size=args.batch_size
            ),
        ),
    ]
    if args.real_works > 0:
        real = real_shaped(args.real_works)
        sides.append(
            (
                "real",
                lambda driver: load_openalex(
                    driver, "neo4j", [real], progress=True, batch_size=args.batch_size
                ),
            )
        )
    for name, load in sides:
        if args.only and name != args.only:
            continue
        with fresh_neo4j() as driver:
            print(f"\n== {name} ==", flush=True)
            started = time.monotonic()
            load(driver)
            seconds = time.monotonic() - started
            graph_works = _count(driver, "MATCH (w:Work) RETURN count(w)")
            relationships = _count(driver, "MATCH ()-[r]->() RETURN count(r)")
            results[name] = {
                "seconds": round(seconds, 1),
                "works": graph_works,
                "relationships": relationships,
                "works_per_second": round(graph_works / seconds, 1),
                "relationships_per_second": round(relationships / seconds, 1),
            }
            print(
                f"{name}: {graph_works:,} works and {relationships:,} relationships in "
                f"{seconds:.1f} s",
                flush=True,
            )
            if name == "baseline":
                writes = write_seconds[0]
                results["baseline_writes"] = {
                    "seconds": round(writes, 1),
                    "works": graph_works,
                    "relationships": relationships,
                    "works_per_second": round(graph_works / writes, 1),
                    "relationships_per_second": round(relationships / writes, 1),
                }

    print()
    print(f"{'':16}{'seconds':>10}{'works/s':>12}{'rels/s':>12}{'rels':>12}")
    for name in ("baseline", "baseline_writes", "loader", "real"):
        if name in results:
            side = results[name]
            print(
                f"{name:16}{side['seconds']:>10.1f}{side['works_per_second']:>12,.0f}"
                f"{side['relationships_per_second']:>12,.0f}{side['relationships']:>12,}"
            )
    if "baseline" in results and "loader" in results:
        loader = results["loader"]["works_per_second"]
        wall = loader / results["baseline"]["works_per_second"]
        strict = loader / results["baseline_writes"]["works_per_second"]
        results["ratio_to_baseline"] = round(wall, 3)
        results["ratio_to_baseline_writes"] = round(strict, 3)
        verdict = "met" if wall >= 0.5 else "missed"
        print(
            f"loader/baseline (works/s): {wall:.2f} (goal 0.5: {verdict}); against the "
            f"baseline's database writes alone: {strict:.2f}"
        )
    if "baseline" in results and "real" in results:
        real_share = results["real"]["works_per_second"] / results["baseline"]["works_per_second"]
        results["ratio_real_to_baseline"] = round(real_share, 3)
        print(f"real-shaped loader/baseline (works/s): {real_share:.2f}")
    if "loader" in results and "real" in results:
        share = results["real"]["works_per_second"] / results["loader"]["works_per_second"]
        results["ratio_real_to_synthetic"] = round(share, 3)
        verdict = "met" if share >= 0.5 else "missed"
        print(
            f"real-shaped/synthetic loader (works/s): {share:.2f} (goal 0.5: {verdict}); "
            f"{results['real']['works']:,} real-shaped works against "
            f"{results['loader']['works']:,} synthetic"
        )
    results["load_average_at_end"] = [round(x, 1) for x in os.getloadavg()]
    print(
        f"machine: {os.cpu_count()} cores, load average (1, 5, 15 min) "
        f"{results['load_average_at_start']} at the start, {results['load_average_at_end']} "
        "at the end: other work on the machine slows every side, so compare ratios of one run"
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"Written to {RESULTS}")
    return 0


def real_shaped(target_works: int) -> Path:
    """The real records repeated under fresh ids to at least target_works works (one JSON Lines
    file under var/bench/, reused when it is there)."""
    out = BENCH_DIR / f"real-{target_works}.jsonl"
    if out.exists():
        return out
    missing = [path for path in REAL_FILES if not path.exists()]
    if missing:
        raise SystemExit(f"the real OpenAlex samples are not there: {missing[0]}")
    records = [record.value for path in REAL_FILES for record in read_records(path)]
    works = [r for r in records if r["id"].startswith(_OPENALEX + "W")]
    own = {work["id"] for work in works}
    copies = -(-target_works // len(works))
    print(f"Writing {copies} copies of {len(works)} real works into {out} ...", flush=True)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(".partial")
    with open(partial, "w", encoding="utf-8") as handle:
        for copy in range(copies):
            for record in records:
                handle.write(json.dumps(_renamed(record, copy, own), ensure_ascii=False) + "\n")
    partial.rename(out)
    return out


def _fresh(openalex_id: str, copy: int) -> str:
    """W123 in copy 7 -> W9007123: a fixed-width prefix keeps every copy's ids apart."""
    short = openalex_id.removeprefix(_OPENALEX)
    return f"{_OPENALEX}{short[0]}9{copy:03d}{short[1:]}"


def _renamed(record: dict[str, Any], copy: int, own: set[str]) -> dict[str, Any]:
    record = dict(record)
    record["id"] = _fresh(record["id"], copy)
    if record["id"].startswith(_OPENALEX + "W"):
        record["referenced_works"] = [
            _fresh(ref, copy) if ref in own else ref for ref in record.get("referenced_works") or []
        ]
        authorships = []
        for authorship in record.get("authorships") or []:
            author = dict(authorship.get("author") or {})
            if author.get("id"):
                author["id"] = _fresh(author["id"], copy)
            authorships.append({**authorship, "author": author})
        record["authorships"] = authorships
    return record


@contextmanager
def fresh_neo4j() -> Iterator[neo4j.Driver]:
    """An embedded Neo4j on an empty temporary data directory, with the schema applied."""
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        password = secrets.token_urlsafe(16)
        settings = Settings(
            data_dir=Path(tmp),
            neo4j_port=free_port(),
            neo4j_password=SecretStr(password),
            neo4j_uri="",
        )
        embedded = EmbeddedNeo4j(settings)
        print(f"Starting Neo4j in {tmp} ...", flush=True)
        embedded.start()
        try:
            with neo4j.GraphDatabase.driver(embedded.uri, auth=("neo4j", password)) as driver:
                apply_schema(driver, "neo4j")
                yield driver
        finally:
            embedded.stop()


def baseline_load(driver: neo4j.Driver, files: list[Path], batch_size: int) -> float:
    """The same rows as the loader's, written with plain CREATE (nothing merged or checked).

    Returns the seconds spent in the database writes alone."""
    dialect = OpenAlexDialect()
    topic_nodes: dict[str, dict[str, Any]] = {}
    topic_edges: set[tuple[str, str]] = set()
    by_entity: dict[str, list[dict[str, Any]]] = {}

    def rows_of(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
        for record in read_records(path):
            entity, _, row = dialect.prepare(record.value)
            yield entity, row

    spent = [0.0]
    with driver.session(database="neo4j") as session:

        def write(query: LiteralString, rows: list[dict[str, Any]]) -> None:
            if rows:
                started = time.monotonic()
                session.execute_write(lambda tx: tx.run(query, rows=rows).consume())
                spent[0] += time.monotonic() - started

        # Topics first: their ancestors (subfields, fields, domains) exist only inside records.
        for path in files:
            if path.name != "topics.jsonl":
                continue
            for _, row in rows_of(path):
                by_entity.setdefault("topic", []).append(row)
                for node in row["topic_nodes"]:
                    topic_nodes.setdefault(node["id"], node)
                topic_edges.update((e["child"], e["parent"]) for e in row["topic_edges"])
        write(_CREATE_TOPICS, by_entity.pop("topic", []))
        write(_CREATE_TOPIC_NODES, list(topic_nodes.values()))
        write(_CREATE_SUBTOPIC, [{"child": c, "parent": p} for c, p in topic_edges])

        queries = {
            "source": _CREATE_SOURCES,
            "institution": _CREATE_INSTITUTIONS,
            "author": _CREATE_AUTHORS,
            "work": _CREATE_WORKS,
        }
        for name in ("sources.jsonl", "institutions.jsonl", "authors.jsonl", "works.jsonl"):
            path = next(p for p in files if p.name == name)
            batch: list[dict[str, Any]] = []
            entity = ""
            for entity, row in rows_of(path):
                batch.append(row)
                if len(batch) >= batch_size:
                    write(queries[entity], batch)
                    batch = []
            write(queries[entity], batch)
        # References: after every work exists, since a work may cite one later in the file.
        works = next(p for p in files if p.name == "works.jsonl")
        batch = []
        for _, row in rows_of(works):
            batch.append({"id": row["id"], "refs": row["refs"]})
            if len(batch) >= batch_size:
                write(_CREATE_CITES, batch)
                batch = []
        write(_CREATE_CITES, batch)
    return spent[0]


def _count(driver: neo4j.Driver, query: LiteralString) -> int:
    return int(driver.execute_query(query, database_="neo4j").records[0][0])


if __name__ == "__main__":
    sys.exit(main())
