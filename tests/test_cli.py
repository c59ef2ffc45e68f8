"""The `kg` command line: what it prints and the exit statuses it promises."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.main import main
from kg.embedded import free_port


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no .env of the developer's
    monkeypatch.delenv("KG_NEO4J_URI", raising=False)
    monkeypatch.setenv("KG_DATA_DIR", str(tmp_path / "neo4j"))
    monkeypatch.setenv("KG_NEO4J_PORT", str(free_port()))


def test_status_of_a_stopped_neo4j(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["neo4j", "status"]) == 3
    assert f"not running (data in {tmp_path / 'neo4j'})" in capsys.readouterr().out


def test_stop_when_not_running_is_harmless(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["neo4j", "stop"]) == 0
    assert "Neo4j was not running" in capsys.readouterr().out


def test_neo4j_commands_refuse_an_external_database(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KG_NEO4J_URI", "bolt://db.example.org:7687")
    assert main(["neo4j", "start"]) == 2
    assert "KG_NEO4J_URI is set (bolt://db.example.org:7687)" in capsys.readouterr().err


def test_a_bad_setting_is_one_line_naming_the_variable(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KG_NEO4J_PORT", "seventy")
    assert main(["neo4j", "status"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("kg: error: invalid settings: KG_NEO4J_PORT:")
    assert error.count("\n") == 1


def test_a_bad_argument_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["generate", "--authors", "-5", "--out", "x"])
    assert raised.value.code == 2
    assert "argument --authors: -5 must be 1 or more" in capsys.readouterr().err
    with pytest.raises(SystemExit) as raised:
        main(["import", "openalex", "--workers", "0", "x"])
    assert raised.value.code == 2
    assert "argument --workers: 0 must be 1 or more" in capsys.readouterr().err


def test_generate_writes_files_and_says_how_to_load_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "data"
    assert main(["generate", "--authors", "50", "--seed", "3", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "kg load openalex" in printed
    with (out / "works.jsonl").open() as lines:
        works = [json.loads(line) for line in lines]
    assert works and all(work["id"].startswith("https://openalex.org/W") for work in works)
