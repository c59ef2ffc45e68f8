"""One person is one node: the author identity rules within a work (loaders/author_matching.py),
on their own, through the loader, and on the real records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import neo4j
import pytest

import cypher
from kg.db import Connection
from kg.graph_rules import CLOSE_COLLABORATOR_STRENGTH
from loaders import models
from loaders.author_matching import name_parts, people_of, same_name
from loaders.openalex import load_openalex
from tests.loader_support import (
    OPENALEX_SAMPLES,
    count,
    short,
    wiped,
    work_record,
    write_jsonl,
)


def authorships(*people: tuple[str | None, str, str | None]) -> list[models.Authorship]:
    """(author id or None, display name, ORCID or None) -> validated authorships."""
    return [
        models.Authorship.model_validate(
            {
                "author": {
                    "id": f"https://openalex.org/{a}" if a else None,
                    "display_name": name,
                    "orcid": f"https://orcid.org/{orcid}" if orcid else None,
                },
                "institutions": [],
            }
        )
        for a, name, orcid in people
    ]


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("J. Smith", "John Smith", True),
        ("John Smith", "J. Smith", True),
        ("Zoheir, Basem", "Basem Zoheir", True),
        ("Khalid Al-Ramadan", "Khalid Al\u2013Ramadan", True),  # hyphen and en dash
        ("José Núñez", "JOSE NUNEZ", True),
        ("J. L. Payne", "Jonathan L. Payne", True),
        ("J. Smith", "K. Smith", False),
        ("John Smith", "Joan Smith", False),
        ("John Smith", "John Smyth", False),
    ],
)
def test_names_match_with_initials_and_folding(one: str, other: str, same: bool) -> None:
    a, b = name_parts(one), name_parts(other)
    assert a is not None and b is not None
    assert same_name(a, b) is same


def test_a_null_id_authorship_is_the_identified_author_of_the_same_name() -> None:
    team = people_of(
        authorships(("A1", "John Smith", None), ("A2", "Ann Lee", None), (None, "J. Smith", None))
    )
    assert [p.key for p in team.people] == ["A1", "A2"]
    assert team.size == 2


def test_an_orcid_resolves_before_the_name() -> None:
    team = people_of(
        authorships(
            ("A1", "Ann Lee", "0000-0002-1825-0097"),
            ("A2", "Bo Ng", None),
            (None, "Someone Else", "0000-0002-1825-0097"),
        )
    )
    assert [p.key for p in team.people] == ["A1", "A2"] and team.size == 2


def test_an_ambiguous_name_is_not_guessed() -> None:
    team = people_of(
        authorships(
            ("A1", "John Smith", None), ("A2", "Jane Smith", None), (None, "J. Smith", None)
        )
    )
    assert [p.key for p in team.people] == ["A1", "A2", "name:j. smith"]
    assert team.size == 3


def test_a_repeated_id_and_a_nameless_authorship_count_right() -> None:
    team = people_of(
        authorships(("A1", "Ann Lee", None), ("A1", "Ann Lee", None), (None, "", None))
    )
    assert [p.key for p in team.people] == ["A1"]
    assert team.size == 2  # Ann once, plus somebody nobody can name


def test_no_author_collaborates_with_themself(
    driver: neo4j.Driver, neo4j_connection: Connection, tmp_path: Path
) -> None:
    """Finding 2: the null-id duplicate became a second node and its owner's close collaborator,
    and the repeated id counted twice in n."""
    database = neo4j_connection.database
    wiped(driver, database)
    work = work_record(
        "W1",
        authors=[("A1", "John Smith"), ("A2", "Ann Lee"), (None, "J. Smith"), ("A2", "Ann Lee")],
    )
    summary = load_openalex(driver, database, [write_jsonl(tmp_path / "w.jsonl", [work])])
    assert summary.rejected == 0
    assert count(driver, "MATCH (a:Author) RETURN count(a)") == 2
    assert count(driver, "MATCH (w:Work {id: 'W1'}) RETURN w.author_count") == 2
    pairs = driver.execute_query(
        "MATCH (a)-[c:COLLABORATES_WITH]->(b) RETURN a.id AS a, b.id AS b, c.strength AS s"
    ).records
    assert [(r["a"], r["b"], r["s"]) for r in pairs] == [("A1", "A2", 1.0)]
    position = driver.execute_query(
        "MATCH (:Author {id: 'A1'})-[r:AUTHORED]->(:Work {id: 'W1'}) RETURN r.position AS p"
    ).records
    assert [r["p"] for r in position] == ["first"]


def test_the_real_records_hold_each_person_once(
    driver: neo4j.Driver, neo4j_connection: Connection, tmp_path: Path
) -> None:
    files = sorted(OPENALEX_SAMPLES.glob("*.json"))
    if not files:
        pytest.skip(f"the real OpenAlex samples are not there ({OPENALEX_SAMPLES})")
    database = neo4j_connection.database
    wiped(driver, database)
    load_openalex(driver, database, files, rejects_path=tmp_path / "rejects.jsonl")
    duplicated: list[dict[str, Any]] = []
    for path in files:
        for work in json.loads(path.read_text(encoding="utf-8"))["works"]:
            if any(a["author"]["id"] is None for a in work["authorships"]):
                duplicated.append(work)
    assert len(duplicated) >= 3  # the samples hold such works (6 null-id authorships)
    for work in duplicated:
        ids = {short(a["author"]["id"]) for a in work["authorships"] if a["author"]["id"]}
        row = driver.execute_query(
            "MATCH (w:Work {id: $id}) RETURN w.author_count AS n, "
            "COLLECT { MATCH (a)-[:AUTHORED]->(w) RETURN a.id } AS authors",
            id=short(work["id"]),
        ).records[0]
        # Every null-id authorship here names an identified co-author: nobody new.
        assert set(row["authors"]) == ids and row["n"] == len(ids), work["id"]
    assert count(driver, "MATCH (a:Author {unresolved: true}) RETURN count(a)") == 0
    # Khalid Al-Ramadan, listed twice in W3096110831, is not his own close collaborator.
    assert (
        count(
            driver,
            "MATCH (a:Author {id: 'A5085007251'})-[c:COLLABORATES_WITH]-(b) "
            "WHERE b.id STARTS WITH 'name:' OR b = a RETURN count(c)",
        )
        == 0
    )


def test_equal_strengths_are_stored_equal(
    driver: neo4j.Driver, neo4j_connection: Connection, tmp_path: Path
) -> None:
    """Finding 7: 1/3 + 1/15 is stored as 0.39999999999999997 but 1/5 + 1/5 as 0.4, so the
    documented tie-break (strength, then shared works, then id) put A3 before A2."""
    database = neo4j_connection.database
    wiped(driver, database)

    def team(work: str, size: int, *people: str) -> dict[str, Any]:
        names = [*people, *(f"A{work[1:]}{i:02}" for i in range(size - len(people)))]
        return work_record(work, authors=[(a, f"Person {a}") for a in names])

    works = [
        team("W1", 4, "A1", "A2"),
        team("W2", 16, "A1", "A2"),
        team("W3", 6, "A1", "A3"),
        team("W4", 6, "A1", "A3"),
    ]
    load_openalex(driver, database, [write_jsonl(tmp_path / "w.jsonl", works)])
    strengths = driver.execute_query(
        "MATCH (:Author {id: 'A1'})-[c:COLLABORATES_WITH]-(b:Author) WHERE b.id IN ['A2', 'A3'] "
        "RETURN b.id AS b, c.strength AS s ORDER BY b"
    ).records
    assert [(r["b"], r["s"]) for r in strengths] == [("A2", 0.4), ("A3", 0.4)]
    page = driver.execute_query(
        cypher.query("authors/collaborators"),
        ids=["A1"],
        close=None,
        closeStrength=CLOSE_COLLABORATOR_STRENGTH,
        afterStrength=None,
        afterWorks=None,
        afterId=None,
        limit=2,
    ).records[0]["rows"]
    assert [row["author"]["id"] for row in page] == ["A2", "A3"]
