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
