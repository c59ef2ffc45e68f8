"""Profile edits by the holder of a record's claim: openToCollaborate, a one-line description,
rejected authorships with the reason shown; where each field comes from; and a reload of the
record (and of the demo and the real samples) after edits and claims changes none of it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from identity.sessions import COOKIE
from kg.db import Connection
from loaders.openalex import load_openalex
from tests.api_factory import api_client
from tests.claims_support import CLAIM, claimed
from tests.conftest import wipe
from tests.identity_support import code, make_account, post, session_cookie

EDIT = """mutation ($open: Boolean, $description: String) {
  editProfile(openToCollaborate: $open, description: $description) {
    id openToCollaborate description provenance { field source at } } }"""
REJECT = """mutation ($work: ID!, $reason: String!) {
  rejectAuthorship(workId: $work, reason: $reason) {
  id counts { works } rejectedWorks { reason at work { id } } } }"""
PROFILE = """query ($id: ID!) { author(id: $id) { id openToCollaborate description
  provenance { field source at } counts { works } works { totalCount edges { node { id } } }
  rejectedWorks { reason work { id title } } trust { claimed level } } }"""
DESCRIPTION = "Kuba Perlin contributes to research discovery and scholarly infrastructure."


def _author(id: str, name: str, updated: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"https://openalex.org/{id}",
        "display_name": name,
        "updated_date": updated,
        **extra,
    }


def _work(id: str, authors: list[str]) -> dict[str, Any]:
    return {
        "id": f"https://openalex.org/{id}",
        "title": f"Work {id}",
        "publication_year": 2021,
        "type": "article",
        "updated_date": "2024-01-01T00:00:00",
        "authorships": [
            {"author": {"id": f"https://openalex.org/{a}", "display_name": a}} for a in authors
        ],
    }


def _files(tmp_path: Path, *, updated: str, open_flag: bool) -> list[Path]:
    authors = tmp_path / f"authors-{updated[:10]}.jsonl"
    authors.write_text(
        "\n".join(
            json.dumps(row)
            for row in (
                _author("A1", "Kuba Perlin", updated, open_to_collaborate=open_flag, claimed=True),
                _author("A2", "Co Author", updated),
            )
        )
        + "\n"
    )
    works = tmp_path / "works.jsonl"
    works.write_text(
        "\n".join(json.dumps(_work(w, ["A1", "A2"])) for w in ("W1", "W2", "W3")) + "\n"
    )
    return [authors, works]


@pytest.fixture
def loaded(driver: neo4j.Driver, neo4j_connection: Connection, tmp_path: Path) -> neo4j.Driver:
    wipe(driver, neo4j_connection.database)
    summary = load_openalex(
        driver,
        neo4j_connection.database,
        _files(tmp_path, updated="2024-01-01T00:00:00", open_flag=False),
    )
    assert summary.loaded > 0, summary.describe()
    return driver


def _holder(client: TestClient, connection: Connection, email: str = "kuba@example.org") -> str:
    account = make_account(connection, email)
    client.cookies.clear()
    client.cookies[COOKIE] = session_cookie(connection, account.id)
    return account.id


def test_a_claimed_record_is_edited_by_its_holder_and_reloads_change_nothing(
    loaded: neo4j.Driver, neo4j_connection: Connection, tmp_path: Path
) -> None:
    with api_client(neo4j_connection) as client:
        # The import's `claimed: true` is not believed: nobody holds the record.
        before = post(client, PROFILE, {"id": "A1"})["data"]["author"]
        assert before["trust"]["claimed"] is False
        assert {p["field"]: p["source"] for p in before["provenance"]} == {
            "openToCollaborate": "imported",
            "description": "not imported",
            "affiliation": "not imported",
            "orcid": "not imported",
        }
        user = _holder(client, neo4j_connection)
        assert code(post(client, EDIT, {"open": True})) == "FORBIDDEN"  # no claim yet
        post(client, CLAIM, {"id": "A1"})
        edited = post(client, EDIT, {"open": True, "description": f"  {DESCRIPTION}  "})
        author = edited["data"]["editProfile"]
        assert (author["openToCollaborate"], author["description"]) == (True, DESCRIPTION)
        sources = {p["field"]: (p["source"], p["at"]) for p in author["provenance"]}
        assert sources["openToCollaborate"][0] == "researcher"
        assert sources["description"][0] == "researcher"
        assert sources["openToCollaborate"][1].startswith("20")
        rejected = post(client, REJECT, {"work": "W2", "reason": "a namesake's paper"})
        assert rejected["data"]["rejectAuthorship"]["counts"] == {"works": 2}
        assert rejected["data"]["rejectAuthorship"]["rejectedWorks"][0]["reason"] == (
            "a namesake's paper"
        )
        missing = post(client, REJECT, {"work": "W404", "reason": "x"})
        assert code(missing) == "NOT_FOUND"
        assert code(post(client, REJECT, {"work": "W1", "reason": "  "})) == "BAD_USER_INPUT"
        assert code(post(client, EDIT, {"description": "x" * 201})) == "BAD_USER_INPUT"
        # Another account cannot edit it.
        _holder(client, neo4j_connection, "other@example.org")
        refused = post(client, EDIT, {"open": False})
        assert refused["errors"][0]["extensions"]["reason"] == "not-claim-holder"
        client.cookies.clear()
        shown = post(client, PROFILE, {"id": "A1"})["data"]["author"]

        # A newer record of the same author (open: false, claimed: true) and the works again.
        summary = load_openalex(
            loaded,
            neo4j_connection.database,
            _files(tmp_path, updated="2025-06-01T00:00:00", open_flag=False),
        )
        assert summary.loaded > 0
        after = post(client, PROFILE, {"id": "A1"})["data"]["author"]
    assert after == shown
    assert (after["openToCollaborate"], after["description"]) == (True, DESCRIPTION)
    assert sorted(e["node"]["id"] for e in after["works"]["edges"]) == ["W1", "W3"]
    assert after["works"]["totalCount"] == 2 and after["counts"]["works"] == 2
    assert after["rejectedWorks"] == [
        {"reason": "a namesake's paper", "work": {"id": "W2", "title": "Work W2"}}
    ]
    assert claimed(loaded, "A1") == [{"user": user, "level": "L2", "verified_by": None}]
    # A record nobody edited still takes the newer import.
    records, _, _ = loaded.execute_query("MATCH (a:Author {id: 'A2'}) RETURN a.updated AS u")
    assert records[0]["u"].startswith("2025-06-01")


def claims_state(driver: neo4j.Driver) -> dict[str, Any]:
    """Every claim, event, rejection and researcher-set field, as comparable values."""
    records, _, _ = driver.execute_query(
        """
        CALL () { MATCH (c:Claim) RETURN collect(properties(c)) AS claims }
        CALL () { MATCH (e:ClaimEvent)-[:EVENT_OF]->(c)
                  RETURN collect([c.id, properties(e)]) AS events }
        CALL () { MATCH (u:User)-[r:CLAIMED]->(a:Author)
                  RETURN collect([u.id, a.id, properties(r), a.claimed]) AS held }
        CALL () { MATCH (r:AuthorshipRejection) RETURN collect(properties(r)) AS rejections }
        CALL () { MATCH (a:Author) WHERE a.open_to_collaborate_set_at IS NOT NULL
                  RETURN collect([a.id, a.open_to_collaborate, a.description]) AS edited }
        RETURN claims, events, held, rejections, edited
        """
    )
    return {key: sorted(map(str, value)) for key, value in records[0].data().items()}


def test_reloading_demo_and_real_samples_keeps_claims_and_edits(
    driver: neo4j.Driver, neo4j_connection: Connection, tmp_path: Path
) -> None:
    from kg.reference_researcher import REFERENCE_AUTHOR_ID
    from tests.loader_support import demo_and_real_loader

    database = neo4j_connection.database
    load_everything = demo_and_real_loader(driver, database, tmp_path)
    wipe(driver, database)
    load_everything()
    records, _, _ = driver.execute_query(
        "MATCH (a:Author)-[:AUTHORED]->(w:Work) WHERE NOT a.unresolved AND a.id <> $ref "
        "WITH a, collect(w.id) AS works RETURN a.id AS id, works ORDER BY id LIMIT 3",
        ref=REFERENCE_AUTHOR_ID,
    )
    targets = [(r["id"], r["works"][0]) for r in records]
    records, _, _ = driver.execute_query(
        "MATCH (:Author {id: $ref})-[:AUTHORED]->(w:Work) RETURN w.id AS id LIMIT 1",
        ref=REFERENCE_AUTHOR_ID,
    )
    targets.append((REFERENCE_AUTHOR_ID, records[0]["id"]))
    with api_client(neo4j_connection) as client:
        for index, (author_id, work_id) in enumerate(targets):
            _holder(client, neo4j_connection, f"researcher{index}@example.org")
            assert post(client, CLAIM, {"id": author_id})["data"]["claimAuthor"]["status"] == (
                "ACTIVE"
            )
            assert "errors" not in post(
                client, EDIT, {"open": index % 2 == 0, "description": DESCRIPTION}
            )
            assert "errors" not in post(client, REJECT, {"work": work_id, "reason": "not mine"})
        # A contested claim of the reference researcher, in review.
        _holder(client, neo4j_connection, "contender@example.org")
        assert (
            post(client, CLAIM, {"id": REFERENCE_AUTHOR_ID})["data"]["claimAuthor"]["status"]
            == "IN_REVIEW"
        )
    before = claims_state(driver)
    assert len(before["held"]) == len(targets) and len(before["rejections"]) == len(targets)

    load_everything()

    assert claims_state(driver) == before
