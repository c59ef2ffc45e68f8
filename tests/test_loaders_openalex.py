"""The OpenAlex loader against a real Neo4j: counts, idempotency, updates, forms, references."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import neo4j
import pytest

from kg.db import Connection
from kg.reference_researcher import REFERENCE_COAUTHOR_IDS, REFERENCE_WORK_IDS
from loaders.openalex import load_openalex
from synthetic.generate import FILE_NAMES, generate
from tests.loader_support import (
    OPENALEX_SAMPLES,
    assert_matches,
    count,
    expected_citations,
    expected_openalex,
    read_graph,
    snapshot,
    wiped,
    work_record,
    write_jsonl,
)

GENERATED_AUTHORS = 300


@pytest.fixture
def graph(driver: neo4j.Driver, neo4j_connection: Connection) -> neo4j.Driver:
    return wiped(driver, neo4j_connection.database)


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("generated")
    generate(out, authors=GENERATED_AUTHORS, seed=11)
    return [out / name for name in FILE_NAMES]


@pytest.fixture(scope="session")
def small_generated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("small")
    generate(out, authors=60, seed=12)
    return [out / name for name in FILE_NAMES]


@pytest.fixture(scope="session")
def real_samples() -> list[Path]:
    files = sorted(OPENALEX_SAMPLES.glob("*.json"))
    if not files:
        pytest.skip(f"the real OpenAlex samples are not there ({OPENALEX_SAMPLES})")
    return files


def test_generated_set_counts_match_the_files(
    graph: neo4j.Driver,
    neo4j_connection: Connection,
    generated: list[Path],
    tmp_path: Path,
) -> None:
    summary = load_openalex(
        graph,
        neo4j_connection.database,
        generated,
        rejects_path=tmp_path / "rejects.jsonl",
        batch_size=200,
    )

    lines = {path.name: len(path.read_text().splitlines()) for path in generated}
    assert summary.rejected == 0 and summary.rejects_path is None
    assert summary.entities["work"].loaded == lines["works.jsonl"]
    assert summary.entities["author"].loaded == lines["authors.jsonl"]
    assert summary.read == sum(lines.values())
    assert_matches(read_graph(graph), expected_openalex(generated))
    assert count(graph, "MATCH (:Work)-[c:CITES]->(:Work) RETURN count(c)") == len(
        expected_citations(generated)
    )
    assert count(graph, "MATCH (w:Work) WHERE w.pending_refs IS NOT NULL RETURN count(w)") == 0
    assert count(graph, "MATCH (a:Author) WHERE a.collab_pending IS NOT NULL RETURN count(a)") == 0
    for label, name in (("Institution", "institutions.jsonl"), ("Source", "sources.jsonl")):
        assert count(graph, f"MATCH (n:{label}) RETURN count(n)") == lines[name]
    # The reference researcher's world, as the generator promises it.
    coauthors = graph.execute_query(
        "MATCH (:Author {id: 'A5100000001'})-[:COLLABORATES_WITH]-(b) RETURN b.id AS id"
    ).records
    assert {r["id"] for r in coauthors} == set(REFERENCE_COAUTHOR_IDS)
    arxiv_ids = graph.execute_query(
        "MATCH (w:Work) WHERE w.id IN $ids RETURN w.arxiv_id AS arxiv ORDER BY w.id",
        ids=list(REFERENCE_WORK_IDS),
    ).records
    assert [r["arxiv"] for r in arxiv_ids] == ["2010.04116", "2204.06514"]


def test_real_samples_counts_match_the_files(
    graph: neo4j.Driver,
    neo4j_connection: Connection,
    real_samples: list[Path],
    tmp_path: Path,
) -> None:
    summary = load_openalex(
        graph, neo4j_connection.database, real_samples, rejects_path=tmp_path / "rejects.jsonl"
    )

    assert summary.rejected == 0, (tmp_path / "rejects.jsonl").read_text()
    assert summary.entities["work"].loaded == 393
    assert summary.entities["author"].loaded == 3
    assert_matches(read_graph(graph), expected_openalex(real_samples))
    assert count(graph, "MATCH (:Work)-[c:CITES]->(:Work) RETURN count(c)") == len(
        expected_citations(real_samples)
    )
    # Topics come with their hierarchy, each level labelled.
    levels = graph.execute_query(
        "MATCH (t:Topic {level: 'topic'})-[:SUBTOPIC_OF]->(s:Topic {level: 'subfield'})"
        "-[:SUBTOPIC_OF]->(f:Topic {level: 'field'})-[:SUBTOPIC_OF]->(d:Topic {level: 'domain'}) "
        "RETURN count(t) AS chains"
    ).records
    assert (
        levels[0]["chains"] == count(graph, "MATCH (t:Topic {level: 'topic'}) RETURN count(t)") > 50
    )
    # The author record enriches its node (the ORCID comes from `ids`) and its affiliations.
    author = graph.execute_query(
        "MATCH (a:Author {id: 'A5085007251'})-[r:AFFILIATED_WITH]->(i:Institution "
        "{id: 'I134085113'}) RETURN a.orcid AS orcid, a.works_count AS works, r.years AS years, "
        "i.ror AS ror"
    ).records[0]
    assert author["orcid"] == "0000-0002-4872-6201"
    assert author["works"] == 148
    assert author["ror"] == "03yez3163"
    assert author["years"] == sorted(author["years"]) and 2004 in author["years"]
    work = graph.execute_query(
        "MATCH (w:Work {id: 'W2138821921'})-[:PUBLISHED_IN]->(s:Source) "
        "RETURN w.doi AS doi, w.author_count AS n, w.abstract AS abstract, s.id AS source"
    ).records
    assert work[0]["doi"] == "10.1306/04211009178"
    assert work[0]["source"] == "S144020083"
    assert work[0]["abstract"].startswith("Diagenesis exerts a strong control")


def test_loading_twice_changes_nothing(
    graph: neo4j.Driver,
    neo4j_connection: Connection,
    small_generated: list[Path],
) -> None:
    load_openalex(graph, neo4j_connection.database, small_generated, batch_size=50)
    first = snapshot(graph)
    again = load_openalex(graph, neo4j_connection.database, small_generated, batch_size=37)
    assert again.rejected == 0
    assert snapshot(graph) == first


def test_a_newer_record_replaces_title_and_authorships(
    graph: neo4j.Driver,
    neo4j_connection: Connection,
    tmp_path: Path,
) -> None:
    database = neo4j_connection.database
    old = work_record(
        "W1",
        title="Old title",
        updated="2024-01-01T00:00:00",
        authors=[("A1", "Ann One"), ("A2", "Bo Two")],
        topic="T11",
    )
    new = work_record(
        "W1",
        title="New title",
        updated="2024-06-01T00:00:00",
        authors=[("A1", "Ann One"), ("A3", "Cy Three"), ("A4", "Di Four")],
    )
    load_openalex(graph, database, [write_jsonl(tmp_path / "old.jsonl", [old])])
    assert count(graph, "MATCH ()-[c:COLLABORATES_WITH]->() RETURN count(c)") == 1

    load_openalex(graph, database, [write_jsonl(tmp_path / "new.jsonl", [new])])
    work = graph.execute_query(
        "MATCH (w:Work {id: 'W1'}) OPTIONAL MATCH (a)-[:AUTHORED]->(w) "
        "RETURN w.title AS title, w.author_count AS n, collect(a.id) AS authors"
    ).records[0]
    assert work["title"] == "New title" and work["n"] == 3
    assert sorted(work["authors"]) == ["A1", "A3", "A4"]
    assert count(graph, "MATCH (:Work {id: 'W1'})-[:HAS_TOPIC]->() RETURN count(*)") == 0
    pairs = graph.execute_query(
        "MATCH (a)-[c:COLLABORATES_WITH]->(b) RETURN a.id AS a, b.id AS b, c.strength AS s "
        "ORDER BY a, b"
    ).records
    assert [(r["a"], r["b"], r["s"]) for r in pairs] == [
        ("A1", "A3", 0.5),
        ("A1", "A4", 0.5),
        ("A3", "A4", 0.5),
    ]

    # An older record than the stored one changes nothing.
    before = snapshot(graph)
    load_openalex(graph, database, [write_jsonl(tmp_path / "older.jsonl", [old])])
    assert snapshot(graph) == before


def test_a_reference_to_a_work_loaded_later_becomes_a_citation(
    graph: neo4j.Driver,
    neo4j_connection: Connection,
    tmp_path: Path,
) -> None:
    database = neo4j_connection.database
    citing = work_record("W10", refs=["W11", "W99"], authors=[("A1", "Ann One")])
    cited = work_record("W11", authors=[("A2", "Bo Two")])
    load_openalex(graph, database, [write_jsonl(tmp_path / "a.jsonl", [citing])])
    assert count(graph, "MATCH ()-[c:CITES]->() RETURN count(c)") == 0

    load_openalex(graph, database, [write_jsonl(tmp_path / "b.jsonl", [cited])])
    assert (
        count(graph, "MATCH (:Work {id: 'W10'})-[:CITES]->(:Work {id: 'W11'}) RETURN count(*)") == 1
    )
    pending = graph.execute_query(
        "MATCH (w:Work {id: 'W10'}) RETURN w.pending_refs AS refs"
    ).records[0]["refs"]
    assert pending == ["W99"]  # still waiting for a work that is not in the graph


def test_every_published_form_loads_the_same(
    graph: neo4j.Driver,
    neo4j_connection: Connection,
    tmp_path: Path,
) -> None:
    records = [
        work_record(f"W{n}", authors=[(f"A{n}", f"Author {n}"), ("A100", "Shared Person")])
        for n in range(1, 7)
    ]
    plain = write_jsonl(tmp_path / "works.jsonl", records[:2])
    compressed = tmp_path / "works.jsonl.gz"
    compressed.write_bytes(
        gzip.compress(plain.read_bytes().replace(b"/W1", b"/W3").replace(b"/W2", b"/W4"))
    )
    array = tmp_path / "array.json"
    array.write_text(json.dumps([records[4]], indent=2))
    page = tmp_path / "page.json"
    page.write_text(json.dumps({"meta": {"count": 1}, "results": [records[5]]}, indent=1))
    author = tmp_path / "author.json"
    author.write_text(
        json.dumps(
            {
                "details": {
                    "id": "https://openalex.org/A100",
                    "display_name": "Shared Person",
                    "works_count": 6,
                },
                "works": [],
            },
            indent=2,
        )
    )

    summary = load_openalex(
        graph, neo4j_connection.database, [plain, compressed, array, page, author]
    )
    assert summary.rejected == 0
    assert summary.entities["work"].loaded == 6 and summary.entities["author"].loaded == 1
    assert count(graph, "MATCH (w:Work) RETURN count(w)") == 6
    assert (
        count(graph, "MATCH (:Author {id: 'A100', works_count: 6})-[:AUTHORED]->() RETURN count(*)")
        == 6
    )


def test_an_institution_keeps_the_values_of_the_newest_record(
    graph: neo4j.Driver,
    neo4j_connection: Connection,
    tmp_path: Path,
) -> None:
    """Finding 7: the first record seen used to win, whatever its date."""
    database = neo4j_connection.database

    def naming(work_id: str, updated: str, name: str, kind: str) -> dict[str, object]:
        record = work_record(work_id, updated=updated, authors=[("A1", "Ann One")])
        record["authorships"][0]["institutions"] = [  # type: ignore[index]
            {"id": "https://openalex.org/I7", "display_name": name, "type": kind}
        ]
        return record

    newer = naming("W2", "2025-06-01T00:00:00", "New Name", "funder")
    older = naming("W1", "2024-01-01T00:00:00", "Old Name", "education")
    institution = {"id": "https://openalex.org/I7", "display_name": "Own Record", "type": "company"}

    def stored() -> tuple[str, str]:
        row = graph.execute_query("MATCH (i:Institution {id: 'I7'}) RETURN i.name, i.type").records
        return row[0][0], row[0][1]

    # In one batch, and across loads in either order, the newest naming record wins.
    load_openalex(graph, database, [write_jsonl(tmp_path / "both.jsonl", [newer, older])])
    assert stored() == ("New Name", "funder")
    wiped(graph, database)
    load_openalex(graph, database, [write_jsonl(tmp_path / "old.jsonl", [older])])
    assert stored() == ("Old Name", "education")
    load_openalex(graph, database, [write_jsonl(tmp_path / "new.jsonl", [newer])])
    assert stored() == ("New Name", "funder")
    load_openalex(graph, database, [write_jsonl(tmp_path / "old.jsonl", [older])])
    assert stored() == ("New Name", "funder")
    # The institution's own record, when older, changes nothing either; when newer, it wins.
    own_old = {**institution, "updated_date": "2025-01-01T00:00:00"}
    load_openalex(graph, database, [write_jsonl(tmp_path / "i.jsonl", [own_old])])
    assert stored() == ("New Name", "funder")
    own_new = {**institution, "updated_date": "2026-01-01T00:00:00"}
    load_openalex(graph, database, [write_jsonl(tmp_path / "i.jsonl", [own_new])])
    assert stored() == ("Own Record", "company")


def test_a_self_citation_is_kept(
    graph: neo4j.Driver,
    neo4j_connection: Connection,
    tmp_path: Path,
) -> None:
    """Finding 7: a work listing itself among its references used to lose that reference."""
    record = work_record("W5", refs=["W5", "W6"], authors=[("A1", "Ann One")])
    cited = work_record("W6", authors=[("A2", "Bo Two")])
    load_openalex(
        graph, neo4j_connection.database, [write_jsonl(tmp_path / "w.jsonl", [record, cited])]
    )
    rows = graph.execute_query(
        "MATCH (:Work {id: 'W5'})-[:CITES]->(c:Work) RETURN c.id AS id ORDER BY id"
    ).records
    assert [r["id"] for r in rows] == ["W5", "W6"]
