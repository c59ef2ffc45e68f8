"""Service settings, read from KG_* environment variables (and an optional .env file).

Built where they are used (`create_app`, the CLI), never at import time, so that a bad value fails
at start with a message naming the variable.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

import limits
import limits.errors
import limits.storage
from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "KG_"
PROJECT_ROOT = Path(__file__).resolve().parent.parent

_MEMORY = re.compile(r"^(\d+)([kmg])$", re.IGNORECASE)
_UNITS = {"k": 1024, "m": 1024**2, "g": 1024**3}


def memory_bytes(value: str) -> int:
    """'512m' -> 536870912. The same notation as Neo4j's and the JVM's memory settings."""
    match = _MEMORY.match(value.strip())
    if not match:
        raise ValueError(f"{value!r} is not a memory size such as 512m or 2g")
    return int(match.group(1)) * _UNITS[match.group(2).lower()]


class SettingsError(Exception):
    """Settings that cannot be used; the message names the environment variable(s)."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_file=".env", extra="ignore", frozen=True
    )

    # An external Neo4j (bolt://, neo4j:// routing, +s/+ssc for TLS). Empty: the embedded one.
    neo4j_uri: str = ""
    neo4j_user: str = "neo4j"
    # Empty with the embedded Neo4j: a password is generated once and kept in data_dir (mode 0600).
    neo4j_password: SecretStr = SecretStr("")
    neo4j_database: str = "neo4j"

    data_dir: Path = PROJECT_ROOT / "var" / "neo4j"
    neo4j_port: Annotated[int, Field(ge=1024, le=65535)] = 7687
    # Sized for the 2-core, 24 GiB machine this starts on; raise both for a bigger graph.
    neo4j_heap: str = "2g"
    neo4j_pagecache: str = "2g"
    neo4j_tx_timeout_seconds: Annotated[int, Field(ge=1, le=86400)] = 60
    # db.memory.transaction.max: the most heap one transaction may take (Neo4j refuses beyond).
    neo4j_tx_memory_max: str = "1g"

    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=1, le=65535)] = 8000

    # GraphQL limits: what one request may ask for.
    max_page_size: Annotated[int, Field(ge=1, le=1000)] = 100
    max_query_depth: Annotated[int, Field(ge=2, le=50)] = 12
    max_aliases: Annotated[int, Field(ge=1, le=1000)] = 30
    max_query_tokens: Annotated[int, Field(ge=100, le=100000)] = 2000

    # Request bounds at the HTTP edge (docs/api.md): bodies over max_body_bytes get 413, JSON
    # nested deeper than max_json_depth 400, a body not in within body_timeout_seconds 408.
    max_body_bytes: Annotated[int, Field(ge=1024, le=100_000_000)] = 1_000_000
    max_json_depth: Annotated[int, Field(ge=4, le=500)] = 32
    body_timeout_seconds: Annotated[float, Field(gt=0, le=600)] = 10.0
    # uvicorn: idle keep-alive connections closed after this; the most bytes of an unfinished
    # request line and headers; at most this many connections at once (then 503).
    keep_alive_seconds: Annotated[float, Field(gt=0, le=600)] = 5.0
    max_header_bytes: Annotated[int, Field(ge=4096, le=1_000_000)] = 65_536
    max_connections: Annotated[int, Field(ge=1, le=100_000)] = 1000
    # uvicorn's event loop: "auto" is uvloop (a dependency: less CPU per request), "asyncio"
    # the standard library's (for debugging, or to compare).
    event_loop: Literal["auto", "asyncio", "uvloop"] = "auto"
    # uvicorn's HTTP/1.1 parser: "auto" is httptools (a dependency: C, less CPU per request),
    # "h11" the pure-Python one. Both keep the head deadline and max_header_bytes (edge/protocol).
    http: Literal["auto", "h11", "httptools"] = "auto"
    # Worker processes of `kg serve`, each with its own driver and caches. More than one needs
    # rate-limit counters shared between them (not memory://); metrics are then gathered from
    # every worker through PROMETHEUS_MULTIPROC_DIR (kg.metrics.prepare_worker_metrics).
    workers: Annotated[int, Field(ge=1, le=64)] = 1

    # Failing fast when Neo4j is down: a connection attempt and waiting for a pooled connection
    # give up after these, and an API read is tried again only within neo4j_retry_seconds of its
    # start (kg.db.read_records); the client gets SERVICE_UNAVAILABLE (HTTP 503 with
    # Retry-After: retry_after_seconds).
    neo4j_connect_timeout_seconds: Annotated[float, Field(gt=0, le=120)] = 1.0
    neo4j_acquire_timeout_seconds: Annotated[float, Field(gt=0, le=120)] = 1.0
    neo4j_retry_seconds: Annotated[float, Field(ge=0, le=120)] = 0.5
    retry_after_seconds: Annotated[int, Field(ge=1, le=3600)] = 2

    # Anonymous read queries' responses, kept per process until the graph's version moves
    # (kg/graph_version.py): at most this many bytes of bodies; 0 turns the cache off.
    response_cache_bytes: Annotated[int, Field(ge=0, le=16_000_000_000)] = 64_000_000

    # Logs: "text" for people, "json" (one object a line) for collectors; both carry request ids.
    log_format: Literal["text", "json"] = "text"

    # At start, run the author page's reads once so Neo4j has planned them (schema/warmup.py).
    warm_up: bool = True
    # Analysts' Cypher (POST /cypher, kg cypher): what one statement may take (docs/analysts.md).
    cypher_timeout_seconds: Annotated[float, Field(gt=0, le=3600)] = 30
    cypher_max_rows: Annotated[int, Field(ge=1)] = 1_000_000
    cypher_max_concurrent: Annotated[int, Field(ge=1, le=100)] = 2
    cypher_max_estimated_rows: Annotated[float, Field(ge=1)] = 100_000_000
    cypher_max_path_length: Annotated[int, Field(ge=1, le=100)] = 10
    cypher_max_range_elements: Annotated[int, Field(ge=1)] = 1_000_000
    cypher_max_row_bytes: Annotated[int, Field(ge=1024)] = 1_048_576
    cypher_audit_log: Path = PROJECT_ROOT / "var" / "audit" / "cypher.jsonl"

    # Accounts and sessions (docs/api.md, "Accounts"). The origin the service is reached at, as a
    # browser writes it (https://kg.example.org); empty: taken from each request's Host header.
    public_origin: str = ""
    # Secure cookies are only sent over HTTPS: on for any deployment that has TLS in front.
    session_cookie_secure: bool = False
    session_idle_seconds: Annotated[int, Field(ge=1, le=90 * 86400)] = 2 * 86400
    session_absolute_seconds: Annotated[int, Field(ge=1, le=365 * 86400)] = 30 * 86400
    token_default_days: Annotated[int, Field(ge=1, le=3650)] = 90
    token_max_days: Annotated[int, Field(ge=1, le=3650)] = 365

    # Rate limits, in the `limits` notation ("10 per 15 minutes", "10/minute"). memory:// keeps
    # the counters in the process; several replicas share e.g. redis://host:6379.
    rate_limit_storage: str = "memory://"
    rate_sign_in_per_account: str = "10 per 15 minutes"
    rate_sign_in_per_address: str = "100 per 15 minutes"
    rate_sign_up_per_address: str = "20 per hour"
    rate_mutations_per_user: str = "120 per minute"

    # Collaboration invitations and conversations (docs/api.md, "Direct collaboration"). New
    # invitations one account may send in any 24 hours (counted in Neo4j, so the limit holds
    # across replicas); the longest invitation and conversation message, in characters.
    invitations_per_day: Annotated[int, Field(ge=1, le=1000)] = 20
    invitation_message_max_chars: Annotated[int, Field(ge=1, le=100_000)] = 2000
    conversation_message_max_chars: Annotated[int, Field(ge=1, le=100_000)] = 10_000

    # Sign in with ORCID (OpenID Connect). Off unless all four are set; the issuer is
    # https://orcid.org (or https://sandbox.orcid.org), the client is registered there with the
    # redirect URI <orcid_redirect_base>/auth/orcid/callback.
    orcid_issuer: str = ""
    orcid_client_id: str = ""
    orcid_client_secret: SecretStr = SecretStr("")
    orcid_redirect_base: str = ""
    # How long the service waits for the provider (discovery, keys, token exchange).
    orcid_timeout_seconds: Annotated[float, Field(gt=0, le=60)] = 10.0

    # Outgoing e-mail (identity/mail.py): claim confirmation links. Sent over SMTP to smtp_host;
    # empty: nothing leaves the service and every message is kept whole in the outbox
    # (`kg mail outbox`), so a demo needs no mail server. STARTTLS when smtp_starttls.
    smtp_host: str = ""
    smtp_port: Annotated[int, Field(ge=1, le=65535)] = 25
    smtp_user: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_starttls: bool = False
    smtp_from: str = "Scholarly KG <no-reply@localhost>"
    smtp_timeout_seconds: Annotated[float, Field(gt=0, le=120)] = 10.0

    # Claim verification by institutional e-mail (identity/verification.py): how long a
    # confirmation link works, and how many links one account may ask for.
    claim_email_link_seconds: Annotated[int, Field(ge=60, le=30 * 86400)] = 86400
    rate_claim_emails_per_user: str = "5 per hour"

    # Sign-up address confirmation (identity/confirmation.py): how long the e-mailed link works,
    # and how many links one account may ask for again (requestEmailConfirmation).
    signup_email_link_seconds: Annotated[int, Field(ge=60, le=30 * 86400)] = 86400
    rate_confirmation_emails_per_user: str = "5 per hour"

    @field_validator("neo4j_uri")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        schemes = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")
        if value and not value.startswith(schemes):
            raise ValueError(f"must start with one of {', '.join(schemes)}")
        return value

    @field_validator("neo4j_heap", "neo4j_pagecache", "neo4j_tx_memory_max")
    @classmethod
    def _memory(cls, value: str) -> str:
        memory_bytes(value)
        return value

    @field_validator(
        "rate_sign_in_per_account",
        "rate_sign_in_per_address",
        "rate_sign_up_per_address",
        "rate_mutations_per_user",
        "rate_claim_emails_per_user",
        "rate_confirmation_emails_per_user",
    )
    @classmethod
    def _rate(cls, value: str) -> str:
        try:
            limits.parse(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a rate such as '10 per 15 minutes'") from None
        return value

    @field_validator("rate_limit_storage")
    @classmethod
    def _rate_storage(cls, value: str) -> str:
        # Checked here, not at the first sign-in: a scheme `limits` does not know, or one whose
        # client library is not installed (redis:// needs coredis), must stop the start.
        try:
            limits.storage.storage_from_string(async_storage_uri(value))
        except limits.errors.ConfigurationError as error:
            raise ValueError(f"{value!r} cannot be used: {error}") from None
        return value

    @field_validator("public_origin")
    @classmethod
    def _origin(cls, value: str) -> str:
        if value and (not re.fullmatch(r"https?://[^/\s]+", value)):
            raise ValueError(
                "must be a scheme and host without a path, e.g. https://kg.example.org"
            )
        return value.lower()

    @field_validator("orcid_issuer", "orcid_redirect_base")
    @classmethod
    def _web_origin(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if value and not _secure_or_loopback(value):
            raise ValueError("must be an https:// URL (http:// only on 127.0.0.1 or localhost)")
        return value

    @model_validator(mode="after")
    def _orcid_all_or_nothing(self) -> Settings:
        values = {
            "orcid_issuer": self.orcid_issuer,
            "orcid_client_id": self.orcid_client_id,
            "orcid_client_secret": self.orcid_client_secret.get_secret_value(),
            "orcid_redirect_base": self.orcid_redirect_base,
        }
        missing = [name for name, value in values.items() if not value]
        if missing and len(missing) < len(values):
            names = ", ".join(f"{ENV_PREFIX}{name.upper()}" for name in missing)
            raise ValueError(f"Sign in with ORCID needs all four settings; missing {names}")
        return self

    @model_validator(mode="after")
    def _workers_share_counters(self) -> Settings:
        if self.workers > 1 and self.rate_limit_storage.startswith(
            ("memory://", "async+memory://")
        ):
            raise ValueError(
                f"{ENV_PREFIX}WORKERS={self.workers} needs rate-limit counters shared between the "
                f"worker processes, but {ENV_PREFIX}RATE_LIMIT_STORAGE is "
                f"{self.rate_limit_storage} (each process would count on its own): set "
                f"{ENV_PREFIX}RATE_LIMIT_STORAGE=redis://host:6379 or {ENV_PREFIX}WORKERS=1"
            )
        return self

    @property
    def embedded(self) -> bool:
        return not self.neo4j_uri

    @property
    def orcid_enabled(self) -> bool:
        return bool(self.orcid_issuer)


def async_storage_uri(uri: str) -> str:
    """The asyncio flavour of a `limits` storage URI (redis:// -> async+redis://): the service
    counts from its event loop."""
    return uri if uri.startswith("async+") else f"async+{uri}"


def _secure_or_loopback(url: str) -> bool:
    parts = urlsplit(url)
    if not parts.hostname or parts.query or parts.fragment:
        return False
    if parts.scheme == "https":
        return True
    return parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost", "::1")


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment; errors name the variable, e.g. KG_NEO4J_PORT."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        problems = []
        for item in error.errors():
            if not item["loc"]:  # a rule across settings: its message names the variables
                problems.append(item["msg"].removeprefix("Value error, "))
                continue
            variable = f"{ENV_PREFIX}{str(item['loc'][0]).upper()}"
            problems.append(f"{variable}: {item['msg']} (got {item.get('input')!r})")
        raise SettingsError("invalid settings: " + "; ".join(problems)) from None
