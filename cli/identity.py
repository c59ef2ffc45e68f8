"""`kg user ...` and `kg token ...`: accounts and API tokens from the command line.

kg user create EMAIL [--role analyst|admin] [--password-stdin]   a new account
kg user grant analyst|admin EMAIL [--revoke]                      add (or take away) a role
kg user list                                                      every account
kg user reset-password EMAIL                                      a one-time reset token
kg token create EMAIL --name NAME [--role R] [--days N]           an API token, shown once
kg token list EMAIL                                               an account's tokens
kg token revoke EMAIL TOKEN_ID                                    revoke one

There is no default account or password: the first admin is `kg user create EMAIL --role admin`,
which prints a generated password once (or reads one from standard input).
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import sys
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from identity import accounts, tokens
from identity.accounts import AccountError
from identity.graph import Graph
from identity.roles import GRANTABLE, Role, parse
from kg.db import Connection, apply_schema, open_driver
from kg.settings import Settings

T = TypeVar("T")
DEMO_EMAIL = "demo@example.org"
GENERATED_PASSWORD_BYTES = 15  # 20 URL-safe characters


class CommandError(ValueError):
    """What the command could not do; kg prints it as one line."""


def add_identity_commands(commands: Any) -> None:
    user = commands.add_parser("user", help="accounts: create, grant roles, list, reset")
    actions = user.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="a new account (prints a generated password)")
    create.add_argument("email")
    create.add_argument("--role", choices=[r.value for r in GRANTABLE], help="also grant a role")
    create.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    create.set_defaults(run=run_user_create)
    grant = actions.add_parser("grant", help="grant (or --revoke) analyst or admin")
    grant.add_argument("role", choices=[r.value for r in GRANTABLE])
    grant.add_argument("email")
    grant.add_argument("--revoke", action="store_true", help="take the role away instead")
    grant.set_defaults(run=run_user_grant)
    listing = actions.add_parser("list", help="every account")
    listing.set_defaults(run=run_user_list)
    reset = actions.add_parser("reset-password", help="print a one-time password-reset token")
    reset.add_argument("email")
    reset.set_defaults(run=run_user_reset)

    token = commands.add_parser("token", help="API tokens: create, list, revoke")
    token_actions = token.add_subparsers(dest="action", required=True, metavar="ACTION")
    token_create = token_actions.add_parser("create", help="an API token, shown once")
    token_create.add_argument("email")
    token_create.add_argument("--name", required=True, help="what the token is for")
    token_create.add_argument(
        "--role", default="researcher", help="researcher (default), analyst or admin"
    )
    token_create.add_argument("--days", type=int, help="days until it expires")
    token_create.set_defaults(run=run_token_create)
    token_list = token_actions.add_parser("list", help="an account's tokens")
    token_list.add_argument("email")
    token_list.set_defaults(run=run_token_list)
    token_revoke = token_actions.add_parser("revoke", help="revoke a token by its id")
    token_revoke.add_argument("email")
    token_revoke.add_argument("token_id")
    token_revoke.set_defaults(run=run_token_revoke)


def with_graph(settings: Settings, work: Callable[[Graph], Awaitable[T]]) -> T:
    """Run `work` against the configured Neo4j, with the schema (the constraints) in place."""
    connection = Connection.from_settings(settings)
    with open_driver(connection) as sync_driver:
        apply_schema(sync_driver, connection.database)

    async def run() -> T:
        driver = connection.async_driver()
        try:
            return await work(Graph(driver, connection.database))
        finally:
            await driver.close()

    try:
        return asyncio.run(run())
    except AccountError as error:
        raise CommandError(str(error)) from None


async def _account(graph: Graph, email: str) -> accounts.Account:
    address = accounts.normalize_email(email)
    records = await graph.read("users/by_email", email=address)
    if not records:
        raise CommandError(f"no account has the address {address}; see `kg user list`")
    return accounts.Account.of(records[0]["user"])


def demo_account(settings: Settings) -> tuple[str, str]:
    """The demo account (made on first use) with a freshly generated password, for `kg demo`:
    a newcomer can sign in and follow at once. A new password every run, so it can be shown."""
    password = secrets.token_urlsafe(GENERATED_PASSWORD_BYTES)

    async def work(graph: Graph) -> None:
        records = await graph.read("users/by_email", email=DEMO_EMAIL)
        if records:
            await accounts.set_password(
                graph, records[0]["user"]["id"], password, argument="password"
            )
        else:
            await accounts.create(graph, email=DEMO_EMAIL, password=password)

    with_graph(settings, work)
    return DEMO_EMAIL, password


def run_user_create(settings: Settings, args: argparse.Namespace) -> int:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
        generated = False
    else:
        password = secrets.token_urlsafe(GENERATED_PASSWORD_BYTES)
        generated = True

    async def work(graph: Graph) -> accounts.Account:
        account = await accounts.create(graph, email=args.email, password=password)
        if args.role:
            granted = await accounts.grant(graph, args.email, parse(args.role))
            assert granted is not None
            account = granted
        return account

    account = with_graph(settings, work)
    print(f"Created account {account.id} for {account.email} (role {account.role.value}).")
    if generated:
        print(f"Password (shown once, not stored anywhere): {password}")
    print("Sign in at /signin; change the password there under My account.")
    return 0


def run_user_grant(settings: Settings, args: argparse.Namespace) -> int:
    role = parse(args.role)
    account = with_graph(
        settings, lambda g: accounts.grant(g, args.email, role, revoke=args.revoke)
    )
    if account is None:
        raise CommandError(f"no account has the address {args.email.strip().casefold()}")
    held = ", ".join(account.roles) or "none besides researcher"
    verb = "Took" if args.revoke else "Granted"
    print(f"{verb} {role.value} {'from' if args.revoke else 'to'} {account.email}; roles: {held}.")
    return 0


def run_user_list(settings: Settings, args: argparse.Namespace) -> int:
    rows = with_graph(settings, accounts.list_all)
    for row in rows:
        roles = ",".join(row.get("roles") or []) or "-"
        print(f"{row['id']}\t{row.get('email') or '-'}\t{roles}\t{row.get('orcid') or '-'}")
    print(f"{len(rows)} account(s).", file=sys.stderr)
    return 0


def run_user_reset(settings: Settings, args: argparse.Namespace) -> int:
    token = with_graph(settings, lambda g: accounts.issue_reset(g, args.email))
    if token is None:
        raise CommandError(f"no account has the address {args.email.strip().casefold()}")
    minutes = accounts.RESET_SECONDS // 60
    print(f"One-time reset token (valid {minutes} minutes, shown once): {token}")
    print("Give it to the account's owner; they set a new password at /reset-password.")
    return 0


def run_token_create(settings: Settings, args: argparse.Namespace) -> int:
    role = parse(args.role)
    days = settings.token_default_days if args.days is None else args.days
    if not 1 <= days <= settings.token_max_days:
        raise CommandError(f"--days must be between 1 and {settings.token_max_days}")

    async def work(graph: Graph) -> tuple[str, tokens.TokenInfo]:
        account = await _account(graph, args.email)
        if role.rank > account.role.rank:
            raise CommandError(
                f"{account.email} has the {account.role.value} role; a token cannot have more "
                f"(kg user grant {role.value} {account.email})"
            )
        return await tokens.create(graph, account, name=args.name, role=role, days=days)

    secret, info = with_graph(settings, work)
    print(f"Token {info.id} ({info.role.value}, expires {info.expires:%Y-%m-%d}):")
    print(secret)
    print("Shown once. Send it as `Authorization: Bearer <token>`; revoke: kg token revoke.")
    return 0


def run_token_list(settings: Settings, args: argparse.Namespace) -> int:
    async def work(graph: Graph) -> list[tokens.TokenInfo]:
        return await tokens.list_for(graph, (await _account(graph, args.email)).id)

    found = with_graph(settings, work)
    for info in found:
        print(f"{info.id}\t{info.role.value}\texpires {info.expires:%Y-%m-%d}\t{info.name}")
    print(f"{len(found)} token(s).", file=sys.stderr)
    return 0


def run_token_revoke(settings: Settings, args: argparse.Namespace) -> int:
    async def work(graph: Graph) -> bool:
        return await tokens.revoke(graph, (await _account(graph, args.email)).id, args.token_id)

    if not with_graph(settings, work):
        raise CommandError(f"{args.email} has no token {args.token_id}; see `kg token list`")
    print(f"Revoked token {args.token_id}.")
    return 0


__all__ = ["CommandError", "Role", "add_identity_commands"]
