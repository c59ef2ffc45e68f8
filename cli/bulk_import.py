"""`kg import openalex PATH...`: an empty embedded Neo4j's first load, by the bulk importer.

Phases: check (the database is empty, the disk has room), convert (loaders/bulk.py: the records to
CSV in one pass, the graph `kg load` would make, parsed and mapped in --workers processes), import
(`neo4j-admin database import full`, with the embedded Neo4j stopped), then start it and create
the schema and GraphVersion as `kg load` and the service do, so that later `kg load` runs apply
incrementally on top.

A database that holds anything is refused (kg import never merges); a failed import leaves the
database empty (its store is removed), never half-built.
"""

from __future__ import annotations

import argparse
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cypher
from cli.usage import UsageError, positive_int
from kg import graph_version
from kg.db import Connection, apply_schema, open_driver
from kg.embedded import EmbeddedNeo4j, admin_import, store_dirs
from kg.settings import Settings
from loaders.bulk import Conversion, convert, snapshot_files
from loaders.parallel import default_workers
from loaders.progress import bar as progress_bar

# Disk needed per input byte (CSV, staging file and store together), measured on generated data
# with margin: JSON Lines shrink to about 0.6x as CSV and the store takes about as much again.
BYTES_PER_PLAIN_BYTE = 2.0
BYTES_PER_GZIP_BYTE = 16.0

IMPORT_HELP = """\
Build the graph of an EMPTY embedded Neo4j from OpenAlex records with Neo4j's bulk importer:
the same graph `kg load openalex` makes of the same files, many times faster. Accepted: an
OpenAlex snapshot directory (data/<entity>/updated_date=.../part_*.gz) and everything `kg load
openalex` reads. Neo4j is stopped while importing and started again after (left running if it
was). A database that holds anything is refused: use `kg load` to add to it.
"""

EXIT_STATUS = """\
exit status:
  0  every record was imported
  1  some records were rejected (listed in the rejects file); all the others were imported
  2  usage error: a missing file, a non-empty database, too little disk, a failed import
"""


@dataclass
class ImportReport:
    conversion: Conversion
    convert_seconds: float
    import_seconds: float
    schema_seconds: float
    neo4j: EmbeddedNeo4j  # the caller's to stop when it was left running (keep_running)

    @property
    def seconds(self) -> float:
        return self.convert_seconds + self.import_seconds + self.schema_seconds


def add_import_command(subparsers: Any) -> None:
    command = subparsers.add_parser(
        "import",
        help="first load of an empty database with Neo4j's bulk importer",
        description="First load of an empty database with Neo4j's bulk importer.",
    )
    sources = command.add_subparsers(dest="source", required=True, metavar="SOURCE")
    parser = sources.add_parser(
        "openalex",
        help="an OpenAlex snapshot (or JSON Lines files) into an empty embedded Neo4j",
        description=IMPORT_HELP,
        epilog=EXIT_STATUS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="snapshot or files")
    parser.add_argument("--rejects", type=Path, metavar="FILE", help="where rejected records go")
    parser.add_argument(
        "--work-dir",
        type=Path,
        metavar="DIR",
        help="where the CSV files are written (default: beside KG_DATA_DIR; removed after)",
    )
    parser.add_argument(
        "--workers",
        type=positive_int,
        metavar="N",
        help="processes that parse and map the records (default: the CPUs less one, "
        f"{default_workers()} here; 1: no worker processes, the records mapped in process)",
    )
    parser.set_defaults(run=run_import_openalex)


def run_import_openalex(settings: Settings, args: argparse.Namespace) -> int:
    try:
        report = import_openalex(
            settings,
            args.paths,
            work_dir=args.work_dir,
            rejects_path=args.rejects,
            progress=True,
            workers=args.workers,
        )
    except (FileNotFoundError, PermissionError) as error:
        raise UsageError(str(error)) from None
    summary = report.conversion.summary
    works = report.conversion.works
    print(f"Imported {summary.source} into {settings.data_dir}:")
    print(summary.describe().rsplit("\n", 1)[0])
    print(
        f"{works:,} works in {report.seconds:.1f} s ({works / report.seconds:,.0f} works/s): "
        f"convert {report.convert_seconds:.1f} s, import {report.import_seconds:.1f} s, "
        f"schema {report.schema_seconds:.1f} s."
    )
    if summary.rejected:
        print(f"{summary.rejected:,} record(s) were rejected; see {summary.rejects_path}.")
        return 1
    print("Next: kg serve (later files: kg load openalex, which applies on top).")
    return 0


def import_openalex(
    settings: Settings,
    paths: list[Path],
    *,
    work_dir: Path | None = None,
    rejects_path: Path | None = None,
    progress: bool = False,
    keep_running: bool = False,
    workers: int | None = None,
) -> ImportReport:
    """Check, convert, import, start, schema (see the module docstring). Neo4j is left running
    when it was, or when keep_running says so. `workers` processes parse and map the records
    (default: one per CPU)."""
    if workers is not None and workers < 1:
        raise UsageError(f"--workers {workers}: give 1 or more")
    if not settings.embedded:
        raise UsageError(
            "kg import builds the embedded Neo4j's store, and KG_NEO4J_URI names another Neo4j; "
            "unset it, or load that one with: kg load openalex PATH..."
        )
    files = snapshot_files(paths)
    embedded = EmbeddedNeo4j(settings)
    work = (work_dir or settings.data_dir.parent / f"{settings.data_dir.name}.import").resolve()
    check_disk(files, work, settings.data_dir)
    was_running = embedded.status().running
    _refuse_non_empty(settings, embedded, was_running)

    started = time.monotonic()
    conversion = convert(
        files,
        work,
        rejects_path=rejects_path,
        progress=progress,
        workers=default_workers() if workers is None else workers,
    )
    converted = time.monotonic()
    phases = progress_bar("importing", progress, total=3, unit=" phases")
    try:
        if was_running:
            embedded.stop()
        phases.set_postfix_str("neo4j-admin import")
        try:
            admin_import(settings, conversion.admin_arguments(), work / "import.log")
        except BaseException:
            for directory in store_dirs(embedded.data_dir, settings.neo4j_database):
                shutil.rmtree(directory, ignore_errors=True)
            raise
        phases.update(1)
        imported = time.monotonic()
        phases.set_postfix_str("starting Neo4j")
        embedded.start()
        phases.update(1)
        phases.set_postfix_str("schema")
        try:
            finish_import(Connection.from_settings(settings))
        finally:
            if not (was_running or keep_running):
                embedded.stop()
        phases.update(1)
    finally:
        phases.close()
    shutil.rmtree(work, ignore_errors=True)
    return ImportReport(
        conversion, converted - started, imported - converted, time.monotonic() - imported, embedded
    )


def finish_import(connection: Connection) -> None:
    """What `kg load` leaves besides the records: the schema (kg.db.apply_schema, as every load
    and the service's start run it), empty affiliation years, and the GraphVersion node."""
    with open_driver(connection) as driver:
        apply_schema(driver, connection.database)
        driver.execute_query(cypher.query("load/import_empty_years"), database_=connection.database)
        with driver.session(database=connection.database) as session:
            graph_version.advance_in(session)


def check_disk(files: list[Path], work: Path, data_dir: Path) -> None:
    """Refuse to start when the estimate of what the import writes exceeds the free space."""
    needed = sum(
        path.stat().st_size
        * (BYTES_PER_GZIP_BYTE if path.name.endswith(".gz") else BYTES_PER_PLAIN_BYTE)
        for path in files
    )
    for directory in (work, data_dir):
        probe = directory
        while not probe.exists():
            probe = probe.parent
        free = shutil.disk_usage(probe).free
        if free < needed:
            raise UsageError(
                f"kg import needs about {needed / 2**30:.1f} GiB free for {len(files)} file(s), "
                f"and {probe} has {free / 2**30:.1f} GiB; free some space or choose --work-dir / "
                "KG_DATA_DIR on a larger disk"
            )


def _refuse_non_empty(settings: Settings, embedded: EmbeddedNeo4j, running: bool) -> None:
    if not running and not any(path.exists() for path in store_dirs(embedded.data_dir)):
        return
    if not running:
        embedded.start()
    try:
        with open_driver(Connection.from_settings(settings)) as driver:
            records, _, _ = driver.execute_query(
                cypher.query("load/import_node_count"), database_=settings.neo4j_database
            )
    finally:
        if not running:
            embedded.stop()
    nodes = int(records[0]["nodes"])
    if nodes:
        raise UsageError(
            f"the database in {settings.data_dir} holds {nodes:,} nodes, and kg import only builds "
            "an empty one: add to it with `kg load openalex PATH...`, or stop Neo4j (kg neo4j "
            "stop), move that directory aside (or set KG_DATA_DIR to a new one) and import again"
        )
