"""A large CSV export over HTTP from the real server (`kg serve` in a subprocess): every row
arrives, in order, and the server process's resident memory (VmRSS of its /proc entry, sampled
while the body streams) grows by less than MEMORY_BOUND_BYTES.

A million rows with KG_TEST_EXPORT_ROWS=1000000; 200,000 by default, so that the suite stays fast
on a loaded 2-core machine (a million took minutes there; `make bench-cypher` exports them too).
Why the bound means streaming: 200,000 rows are about 4.5 MB of CSV (a million, 24 MB), and the
driver's records of them some 80 MB in Python (a million, hundreds of MB); a server that buffered
either would grow by more than the bound. Streaming holds one batch of 1,000 rows
(analyst.guard.BATCH_ROWS) at a time.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import neo4j
import pytest

from identity.roles import Role
from kg.db import Connection
from tests.identity_support import make_account, make_token
from tests.test_live_server import Server

ROWS = int(os.environ.get("KG_TEST_EXPORT_ROWS", "200000"))
EXPORT = (
    "UNWIND range(1, $rows) AS i RETURN i AS id, 'row ' + toString(i) AS label, i * 0.5 AS half"
)
MEMORY_BOUND_BYTES = 32 * 1024 * 1024
SAMPLE_EVERY_BYTES = 256 * 1024


def resident_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS in /proc/{pid}/status")


@pytest.fixture(scope="module")
def server(
    driver: neo4j.Driver, neo4j_connection: Connection, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("export-server")
    running = Server(
        neo4j_connection,
        home / "server.log",
        KG_CYPHER_MAX_ROWS=str(ROWS),
        KG_CYPHER_MAX_RANGE_ELEMENTS=str(ROWS),
        KG_CYPHER_TIMEOUT_SECONDS="600",
        KG_CYPHER_AUDIT_LOG=str(home / "audit.jsonl"),
    )
    try:
        yield running
    finally:
        running.stop()


def test_a_large_csv_export_over_http_streams_every_row_in_bounded_server_memory(
    server: Server, neo4j_connection: Connection
) -> None:
    account = make_account(neo4j_connection, "exporter@example.org", role=Role.ANALYST)
    headers = {
        "authorization": f"Bearer {make_token(neo4j_connection, account, role=Role.ANALYST)}",
        "accept": "text/csv",
    }
    pid = server.process.pid
    with httpx.Client(base_url=server.url, timeout=600) as client:
        # A small export first: what the first statement loads once (the guard's rules, the
        # encoder's imports) is not the export's growth.
        warm = client.post(
            "/cypher", json={"statement": EXPORT, "parameters": {"rows": 10_000}}, headers=headers
        )
        assert warm.status_code == 200 and warm.text.count("\r\n") == 10_001
        base = peak = resident_bytes(pid)
        lines = size = unsampled = 0
        tail = b""
        started = time.monotonic()
        body = {"statement": EXPORT, "parameters": {"rows": ROWS}}
        with client.stream("POST", "/cypher", json=body, headers=headers) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/csv")
            for chunk in response.iter_bytes():
                lines += chunk.count(b"\r\n")
                size += len(chunk)
                unsampled += len(chunk)
                tail = (tail + chunk)[-200:]
                if unsampled >= SAMPLE_EVERY_BYTES:
                    peak = max(peak, resident_bytes(pid))
                    unsampled = 0
        seconds = time.monotonic() - started
        peak = max(peak, resident_bytes(pid))
        assert client.get("/healthz").json() == {"status": "ok"}
    assert lines == ROWS + 1  # the header and every row
    assert tail.endswith(f"{ROWS},row {ROWS},{ROWS * 0.5}\r\n".encode())
    assert size > 20 * ROWS
    grew = peak - base
    print(
        f"\n{ROWS:,} rows, {size / 2**20:.1f} MiB of CSV in {seconds:.1f} s "
        f"({ROWS / seconds:,.0f} rows/s); the server grew by {grew / 2**20:.1f} MiB"
    )
    assert grew < MEMORY_BOUND_BYTES, f"the server grew by {grew:,} bytes exporting {size:,}"
