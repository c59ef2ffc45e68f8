"""Real OpenAlex records with fields set to null, as OpenAlex gives them, load with nothing lost.

The fixtures are made at test time from the real records in ../shared/data/real/ (never copied
into the project): each variant sets one field to null, and must load exactly as the same record
with that field empty does, with no reject.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import neo4j
import pytest

from kg.db import Connection
from loaders.openalex import load_openalex
from tests.loader_support import (
    OPENALEX_SAMPLES,
    REAL_DATA,
    count,
    snapshot,
    wiped,
    write_jsonl,
)

AUTHOR_FILE = OPENALEX_SAMPLES / "A5085007251.json"
JSONL_SAMPLE = REAL_DATA / "openalex-jsonl" / "works_sample.jsonl"

Change = Callable[[dict[str, Any]], None]


@pytest.fixture(scope="module")
def real() -> dict[str, Any]:
    if not AUTHOR_FILE.exists():
        pytest.skip(f"the real OpenAlex samples are not there ({OPENALEX_SAMPLES})")
    document = json.loads(AUTHOR_FILE.read_text(encoding="utf-8"))
    # A work with everything to lose: authorships with institutions, topics, references,
    # locations and a venue.
    work = next(
        w
        for w in document["works"]
        if w["topics"]
        and w["referenced_works"]
        and w["locations"]
        and (w["primary_location"] or {}).get("source")
        and sum(bool(a["institutions"]) for a in w["authorships"]) >= 2
    )
    return {"author": document["details"], "work": work}


def _set(path: str, value: Any) -> Change:
    """Set a dotted path ('authorships.0.institutions') of the record to value."""

    def change(record: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = record
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value

    return change


def _drop_level_ids(record: dict[str, Any]) -> None:
    record["topics"][0]["field"]["id"] = None


def _without_field_level(record: dict[str, Any]) -> None:
    record["topics"][0]["field"] = None


# (record, what is set to null, what the same record looks like with nothing there instead)
VARIANTS: list[tuple[str, str, Change, Change]] = [
    (
        "author",
        "last_known_institutions",
        _set("last_known_institutions", None),
        _set("last_known_institutions", []),
    ),
    ("author", "affiliations", _set("affiliations", None), _set("affiliations", [])),
    ("author", "ids", _set("ids", None), _set("ids", {})),
    (
        "author",
        "affiliations.0.years",
        _set("affiliations.0.years", None),
        _set("affiliations.0.years", []),
    ),
    (
        "author",
        "last_known_institutions.0",
        _set("last_known_institutions.0", None),
        lambda r: r["last_known_institutions"].pop(0),
    ),
    ("work", "topics", _set("topics", None), _set("topics", [])),
    ("work", "referenced_works", _set("referenced_works", None), _set("referenced_works", [])),
    ("work", "locations", _set("locations", None), _set("locations", [])),
    ("work", "authorships", _set("authorships", None), _set("authorships", [])),
    (
        "work",
        "authorships.0.institutions",
        _set("authorships.0.institutions", None),
        _set("authorships.0.institutions", []),
    ),
    (
        "work",
        "authorships.1.institutions.0.id",
        _set("authorships.1.institutions.0.id", None),
        lambda r: r["authorships"][1]["institutions"].pop(0),
    ),
    (
        "work",
        "primary_location",
        _set("primary_location", None),
        lambda r: r.pop("primary_location"),
    ),
    (
        "work",
        "primary_location.source",
        _set("primary_location.source", None),
        lambda r: r["primary_location"].pop("source"),
    ),
    ("work", "topics.0.field.id", _drop_level_ids, _without_field_level),
    ("work", "topics.0.id", _set("topics.0.id", None), lambda r: r["topics"].pop(0)),
    ("work", "ids", _set("ids", None), lambda r: r.pop("ids")),
    (
        "work",
        "abstract_inverted_index",
        _set("abstract_inverted_index", None),
        lambda r: r.pop("abstract_inverted_index"),
    ),
    (
        "work",
        "authorships.0.author",
        _set("authorships.0.author", None),
        _set("authorships.0.author", {}),
    ),
]


def _load(
    driver: neo4j.Driver, database: str, record: dict[str, Any], tmp_path: Path, name: str
) -> tuple[list[str], list[str]]:
    wiped(driver, database)
    rejects = tmp_path / f"{name}.rejects.jsonl"
    summary = load_openalex(
        driver, database, [write_jsonl(tmp_path / f"{name}.jsonl", [record])], rejects_path=rejects
    )
    assert summary.rejected == 0, rejects.read_text()
    assert summary.loaded == 1
    return snapshot(driver)


@pytest.mark.parametrize(
    ("entity", "field", "to_null", "to_empty"), VARIANTS, ids=[f"{v[0]}.{v[1]}" for v in VARIANTS]
)
def test_a_null_loads_like_nothing_there(
    driver: neo4j.Driver,
    neo4j_connection: Connection,
    real: dict[str, Any],
    tmp_path: Path,
    entity: str,
    field: str,
    to_null: Change,
    to_empty: Change,
) -> None:
    database = neo4j_connection.database
    nulled, empty = copy.deepcopy(real[entity]), copy.deepcopy(real[entity])
    to_null(nulled)
    to_empty(empty)
    with_null = _load(driver, database, nulled, tmp_path, "null")
    # The rest of the record is all there: its node carries what the record says.
    key = nulled["id"].removeprefix("https://openalex.org/")
    stored = driver.execute_query(
        "MATCH (n {id: $id}) RETURN properties(n) AS props", id=key
    ).records[0]["props"]
    assert stored["updated"] == real[entity]["updated_date"]
    if entity == "author":
        assert stored["works_count"] == real["author"]["works_count"]
        assert stored["cited_by_count"] == real["author"]["cited_by_count"]
    else:
        assert stored["title"] == real["work"]["title"]
    assert with_null == _load(driver, database, empty, tmp_path, "empty")


def test_an_author_without_a_current_institution_keeps_their_record(
    driver: neo4j.Driver, neo4j_connection: Connection, real: dict[str, Any], tmp_path: Path
) -> None:
    """Finding 1: `last_known_institutions: null` used to reject the whole author record."""
    database = neo4j_connection.database
    author = copy.deepcopy(real["author"])
    author["last_known_institutions"] = None
    _load(driver, database, author, tmp_path, "author")
    row = driver.execute_query(
        "MATCH (a:Author {id: 'A5085007251'}) "
        "RETURN a.works_count AS works, a.orcid AS orcid, COUNT { (a)-[:AFFILIATED_WITH]->() } "
        "AS affiliations"
    ).records[0]
    assert row["works"] == real["author"]["works_count"]
    assert row["orcid"] == "0000-0002-4872-6201"
    assert row["affiliations"] == len({a["institution"]["id"] for a in author["affiliations"]})


def test_the_real_json_lines_sample_loads_without_rejects(
    driver: neo4j.Driver, neo4j_connection: Connection, tmp_path: Path
) -> None:
    if not JSONL_SAMPLE.exists():
        pytest.skip(f"the real OpenAlex sample is not there ({JSONL_SAMPLE})")
    wiped(driver, neo4j_connection.database)
    rejects = tmp_path / "rejects.jsonl"
    summary = load_openalex(driver, neo4j_connection.database, [JSONL_SAMPLE], rejects_path=rejects)
    records = [json.loads(line) for line in JSONL_SAMPLE.read_text().splitlines() if line.strip()]
    assert summary.rejected == 0 and summary.entities["work"].loaded == len(records)
    assert count(driver, "MATCH (w:Work) RETURN count(w)") == len(records)
    abstracts = sum(1 for r in records if r.get("abstract_inverted_index"))
    assert count(driver, "MATCH (w:Work) WHERE w.abstract IS NOT NULL RETURN count(w)") == abstracts
