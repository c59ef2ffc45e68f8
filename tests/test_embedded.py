"""The embedded Neo4j's lifecycle: it keeps data across restarts and refuses clearly."""

from __future__ import annotations

import socket
from pathlib import Path

import neo4j
import pytest

from kg.db import Connection, DatabaseUnavailable, open_driver
from kg.embedded import EmbeddedError, EmbeddedNeo4j, free_port
from tests.conftest import TEST_PASSWORD, embedded_test_settings


def test_data_survives_a_stop_and_a_start(tmp_path: Path) -> None:
    embedded = EmbeddedNeo4j(embedded_test_settings(tmp_path / "neo4j"))
    embedded.start()
    try:
        with neo4j.GraphDatabase.driver(embedded.uri, auth=("neo4j", TEST_PASSWORD)) as driver:
            driver.execute_query("CREATE (:Probe {name: $name})", name="kept")
        assert embedded.status().running

        # A second start on the same data directory is refused while the first runs.
        with pytest.raises(EmbeddedError, match="already running"):
            EmbeddedNeo4j(embedded.settings).start()
        # Without our pid file, Neo4j's own store lock still keeps a second process out.
        pid = embedded.pid_file.read_text()
        embedded.pid_file.unlink()
        intruder = EmbeddedNeo4j(embedded.settings.model_copy(update={"neo4j_port": free_port()}))
        with pytest.raises(EmbeddedError, match="another process holds the data directory"):
            intruder.start()
        embedded.pid_file.write_text(pid)

        assert embedded.stop() is True
        assert not embedded.status().running
        assert "KG-STOPPED" in embedded.log_file.read_text()  # SIGTERM shut it down cleanly

        embedded.start()
        with neo4j.GraphDatabase.driver(embedded.uri, auth=("neo4j", TEST_PASSWORD)) as driver:
            records, _, _ = driver.execute_query("MATCH (p:Probe) RETURN p.name AS name")
        assert [r["name"] for r in records] == ["kept"]
    finally:
        embedded.stop()
    assert embedded.stop() is False  # stopping twice is harmless


def test_a_generated_password_is_kept_private(tmp_path: Path) -> None:
    settings = embedded_test_settings(tmp_path / "neo4j", neo4j_password="")
    embedded = EmbeddedNeo4j(settings)
    first = embedded.password()
    assert len(first) >= 24
    assert embedded.password_file.stat().st_mode & 0o777 == 0o600
    assert EmbeddedNeo4j(settings).password() == first


def test_a_busy_port_is_refused_with_what_to_do(tmp_path: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        embedded = EmbeddedNeo4j(embedded_test_settings(tmp_path / "neo4j", neo4j_port=port))
        with pytest.raises(EmbeddedError, match=f"port {port} .* is taken; set KG_NEO4J_PORT"):
            embedded.start()
    assert not embedded.pid_file.exists()


def test_missing_java_is_refused_with_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "no-jdk-here"))
    embedded = EmbeddedNeo4j(embedded_test_settings(tmp_path / "neo4j"))
    with pytest.raises(EmbeddedError, match="Java was not found; install a JDK 17"):
        embedded.start()


def test_a_wrong_password_says_which_settings_to_fix(neo4j_connection: Connection) -> None:
    wrong = Connection(neo4j_connection.uri, neo4j_connection.user, "not-the-password", "neo4j")
    with (
        pytest.raises(DatabaseUnavailable, match="wrong password\\? Set KG_NEO4J_USER"),
        open_driver(wrong),
    ):
        pass


def test_a_database_that_does_not_answer_says_how_to_start_it(tmp_path: Path) -> None:
    settings = embedded_test_settings(tmp_path / "neo4j")
    connection = Connection.from_settings(settings)
    with (
        pytest.raises(DatabaseUnavailable, match="does not answer; start it with: kg neo4j"),
        open_driver(connection),
    ):
        pass
