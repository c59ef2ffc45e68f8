"""`kg import openalex` makes the graph `kg load openalex` makes of the same files.

The same input (generated records, the real OpenAlex samples when present, and a file with bad
lines) goes through the bulk importer into a second embedded Neo4j on a fresh store, and through
`kg load` into the suite's database; every node (labels and properties) and every relationship
(type, endpoint keys, properties) must be the same on both sides, and so must the rejects.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from cli.bulk_import import import_openalex
from cli.usage import UsageError
from kg.db import Connection
from kg.embedded import EmbeddedNeo4j
from kg.settings import Settings
from loaders.bulk import convert, snapshot_files
from loaders.openalex import load_openalex
from synthetic.generate import generate
from tests.conftest import MARKER_LABEL, TEST_PASSWORD, embedded_test_settings

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real"
BAD_LINES = (
    '{"id": "https://openalex.org/W900000001", "title": "fine", "updated_date": "2024-01-01"}\n'
    "{not json\n"
    '{"id": "https://openalex.org/X1"}\n'
    '{"id": "https://openalex.org/W900000002", "publication_year": "soon"}\n'
)


def fingerprint(driver: neo4j.Driver, database: str) -> tuple[Counter[str], Counter[str]]:
    """Every node and relationship as canonical JSON, counted (the suite's marker and the
    GraphVersion counter, which counts batches, are left out)."""
    nodes, _, _ = driver.execute_query(
        f"MATCH (n) WHERE NOT n:{MARKER_LABEL} AND NOT n:GraphVersion "
        "RETURN labels(n) AS labels, properties(n) AS props",
        database_=database,
    )
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS start, b.id AS end, "
        "properties(r) AS props",
        database_=database,
    )
    return (
        Counter(json.dumps([sorted(r["labels"]), r["props"]], sort_keys=True) for r in nodes),
        Counter(
            json.dumps([r["type"], r["start"], r["end"], r["props"]], sort_keys=True) for r in rels
        ),
    )


def assert_same_graph(loaded: neo4j.Driver, database: str, imported: neo4j.Driver) -> Counter[str]:
    """The graph of `kg load` (in `database`) and of the import (in "neo4j") are the same; the
    loaded side's nodes are returned."""
    loaded_nodes, loaded_rels = fingerprint(loaded, database)
    imported_nodes, imported_rels = fingerprint(imported, "neo4j")
    assert imported_nodes - loaded_nodes == Counter()
    assert loaded_nodes - imported_nodes == Counter()
    assert imported_rels - loaded_rels == Counter()
    assert loaded_rels - imported_rels == Counter()
    return loaded_nodes


def rejects(path: Path) -> list[tuple[str, int, str]]:
    if not path.exists():
        return []
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    return [(row["path"], row["line"], row["reason"]) for row in rows]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("import-input")
    summary = generate(root / "generated", authors=200, seed=11)
    files = list(reversed(summary.files))  # entities first, works last, as a snapshot orders them
    if REAL.is_dir():
        files += sorted((REAL / "openalex-idb").glob("*.json"))
        files += sorted((REAL / "openalex-jsonl").glob("*.jsonl"))
    bad = root / "bad.jsonl"
    bad.write_text(BAD_LINES)
    return [*files, bad]


@pytest.fixture(scope="module")
def imported(
    inputs: list[Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[neo4j.Driver, Path, Settings]]:
    """The bulk import into a fresh embedded Neo4j of its own, left running for the checks, with
    the records mapped in two worker processes (test_worker_processes_write_the_same_files shows
    that one process writes the same files)."""
    root = tmp_path_factory.mktemp("import-side")
    settings = embedded_test_settings(root / "neo4j")
    rejects_path = root / "import.rejects.jsonl"
    embedded = EmbeddedNeo4j(settings)
    try:
        embedded = import_openalex(
            settings,
            inputs,
            work_dir=root / "work",
            rejects_path=rejects_path,
            keep_running=True,
            workers=2,
        ).neo4j
        with neo4j.GraphDatabase.driver(embedded.uri, auth=("neo4j", TEST_PASSWORD)) as driver:
            yield driver, rejects_path, settings
    finally:
        embedded.stop()


def test_import_and_load_make_the_same_graph(
    inputs: list[Path],
    imported: tuple[neo4j.Driver, Path, Settings],
    empty_graph: neo4j.Driver,
    neo4j_connection: Connection,
    tmp_path: Path,
) -> None:
    database = neo4j_connection.database
    load_rejects = tmp_path / "load.rejects.jsonl"
    load_openalex(empty_graph, database, inputs, rejects_path=load_rejects)
    import_driver, import_rejects, _ = imported

    assert len(assert_same_graph(empty_graph, database, import_driver)) > 1000
    assert rejects(import_rejects) == rejects(load_rejects)
    assert [line for _, line, _ in rejects(import_rejects)] == [2, 3, 4]


def test_the_import_leaves_the_schema_and_version_kg_load_uses(
    imported: tuple[neo4j.Driver, Path, Settings],
) -> None:
    driver, _, _ = imported
    versions, _, _ = driver.execute_query("MATCH (v:GraphVersion) RETURN v.value AS value")
    assert [record["value"] for record in versions] == [1]
    constraints, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD labelsOrTypes")
    assert ["Work"] in [record["labelsOrTypes"] for record in constraints]
    pending, _, _ = driver.execute_query(
        "MATCH (a:Author) WHERE a.collab_pending IS NOT NULL RETURN count(a) AS n"
    )
    assert pending[0]["n"] == 0


def test_a_non_empty_database_is_refused(
    inputs: list[Path], imported: tuple[neo4j.Driver, Path, Settings], tmp_path: Path
) -> None:
    _, _, settings = imported
    with pytest.raises(UsageError, match=r"holds [\d,]+ nodes.*kg load openalex"):
        import_openalex(settings, inputs, work_dir=tmp_path / "work")
    assert not (tmp_path / "work").exists()


def test_a_snapshot_directory_reads_in_entity_order(tmp_path: Path) -> None:
    data = tmp_path / "snapshot" / "data"
    for entity, date in (
        ("works", "2024-01-02"),
        ("authors", "2024-01-01"),
        ("works", "2024-01-01"),
    ):
        part = data / entity / f"updated_date={date}"
        part.mkdir(parents=True, exist_ok=True)
        (part / "part_000.gz").write_bytes(b"")
    (data / "works" / "manifest").write_text("{}")
    found = [str(path.relative_to(data)) for path in snapshot_files([tmp_path / "snapshot"])]
    assert found == [
        "authors/updated_date=2024-01-01/part_000.gz",
        "works/updated_date=2024-01-01/part_000.gz",
        "works/updated_date=2024-01-02/part_000.gz",
    ]


def test_worker_processes_write_the_same_files(inputs: list[Path], tmp_path: Path) -> None:
    """The records mapped in worker processes reach the staged graph in the files' order: the
    CSV files and the rejects are byte for byte those of the in-process conversion."""
    written = {}
    for workers in (1, 2):
        out = tmp_path / f"workers-{workers}"
        conversion = convert(
            inputs, out, rejects_path=tmp_path / f"{workers}.rejects.jsonl", workers=workers
        )
        files = sorted(out.glob("*.csv"))
        rejected = (tmp_path / f"{workers}.rejects.jsonl").read_bytes()
        written[workers] = (conversion.counts, [(p.name, p.read_bytes()) for p in files], rejected)
        assert conversion.summary.rejected == 3
    assert written[1] == written[2]


def later_records(root: Path) -> list[Path]:
    """A later snapshot: a generated set with the same ids but other content (and more works),
    every record dated a year later, so that it replaces works (their authors, topics, venues
    and references), adds new ones and moves collaborations."""
    summary = generate(root / "raw", authors=260, seed=12)
    later = []
    for path in reversed(summary.files):
        target = root / path.name
        with path.open() as source, target.open("w") as out:
            for line in source:
                record = json.loads(line)
                record["updated_date"] = "2026-06-01T00:00:00"
                out.write(json.dumps(record) + "\n")
        later.append(target)
    return later


# Last in the module: it loads on top of the shared imported graph the tests above read.
def test_kg_load_applies_later_records_on_top_of_an_imported_graph(
    inputs: list[Path],
    imported: tuple[neo4j.Driver, Path, Settings],
    empty_graph: neo4j.Driver,
    neo4j_connection: Connection,
    tmp_path: Path,
) -> None:
    database = neo4j_connection.database
    later = later_records(tmp_path / "later")
    load_openalex(empty_graph, database, inputs, rejects_path=tmp_path / "first.rejects.jsonl")
    before, _ = fingerprint(empty_graph, database)
    load_openalex(empty_graph, database, later, rejects_path=tmp_path / "load.rejects.jsonl")
    import_driver, _, _ = imported
    summary = load_openalex(
        import_driver, "neo4j", later, rejects_path=tmp_path / "import.rejects.jsonl"
    )

    assert summary.rejected == 0
    after = assert_same_graph(empty_graph, database, import_driver)
    assert len(after - before) > 100  # the later records changed the graph
    versions, _, _ = import_driver.execute_query("MATCH (v:GraphVersion) RETURN v.value AS value")
    assert versions[0]["value"] > 1  # the load advanced the version the import left
