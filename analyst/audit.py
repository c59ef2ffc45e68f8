"""One audit line per analyst statement, appended to a JSON Lines file kept mode 0600.

A file rather than a private label in Neo4j, because the audit must not depend on what it audits:
a statement that times out, exhausts memory or meets a database that is down is still recorded;
recording adds no write transaction (and no latency) to a read; an analyst's statement could
never read it, even through a hole in the guard; and operators read it with the tools they have
(`tail`, `jq`, a log shipper). What is recorded: who, the SHA-256 of the text (not the text,
which may quote personal data), the parameters' names (not their values), the mode, the saved
query's name, duration, rows and the outcome with its code.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path


@dataclass(frozen=True)
class AuditEntry:
    who: str
    statement_sha256: str
    parameters: list[str]
    mode: str
    saved: str | None
    duration_ms: float
    rows: int
    outcome: str  # ok, refused, failed
    code: str | None = None


def statement_hash(statement: str) -> str:
    return hashlib.sha256(statement.encode("utf-8")).hexdigest()


class AuditLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def write(self, entry: AuditEntry) -> None:
        record = {"at": datetime.now(UTC).isoformat(timespec="milliseconds"), **asdict(entry)}
        line = (json.dumps(record, separators=(",", ":")) + "\n").encode("utf-8")
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # O_APPEND: lines from several processes interleave whole; 0600 from the first write.
            descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                os.fchmod(descriptor, 0o600)
                os.write(descriptor, line)
            finally:
                os.close(descriptor)

    def entries(self) -> list[dict[str, object]]:
        """Every entry so far (for tests and `jq`-less reading)."""
        if not self.path.exists():
            return []
        return [json.loads(line) for line in self.path.read_text().splitlines() if line.strip()]
