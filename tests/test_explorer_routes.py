"""The explorer's pages over HTTP, without a browser or a database."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import SecretStr
from starlette.applications import Starlette
from starlette.testclient import TestClient

from explorer.routes import (
    CONTENT_SECURITY_POLICY,
    CYTOSCAPE_INLINE_STYLE,
    STATIC_DIR,
    asset_version,
    routes,
)
from kg.settings import Settings
from server import create_app

PAGES = {
    "/": "search",
    "/authors/A5100000001": "author",
    "/explore/A5100000001": "explore",
    "/explore/fields/17": "explore",
    "/inbox": "inbox",
    "/conversations/C0123456789abcdef": "conversation",
}


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(Starlette(routes=routes()))


@pytest.mark.parametrize(("path", "kind"), PAGES.items())
def test_pages_are_html_with_strict_headers(client: TestClient, path: str, kind: str) -> None:
    response = client.get(path)

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert f'data-page="{kind}"' in response.text
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy
    assert "default-src 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-cache"


def test_pages_load_the_versioned_bundle_and_no_inline_script(client: TestClient) -> None:
    html = client.get("/authors/A5100000001").text
    version = asset_version()

    assert f'<script type="module" src="/static/explorer.js?v={version}"></script>' in html
    assert f'href="/static/explorer.css?v={version}"' in html
    assert "{{" not in html
    for chunk in (STATIC_DIR / "chunks").glob("*.js"):
        assert f'<link rel="modulepreload" href="/static/chunks/{chunk.name}">' in html
    [graph] = (STATIC_DIR / "chunks").glob("graph-*.js")
    assert f'<script type="module" src="/static/chunks/{graph.name}"></script>' in html
    assert re.search(r"<script(?![^>]*\bsrc=)", html) is None, "inline scripts break the CSP"
    assert re.search(r"<style|\sstyle=", html) is None, "inline styles break the CSP"


def test_the_id_is_never_written_into_the_page(client: TestClient) -> None:
    response = client.get("/authors/%3Cscript%3Ealert(1)%3C%5Cscript%3E")

    assert response.status_code == 200
    assert "alert(1)" not in response.text
    assert "<script>" not in response.text


def bundle_files() -> list[Path]:
    return sorted(STATIC_DIR.rglob("*.js"))


def test_csp_admits_exactly_the_stylesheet_cytoscape_injects() -> None:
    bundle = "".join(path.read_text(encoding="utf-8") for path in bundle_files())
    class_name = CYTOSCAPE_INLINE_STYLE.split()[0].lstrip(".")

    assert class_name in bundle
    assert "{ position: relative; }" in bundle
    assert CONTENT_SECURITY_POLICY.count("'sha256-") == 1


@pytest.mark.parametrize(
    ("name", "media_type"),
    [
        ("explorer.js", "text/javascript"),
        ("explorer.css", "text/css"),
        ("favicon.svg", "image/svg+xml"),
    ],
)
def test_static_assets(client: TestClient, name: str, media_type: str) -> None:
    versioned = client.get(f"/static/{name}?v={asset_version()}")
    plain = client.get(f"/static/{name}")

    assert versioned.status_code == 200
    assert versioned.headers["content-type"].startswith(media_type)
    assert versioned.headers["x-content-type-options"] == "nosniff"
    assert "immutable" in versioned.headers["cache-control"]
    assert plain.headers["cache-control"] == "no-cache"


def test_the_bundle_chunks_are_served_compressed_and_immutable(client: TestClient) -> None:
    chunks = [path for path in bundle_files() if path.parent.name == "chunks"]
    assert chunks, "npm run build splits the graph code into static/chunks/"
    largest = max(chunks, key=lambda path: path.stat().st_size)

    response = client.get(f"/static/chunks/{largest.name}", headers={"accept-encoding": "gzip"})

    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"
    assert "immutable" in response.headers["cache-control"]
    assert response.content == largest.read_bytes()  # httpx decoded it: all of it arrived


def test_gzipped_assets_revalidate_and_identity_is_still_served(client: TestClient) -> None:
    css = (STATIC_DIR / "explorer.css").read_bytes()
    first = client.get("/static/explorer.css", headers={"accept-encoding": "gzip"})
    again = client.get(
        "/static/explorer.css",
        headers={"accept-encoding": "gzip", "if-none-match": first.headers["etag"]},
    )
    plain = client.get("/static/explorer.css", headers={"accept-encoding": "identity"})

    assert first.headers["content-encoding"] == "gzip"
    assert first.headers["vary"] == "Accept-Encoding"
    assert first.content == css
    assert again.status_code == 304
    assert "content-encoding" not in plain.headers
    assert plain.content == css
    assert plain.headers["etag"] != first.headers["etag"]


def test_the_entry_imports_only_chunks_that_exist() -> None:
    entry = (STATIC_DIR / "explorer.js").read_text(encoding="utf-8")
    imported = set(re.findall(r"\./chunks/[\w.-]+\.js", entry))

    assert imported
    for path in imported:
        assert (STATIC_DIR / path).is_file(), f"{path} is missing: rebuild and commit static/"


def test_favicon(client: TestClient) -> None:
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")


def test_unknown_static_file_is_404(client: TestClient) -> None:
    assert client.get("/static/nope.js").status_code == 404
    assert client.get("/static/../routes.py").status_code == 404


def test_the_service_mounts_the_explorer() -> None:
    # An external URI keeps create_app from touching the embedded Neo4j; no request reaches it.
    app = create_app(Settings(neo4j_uri="bolt://127.0.0.1:9", neo4j_password=SecretStr("unused")))
    client = TestClient(app)  # not entered: no lifespan, so no connection is attempted

    assert client.get("/").status_code == 200
    assert client.get("/authors/A5100000001").status_code == 200
    assert client.get(f"/static/explorer.js?v={asset_version()}").status_code == 200
