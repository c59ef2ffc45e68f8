from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.metrics import METRICS_DIR_VARIABLE, prepare_worker_metrics
from kg.settings import SettingsError, async_storage_uri, load_settings, memory_bytes


def test_defaults_use_the_embedded_neo4j(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KG_NEO4J_URI", raising=False)
    settings = load_settings()
    assert settings.embedded
    assert settings.neo4j_port == 7687
    assert memory_bytes(settings.neo4j_heap) == 2 * 1024**3


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("KG_NEO4J_PORT", "eighty", "KG_NEO4J_PORT: Input should be a valid integer"),
        ("KG_NEO4J_PORT", "80", "KG_NEO4J_PORT: Input should be greater than or equal to 1024"),
        ("KG_NEO4J_URI", "http://localhost:7474", "KG_NEO4J_URI: Value error, must start with"),
        ("KG_NEO4J_HEAP", "lots", "KG_NEO4J_HEAP: Value error, 'lots' is not a memory size"),
        ("KG_MAX_PAGE_SIZE", "0", "KG_MAX_PAGE_SIZE: Input should be greater than or equal to 1"),
        ("KG_EVENT_LOOP", "trio", "KG_EVENT_LOOP: Input should be 'auto', 'asyncio' or 'uvloop'"),
        ("KG_RATE_LIMIT_STORAGE", "gopher://x", "KG_RATE_LIMIT_STORAGE: Value error, 'gopher://x'"),
    ],
)
def test_bad_values_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert message in str(raised.value)


def test_a_cluster_uri_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_NEO4J_URI", "neo4j+s://cluster.example.org:7687")
    monkeypatch.setenv("KG_NEO4J_DATABASE", "scholarly")
    settings = load_settings()
    assert not settings.embedded
    assert settings.neo4j_database == "scholarly"


ORCID_SETTINGS = {
    "KG_ORCID_ISSUER": "https://orcid.org",
    "KG_ORCID_CLIENT_ID": "APP-0123456789ABCDEF",
    "KG_ORCID_CLIENT_SECRET": "a-client-secret",
    "KG_ORCID_REDIRECT_BASE": "https://kg.example.org/",
}


def test_sign_in_with_orcid_is_off_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ORCID_SETTINGS:
        monkeypatch.delenv(variable, raising=False)
    assert not load_settings().orcid_enabled


def test_sign_in_with_orcid_is_on_with_all_four_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable, value in ORCID_SETTINGS.items():
        monkeypatch.setenv(variable, value)
    settings = load_settings()
    assert settings.orcid_enabled
    assert settings.orcid_redirect_base == "https://kg.example.org"  # no trailing slash
    assert "a-client-secret" not in repr(settings)


def test_a_partial_orcid_configuration_names_what_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KG_ORCID_ISSUER", "https://orcid.org")
    monkeypatch.delenv("KG_ORCID_CLIENT_ID", raising=False)
    monkeypatch.delenv("KG_ORCID_CLIENT_SECRET", raising=False)
    monkeypatch.setenv("KG_ORCID_REDIRECT_BASE", "https://kg.example.org")
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert "missing KG_ORCID_CLIENT_ID, KG_ORCID_CLIENT_SECRET" in str(raised.value)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("KG_ORCID_ISSUER", "http://orcid.org"),
        ("KG_ORCID_REDIRECT_BASE", "http://kg.example.org"),
        ("KG_ORCID_REDIRECT_BASE", "https://kg.example.org/?next=x"),
    ],
)
def test_orcid_urls_are_https_except_on_loopback(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    for name, setting in ORCID_SETTINGS.items():
        monkeypatch.setenv(name, setting)
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert f"{variable}: Value error, must be an https:// URL" in str(raised.value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "KG_WORKERS: Input should be greater than or equal to 1"),
        ("65", "KG_WORKERS: Input should be less than or equal to 64"),
        ("two", "KG_WORKERS: Input should be a valid integer"),
    ],
)
def test_bad_worker_counts_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, value: str, message: str
) -> None:
    monkeypatch.setenv("KG_WORKERS", value)
    with pytest.raises(SettingsError, match=message):
        load_settings()


@pytest.mark.parametrize("storage", ["memory://", "async+memory://"])
def test_several_workers_refuse_per_process_rate_limit_counters(
    monkeypatch: pytest.MonkeyPatch, storage: str
) -> None:
    monkeypatch.setenv("KG_WORKERS", "2")
    monkeypatch.setenv("KG_RATE_LIMIT_STORAGE", storage)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    message = str(raised.value)
    assert "KG_WORKERS=2" in message and "KG_RATE_LIMIT_STORAGE" in message
    assert "redis://" in message


def test_one_worker_keeps_memory_counters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_WORKERS", "1")
    monkeypatch.delenv("KG_RATE_LIMIT_STORAGE", raising=False)
    assert load_settings().workers == 1


def test_bad_http_parser_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_HTTP", "h2")
    with pytest.raises(
        SettingsError, match="KG_HTTP: Input should be 'auto', 'h11' or 'httptools'"
    ):
        load_settings()


def test_async_storage_uri_prefixes_once() -> None:
    assert async_storage_uri("redis://host:6379") == "async+redis://host:6379"
    assert async_storage_uri("async+redis://host:6379") == "async+redis://host:6379"


def test_workers_share_metrics_through_a_fresh_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(METRICS_DIR_VARIABLE, raising=False)
    assert prepare_worker_metrics(1) is None
    assert METRICS_DIR_VARIABLE not in os.environ
    made = prepare_worker_metrics(2)
    assert made is not None and made.is_dir()
    assert os.environ[METRICS_DIR_VARIABLE] == str(made)
    made.rmdir()
    # A directory given is emptied of an earlier run's counters.
    (tmp_path / "counter_123.db").write_bytes(b"old")
    monkeypatch.setenv(METRICS_DIR_VARIABLE, str(tmp_path))
    assert prepare_worker_metrics(2) == tmp_path
    assert not list(tmp_path.glob("*.db"))


def test_workers_refuse_a_metrics_directory_that_is_not_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(METRICS_DIR_VARIABLE, str(tmp_path / "missing"))
    with pytest.raises(SettingsError) as raised:
        prepare_worker_metrics(2)
    assert "KG_WORKERS=2" in str(raised.value) and METRICS_DIR_VARIABLE in str(raised.value)
