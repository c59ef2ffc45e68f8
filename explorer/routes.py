"""The explorer's pages: `/` (search), `/authors/{id}`, `/explore/{id}`, the account pages
(`/signin`, `/signup`, `/account`), the admins' `/admin/claims` and `/static/...`.

The pages are static HTML: the script reads the id from the URL and asks /graphql for everything
else, so no request data is ever written into HTML here. The only substitutions are facts of the
build: the assets' version (a content hash, so browsers keep them until they change) and the
chunks to preload.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import mimetypes
import os
import re
from collections.abc import Awaitable, Callable
from os import PathLike
from pathlib import Path

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from explorer import confirm_email

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
TEMPLATES_DIR = HERE / "templates"
VERSIONED_ASSETS = ("explorer.js", "explorer.css")
GRAPH_CHUNK = "chunks/graph-"  # esbuild names the chunk of src/graph.js after it

# Cytoscape.js prepends exactly this <style> element to <head>; the policy admits it by its hash
# and no other inline style or script.
CYTOSCAPE_INLINE_STYLE = ".__________cytoscape_container { position: relative; }"


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        f"style-src 'self' {_csp_hash(CYTOSCAPE_INLINE_STYLE)}",
        "img-src 'self'",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-cache",
}


def asset_version() -> str:
    """A short hash of the bundle and stylesheet: it changes whenever either does."""
    digest = hashlib.sha256()
    for name in VERSIONED_ASSETS:
        digest.update((STATIC_DIR / name).read_bytes())
    return digest.hexdigest()[:12]


def chunk_preloads() -> str:
    """`<link rel="modulepreload">` for every chunk the entry imports, the graph code among them:
    the browser fetches them beside the entry instead of after running it.

    The graph chunk (Cytoscape) is also a module script of its own: it then runs as soon as it is
    parsed, right after the entry, where the entry's `import()` of it waited behind the answers to
    the page's first requests (on a first visit, 100-200 ms before the slice could be drawn).
    The entry's import() gets the same, already evaluated, module.
    """
    entry = (STATIC_DIR / "explorer.js").read_text(encoding="utf-8")
    chunks = dict.fromkeys(re.findall(r"\./(chunks/[\w.-]+\.js)", entry))
    links = [f'<link rel="modulepreload" href="/static/{html.escape(chunk)}">' for chunk in chunks]
    links += [
        f'<script type="module" src="/static/{html.escape(chunk)}"></script>'
        for chunk in chunks
        if chunk.startswith(GRAPH_CHUNK)
    ]
    return "\n  ".join(links)


# What every page shares, kept once: `{{assets}}` (icon, stylesheet, script) in the head, and
# `{{site_header}}` (the brand and the account menu) for pages whose header has nothing else.
PARTIALS = ("assets", "site_header")


def render(template: str, version: str, preloads: str) -> str:
    text = (TEMPLATES_DIR / template).read_text(encoding="utf-8")
    for name in PARTIALS:
        partial = (TEMPLATES_DIR / f"_{name}.html").read_text(encoding="utf-8").rstrip("\n")
        text = text.replace("{{" + name + "}}", partial)
    return text.replace("{{version}}", version).replace("{{preloads}}", preloads)


def page(html: str) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        return HTMLResponse(html, headers=PAGE_HEADERS)

    return endpoint


class StaticAssets(StaticFiles):
    """StaticFiles with the explorer's headers, and text assets gzipped once and kept in memory
    (compressing the bundle on every request would cost the event loop tens of milliseconds).

    Versioned URLs (`?v=`) and esbuild's chunks, whose names carry their content hash, are
    immutable; other files revalidate.
    """

    COMPRESSIBLE = frozenset({".js", ".css", ".svg", ".txt"})

    def __init__(self, directory: Path) -> None:
        super().__init__(directory=directory)
        self._gzipped: dict[tuple[str, int, int], tuple[bytes, str]] = {}

    def file_response(
        self,
        full_path: PathLike[str] | str,
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        headers = Headers(scope=scope)
        if (
            status_code == 200
            and Path(full_path).suffix in self.COMPRESSIBLE
            and "gzip" in headers.get("accept-encoding", "")
        ):
            response = self._gzipped_response(Path(full_path), stat_result, headers)
        else:
            response = super().file_response(full_path, stat_result, scope, status_code)
        immutable = b"v=" in scope.get("query_string", b"") or "/chunks/" in scope["path"]
        response.headers["Cache-Control"] = (
            "public, max-age=31536000, immutable" if immutable else "no-cache"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    def _gzipped_response(
        self, path: Path, stat_result: os.stat_result, headers: Headers
    ) -> Response:
        key = (str(path), stat_result.st_mtime_ns, stat_result.st_size)
        if key not in self._gzipped:
            body = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
            self._gzipped[key] = (body, f'"{hashlib.sha256(body).hexdigest()[:32]}-gzip"')
        body, etag = self._gzipped[key]
        vary = {"ETag": etag, "Vary": "Accept-Encoding"}
        if etag in headers.get("if-none-match", ""):
            return Response(status_code=304, headers=vary)
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return Response(body, media_type=media_type, headers={**vary, "Content-Encoding": "gzip"})


async def favicon(request: Request) -> Response:
    # Browsers ask for /favicon.ico whatever the page's <link rel="icon"> says.
    return FileResponse(
        STATIC_DIR / "favicon.svg",
        media_type="image/svg+xml",
        headers={"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"},
    )


# Offered only when Sign in with ORCID is configured (KG_ORCID_*): a plain link, since the flow is
# a chain of redirects; the script adds `next` to it.
ORCID_SIGN_IN = """<p class="orcid-sign-in"><a id="orcid-sign-in" class="button-link"
       href="/auth/orcid/sign-in">Sign in with ORCID</a></p>"""
ORCID_LINK = """<p id="orcid-link" hidden><a class="button-link"
       href="/auth/orcid/link?next=/account">Link your ORCID iD</a></p>"""


def routes(*, orcid: bool = False) -> list[BaseRoute]:
    """The explorer's routes, to mount beside /graphql: the pages talk to nothing else (and,
    with `orcid`, to the /auth/orcid/ steps)."""
    version, preloads = asset_version(), chunk_preloads()
    signin = render("signin.html", version, "").replace(
        "{{orcid_sign_in}}", ORCID_SIGN_IN if orcid else ""
    )
    account = render("account.html", version, "").replace(
        "{{orcid_link}}", ORCID_LINK if orcid else ""
    )
    return [
        Route("/", page(render("index.html", version, "")), name="explorer-search"),
        Route(
            "/authors/{id}", page(render("author.html", version, preloads)), name="explorer-author"
        ),
        # :path because topic ids such as `fields/17` hold a slash.
        Route(
            "/explore/{id:path}",
            page(render("explore.html", version, preloads)),
            name="explorer-graph",
        ),
        # The account pages; their forms are handled by the script, which calls /graphql.
        Route("/signin", page(signin), name="explorer-signin"),
        Route("/signup", page(render("signup.html", version, "")), name="explorer-signup"),
        Route("/account", page(account), name="explorer-account"),
        # Admins' claim reviews; the API refuses anyone else, and the page says so.
        Route(
            "/admin/claims",
            page(render("admin-claims.html", version, "")),
            name="explorer-admin-claims",
        ),
        # Collaboration: the inbox of invitations and one conversation (the id is read by the
        # script from the URL; the API answers only the two participants).
        Route("/inbox", page(render("inbox.html", version, "")), name="explorer-inbox"),
        Route(
            "/conversations/{id}",
            page(render("conversation.html", version, "")),
            name="explorer-conversation",
        ),
        Route("/favicon.ico", favicon, name="favicon"),
        *confirm_email.routes(),  # the page a claim's e-mailed link opens (no script)
        Mount("/static", app=StaticAssets(STATIC_DIR), name="static"),
    ]
