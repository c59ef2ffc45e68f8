"""The arXiv loader: the real snapshot sample, enrichment of OpenAlex works, and the merge of
unresolved names into the authors an OpenAlex record names."""

from __future__ import annotations

from pathlib import Path

import neo4j
import pytest

from kg.db import Connection
from kg.graph_rules import ARXIV_SOURCE_ID
from loaders.arxiv import load_arxiv
from loaders.openalex import load_openalex
from tests.loader_support import (
    ARXIV_SAMPLE,
    assert_matches,
    count,
    expected_arxiv,
    read_graph,
    snapshot,
    wiped,
    work_record,
    write_jsonl,
)


@pytest.fixture
def graph(driver: neo4j.Driver, neo4j_connection: Connection) -> neo4j.Driver:
    return wiped(driver, neo4j_connection.database)


def paper(
    arxiv_id: str,
    authors: list[list[str]],
    *,
    title: str = "A preprint",
    categories: str = "cs.LG stat.ML",
    doi: str | None = None,
    updated: str = "2023-01-02",
) -> dict[str, object]:
    return {
        "id": arxiv_id,
        "submitter": "Someone",
        "authors": "",
        "authors_parsed": authors,
        "title": title,
        "abstract": "  An abstract\n  over two lines. ",
        "categories": categories,
        "comments": None,
        "journal-ref": "J. Something 1 (2023)",
        "doi": doi,
        "versions": [{"version": "v1", "created": "Tue, 10 Oct 2020 17:00:00 GMT"}],
        "update_date": updated,
    }


def test_real_sample_counts_match_the_file(
    graph: neo4j.Driver,
    neo4j_connection: Connection,
    tmp_path: Path,
) -> None:
    if not ARXIV_SAMPLE.is_file():
        pytest.skip(f"the real arXiv sample is not there ({ARXIV_SAMPLE})")
    summary = load_arxiv(
        graph, neo4j_connection.database, [ARXIV_SAMPLE], rejects_path=tmp_path / "rejects.jsonl"
    )

    assert summary.rejected == 0, (tmp_path / "rejects.jsonl").read_text()
    assert summary.entities["work"].loaded == 1000
    assert_matches(read_graph(graph), expected_arxiv(ARXIV_SAMPLE))
    assert count(graph, "MATCH (a:Author) WHERE NOT a.unresolved RETURN count(a)") == 0
    first = graph.execute_query(
        "MATCH (w:Work {id: 'arxiv:0704.0001'})-[:PUBLISHED_IN]->(s:Source) "
        "MATCH (w)-[:HAS_TOPIC]->(t:Topic)-[:SUBTOPIC_OF*0..1]->(top:Topic {level: 'field'}) "
        "RETURN w.year AS year, w.type AS type, w.doi AS doi, w.journal_ref AS ref, "
        "w.title AS title, s.id AS source, t.id AS topic, top.id AS archive"
    ).records[0]
    assert (first["year"], first["type"], first["source"]) == (2007, "preprint", ARXIV_SOURCE_ID)
    assert first["doi"] == "10.1103/physrevd.76.013009"
    assert first["ref"] == "Phys.Rev.D76:013009,2007"
    assert "\n" not in first["title"]
    assert (first["topic"], first["archive"]) == ("arxiv:hep-ph", "arxiv:hep-ph")
    categories = graph.execute_query(
        "MATCH (:Topic {id: 'arxiv:math.CO'})-[:SUBTOPIC_OF]->(a:Topic) "
        "RETURN a.id AS id, a.level AS level"
    ).records
    assert [(r["id"], r["level"]) for r in categories] == [("arxiv:math", "field")]

    before = snapshot(graph)
    load_arxiv(graph, neo4j_connection.database, [ARXIV_SAMPLE])
    assert snapshot(graph) == before


def test_an_openalex_work_is_enriched_not_duplicated(
    graph: neo4j.Driver,
    neo4j_connection: Connection,
    tmp_path: Path,
) -> None:
    database = neo4j_connection.database
    work = work_record(
        "W7",
        doi="10.48550/arXiv.2010.04116",
        title="OpenAlex title",
        authors=[("A1", "Kuba Perlin"), ("A2", "Aidan N. Gomez")],
    )
    load_openalex(graph, database, [write_jsonl(tmp_path / "w.jsonl", [work])])
    assert (
        graph.execute_query("MATCH (w:Work {id: 'W7'}) RETURN w.arxiv_id AS a").records[0]["a"]
        == "2010.04116"
    )

    record = paper("2010.04116", [["Perlin", "Kuba", ""], ["Gomez", "Aidan N.", ""]])
    summary = load_arxiv(graph, database, [write_jsonl(tmp_path / "a.jsonl", [record])])
    assert summary.entities["work"].loaded == 1
    assert count(graph, "MATCH (w:Work) RETURN count(w)") == 1
    enriched = graph.execute_query(
        "MATCH (w:Work {id: 'W7'}) OPTIONAL MATCH (w)-[:HAS_TOPIC]->(t) "
        "RETURN w.title AS title, w.journal_ref AS ref, w.abstract AS abstract, "
        "collect(t.id) AS topics"
    ).records[0]
    assert enriched["title"] == "OpenAlex title"
    assert enriched["ref"] == "J. Something 1 (2023)"
    assert enriched["abstract"] == "An abstract over two lines."
    assert sorted(enriched["topics"]) == ["arxiv:cs.LG", "arxiv:stat.ML"]
    assert sorted(
        r["id"] for r in graph.execute_query("MATCH (a:Author) RETURN a.id AS id").records
    ) == ["A1", "A2"]


def test_unresolved_names_merge_into_the_authors_openalex_names(
    graph: neo4j.Driver,
    neo4j_connection: Connection,
    tmp_path: Path,
) -> None:
    database = neo4j_connection.database
    papers = [
        paper(
            "2010.04116",
            [["Perlin", "Kuba", ""], ["Gómez", "Aidan N.", ""], ["Nobody", "Some", ""]],
        ),
        paper("2204.06514", [["Perlin", "Kuba", ""], ["Yoo", "Joanna", ""]]),
    ]
    load_arxiv(graph, database, [write_jsonl(tmp_path / "a.jsonl", papers)])
    names = {
        r["id"]
        for r in graph.execute_query(
            "MATCH (a:Author {unresolved: true}) RETURN a.id AS id"
        ).records
    }
    assert names == {
        "name:kuba perlin",
        "name:aidan n. gomez",
        "name:some nobody",
        "name:joanna yoo",
    }
    assert count(graph, "MATCH ()-[c:COLLABORATES_WITH]->() RETURN count(c)") == 4

    # OpenAlex knows the first paper (by its arXiv DOI) with resolved authors.
    work = work_record(
        "W1",
        doi="10.48550/arxiv.2010.04116",
        year=2020,
        authors=[("A1", "Kuba Perlin"), ("A2", "Aidan N. Gomez")],
    )
    load_openalex(graph, database, [write_jsonl(tmp_path / "w.jsonl", [work])])

    works = {
        r["id"]: r["authors"]
        for r in graph.execute_query(
            "MATCH (w:Work)<-[:AUTHORED]-(a) RETURN w.id AS id, collect(a.id) AS authors"
        ).records
    }
    assert set(works) == {"W1", "arxiv:2204.06514"}  # one work per paper
    assert sorted(works["W1"]) == ["A1", "A2"]
    # Kuba's other arXiv paper moved to the resolved author; the unmatched name went away.
    assert sorted(works["arxiv:2204.06514"]) == ["A1", "name:joanna yoo"]
    authors = {r["id"] for r in graph.execute_query("MATCH (a:Author) RETURN a.id AS id").records}
    assert authors == {"A1", "A2", "name:joanna yoo"}
    merged = graph.execute_query(
        "MATCH (w:Work {id: 'W1'}) OPTIONAL MATCH (w)-[:HAS_TOPIC]->(t) "
        "RETURN w.arxiv_id AS arxiv, w.journal_ref AS ref, collect(t.id) AS topics"
    ).records[0]
    assert merged["arxiv"] == "2010.04116" and merged["ref"] == "J. Something 1 (2023)"
    assert sorted(merged["topics"]) == ["arxiv:cs.LG", "arxiv:stat.ML"]
    pairs = {
        (r["a"], r["b"]): (r["works"], r["strength"])
        for r in graph.execute_query(
            "MATCH (a)-[c:COLLABORATES_WITH]->(b) RETURN a.id AS a, b.id AS b, c.works AS works, "
            "c.strength AS strength"
        ).records
    }
    assert pairs == {("A1", "A2"): (1, 1.0), ("A1", "name:joanna yoo"): (1, 1.0)}
    assert count(graph, "MATCH (a:Author) WHERE a.collab_pending IS NOT NULL RETURN count(a)") == 0

    # Loading the arXiv file again enriches the merged work; it does not bring the names back.
    load_arxiv(graph, database, [write_jsonl(tmp_path / "a2.jsonl", papers)])
    assert count(graph, "MATCH (w:Work) RETURN count(w)") == 2
    assert {r["id"] for r in graph.execute_query("MATCH (a:Author) RETURN a.id AS id").records} == {
        "A1",
        "A2",
        "name:joanna yoo",
    }


def test_a_newer_arxiv_record_replaces_the_older(
    graph: neo4j.Driver,
    neo4j_connection: Connection,
    tmp_path: Path,
) -> None:
    database = neo4j_connection.database
    old = paper(
        "0704.0002",
        [["Streinu", "Ileana", ""], ["Theran", "Louis", ""]],
        title="Old",
        updated="2008-01-01",
    )
    new = paper(
        "0704.0002",
        [["Streinu", "Ileana", ""]],
        title="New",
        categories="math.CO",
        updated="2009-01-01",
    )
    load_arxiv(graph, database, [write_jsonl(tmp_path / "old.jsonl", [old])])
    load_arxiv(graph, database, [write_jsonl(tmp_path / "new.jsonl", [new])])
    row = graph.execute_query(
        "MATCH (w:Work {id: 'arxiv:0704.0002'})<-[:AUTHORED]-(a) "
        "MATCH (w)-[:HAS_TOPIC]->(t) "
        "RETURN w.title AS title, w.author_count AS n, collect(DISTINCT a.id) AS authors, "
        "collect(DISTINCT t.id) AS topics"
    ).records[0]
    assert (row["title"], row["n"]) == ("New", 1)
    assert row["authors"] == ["name:ileana streinu"]
    assert row["topics"] == ["arxiv:math.CO"]
    # The dropped co-author had no other work: the name is gone, and so is the collaboration.
    assert count(graph, "MATCH (a:Author) RETURN count(a)") == 1
    assert count(graph, "MATCH ()-[c:COLLABORATES_WITH]->() RETURN count(c)") == 0
