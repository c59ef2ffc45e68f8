"""The load engine shared by the OpenAlex and arXiv loaders.

Records stream from the files (loaders.reading), are validated and turned into rows by the
source's `prepare` function, and are written in batches of `batch_size` rows per entity, each batch
in its own transaction, by one writer thread (so that reading and validating overlap with the
database's work).
A record that cannot be used goes to the rejects file; every other record of the file still loads.

The input files and the rejects file are loaders/files.py's; after the records come the
finishing steps of loaders/derived.py (references, collaborations).
"""

from __future__ import annotations

import queue
import sys
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypedDict

import neo4j
from tqdm import tqdm

import cypher
from loaders.derived import finish_graph
from loaders.files import Rejects, check_paths, default_rejects_path
from loaders.reading import read_records

DEFAULT_BATCH_SIZE = 1000
UNKNOWN = "unknown"  # the entity of a record that could not be parsed far enough to tell


class RecordError(Exception):
    """One record cannot be loaded; `reason` is the line that goes into the rejects file."""

    def __init__(self, reason: str, entity: str = UNKNOWN) -> None:
        super().__init__(reason)
        self.reason = reason
        self.entity = entity


@dataclass
class EntityCounts:
    read: int = 0
    loaded: int = 0
    rejected: int = 0


@dataclass
class LoadSummary:
    """What a load did: per entity, records read, loaded and rejected; where the rejects went."""

    source: str
    paths: tuple[Path, ...]
    entities: dict[str, EntityCounts] = field(default_factory=dict)
    rejects_path: Path | None = None
    seconds: float = 0.0

    @property
    def read(self) -> int:
        return sum(counts.read for counts in self.entities.values())

    @property
    def loaded(self) -> int:
        return sum(counts.loaded for counts in self.entities.values())

    @property
    def rejected(self) -> int:
        return sum(counts.rejected for counts in self.entities.values())

    def counts(self, entity: str) -> EntityCounts:
        return self.entities.setdefault(entity, EntityCounts())

    def describe(self) -> str:
        """The end-of-load report: a small table, then where the rejects are."""
        lines = [f"{'':14}{'read':>10}{'loaded':>10}{'rejected':>10}"]
        for entity in sorted(self.entities):
            counts = self.entities[entity]
            lines.append(f"{entity:14}{counts.read:>10,}{counts.loaded:>10,}{counts.rejected:>10,}")
        lines.append(f"{'total':14}{self.read:>10,}{self.loaded:>10,}{self.rejected:>10,}")
        rate = self.read / self.seconds if self.seconds else 0.0
        lines.append(f"{len(self.paths)} file(s) in {self.seconds:.1f} s ({rate:,.0f} records/s).")
        if self.rejected:
            lines.append(f"Rejected records (path, line, reason, raw text): {self.rejects_path}")
        return "\n".join(lines)


Row = dict[str, Any]


class Dialect(Protocol):
    """How one source's records become graph writes (one instance per load)."""

    name: str
    order: tuple[str, ...]  # the entities, in the order partial batches are flushed at the end

    def prepare(self, value: Any) -> tuple[str, str, Row]:
        """(entity, key, row) for a parsed record; raises RecordError when it cannot be used."""
        ...

    def newer(self, row: Row, other: Row) -> bool:
        """Whether row supersedes other, a row with the same key in the same batch."""
        ...

    def write(self, session: neo4j.Session, entity: str, rows: list[Row]) -> None:
        """Write one batch of one entity, in one transaction."""
        ...


@dataclass
class _Batch:
    rows: dict[str, Row] = field(default_factory=dict)
    records: int = 0  # records folded into the rows (a duplicate id keeps only the newer row)


class LoadOptions(TypedDict, total=False):
    """How a load runs (run_load's keywords): where rejects go (default: beside the first file),
    records per transaction, and whether to show a progress bar."""

    rejects_path: Path | str | None
    batch_size: int
    progress: bool


def run_load(
    driver: neo4j.Driver,
    database: str,
    paths: Sequence[Path | str],
    dialect: Dialect,
    *,
    rejects_path: Path | str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: bool = False,
) -> LoadSummary:
    started = time.monotonic()
    files = check_paths(paths)
    if batch_size < 1:
        raise ValueError(f"batch size must be 1 or more, not {batch_size}")
    rejects = Rejects(
        Path(rejects_path) if rejects_path else default_rejects_path(files[0]),
        fallback=rejects_path is None,
    )
    if any(rejects.path.resolve() == path.resolve() for path in files):
        raise ValueError(
            f"the rejects file {rejects.path} is also an input; choose another with --rejects FILE"
        )
    summary = LoadSummary(dialect.name, tuple(files))
    writer = _Writer(driver, database, dialect, summary)
    bar = tqdm(
        desc=f"loading {dialect.name}",
        unit=" records",
        file=sys.stderr,
        disable=not progress,
        mininterval=0.5,
        dynamic_ncols=True,
    )
    batches = {entity: _Batch() for entity in dialect.order}
    seen = 0
    writer.start()
    try:
        for path in files:
            for record in read_records(path):
                seen += 1
                bar.update(1)
                if progress and seen % 2000 == 0:
                    bar.set_postfix(loaded=summary.loaded, rejected=summary.rejected, refresh=False)
                try:
                    if record.error is not None:
                        raise RecordError(record.error)
                    entity, key, row = dialect.prepare(record.value)
                except RecordError as error:
                    counts = summary.counts(error.entity)
                    counts.read += 1
                    counts.rejected += 1
                    rejects.add(record.path, record.line, error.reason, record.text)
                    continue
                summary.counts(entity).read += 1
                batch = batches[entity]
                previous = batch.rows.get(key)
                if previous is None or dialect.newer(row, previous):
                    batch.rows[key] = row
                batch.records += 1
                if len(batch.rows) >= batch_size:
                    writer.submit(entity, batch)
                    batches[entity] = _Batch()
        for entity in dialect.order:
            if batches[entity].rows:
                writer.submit(entity, batches[entity])
                batches[entity] = _Batch()
        writer.finish()
    except BaseException:
        writer.abandon()
        raise
    finally:
        bar.set_postfix(loaded=summary.loaded, rejected=summary.rejected, refresh=False)
        bar.close()
        rejects.close()
    finish_graph(driver, database, progress=progress)
    summary.rejects_path = rejects.path if rejects.count else None
    summary.seconds = time.monotonic() - started
    return summary


class _Writer(threading.Thread):
    """Writes submitted batches in order, one transaction each, while the reader goes on."""

    def __init__(
        self, driver: neo4j.Driver, database: str, dialect: Dialect, summary: LoadSummary
    ) -> None:
        super().__init__(name="kg-load-writer", daemon=True)
        self.driver = driver
        self.database = database
        self.dialect = dialect
        self.summary = summary
        self.queue: queue.Queue[tuple[str, _Batch] | None] = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            with self.driver.session(database=self.database) as session:
                while not self.stopping.is_set():
                    item = self.queue.get()
                    if item is None:
                        return
                    entity, batch = item
                    self.dialect.write(session, entity, list(batch.rows.values()))
                    self.summary.counts(entity).loaded += batch.records
        except BaseException as error:  # handed to the reading thread, which raises it
            self.error = error

    def submit(self, entity: str, batch: _Batch) -> None:
        while True:
            self._raise_if_failed()
            try:
                self.queue.put((entity, batch), timeout=0.5)
                return
            except queue.Full:
                continue

    def finish(self) -> None:
        self._put_end()
        while self.is_alive():
            self.join(timeout=0.5)
        self._raise_if_failed()

    def abandon(self) -> None:
        """Stop after the batch in flight (it commits or rolls back whole)."""
        self.stopping.set()
        while True:
            try:
                self.queue.get_nowait()
            except queue.Empty:
                break
        self._put_end()
        self.join(timeout=60)

    def _put_end(self) -> None:
        while self.is_alive():
            try:
                self.queue.put(None, timeout=0.5)
                return
            except queue.Full:
                continue

    def _raise_if_failed(self) -> None:
        if self.error is not None:
            raise self.error


def run(tx: neo4j.ManagedTransaction, name: str, **parameters: Any) -> list[dict[str, Any]]:
    """Run the named query (cypher/load/<name>.cypher) in the transaction; its rows as dicts."""
    return tx.run(cypher.query(f"load/{name}"), parameters).data()


class SeenCache:
    """Ids of referenced nodes already written during this load, to skip writing them again.

    Bounded: when full it starts over, which costs only some redundant (idempotent) MERGEs.
    """

    def __init__(self, limit: int = 500_000) -> None:
        self.limit = limit
        self._seen: set[str] = set()

    def unseen(self, items: Iterable[Row], key: str = "id") -> list[Row]:
        fresh: dict[str, Row] = {}
        for item in items:
            value = item[key]
            if value not in self._seen and value not in fresh:
                fresh[value] = item
        return list(fresh.values())

    def add(self, ids: Iterable[str]) -> None:
        if len(self._seen) > self.limit:
            self._seen.clear()
        self._seen.update(ids)
