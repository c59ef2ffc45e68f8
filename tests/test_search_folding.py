"""Search folds case and accents (finding 3 of issue 9): names and titles in several scripts, the
exact-accent tie-break, stop words, and the in-place migration of an index built without folding.

What each script does, as the `standard-folding` analyzer gives it:
- Latin with diacritics: folded both ways ("Prodanovic" finds "Prodanović", and the reverse);
  "Søren", "Łukasz", "Straße" fold to "soren", "lukasz", "strasse".
- Greek and Cyrillic: case-folded only ("иванов" finds "Иванов"); their accents (Greek tonos,
  Cyrillic "й", "ё") are letters of their own to the analyzer and must be typed.
- CJK: each ideograph is a word of its own, so "北京" finds "北京大学", with no word segmentation.
"""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest
from starlette.testclient import TestClient

import cypher
from kg.db import Connection, apply_schema, wanted_analyzers
from resolvers.search import fold, lucene_query
from tests.api_factory import GraphBuilder, api_client, data, load

AUTHORS = """query ($q: String!) { searchAuthors(query: $q, first: 50) {
    totalCount edges { score node { id name } } } }"""
WORKS = """query ($q: String!) { searchWorks(query: $q, first: 50) {
    totalCount edges { score node { id title } } } }"""


def scripts() -> GraphBuilder:
    g = GraphBuilder()
    g.author("A1", "Maša Prodanović")
    g.author("A2", "Masa Prodanovic")
    g.author("A3", "Fernando Alonso-Marroquín")
    g.author("A4", "Søren Łukasz Straße")
    g.author("A5", "Иван Иванов")
    g.author("A6", "Άννα Παπαδοπούλου")
    g.author("A7", "王小明")
    g.author("A8", "José Núñez")
    g.work("W1", authors=["A1"], title="Pore-scale imaging of carbonate rocks: a review")
    g.work("W2", authors=["A3"], title="Granular flows in São Paulo's Área de Proteção")
    g.work("W3", authors=["A5"], title="Теория упругости горных пород")
    g.work("W4", authors=["A6"], title="Γεωλογία της Ελλάδας")
    g.work("W5", authors=["A7"], title="北京大学的地质研究")
    g.work("W6", authors=["A8"], title="Theory of the Mind")
    return g


@pytest.fixture(scope="module")
def client(driver: neo4j.Driver, neo4j_connection: Connection) -> Iterator[TestClient]:
    load(scripts(), driver, neo4j_connection)
    driver.execute_query("CALL db.awaitIndexes(300)", database_=neo4j_connection.database)
    with api_client(neo4j_connection) as test_client:
        yield test_client


def found(client: TestClient, query: str, text: str) -> list[str]:
    field = "searchAuthors" if query is AUTHORS else "searchWorks"
    return [edge["node"]["id"] for edge in data(client, query, {"q": text})[field]["edges"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prodanovic", {"A1", "A2"}),
        ("prodanović", {"A1", "A2"}),
        ("PRODANOVIĆ", {"A1", "A2"}),
        ("prodanovi", {"A1", "A2"}),  # a prefix while typing
        ("prodanovi\u0107", {"A1", "A2"}),
        ("marroquin", {"A3"}),
        ("Marroquí", {"A3"}),  # an accented prefix
        ("alonso marroquin", {"A3"}),
        ("soren lukasz strasse", {"A4"}),
        ("Søren", {"A4"}),
        ("jose nunez", {"A8"}),
        ("иванов", {"A5"}),  # Cyrillic: case folds
        ("ИВАН", {"A5"}),
        ("παπαδοπούλου", {"A6"}),  # Greek: case folds, the tonos must be typed
        ("王", {"A7"}),  # CJK: one ideograph is one word
    ],
)
def test_author_names_fold_case_and_accents(
    client: TestClient, text: str, expected: set[str]
) -> None:
    assert set(found(client, AUTHORS, text)) == expected


def test_greek_accents_are_not_folded(client: TestClient) -> None:
    assert found(client, AUTHORS, "παπαδοπουλου") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pore scale imaging", {"W1"}),
        ("sao paulo area protecao", {"W2"}),
        ("São Paulo", {"W2"}),
        ("теория УПРУГОСТИ", {"W3"}),
        ("γεωλογία", {"W4"}),
        ("北京", {"W5"}),
        ("地质", {"W5"}),
        ("theory of the mind", {"W6"}),  # stop words do not make the title unfindable
        ("theory of", {"W6"}),
    ],
)
def test_titles_fold_case_and_accents(client: TestClient, text: str, expected: set[str]) -> None:
    assert set(found(client, WORKS, text)) == expected


def test_exact_accents_rank_no_lower(client: TestClient) -> None:
    # Both names fold to the same words and score the same; the one typed as is comes first.
    assert found(client, AUTHORS, "Maša Prodanović") == ["A1", "A2"]
    assert found(client, AUTHORS, "Masa Prodanovic") == ["A2", "A1"]


def test_prefixes_are_folded_like_the_index() -> None:
    assert fold("marroquí") == "marroqui"
    assert fold("søren") == "soren" and fold("straße") == "strasse"
    assert fold("παπαδοπούλου") == "παπαδοπούλου" and fold("йошкар") == "йошкар"
    assert lucene_query("Marroquí of") == "(marroquí^2 OR marroqui*) AND of"


def test_an_index_without_folding_is_rebuilt_in_place(
    driver: neo4j.Driver, neo4j_connection: Connection
) -> None:
    database = neo4j_connection.database
    rebuilt: list[str] = []
    try:
        driver.execute_query("DROP INDEX author_names IF EXISTS", database_=database)
        driver.execute_query(
            "CREATE FULLTEXT INDEX author_names FOR (n:Author) ON EACH [n.name]",
            database_=database,
        )
        apply_schema(driver, database, on_rebuild=rebuilt.append)
        assert rebuilt == ["author_names"]
        apply_schema(driver, database, on_rebuild=rebuilt.append)  # nothing more to do
        assert rebuilt == ["author_names"]
    finally:
        apply_schema(driver, database)
    analyzers = {
        r["name"]: r["analyzer"]
        for r in driver.execute_query(
            cypher.query("schema/fulltext_analyzers"), database_=database
        ).records
    }
    assert analyzers["author_names"] == wanted_analyzers()["author_names"] == "standard-folding"
    assert analyzers["work_titles"] == "standard-folding"
