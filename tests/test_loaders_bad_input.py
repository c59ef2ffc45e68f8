"""Bad input rejects the record only; the CLI's exit status says so; a killed load resumes."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import neo4j
import pytest

from cli import main as cli
from cli.load import run_load_arxiv, run_load_openalex
from kg.db import Connection
from loaders.openalex import load_openalex
from synthetic.generate import FILE_NAMES, generate
from tests.loader_support import (
    assert_matches,
    count,
    expected_citations,
    expected_openalex,
    read_graph,
    settings_for,
    wiped,
    work_record,
    write_jsonl,
)


@pytest.fixture
def graph(driver: neo4j.Driver, neo4j_connection: Connection) -> neo4j.Driver:
    return wiped(driver, neo4j_connection.database)


def load_args(*paths: Path, rejects: Path | None = None, batch_size: int = 2) -> argparse.Namespace:
    return argparse.Namespace(paths=list(paths), rejects=rejects, batch_size=batch_size)


MIXED = [
    (True, work_record("W1", authors=[("A1", "Ann One"), ("A2", "Bo Two")])),
    (False, '{"id": "https://openalex.org/W2", "title": '),
    (False, {"title": "a work without an id"}),
    (False, {**work_record("W3"), "publication_year": "nineteen-ninety"}),
    (False, work_record("W4", refs=["https://openalex.org/A123"])),
    (False, {"id": "https://openalex.org/P4310316082", "display_name": "A publisher"}),
    (False, "[1, 2]"),
    (True, work_record("W5", authors=[("A1", "Ann One")], refs=["W1"])),
    (False, work_record("W6", authors=[("X9", "Not An Author Id")])),
    (
        True,
        {
            "id": "https://openalex.org/A1",
            "display_name": "Ann One",
            "orcid": None,
            "updated_date": "2024-01-01T00:00:00",
        },
    ),
    (True, work_record("W7", authors=[("A2", "Bo Two")], refs=["W1", "W5"])),
]
REASONS = {  # line number -> what the reason must mention
    2: "malformed JSON",
    3: "id: missing",
    4: "publication_year",
    5: "referenced_works.0",
    6: "P4310316082",
    7: "not a JSON object",
    9: "authorships.0.author.id",
}


def test_bad_records_are_rejected_and_the_good_ones_load(
    graph: neo4j.Driver,
    neo4j_connection: Connection,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    mixed = write_jsonl(tmp_path / "mixed.jsonl", [record for _, record in MIXED])

    status = run_load_openalex(settings_for(neo4j_connection), load_args(mixed))

    assert status == 1
    rejects = [
        json.loads(line)
        for line in (tmp_path / "mixed.jsonl.rejects.jsonl").read_text().splitlines()
    ]
    assert [entry["line"] for entry in rejects] == sorted(REASONS)
    source_lines = mixed.read_text().splitlines()
    for entry in rejects:
        assert entry["path"] == str(mixed)
        assert REASONS[entry["line"]] in entry["reason"], entry
        assert "\n" not in entry["reason"]
        assert entry["raw"] == source_lines[entry["line"] - 1]
    assert {r["id"] for r in graph.execute_query("MATCH (w:Work) RETURN w.id AS id").records} == {
        "W1",
        "W5",
        "W7",
    }
    assert count(graph, "MATCH (:Work)-[c:CITES]->(:Work) RETURN count(c)") == 3
    assert (
        count(graph, "MATCH (a:Author {id: 'A1'}) WHERE a.updated IS NOT NULL RETURN count(a)") == 1
    )
    out = capsys.readouterr().out
    assert "rejected" in out and str(tmp_path / "mixed.jsonl.rejects.jsonl") in out

    # --rejects puts them elsewhere; a clean file exits 0.
    elsewhere = tmp_path / "elsewhere.jsonl"
    assert (
        run_load_openalex(settings_for(neo4j_connection), load_args(mixed, rejects=elsewhere)) == 1
    )
    assert len(elsewhere.read_text().splitlines()) == len(REASONS)
    clean = write_jsonl(tmp_path / "clean.jsonl", [r for good, r in MIXED if good])
    assert run_load_openalex(settings_for(neo4j_connection), load_args(clean)) == 0
    assert not (tmp_path / "clean.jsonl.rejects.jsonl").exists()


def test_bad_arxiv_records_are_rejected(
    graph: neo4j.Driver,
    neo4j_connection: Connection,
    tmp_path: Path,
) -> None:
    good = {
        "id": "0704.0001",
        "title": "Fine",
        "authors_parsed": [["Doe", "Jane", ""]],
        "categories": "hep-ph",
        "versions": [{"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"}],
        "update_date": "2008-11-26",
    }
    lines = [
        good,
        {**good, "id": "not an arxiv id"},
        {**good, "id": "0704.0003", "authors_parsed": "Doe, Jane"},
        {**good, "id": "0704.0004", "doi": "not a doi"},
        {**good, "id": "0704.0005", "versions": [{"created": "yesterday"}]},
        {key: value for key, value in good.items() if key != "title"} | {"id": "0704.0006"},
        {**good, "id": "0704.0007"},
    ]
    path = write_jsonl(tmp_path / "arxiv.jsonl", lines)
    status = run_load_arxiv(settings_for(neo4j_connection), load_args(path))
    assert status == 1
    rejects = [
        json.loads(line)
        for line in (tmp_path / "arxiv.jsonl.rejects.jsonl").read_text().splitlines()
    ]
    assert [(e["line"], e["reason"].split(":")[0]) for e in rejects] == [
        (2, "id"),
        (3, "authors_parsed"),
        (4, "doi"),
        (5, "versions.0.created"),
        (6, "title"),
    ]
    assert {r["id"] for r in graph.execute_query("MATCH (w:Work) RETURN w.id AS id").records} == {
        "arxiv:0704.0001",
        "arxiv:0704.0007",
    }


def test_usage_errors_exit_2_and_help_documents_the_exit_status(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    missing = tmp_path / "nowhere.jsonl"
    assert cli.main(["load", "openalex", str(missing)]) == 2
    assert str(missing) in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        cli.main(["load", "arxiv", "--help"])
    assert exited.value.code == 0
    help_text = capsys.readouterr().out
    assert "exit status" in help_text and "1  some records were rejected" in help_text
    with pytest.raises(SystemExit) as exited:
        cli.main(["load", "openalex", str(missing), "--batch-size", "0"])
    assert exited.value.code == 2
    capsys.readouterr()

    # Neo4j that does not answer is a usage/connection error too.
    present = write_jsonl(tmp_path / "one.jsonl", [work_record("W1")])
    monkeypatch.setenv("KG_NEO4J_URI", "bolt://127.0.0.1:9")
    assert cli.main(["load", "openalex", str(present)]) == 2
    assert "does not answer" in capsys.readouterr().err


_LOAD_SCRIPT = """
import sys
import neo4j
from loaders.openalex import load_openalex
uri, user, password, database, *files = sys.argv[1:]
with neo4j.GraphDatabase.driver(uri, auth=(user, password)) as driver:
    load_openalex(driver, database, files, batch_size=10)
"""


def test_a_killed_load_resumes_without_duplicates(
    graph: neo4j.Driver,
    neo4j_connection: Connection,
    tmp_path: Path,
) -> None:
    generate(tmp_path, authors=120, seed=5)
    files = [tmp_path / name for name in FILE_NAMES]
    total = len((tmp_path / "works.jsonl").read_text().splitlines())
    connection = neo4j_connection
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _LOAD_SCRIPT,
            connection.uri,
            connection.user,
            connection.password,
            connection.database,
            *map(str, files),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        works = 0
        while works == 0 and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.02)
            works = count(graph, "MATCH (w:Work) RETURN count(w)")
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    killed_at = count(graph, "MATCH (w:Work) RETURN count(w)")
    assert 0 < killed_at < total, "the load should have been killed part-way"
    assert count(graph, "MATCH (a:Author) WHERE a.collab_pending RETURN count(a)") > 0

    summary = load_openalex(graph, connection.database, files, batch_size=100)
    assert summary.rejected == 0
    assert_matches(read_graph(graph), expected_openalex(files))
    assert count(graph, "MATCH (:Work)-[c:CITES]->(:Work) RETURN count(c)") == len(
        expected_citations(files)
    )
    assert count(graph, "MATCH (a:Author) WHERE a.collab_pending RETURN count(a)") == 0
