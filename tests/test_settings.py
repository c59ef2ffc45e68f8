from __future__ import annotations

import pytest

from kg.settings import SettingsError, load_settings, memory_bytes


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
