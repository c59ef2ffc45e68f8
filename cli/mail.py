"""`kg mail outbox`: what the service sent (or, without an SMTP host, kept instead of sending).

kg mail outbox [--to ADDRESS] [--last N]   newest first, each message whole

Without KG_SMTP_HOST this is the demo's mailbox: open the confirmation link it shows. Messages
that went out over SMTP are shown with their links replaced by "[sent, not kept]".
"""

from __future__ import annotations

import argparse
from typing import Any

from cli.identity import with_graph
from cli.usage import positive_int
from identity import mail
from identity.accounts import normalize_email
from identity.graph import Graph
from kg.settings import Settings


def add_mail_command(commands: Any) -> None:
    command = commands.add_parser("mail", help="the outbox of e-mail the service sent")
    actions = command.add_subparsers(dest="action", required=True, metavar="ACTION")
    outbox = actions.add_parser("outbox", help="the messages sent, newest first")
    outbox.add_argument("--to", help="only the messages to this address")
    outbox.add_argument("--last", type=positive_int, default=10, help="how many (default 10)")
    outbox.set_defaults(run=run_outbox)


def run_outbox(settings: Settings, args: argparse.Namespace) -> int:
    address = normalize_email(args.to) if args.to else None

    async def work(graph: Graph) -> list[mail.OutboxEntry]:
        return await mail.outbox(graph, to=address, first=args.last)

    entries = with_graph(settings, work)
    if not entries:
        where = f" to {address}" if address else ""
        print(f"The outbox holds no message{where}.")
        return 0
    how = (
        f"SMTP {settings.smtp_host}:{settings.smtp_port}"
        if settings.smtp_host
        else "no SMTP host (KG_SMTP_HOST): messages are kept here, not sent"
    )
    print(f"{len(entries)} message(s), newest first; delivery: {how}.")
    for entry in entries:
        print()
        print(f"--- {entry.id}  {entry.created.isoformat(timespec='seconds')}  {entry.delivery}")
        if entry.error:
            print(f"Error: {entry.error}")
        print(f"To: {entry.to}")
        print(f"Subject: {entry.subject}")
        print()
        print(entry.body.rstrip())
    return 0
