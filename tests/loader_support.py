"""Shared by the loader tests: what the graph must hold, computed straight from the input files
(independently of the loader's code), and what it does hold, read back with plain Cypher."""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j
from pydantic import SecretStr

from kg.db import Connection
from kg.graph_rules import MAX_TEAM_FOR_COLLABORATION
from kg.settings import Settings
from tests.conftest import wipe

REAL_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real"
OPENALEX_SAMPLES = REAL_DATA / "openalex-idb"
ARXIV_SAMPLE = REAL_DATA / "arxiv-kaggle-snapshot" / "arxiv-metadata.json"


def short(url: str) -> str:
    return url.removeprefix("https://openalex.org/")


def name_key(name: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return "name:" + " ".join(plain.lower().split())


@dataclass
class Expected:
    """Works, authors, authorships and collaborations a set of records must produce."""

    works: set[str] = field(default_factory=set)
    authors: set[str] = field(default_factory=set)
    authorships: set[tuple[str, str]] = field(default_factory=set)
    # (low id, high id) -> [shared works, strength, first year, last year]
    collaborations: dict[tuple[str, str], list[Any]] = field(default_factory=dict)

    def add_work(
        self, work_id: str, year: int | None, author_keys: list[str | None], team_size: int
    ) -> None:
        self.works.add(work_id)
        keys = sorted({key for key in author_keys if key})
        for key in keys:
            self.authors.add(key)
            self.authorships.add((key, work_id))
        if not 1 < team_size <= MAX_TEAM_FOR_COLLABORATION:
            return
        for i, low in enumerate(keys):
            for high in keys[i + 1 :]:
                entry = self.collaborations.setdefault((low, high), [0, 0.0, None, None])
                entry[0] += 1
                entry[1] += 1 / (team_size - 1)
                if year is not None:
                    entry[2] = year if entry[2] is None else min(entry[2], year)
                    entry[3] = year if entry[3] is None else max(entry[3], year)


def openalex_records(paths: Iterable[Path]) -> Iterator[dict[str, Any]]:
    """Every record of JSON Lines files and of {"details", "works"} files."""
    for path in paths:
        text = path.read_text(encoding="utf-8")
        if text.lstrip().startswith("{") and "\n" in text.strip() and not _is_json_lines(text):
            document = json.loads(text)
            if "details" in document:
                yield document["details"]
            yield from document.get("works", document.get("results", []))
            continue
        for line in text.splitlines():
            if line.strip():
                yield json.loads(line)


def _is_json_lines(text: str) -> bool:
    first = text.lstrip().split("\n", 1)[0]
    try:
        json.loads(first)
    except ValueError:
        return False
    return True


def expected_openalex(paths: Iterable[Path]) -> Expected:
    expected = Expected()
    latest: dict[str, dict[str, Any]] = {}
    for record in openalex_records(paths):
        record_id = short(record["id"])
        if record_id.startswith("W"):
            kept = latest.get(record_id)
            newer = (record.get("updated_date") or "") >= (kept or {}).get("updated_date", "")
            if kept is None or newer:
                latest[record_id] = record
        elif record_id.startswith("A"):
            expected.authors.add(record_id)
    for work_id, work in latest.items():
        keys = work_people(work["authorships"] or [])
        team = len({key for key in keys if key}) + sum(1 for key in keys if not key)
        expected.add_work(work_id, work.get("publication_year"), keys, team)
    return expected


def _surname_and_initial(name: str) -> tuple[str, str] | None:
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    plain = plain.lower()
    if plain.count(",") == 1:
        last, first = plain.split(",")
        plain = first + " " + last
    words = "".join(c if c.isalpha() else " " for c in plain).split()
    if not words:
        return None
    return words[-1], (words[0][0] if len(words) > 1 else "")


def work_people(authorships: list[dict[str, Any]]) -> list[str | None]:
    """Each authorship's person (docs/graph-model.md, identity rules), written out plainly: an
    author id; for an authorship without one, the identified co-author with its ORCID, else the
    only one with the same surname and first initial, else its name key (None when nameless)."""
    identified = [
        (short(a["author"]["id"]), a["author"])
        for a in authorships
        if (a.get("author") or {}).get("id")
    ]
    keys: list[str | None] = []
    for authorship in authorships:
        author = authorship.get("author") or {}
        if author.get("id"):
            keys.append(short(author["id"]))
            continue
        orcid = author.get("orcid")
        same_orcid = [key for key, known in identified if orcid and known.get("orcid") == orcid]
        if same_orcid:
            keys.append(same_orcid[0])
            continue
        name = author.get("display_name") or authorship.get("raw_author_name") or ""
        mine = _surname_and_initial(name)
        fits = {
            key
            for key, known in identified
            if mine and _surname_and_initial(known.get("display_name") or "") == mine
        }
        if len(fits) == 1:
            keys.append(fits.pop())
        else:
            keys.append(name_key(name) if name.strip() else None)
    return keys


def expected_citations(paths: Iterable[Path]) -> set[tuple[str, str]]:
    works = {short(r["id"]): r for r in openalex_records(paths) if short(r["id"]).startswith("W")}
    return {
        (work_id, short(ref))
        for work_id, work in works.items()
        for ref in work.get("referenced_works") or []
        if short(ref) in works
    }


def expected_arxiv(path: Path) -> Expected:
    expected = Expected()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        keys = []
        for parts in record["authors_parsed"]:
            last, first = parts[0], parts[1] if len(parts) > 1 else ""
            suffix = parts[2] if len(parts) > 2 else ""
            name = " ".join(f"{first} {last} {suffix}".split())
            keys.append(name_key(name) if name else None)
        created = record["versions"][0]["created"]  # "Mon, 2 Apr 2007 19:18:42 GMT"
        year = int(created.split()[3])
        expected.add_work("arxiv:" + record["id"], year, keys, len(record["authors_parsed"]))
    return expected


# -- what the graph holds --------------------------------------------------------------------------


@dataclass
class Actual:
    works: set[str]
    authors: set[str]
    authorships: list[tuple[str, str]]
    collaborations: dict[tuple[str, str], list[Any]]
    collaboration_edges: int


def read_graph(driver: neo4j.Driver) -> Actual:
    works = {r["id"] for r in driver.execute_query("MATCH (w:Work) RETURN w.id AS id").records}
    authors = {r["id"] for r in driver.execute_query("MATCH (a:Author) RETURN a.id AS id").records}
    authorships = [
        (r["a"], r["w"])
        for r in driver.execute_query(
            "MATCH (a:Author)-[:AUTHORED]->(w:Work) RETURN a.id AS a, w.id AS w"
        ).records
    ]
    rows = driver.execute_query(
        "MATCH (a:Author)-[c:COLLABORATES_WITH]->(b:Author) "
        "RETURN a.id AS a, b.id AS b, c.works AS works, c.strength AS strength, "
        "c.first_year AS first, c.last_year AS last"
    ).records
    collaborations = {
        (r["a"], r["b"]): [r["works"], r["strength"], r["first"], r["last"]] for r in rows
    }
    return Actual(works, authors, authorships, collaborations, len(rows))


def assert_matches(actual: Actual, expected: Expected) -> None:
    assert actual.works == expected.works
    assert actual.authors == expected.authors
    assert len(actual.authorships) == len(set(actual.authorships)), "duplicate AUTHORED"
    assert set(actual.authorships) == expected.authorships
    assert actual.collaboration_edges == len(actual.collaborations), "duplicate COLLABORATES_WITH"
    assert set(actual.collaborations) == set(expected.collaborations)
    for pair, (works, strength, first, last) in expected.collaborations.items():
        got = actual.collaborations[pair]
        assert got[0] == works, pair
        assert abs(got[1] - strength) < 1e-9, pair
        assert (got[2], got[3]) == (first, last), pair


def snapshot(driver: neo4j.Driver) -> tuple[list[str], list[str]]:
    """Every node and relationship with all properties, as sorted text: equal means identical.
    The graph's version (kg/graph_version.py) is left out: every load advances it by design."""
    nodes = driver.execute_query(
        "MATCH (n) WHERE NOT n:GraphVersion RETURN labels(n) AS labels, properties(n) AS props"
    ).records
    rels = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS type, b.id AS b, properties(r) AS props"
    ).records
    return (
        sorted(
            json.dumps([sorted(r["labels"]), r["props"]], sort_keys=True, default=str)
            for r in nodes
        ),
        sorted(
            json.dumps([r["a"], r["type"], r["b"], r["props"]], sort_keys=True, default=str)
            for r in rels
        ),
    )


def wiped(driver: neo4j.Driver, database: str) -> neo4j.Driver:
    """The test database emptied (the schema stays)."""
    wipe(driver, database)
    return driver


def count(driver: neo4j.Driver, query: str, **parameters: Any) -> int:
    return int(driver.execute_query(query, parameters).records[0][0])


def settings_for(connection: Connection) -> Settings:
    """Settings that point the CLI at the test database."""
    return Settings(
        neo4j_uri=connection.uri,
        neo4j_user=connection.user,
        neo4j_password=SecretStr(connection.password),
        neo4j_database=connection.database,
    )


def write_jsonl(path: Path, records: Iterable[Any]) -> Path:
    with open(path, "w", encoding="utf-8") as out:
        for record in records:
            out.write(record if isinstance(record, str) else json.dumps(record))
            out.write("\n")
    return path


def work_record(
    work_id: str,
    *,
    title: str = "A work",
    year: int = 2020,
    updated: str = "2024-01-01T00:00:00",
    authors: Iterable[tuple[str | None, str]] = (),
    refs: Iterable[str] = (),
    doi: str | None = None,
    topic: str | None = None,
) -> dict[str, Any]:
    """A minimal OpenAlex work record; authors as (id or None, display name)."""
    authors = list(authors)
    return {
        "id": f"https://openalex.org/{work_id}",
        "doi": f"https://doi.org/{doi}" if doi else None,
        "title": title,
        "publication_year": year,
        "publication_date": f"{year}-05-01",
        "type": "article",
        "authorships": [
            {
                "author_position": "first" if i == 0 else "last",
                "author": {"id": f"https://openalex.org/{a}" if a else None, "display_name": name},
                "institutions": [],
                "is_corresponding": i == 0,
                "raw_author_name": name,
            }
            for i, (a, name) in enumerate(authors)
        ],
        "topics": []
        if topic is None
        else [
            {
                "id": f"https://openalex.org/{topic}",
                "display_name": "A topic",
                "score": 0.9,
                "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "AI"},
                "field": {"id": "https://openalex.org/fields/17", "display_name": "CS"},
                "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical"},
            }
        ],
        "referenced_works": [f"https://openalex.org/{r}" for r in refs],
        "updated_date": updated,
    }


def by_pair(items: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    grouped: dict[str, set[str]] = defaultdict(set)
    for a, b in items:
        grouped[a].add(b)
    return grouped


def demo_and_real_loader(driver: neo4j.Driver, database: str, work_dir: Path) -> Any:
    """A function that loads, once per call, the demo graph (60 authors, seed 7, generated into
    `work_dir`) and every real sample (OpenAlex and arXiv): the reloads the tests of what loads
    must never change (follows, claims, edits) run."""
    from loaders.arxiv import load_arxiv
    from loaders.openalex import load_openalex
    from synthetic.generate import FILE_NAMES, generate

    generate(work_dir / "demo", authors=60, seed=7)
    demo_files = [work_dir / "demo" / name for name in FILE_NAMES]
    real_openalex = [
        *sorted(OPENALEX_SAMPLES.glob("*.json")),
        REAL_DATA / "openalex-jsonl" / "works_sample.jsonl",
    ]

    def load_everything() -> None:
        for summary in (
            load_openalex(driver, database, demo_files),
            load_openalex(driver, database, real_openalex),
            load_arxiv(driver, database, [ARXIV_SAMPLE]),
        ):
            assert summary.loaded > 0, summary.describe()

    return load_everything
