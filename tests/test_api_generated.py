"""The API over a generated data set loaded by the real loader, checked against a direct
computation over the generated files (docs/graph-model.md's rules applied to the JSON)."""

from __future__ import annotations

import itertools
import json
import random
from collections import defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from kg.db import Connection
from kg.graph_rules import ARXIV_SOURCE_ID, CLOSE_COLLABORATOR_STRENGTH, MAX_TEAM_FOR_COLLABORATION
from kg.reference_researcher import REFERENCE_AUTHOR_ID, REFERENCE_AUTHOR_NAME
from loaders.openalex import load_openalex
from synthetic.generate import FILE_NAMES, generate
from tests.api_factory import api_client, data
from tests.conftest import wipe

AUTHORS = 300


def short(openalex_id: str) -> str:
    return openalex_id.removeprefix("https://openalex.org/")


@dataclass
class Pair:
    works: int = 0
    strength: float = 0.0
    years: list[int] = field(default_factory=list)


@dataclass
class Expected:
    """What the files say, computed the way docs/graph-model.md defines it."""

    works_of: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    pairs: dict[tuple[str, str], Pair] = field(default_factory=lambda: defaultdict(Pair))
    affiliated: set[str] = field(default_factory=set)

    def collaborators(self, author: str) -> dict[str, Pair]:
        found = {}
        for (low, high), pair in self.pairs.items():
            if author in (low, high):
                found[high if author == low else low] = pair
        return found

    def hops(self, start: str, goal: str) -> int | None:
        neighbours: dict[str, set[str]] = defaultdict(set)
        for low, high in self.pairs:
            neighbours[low].add(high)
            neighbours[high].add(low)
        seen, queue = {start: 0}, deque([start])
        while queue:
            node = queue.popleft()
            if node == goal:
                return seen[node]
            for other in neighbours[node] - seen.keys():
                seen[other] = seen[node] + 1
                queue.append(other)
        return None


def expected_from(directory: Path) -> Expected:
    expected = Expected()
    with open(directory / "works.jsonl", encoding="utf-8") as works:
        for line in works:
            work = json.loads(line)
            team = list(dict.fromkeys(short(a["author"]["id"]) for a in work["authorships"]))
            record = {
                "id": short(work["id"]),
                "year": work["publication_year"],
                "type": work["type"],
                "cited_by_count": work["cited_by_count"],
                "topics": {short(t["id"]) for t in work.get("topics") or []},
                "source": short(
                    ((work.get("primary_location") or {}).get("source") or {}).get("id") or ""
                ),
            }
            for author in team:
                expected.works_of[author].append(record)
            for authorship in work["authorships"]:
                if authorship.get("institutions"):
                    expected.affiliated.add(short(authorship["author"]["id"]))
            size = len(work["authorships"])
            if 1 < size <= MAX_TEAM_FOR_COLLABORATION:
                for low, high in itertools.combinations(sorted(team), 2):
                    pair = expected.pairs[(low, high)]
                    pair.works += 1
                    pair.strength += 1.0 / (size - 1)
                    pair.years.append(work["publication_year"])
    with open(directory / "authors.jsonl", encoding="utf-8") as authors:
        for line in authors:
            author = json.loads(line)
            if author.get("affiliations") or author.get("last_known_institutions"):
                expected.affiliated.add(short(author["id"]))
    return expected


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("generated")
    generate(directory, authors=AUTHORS, seed=7)
    return directory


@pytest.fixture(scope="module")
def expected(generated: Path) -> Expected:
    return expected_from(generated)


@pytest.fixture(scope="module")
def client(
    generated: Path, driver: neo4j.Driver, neo4j_connection: Connection
) -> Iterator[TestClient]:
    wipe(driver, neo4j_connection.database)
    load_openalex(driver, neo4j_connection.database, [generated / name for name in FILE_NAMES])
    with api_client(neo4j_connection) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def sample(expected: Expected) -> list[str]:
    authors = sorted(a for a in expected.works_of if a.startswith("A"))
    return [REFERENCE_AUTHOR_ID, *random.Random(7).sample(authors, 25)]


PROFILE = """query ($id: ID!) { author(id: $id) {
  name affiliationImported openToCollaborate
  counts { works followers topics collaborators closeCollaborators citations }
  trust { score status level claimed components { key points } }
  works(first: 100) { totalCount edges { node { id year type venue { id } } } } } }"""


def test_the_reference_researcher(client: TestClient) -> None:
    author = data(client, PROFILE, {"id": REFERENCE_AUTHOR_ID})["author"]
    assert author["name"] == REFERENCE_AUTHOR_NAME
    assert author["counts"]["works"] == 2 and author["counts"]["topics"] == 3
    assert author["counts"]["collaborators"] == 9
    assert author["counts"]["closeCollaborators"] == 4
    assert author["counts"]["followers"] == 0
    assert author["affiliationImported"] is False
    works = [edge["node"] for edge in author["works"]["edges"]]
    assert {(w["year"], w["type"], w["venue"]["id"]) for w in works} == {
        (2022, "preprint", ARXIV_SOURCE_ID)
    }
    trust = author["trust"]
    assert (trust["status"], trust["level"], trust["claimed"]) == ("UNVERIFIED", "L1", False)
    assert trust["score"] == 32  # docs/trust.md's worked example


def test_counts_equal_the_files(client: TestClient, expected: Expected, sample: list[str]) -> None:
    for author in sample:
        found = data(client, PROFILE, {"id": author})["author"]
        works = expected.works_of[author]
        collaborators = expected.collaborators(author)
        assert found["counts"] == {
            "works": len(works),
            "followers": 0,
            "topics": len(set().union(*(w["topics"] for w in works))),
            "collaborators": len(collaborators),
            "closeCollaborators": sum(
                p.strength >= CLOSE_COLLABORATOR_STRENGTH for p in collaborators.values()
            ),
            "citations": sum(w["cited_by_count"] for w in works),
        }, author
        assert found["affiliationImported"] is (author in expected.affiliated), author
        order = sorted(works, key=lambda w: (-(w["year"] or -1), w["id"]))
        assert [e["node"]["id"] for e in found["works"]["edges"]] == [w["id"] for w in order]


COLLABORATORS = """query ($id: ID!) { author(id: $id) { collaborators(first: 100) {
  totalCount edges { node { author { id } sharedWorks strength firstYear lastYear } } } } }"""


def test_collaborators_equal_the_files(
    client: TestClient, expected: Expected, sample: list[str]
) -> None:
    for author in sample:
        found = data(client, COLLABORATORS, {"id": author})["author"]["collaborators"]
        pairs = expected.collaborators(author)
        ranked = sorted(pairs.items(), key=lambda kv: (-kv[1].strength, -kv[1].works, kv[0]))
        assert found["totalCount"] == len(pairs)
        got = [e["node"] for e in found["edges"]]
        ranked = ranked[:100]  # the first page
        assert [n["author"]["id"] for n in got] == [other for other, _ in ranked]
        for node, (_, pair) in zip(got, ranked, strict=True):
            assert node["sharedWorks"] == pair.works
            assert node["strength"] == pytest.approx(pair.strength)
            assert (node["firstYear"], node["lastYear"]) == (min(pair.years), max(pair.years))


def test_paths_equal_breadth_first_search(
    client: TestClient, expected: Expected, sample: list[str]
) -> None:
    query = """query ($a: ID!, $b: ID!) { coauthorPath(from: $a, to: $b, maxHops: 6) {
                 found hops authors { id } } }"""
    pairs = list(itertools.combinations(sample[:12], 2))
    for start, goal in pairs:
        hops = expected.hops(start, goal)
        found = data(client, query, {"a": start, "b": goal})["coauthorPath"]
        if hops is None or hops > 6:
            assert found["found"] is False
        else:
            assert (found["found"], found["hops"]) == (True, hops), (start, goal)
            path = [a["id"] for a in found["authors"]]
            links = itertools.pairwise(path)
            assert all((min(a, b), max(a, b)) in expected.pairs for a, b in links)


def test_search_finds_the_reference_researcher(client: TestClient) -> None:
    found = data(client, '{ searchAuthors(query: "kuba perl") { edges { node { id } } } }')
    assert found["searchAuthors"]["edges"][0]["node"]["id"] == REFERENCE_AUTHOR_ID


def test_slices_of_every_type_are_bounded(client: TestClient) -> None:
    slice_query = """query ($c: ID!) { graphSlice(center: $c, depth: 2) {
      truncated center { type } nodes { id depth } edges { source target } } }"""
    works = data(client, PROFILE, {"id": REFERENCE_AUTHOR_ID})["author"]["works"]["edges"]
    centers = [REFERENCE_AUTHOR_ID, works[0]["node"]["id"], ARXIV_SOURCE_ID, "fields/17"]
    for center in centers:
        found = data(client, slice_query, {"c": center})["graphSlice"]
        assert len(found["nodes"]) <= 1 + 2 * (25 + 25 + 10 + 10 + 5)
        assert len(found["edges"]) <= 300
        ids = {n["id"] for n in found["nodes"]}
        assert all(e["source"] in ids and e["target"] in ids for e in found["edges"])
