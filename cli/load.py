"""`kg load openalex|arxiv PATH...`: the loaders on the command line.

Prints a progress bar with its rate to stderr while loading, then a summary: records read, loaded
and rejected per entity, where the rejects went, and how to go on.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import neo4j

from cli.usage import UsageError, positive_int
from kg.db import (
    Connection,
    DatabaseUnavailable,
    apply_schema,
    describe_connect_error,
    open_driver,
)
from kg.settings import Settings
from loaders.arxiv import load_arxiv
from loaders.chunks import LoadTimedOut, timed_out
from loaders.openalex import load_openalex
from loaders.pipeline import DEFAULT_BATCH_SIZE, LoadSummary

EXIT_STATUS = """\
exit status:
  0  every record was loaded
  1  some records were rejected (listed in the rejects file); all the others were loaded
  2  usage error: a missing file, a bad option, Neo4j could not be reached, or a transaction of
     a single record hit Neo4j's time limit (the message says how to go on)

Loading is idempotent: running the same command again changes nothing, and completes a load that
was interrupted, without duplicates.
"""

OPENALEX_HELP = """\
Load OpenAlex records: works, authors, institutions, topics (and subfields, fields, domains) and
sources, told apart by their ids. Accepted: the snapshot's JSON Lines (plain or .gz), a JSON array,
an API results page ({"meta": ..., "results": [...]}) and {"details": author, "works": [...]}.
A directory stands for the .json/.jsonl/.gz files in it.
"""

ARXIV_HELP = """\
Load the arXiv metadata snapshot (JSON Lines, plain or .gz). Papers the graph knows from OpenAlex
(same arXiv id or DOI) are enriched instead of duplicated; others become preprints whose authors are
unresolved names until an OpenAlex record of the same paper resolves them.
"""

Loader = Callable[..., LoadSummary]


def add_load_command(subparsers: Any) -> None:
    load = subparsers.add_parser(
        "load", help="load records into the graph", description="Load records into the graph."
    )
    sources = load.add_subparsers(dest="source", required=True, metavar="SOURCE")
    for name, summary, text, run in (
        (
            "openalex",
            "OpenAlex works, authors, institutions, topics, sources",
            OPENALEX_HELP,
            run_load_openalex,
        ),
        ("arxiv", "the arXiv metadata snapshot", ARXIV_HELP, run_load_arxiv),
    ):
        parser = sources.add_parser(
            name,
            help=summary,
            description=text,
            epilog=EXIT_STATUS,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        parser.add_argument(
            "paths",
            nargs="+",
            type=Path,
            metavar="PATH",
            help="files (or directories of files) to load, in order",
        )
        parser.add_argument(
            "--rejects",
            type=Path,
            metavar="FILE",
            help="where rejected records go, as JSON Lines (default: "
            "<first PATH>.rejects.jsonl, or in the current directory "
            "when that one is read-only)",
        )
        parser.add_argument(
            "--batch-size",
            type=positive_int,
            default=DEFAULT_BATCH_SIZE,
            metavar="N",
            help=f"records per transaction (default {DEFAULT_BATCH_SIZE})",
        )
        parser.set_defaults(run=run)


def run_load_openalex(settings: Settings, args: argparse.Namespace) -> int:
    return _run(settings, args, load_openalex)


def run_load_arxiv(settings: Settings, args: argparse.Namespace) -> int:
    return _run(settings, args, load_arxiv)


def _run(settings: Settings, args: argparse.Namespace, loader: Loader) -> int:
    paths = [Path(path) for path in args.paths]
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise UsageError(f"no such file: {', '.join(missing)}")
    connection = Connection.from_settings(settings)
    with open_driver(connection) as driver:
        try:
            apply_schema(driver, connection.database)
            summary = loader(
                driver,
                connection.database,
                paths,
                rejects_path=args.rejects,
                batch_size=args.batch_size,
                progress=True,
            )
        except (FileNotFoundError, PermissionError, LoadTimedOut) as error:
            raise UsageError(str(error)) from None
        except neo4j.exceptions.Neo4jError as error:
            if not timed_out(error):
                raise
            raise UsageError(
                "Neo4j ended a transaction at its time limit (db.transaction.timeout); batches "
                "committed before are kept. Raise the limit (KG_NEO4J_TX_TIMEOUT_SECONDS for "
                "the embedded Neo4j) and run the same command again to resume."
            ) from None
        except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired) as error:
            raise DatabaseUnavailable(
                describe_connect_error(error, connection) + "; batches committed before "
                "are kept: run the same command again to complete the load"
            ) from None
        except KeyboardInterrupt:
            print(
                "Interrupted: every batch committed so far is kept. Run the same command again "
                "to complete the load.",
                file=sys.stderr,
            )
            raise
    print(f"Loaded {summary.source} into {connection.uri} ({connection.database}):")
    print(summary.describe())
    if summary.rejected:
        print(
            f"{summary.rejected:,} record(s) were rejected; each line of {summary.rejects_path} "
            "says where and why. Fix them and run the command again: records already loaded "
            "are not duplicated."
        )
        return 1
    print("Next: kg serve (or load more; loading again changes nothing).")
    return 0
