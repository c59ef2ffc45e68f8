"""`kg cypher`: an analyst's statement through the same guard as POST /cypher, for local use.

    kg cypher 'MATCH (a:Author {id: $id}) RETURN a.name' -p id=A5100000001 --format csv
    kg cypher --saved coauthor_network -p id=A5100000001 -p since=2015 -p until=2025
    kg cypher --explain 'MATCH ...'       the plan as text (--format json: as JSON)
    kg cypher --list-saved | --schema

Rows go to stdout as they arrive; errors are one line on stderr with their code.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import sys
from typing import Any

import neo4j

from analyst.audit import AuditLog
from analyst.errors import Refused
from analyst.graph_schema import graph_schema
from analyst.guard import Guard, Limits, Statement
from analyst.output import RowStream, StreamCut, plan_document
from analyst.render import FORMATS
from analyst.saved import saved_queries, saved_query
from cli.usage import UsageError
from kg.db import Connection, DatabaseUnavailable, describe_connect_error
from kg.settings import Settings

EXIT_STATUS = """\
exit status:
  0  the statement ran and every row was written
  1  it stopped part-way (time limit, row cap, ...): the rows written are incomplete
  2  refused before it ran (the message names the rule and its code), or a usage error

Each statement is audited in KG_CYPHER_AUDIT_LOG (default var/audit/cypher.jsonl, mode 0600).
"""


def add_cypher_command(commands: Any) -> None:
    parser = commands.add_parser(
        "cypher",
        help="run a read-only, guarded Cypher statement (as POST /cypher does)",
        description=__doc__,
        epilog=EXIT_STATUS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("statement", nargs="?", help="the Cypher statement")
    parser.add_argument(
        "-p",
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a parameter; VALUE is read as JSON when it parses (2015, true, [1,2]), else as text",
    )
    parser.add_argument("--format", choices=sorted(FORMATS), default="json")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--explain", action="store_true", help="show the plan without running")
    mode.add_argument("--profile", action="store_true", help="run and show the plan with db hits")
    parser.add_argument("--saved", metavar="NAME", help="run a saved query of cypher/analyst/")
    parser.add_argument("--list-saved", action="store_true", help="list the saved queries")
    parser.add_argument("--schema", action="store_true", help="labels, types, keys and indexes")
    parser.set_defaults(run=run_cypher)


def parse_parameters(pairs: list[str]) -> dict[str, Any]:
    parameters: dict[str, Any] = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        if not sep or not name.isidentifier():
            raise UsageError(f"-p {pair!r}: write NAME=VALUE, e.g. -p id=A5100000001")
        try:
            parameters[name] = json.loads(text)
        except json.JSONDecodeError:
            parameters[name] = text
    return parameters


def run_cypher(settings: Settings, args: argparse.Namespace) -> int:
    if args.list_saved:
        for query in saved_queries():
            names = " ".join(f"-p {p.name}=…" for p in query.parameters)
            print(f"{query.name}: {query.answers}\n    kg cypher --saved {query.name} {names}")
        return 0
    parameters = parse_parameters(args.param)
    mode = "explain" if args.explain else "profile" if args.profile else "run"
    if args.saved:
        if args.statement:
            raise UsageError("give a statement or --saved NAME, not both")
    elif not args.statement and not args.schema:
        raise UsageError("give a statement, --saved NAME, --list-saved or --schema")
    return asyncio.run(_run(settings, args, parameters, mode))


async def _run(
    settings: Settings, args: argparse.Namespace, parameters: dict[str, Any], mode: str
) -> int:
    connection = Connection.from_settings(settings)
    driver = connection.async_driver()
    try:
        try:
            await driver.verify_connectivity()
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as error:
            raise DatabaseUnavailable(describe_connect_error(error, connection)) from None
        if args.schema:
            print(json.dumps(await graph_schema(driver, connection.database), indent=2))
            return 0
        guard = Guard(
            driver,
            connection.database,
            Limits.from_settings(settings),
            AuditLog(settings.cypher_audit_log),
        )
        try:
            if args.saved:
                query = saved_query(args.saved)
                query.check_parameters(parameters)
                statement = Statement(query.text, parameters, mode, saved=query.name)
            else:
                statement = Statement(args.statement, parameters, mode)
            return await _write(guard, statement, args.format)
        except Refused as error:
            print(f"kg: refused: {error.code}: {error.message}", file=sys.stderr)
            return 2
    finally:
        await driver.close()


async def _write(guard: Guard, statement: Statement, format: str) -> int:
    execution = await guard.start(f"cli:{getpass.getuser()}", statement)
    if statement.mode != "run":
        document = await plan_document(execution)
        if format == "json":
            print(json.dumps(document, indent=2))
        else:
            sys.stdout.write(document["text"])
        return 0
    stream = RowStream(execution, format)
    out = sys.stdout
    out.write(await stream.first())
    try:
        async for chunk in stream.rest():
            out.write(chunk)
    except StreamCut as cut:
        out.flush()
        print(f"\nkg: stopped: {cut.error.code}: {cut.error.message}", file=sys.stderr)
        return 1
    if format == "json":
        out.write("\n")
    out.flush()
    if stream.error is not None:
        print(f"kg: stopped: {stream.error.code}: {stream.error.message}", file=sys.stderr)
        return 1
    summary = execution.summary()
    print(f"{summary['rows']:,} rows in {summary['durationMs']:,.0f} ms.", file=sys.stderr)
    return 0
