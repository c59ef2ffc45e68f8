"""`kg cypher`: the guard from the command line, its formats, plans, saved queries and statuses."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import neo4j
import pytest

from cli.main import main
from kg.db import Connection
from tests.analyst_support import load_graph_with_private_data


@pytest.fixture(scope="module")
def graph(driver: neo4j.Driver, neo4j_connection: Connection) -> Connection:
    load_graph_with_private_data(driver, neo4j_connection)
    return neo4j_connection


@pytest.fixture
def environment(graph: Connection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KG_NEO4J_URI", graph.uri)
    monkeypatch.setenv("KG_NEO4J_USER", graph.user)
    monkeypatch.setenv("KG_NEO4J_PASSWORD", graph.password)
    monkeypatch.setenv("KG_NEO4J_DATABASE", graph.database)
    monkeypatch.setenv("KG_CYPHER_MAX_ROWS", "1000")
    audit = tmp_path / "audit.jsonl"
    monkeypatch.setenv("KG_CYPHER_AUDIT_LOG", str(audit))
    return audit


def test_a_statement_with_a_parameter_as_csv(
    environment: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(
        [
            "cypher",
            "MATCH (a:Author {id: $id})-[:AUTHORED]->(w:Work) RETURN w.id AS id ORDER BY id",
            "-p",
            "id=A000",
            "--format",
            "csv",
        ]
    )
    out, err = capsys.readouterr()
    assert status == 0
    assert list(csv.reader(io.StringIO(out)))[:2] == [["id"], ["W0000"]]
    assert "rows in" in err
    assert json.loads(environment.read_text())["who"].startswith("cli:")


def test_a_refusal_is_one_line_with_its_code_and_status_2(
    environment: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["cypher", "MATCH (u:User) RETURN u.email"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("kg: refused: CYPHER_PRIVATE_DATA: User is not")


def test_stopped_part_way_is_status_1(
    environment: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["cypher", "UNWIND range(1, 3000) AS x RETURN x", "--format", "jsonl"]) == 1
    out, err = capsys.readouterr()
    assert out.count("\n") == 1000 and "CYPHER_ROW_CAP" in err


def test_explain_and_a_saved_query(environment: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cypher", "--explain", "MATCH (w:Work {id: $id}) RETURN w", "-p", "id=W0001"]) == 0
    assert "+NodeUniqueIndexSeek" in capsys.readouterr().out
    status = main(
        ["cypher", "--saved", "most_cited_works_of_topic", "-p", "topic=T2", "-p", "limit=2"]
    )
    assert status == 0
    assert [row[0] for row in json.loads(capsys.readouterr().out)["rows"]] == ["W0118", "W0116"]
    assert main(["cypher", "--saved", "most_cited_works_of_topic", "-p", "topic=T2"]) == 2
    assert "missing $limit" in capsys.readouterr().err


def test_list_saved_and_schema(environment: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cypher", "--list-saved"]) == 0
    assert "kg cypher --saved coauthor_network -p id=" in capsys.readouterr().out
    assert main(["cypher", "--schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    labels = {entry["label"]: entry for entry in schema["labels"]}
    # The public model's labels, rejections of authorship included (docs/graph-model.md).
    assert set(labels) == {
        "Author",
        "Work",
        "Topic",
        "Institution",
        "Source",
        "AuthorshipRejection",
    }
    assert labels["Work"]["count"] == 120
    assert "work_id" in {index["name"] for index in labels["Work"]["indexes"]}
    assert "User" not in json.dumps(schema) and "FOLLOWS" not in json.dumps(schema)
