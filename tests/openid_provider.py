"""A real OpenID provider for the tests: tests/oidc_provider/server.mjs (npm `oidc-provider`),
started on loopback on a free port, waited for until its discovery document answers.

`make test` installs its npm packages (`npm ci`, from the committed package-lock.json); when they
are missing, `start` installs them first so that pytest alone works too.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx2
from starlette.testclient import TestClient

PROVIDER_DIR = Path(__file__).resolve().parent / "oidc_provider"
APP_ORIGIN = "http://localhost"  # the TestClient's base URL in these tests
CALLBACK = f"{APP_ORIGIN}/auth/orcid/callback"
START_SECONDS = 60.0  # node's start is about 1 s; a loaded 2-core machine can take far longer

# Josiah Carberry, ORCID's own test researcher; the default account of the provider.
DEFAULT_ORCID = "0000-0002-1825-0097"


@dataclass(frozen=True)
class Client:
    client_id: str
    client_secret: str
    redirect_uris: tuple[str, ...]

    def config(self) -> dict[str, object]:
        return {
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "redirect_uris": list(self.redirect_uris),
        }


# The service under test, and another application registered at the same provider (its codes
# and ID tokens must never be accepted by the service).
SERVICE = Client("kg-service", "service-secret-0123456789abcdef", (CALLBACK,))
OTHER_APP = Client("other-app", "other-secret-0123456789abcdef", ("http://other.test/callback",))


def ensure_installed() -> None:
    if (PROVIDER_DIR / "node_modules" / "oidc-provider" / "package.json").is_file():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is needed for the OpenID provider of the tests (Node.js 20+)")
    print(f"installing the test OpenID provider's packages: npm ci in {PROVIDER_DIR}")
    subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=PROVIDER_DIR, check=True
    )


@dataclass
class OpenIDProvider:
    """One provider process; `issuer` is known once `start` returns."""

    workdir: Path
    clients: tuple[Client, ...] = (SERVICE, OTHER_APP)
    issuer: str = ""
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def log(self) -> Path:
        return self.workdir / "provider.log"

    def start(self) -> OpenIDProvider:
        ensure_installed()
        node = shutil.which("node")
        if node is None:
            raise RuntimeError("node is needed for the OpenID provider of the tests")
        self.workdir.mkdir(parents=True, exist_ok=True)
        ready_file = self.workdir / "ready.json"
        ready_file.unlink(missing_ok=True)
        config = {
            "clients": [client.config() for client in self.clients],
            "defaultAccount": DEFAULT_ORCID,
            "accounts": {DEFAULT_ORCID: "Josiah Carberry"},
            "readyFile": str(ready_file),
            "host": "127.0.0.1",
            "port": 0,  # the system picks a free port; the provider reports it
        }
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [node, str(PROVIDER_DIR / "server.mjs")],
                cwd=PROVIDER_DIR,
                env={**os.environ, "OIDC_PROVIDER_CONFIG": json.dumps(config)},
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + START_SECONDS
        while not ready_file.exists():
            self._check_alive()
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the OpenID provider did not start: {self._log_tail()}")
            time.sleep(0.05)
        self.issuer = json.loads(ready_file.read_text())["issuer"]
        self._wait_for_discovery(deadline)
        return self

    def _wait_for_discovery(self, deadline: float) -> None:
        url = f"{self.issuer}/.well-known/openid-configuration"
        while True:
            self._check_alive()
            try:
                if httpx2.get(url, timeout=2).status_code == 200:
                    return
            except httpx2.TransportError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{url} did not answer: {self._log_tail()}")
            time.sleep(0.05)

    def _check_alive(self) -> None:
        if self.process is not None and self.process.poll() is not None:
            raise RuntimeError(
                f"the OpenID provider exited ({self.process.returncode}): {self._log_tail()}"
            )

    def _log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-2000:] if self.log.exists() else "(no log)"

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


class Browser:
    """A browser without a window: the service through its TestClient, the provider over real
    HTTP, each with its own cookies, following redirects from one to the other as a browser
    does. `until` stops at the first request to a path of the service (the callback, say)."""

    def __init__(self, app: TestClient, provider: OpenIDProvider) -> None:
        self.app = app
        self.provider = provider
        self.at_provider = httpx2.Client(timeout=30, follow_redirects=False)

    def close(self) -> None:
        self.at_provider.close()

    def get(self, url: str) -> httpx2.Response:
        if url.startswith(self.provider.issuer):
            return self.at_provider.get(url)
        return self.app.get(url.removeprefix(APP_ORIGIN), follow_redirects=False)

    def follow(self, response: httpx2.Response, *, until: str | None = None) -> httpx2.Response:
        """Follow redirects; with `until`, return the redirect's URL that would go there."""
        for _ in range(20):
            if response.status_code not in (302, 303) or "location" not in response.headers:
                return response
            location = str(response.url.join(response.headers["location"]))
            if until is not None and urlsplit(location).path == until:
                return response
            if not location.startswith((self.provider.issuer, APP_ORIGIN)):
                return response  # a site of neither (another application's redirect URI)
            response = self.get(location)
        raise AssertionError("more than 20 redirects")

    def to_callback(self, start: str = "/auth/orcid/sign-in", **authorize: str) -> str:
        """Start a sign-in at the service and sign in at the provider; the callback URL the
        provider sends the browser to (not followed). `authorize` changes parameters of the
        authorization request on its way to the provider (login_hint, or a tampered nonce)."""
        started = self.app.get(start, follow_redirects=False)
        assert started.status_code == 303, started.text
        url = started.headers["location"]
        if authorize:
            url = with_params(url, **authorize)
        redirect = self.follow(self.get(url), until=urlsplit(CALLBACK).path)
        assert redirect.status_code in (302, 303), redirect.text
        return str(redirect.url.join(redirect.headers["location"]))


def with_params(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.update(changes)
    return urlunsplit(parts._replace(query=urlencode(query)))


def params_of(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))
