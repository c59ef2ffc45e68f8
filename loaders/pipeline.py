"""The load engine shared by the OpenAlex and arXiv loaders.

Records stream from the files (loaders.reading), are validated and turned into rows by the
source's `prepare` function, and are written in batches of `batch_size` rows per entity, each batch
in its own transaction, by one writer thread (so that reading and validating overlap with the
database's work).
A record that cannot be used goes to the rejects file; every other record of the file still loads.

No step depends on the machine being fast: every write goes through loaders/chunks.py, which
halves a transaction that hits the database's time limit. Progress shows, for every phase, what was
done out of a total, with an ETA (loaders/progress.py).

The input files and the rejects file are loaders/files.py's; after the records come the
finishing steps of loaders/derived.py (references, collaborations).
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypedDict

import neo4j

import cypher
from kg import graph_version
from loaders.chunks import Chunks
from loaders.derived import finish_graph
from loaders.files import Rejects, check_paths, default_rejects_path
from loaders.parallel import ordered_map
from loaders.progress import bar as progress_bar
from loaders.reading import (
    RawLine,
    RawRecord,
    ReadPosition,
    parse_line,
    read_items,
    read_records,
)

DEFAULT_BATCH_SIZE = 1000
UNKNOWN = "unknown"  # the entity of a record that could not be parsed far enough to tell


class LoadOptions(TypedDict, total=False):
    """How a load runs (run_load's keywords): where rejects go (default: beside the first file),
    records per transaction, and whether to show a progress bar."""

    rejects_path: Path | str | None
    batch_size: int
    progress: bool


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
    timeouts: int = 0  # transactions that hit Neo4j's time limit and were written again, halved

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
        if self.timeouts:
            lines.append(
                f"{self.timeouts:,} transaction(s) hit Neo4j's time limit and were written "
                "again in smaller batches."
            )
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


def open_rejects(files: Sequence[Path], rejects_path: str | Path | None) -> Rejects:
    """The rejects file of a load or an import: the one asked for, else one beside the first
    input; never one of the inputs."""
    rejects = Rejects(
        Path(rejects_path) if rejects_path else default_rejects_path(files[0]),
        fallback=rejects_path is None,
    )
    if any(rejects.path.resolve() == path.resolve() for path in files):
        raise ValueError(
            f"the rejects file {rejects.path} is also an input; choose another with --rejects FILE"
        )
    return rejects


@dataclass(frozen=True)
class _Rejected:
    """A record that does not map: what goes into the rejects file."""

    path: Path
    line: int
    entity: str
    reason: str
    text: str


_Outcome = tuple[str, str, Row] | _Rejected


def prepared_records(
    files: Sequence[Path],
    position: ReadPosition,
    dialect: Dialect,
    summary: LoadSummary,
    rejects: Rejects,
    *,
    each: Callable[[], None] = lambda: None,
    workers: int = 1,
) -> Iterator[tuple[str, str, Row]]:
    """(entity, key, row) of every record of `files` as the dialect maps it, counted as read; a
    record that does not map is counted as rejected and goes to the rejects file with its file
    and line. `each` is called once per record read, rejected or not (progress).

    With workers > 1 the records are parsed and mapped in that many processes, CHUNK_RECORDS
    lines at a time, and come back in the files' order: the same rows, counts and rejects. So
    `prepare` must not depend on what it mapped before (OpenAlexDialect's caches serve `write`
    only, which stays in this process)."""
    outcomes = (
        _outcomes(files, position, dialect)
        if workers <= 1
        else _parallel_outcomes(files, position, dialect, workers)
    )
    for outcome in outcomes:
        each()
        if isinstance(outcome, _Rejected):
            counts = summary.counts(outcome.entity)
            counts.read += 1
            counts.rejected += 1
            rejects.add(outcome.path, outcome.line, outcome.reason, outcome.text)
            continue
        summary.counts(outcome[0]).read += 1
        yield outcome


def _outcome(dialect: Dialect, record: RawRecord) -> _Outcome:
    try:
        if record.error is not None:
            raise RecordError(record.error)
        return dialect.prepare(record.value)
    except RecordError as error:
        return _Rejected(record.path, record.line, error.entity, error.reason, record.text)


def _outcomes(
    files: Sequence[Path], position: ReadPosition, dialect: Dialect
) -> Iterator[_Outcome]:
    for path in files:
        for record in read_records(path, position):
            yield _outcome(dialect, record)


# Lines per task of a worker (about 1 MB of generated works), and tasks out per worker.
CHUNK_RECORDS = 250
CHUNKS_PER_WORKER = 2
_worker_dialect: Dialect | None = None


def _parallel_outcomes(
    files: Sequence[Path], position: ReadPosition, dialect: Dialect, workers: int
) -> Iterator[_Outcome]:
    reading = ReadPosition()  # ahead of `position` by the chunks in flight

    def chunks() -> Iterator[tuple[int, list[RawRecord | RawLine]]]:
        for path in files:
            chunk: list[RawRecord | RawLine] = []
            for item in read_items(path, reading):
                chunk.append(item)
                if len(chunk) >= CHUNK_RECORDS:
                    yield reading.bytes, chunk
                    chunk = []
            if chunk:
                yield reading.bytes, chunk

    for read_bytes, outcomes in ordered_map(
        _map_chunk,
        chunks(),
        workers=workers,
        in_flight=workers * CHUNKS_PER_WORKER,
        initializer=_start_worker,
        initargs=(dialect,),
    ):
        position.bytes = read_bytes
        yield from outcomes


def _start_worker(dialect: Dialect) -> None:
    global _worker_dialect
    _worker_dialect = dialect


def _map_chunk(items: list[RawRecord | RawLine]) -> list[_Outcome]:
    """In a worker: parse the lines and map the records (see prepared_records)."""
    dialect = _worker_dialect
    assert dialect is not None
    found: list[_Outcome] = []
    for item in items:
        records = parse_line(item) if isinstance(item, RawLine) else (item,)
        found.extend(_outcome(dialect, record) for record in records)
    return found


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
    rejects = open_rejects(files, rejects_path)
    summary = LoadSummary(dialect.name, tuple(files))
    writer = _Writer(driver, database, dialect, summary, batch_size)
    progress_bars = _LoadProgress(dialect.name, files, summary, enabled=progress)
    batches = {entity: _Batch() for entity in dialect.order}
    writer.start()
    try:
        for entity, key, row in prepared_records(
            files, progress_bars.position, dialect, summary, rejects, each=progress_bars.record_read
        ):
            batch = batches[entity]
            previous = batch.rows.get(key)
            if previous is None or dialect.newer(row, previous):
                batch.rows[key] = row
            batch.records += 1
            if len(batch.rows) >= batch_size:
                writer.submit(entity, batch, progress_bars.refresh)
                batches[entity] = _Batch()
        progress_bars.reading_done()
        for entity in dialect.order:
            if batches[entity].rows:
                writer.submit(entity, batches[entity], progress_bars.refresh)
                batches[entity] = _Batch()
        writer.finish(progress_bars.refresh)
    except BaseException:
        writer.abandon()
        raise
    finally:
        progress_bars.close()
        rejects.close()
    summary.timeouts = writer.chunks.halvings + finish_graph(driver, database, progress=progress)
    summary.rejects_path = rejects.path if rejects.count else None
    summary.seconds = time.monotonic() - started
    return summary


class _LoadProgress:
    """Two bars while records load: bytes read of the files' total, and records written of the
    records there are (estimated from the share of bytes read until reading ends), each with
    its rate and ETA."""

    def __init__(self, name: str, files: list[Path], summary: LoadSummary, *, enabled: bool):
        self.summary = summary
        self.enabled = enabled
        self.position = ReadPosition()
        self.total_bytes = sum(path.stat().st_size for path in files) or 1
        self.read = 0
        self.done_reading = False
        self.reading = progress_bar(
            f"reading {name}", enabled, total=self.total_bytes, unit="B", unit_scale=True
        )
        self.writing = progress_bar("writing", enabled, total=0, unit=" records")
        self._last = 0.0

    def record_read(self) -> None:
        self.read += 1
        if self.enabled and self.read % 200 == 0:
            self.refresh()

    def reading_done(self) -> None:
        self.done_reading = True
        self.refresh(force=True)

    def refresh(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < 0.5:
            return
        self._last = now
        self.reading.update(self.position.bytes - self.reading.n)
        self.reading.set_postfix(records=self.read, rejected=self.summary.rejected, refresh=False)
        if self.done_reading:
            expected = self.read
        else:
            share = max(self.position.bytes, 1) / self.total_bytes
            expected = max(self.read, round(self.read / share))
        self.writing.total = expected - self.summary.rejected
        self.writing.update(self.summary.loaded - self.writing.n)

    def close(self) -> None:
        self.refresh(force=True)
        self.reading.close()
        self.writing.close()


class _Writer(threading.Thread):
    """Writes submitted batches in order, in transactions of at most a batch (smaller after a
    timeout: Chunks), while the reader goes on."""

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str,
        dialect: Dialect,
        summary: LoadSummary,
        batch_size: int,
    ) -> None:
        super().__init__(name="kg-load-writer", daemon=True)
        self.driver = driver
        self.database = database
        self.dialect = dialect
        self.summary = summary
        self.chunks = Chunks(batch_size, "write")
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
                    rows = list(batch.rows.values())
                    self.chunks.write(
                        rows, lambda part, e=entity: self.dialect.write(session, e, part)
                    )
                    graph_version.advance_in(session)  # no cached response outlives the batch
                    self.summary.counts(entity).loaded += batch.records
        except BaseException as error:  # handed to the reading thread, which raises it
            self.error = error

    def submit(self, entity: str, batch: _Batch, waiting: Any = None) -> None:
        while True:
            self._raise_if_failed()
            try:
                self.queue.put((entity, batch), timeout=0.5)
                return
            except queue.Full:
                if waiting is not None:
                    waiting()
                continue

    def finish(self, waiting: Any = None) -> None:
        self._put_end()
        while self.is_alive():
            self.join(timeout=0.5)
            if waiting is not None:
                waiting()
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


class NewestCache:
    """Referenced nodes written during this load, with the date of the record that wrote them:
    a node is written again only when a newer record names it (the newest record's values win).

    Bounded like SeenCache.
    """

    def __init__(self, limit: int = 500_000) -> None:
        self.limit = limit
        self._written: dict[str, str] = {}

    def newer(self, items: Iterable[Row]) -> list[Row]:
        """Per id, the newest of the items, when it is newer than what was written."""
        best: dict[str, Row] = {}
        for item in items:
            updated = item["updated"] or ""
            kept = best.get(item["id"])
            if kept is None or updated > (kept["updated"] or ""):
                best[item["id"]] = item
        return [
            item
            for key, item in best.items()
            if key not in self._written or (item["updated"] or "") > self._written[key]
        ]

    def add(self, items: Iterable[Row]) -> None:
        if len(self._written) > self.limit:
            self._written.clear()
        for item in items:
            self._written[item["id"]] = item["updated"] or ""
