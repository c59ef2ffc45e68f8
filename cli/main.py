"""`kg`: the one command-line tool of the service.

kg neo4j start|stop|status     the embedded Neo4j
kg schema apply                constraints and indexes (idempotent)
kg generate --authors N ...    synthetic OpenAlex-format data
kg load openalex|arxiv PATH..  load records into the graph
kg import openalex PATH...     first load of an empty database (Neo4j's bulk importer)
kg user create|grant|list|reset-password   accounts (cli/identity.py)
kg token create|list|revoke    API tokens
kg mail outbox                 the e-mail the service sent (cli/mail.py)
kg cypher 'MATCH ...' -p k=v   a read-only, guarded Cypher statement (analysts)
kg serve                       the GraphQL service
kg demo                        all of the above with demo data, then serve
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import neo4j

from cli.bulk_import import add_import_command
from cli.cypher import add_cypher_command
from cli.generate import run_generate
from cli.load import add_load_command
from cli.usage import UsageError, positive_int
from kg.db import Connection, DatabaseUnavailable, apply_schema, open_driver
from kg.embedded import EmbeddedError, EmbeddedNeo4j
from kg.settings import PROJECT_ROOT, Settings, SettingsError, load_settings

DEMO_AUTHORS = 10_000
DEMO_SEED = 7
DEMO_DIR = PROJECT_ROOT / "var" / "demo"


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled as Ctrl-C is: `finally` blocks run, so what a command started stops."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # uvicorn handles SIGTERM while it serves, then raises it again once it has stopped; with the
    # default action the process would die there, before `kg demo` stops the Neo4j it started.
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)
    try:
        settings = load_settings()
        return int(args.run(settings, args))
    except (SettingsError, EmbeddedError, DatabaseUnavailable, UsageError, ValueError) as error:
        # ValueError covers cli.identity.CommandError and bad roles.
        print(f"kg: error: {error}", file=sys.stderr)
        return 2
    except Terminated:
        print("kg: terminated", file=sys.stderr)
        return 143
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg", description="Scholarly knowledge graph service.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    neo4j = commands.add_parser("neo4j", help="start, stop or inspect the embedded Neo4j")
    neo4j.add_argument("action", choices=["start", "stop", "status"])
    neo4j.set_defaults(run=run_neo4j)

    schema = commands.add_parser("schema", help="apply the graph's constraints and indexes")
    schema.add_argument("action", choices=["apply"])
    schema.set_defaults(run=run_schema)

    generate = commands.add_parser("generate", help="write synthetic OpenAlex-format data")
    generate.add_argument("--authors", type=positive_int, required=True, help="number of authors")
    generate.add_argument("--seed", type=int, default=DEMO_SEED, help="random seed (default 7)")
    generate.add_argument("--out", type=Path, required=True, help="directory to write into")
    generate.set_defaults(run=run_generate)

    add_load_command(commands)
    add_import_command(commands)
    add_cypher_command(commands)

    from cli.identity import add_identity_commands

    add_identity_commands(commands)

    from cli.mail import add_mail_command

    add_mail_command(commands)

    cache = commands.add_parser(
        "cache", help="mark every replica's cached responses out of date (after outside writes)"
    )
    cache.add_argument("action", choices=["clear"])
    cache.set_defaults(run=run_cache)

    serve = commands.add_parser("serve", help="serve GraphQL and the explorer")
    serve.add_argument("--host", help="bind address (default KG_HOST, 127.0.0.1)")
    serve.add_argument("--port", type=positive_int, help="port (default KG_PORT, 8000)")
    serve.set_defaults(run=run_serve)

    demo = commands.add_parser("demo", help="start Neo4j, load the demo graph (once) and serve")
    demo.add_argument("--authors", type=positive_int, default=DEMO_AUTHORS)
    demo.add_argument("--host")
    demo.add_argument("--port", type=positive_int)
    demo.set_defaults(run=run_demo)
    return parser


# -- commands ------------------------------------------------------------------------------------


def run_neo4j(settings: Settings, args: argparse.Namespace) -> int:
    if not settings.embedded:
        raise UsageError(
            f"KG_NEO4J_URI is set ({settings.neo4j_uri}): that Neo4j is managed elsewhere, "
            "unset it to use the embedded one"
        )
    embedded = EmbeddedNeo4j(settings)
    if args.action == "start":
        print(f"Starting Neo4j on {embedded.uri} with data in {embedded.data_dir} ...", flush=True)
        seconds = embedded.start()
        print(f"Neo4j is up on {embedded.uri} after {seconds:.1f} s.")
        print(f"User neo4j; password in {embedded.password_file} unless KG_NEO4J_PASSWORD is set.")
        print("Next: kg schema apply, kg load ..., kg serve; stop it with: kg neo4j stop")
    elif args.action == "stop":
        stopped = embedded.stop()
        print("Neo4j stopped." if stopped else f"Neo4j was not running ({embedded.data_dir}).")
    else:
        status = embedded.status()
        print(f"{embedded.uri}: {status.detail}")
        return 0 if status.running else 3
    return 0


def run_schema(settings: Settings, args: argparse.Namespace) -> int:
    connection = Connection.from_settings(settings)
    with open_driver(connection) as driver:
        count = apply_schema(
            driver,
            connection.database,
            on_rebuild=lambda name: print(
                f"Rebuilding the full-text index {name} with the accent-folding analyzer ..."
            ),
        )
    print(f"Applied {count} schema statements to {connection.uri} ({connection.database}).")
    return 0


def run_cache(settings: Settings, args: argparse.Namespace) -> int:
    from kg import graph_version

    connection = Connection.from_settings(settings)
    with open_driver(connection) as driver, driver.session(database=connection.database) as session:
        graph_version.advance_in(session)
    print(
        f"Advanced the graph's version on {connection.uri} ({connection.database}): every "
        "replica's cached responses are out of date; the next reads run their queries."
    )
    return 0


def run_serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from edge import protocol
    from edge.observe import configure_logging
    from kg.metrics import prepare_worker_metrics

    host = args.host or settings.host
    port = args.port or settings.port
    configure_logging(settings)
    workers = settings.workers
    metrics_dir = prepare_worker_metrics(workers)  # before any worker is spawned
    print(
        f"Serving on http://{host}:{port}/ (GraphQL at /graphql)"
        + (f" with {workers} worker processes (metrics in {metrics_dir})" if metrics_dir else "")
        + "; Ctrl-C stops.",
        flush=True,
    )
    if workers > 1:
        # Each spawned worker imports the app and reads the same settings from the environment.
        app: Any = "server:create_worker_app"
    else:
        from server import create_app

        app = create_app(settings)
    config = protocol.configure(
        uvicorn.Config(
            app,
            factory=workers > 1,
            workers=workers,
            host=host,
            port=port,
            log_config=None,  # configure_logging's handler: text or JSON, with request ids
            access_log=False,  # the edge logs each request itself, with its id
            http=protocol.protocol_class(settings.http),
            timeout_keep_alive=int(max(1, settings.keep_alive_seconds)),
            h11_max_incomplete_event_size=settings.max_header_bytes,
            limit_concurrency=settings.max_connections,
            loop=settings.event_loop,
            timeout_graceful_shutdown=10,
        ),
        settings,
    )
    server = uvicorn.Server(config)
    if workers > 1:
        from uvicorn.supervisors import Multiprocess

        Multiprocess(config, sockets=[config.bind_socket()]).run()
    else:
        server.run()
        if not server.started:
            return 3  # uvicorn's start-up failure status; its log line said why
    return 0


def run_demo(settings: Settings, args: argparse.Namespace) -> int:
    started_here = False
    embedded = EmbeddedNeo4j(settings)
    if settings.embedded and not embedded.status().running:
        print(f"Starting the embedded Neo4j ({embedded.data_dir}) ...", flush=True)
        print(f"Neo4j is up after {embedded.start():.1f} s.", flush=True)
        started_here = True
    try:
        connection = Connection.from_settings(settings)
        with open_driver(connection) as driver:
            apply_schema(driver, connection.database)
            load_demo_once(driver, connection.database, authors=args.authors)
        from cli.identity import demo_account

        email, password = demo_account(settings)
        print(f"Demo account: {email}, password {password} (new at every kg demo).", flush=True)
        return run_serve(settings, args)
    finally:
        if started_here:
            print("Stopping the embedded Neo4j ...", flush=True)
            embedded.stop()


def load_demo_once(driver: neo4j.Driver, database: str, *, authors: int) -> None:
    from kg.reference_researcher import REFERENCE_AUTHOR_ID
    from loaders.demo import load_demo

    loaded = load_demo(driver, database, out_dir=DEMO_DIR, authors=authors, seed=DEMO_SEED)
    state = "loaded" if loaded else "already loaded"
    print(f"Demo graph {state}. The reference researcher: /authors/{REFERENCE_AUTHOR_ID}")


if __name__ == "__main__":
    sys.exit(main())
