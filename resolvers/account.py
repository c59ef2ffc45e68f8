"""The account mutations and `me`: thin calls into identity/, with the gates each one needs.

- signUp, signIn, resetPassword: anyone, under the CSRF rule (JSON, our Origin); sign-ups are
  limited per client address, sign-in attempts per account and per address;
- signOut: a session;
- changePassword, createApiToken: a session, never an API token (a leaked token must not take
  the account over or mint more tokens);
- revokeApiToken, follow, unfollow: a session or an API token, researcher or above.

Every mutation of an account also counts against its per-account mutation rate.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from identity import accounts, confirmation, csrf, mail, tokens
from identity.accounts import Account, AccountError
from identity.principal import Principal
from identity.ratelimits import Limit
from identity.roles import Role
from identity.signin import sign_in, sign_out
from resolvers.context import Context
from resolvers.errors import BadUserInput, Forbidden, Unauthenticated

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

WRONG_CREDENTIALS = "wrong e-mail address or password"


@dataclass(frozen=True)
class SignedIn:
    account: Account
    csrf_token: str


def _client_address(ctx: Context) -> str:
    client = ctx.request.client if ctx.request is not None else None
    return client.host if client else "unknown"


def _http(ctx: Context) -> None:
    if ctx.request is None or ctx.response is None:
        raise RuntimeError("account mutations need the HTTP request and response")


async def _anonymous_gate(ctx: Context) -> None:
    _http(ctx)
    ctx.check_csrf(await ctx.principal())


async def sign_up(ctx: Context, *, email: str, password: str) -> SignedIn:
    await _anonymous_gate(ctx)
    await ctx.limit(Limit.SIGN_UP_ADDRESS, _client_address(ctx))
    try:
        account = await accounts.create(ctx.graph, email=email, password=password)
    except AccountError as error:
        raise BadUserInput(str(error), argument=error.argument) from None
    started = await sign_in(ctx.request, ctx.response, account)  # type: ignore[arg-type]
    graph, settings = ctx.graph, ctx.settings
    origin = csrf.expected_origin(ctx.request, settings)  # type: ignore[arg-type]
    _after_answer(
        lambda: confirmation.send(graph, settings, user_id=account.id, link_base=origin),
        "the sign-up confirmation mail was not sent",
    )
    return SignedIn(started.account, started.csrf_token)


async def request_email_confirmation(ctx: Context) -> bool:
    """Mail a new confirmation link to the signed-in account's own address; False when it has
    none or confirmed it already. Limited per account."""
    principal = await ctx.actor()
    account = _account(principal)
    await ctx.limit(Limit.CONFIRMATION_EMAILS_USER, account.id)
    sent = await confirmation.send(
        ctx.graph,
        ctx.settings,
        user_id=account.id,
        link_base=csrf.expected_origin(ctx.request, ctx.settings)  # type: ignore[arg-type]
        if ctx.request is not None
        else ctx.settings.public_origin,
    )
    return sent is not None


async def confirm_email(ctx: Context, token: str) -> str:
    """Use a sign-up confirmation link's token (from any browser: the token is the credential);
    attempts count against the client address's sign-in limit."""
    await _anonymous_gate(ctx)
    await ctx.limit(Limit.SIGN_IN_ADDRESS, _client_address(ctx))
    try:
        return await confirmation.confirm(ctx.graph, token)
    except confirmation.ConfirmationRefused as error:
        raise BadUserInput(error.message, argument="token", reason=error.reason) from None


async def email_confirmed_at(ctx: Context, account_id: str) -> datetime | None:
    return await confirmation.confirmed_at(ctx.graph, account_id)


async def sign_in_with_password(ctx: Context, *, email: str, password: str) -> SignedIn:
    await _anonymous_gate(ctx)
    account_key = email.strip().casefold()[: accounts.MAX_EMAIL_LENGTH]
    await ctx.limit(Limit.SIGN_IN_ADDRESS, _client_address(ctx))
    await ctx.limit(Limit.SIGN_IN_ACCOUNT, account_key)
    account = await accounts.authenticate(ctx.graph, email=email, password=password)
    if account is None:
        raise Unauthenticated(WRONG_CREDENTIALS)
    started = await sign_in(ctx.request, ctx.response, account)  # type: ignore[arg-type]
    return SignedIn(started.account, started.csrf_token)


async def sign_out_session(ctx: Context) -> bool:
    _http(ctx)
    principal = await ctx.principal()
    ctx.check_csrf(principal)
    if principal.via == "token":
        raise Forbidden("an API token does not sign out; revoke it with revokeApiToken")
    if principal.via != "session":
        raise Unauthenticated(principal.problem or "not signed in")
    return await sign_out(ctx.request, ctx.response)  # type: ignore[arg-type]


async def change_password(ctx: Context, *, current: str, new: str) -> SignedIn:
    principal = await ctx.actor(session_only="change the password from a signed-in browser")
    account = _account(principal)
    try:
        changed = await accounts.change_password(ctx.graph, account.id, current=current, new=new)
    except AccountError as error:
        raise BadUserInput(str(error), argument=error.argument) from None
    if not changed:
        raise BadUserInput("the current password is wrong", argument="currentPassword")
    # Every session ended with the change; this browser gets a new one.
    started = await sign_in(ctx.request, ctx.response, account)  # type: ignore[arg-type]
    return SignedIn(started.account, started.csrf_token)


async def reset_password(ctx: Context, *, token: str, new: str) -> bool:
    await _anonymous_gate(ctx)
    await ctx.limit(Limit.SIGN_IN_ADDRESS, _client_address(ctx))
    try:
        done = await accounts.reset_password(ctx.graph, token, new)
    except AccountError as error:
        raise BadUserInput(str(error), argument=error.argument) from None
    if not done:
        raise BadUserInput(
            "the reset token is unknown, used or expired; ask an admin for a new one",
            argument="token",
        )
    return True


# Mails in flight, sent after the answer: a reset request for a known address answers as fast as
# one for an unknown address (no account enumeration by timing), a sign-up does not wait for
# SMTP. Referenced here until done.
_PENDING: set[asyncio.Task[None]] = set()


def _after_answer(work: Callable[[], Awaitable[object]], failure: str) -> None:
    async def run() -> None:
        try:
            await work()
        except Exception:  # after the answer: nobody to tell but the log
            logging.getLogger(__name__).exception(failure)

    task = asyncio.get_running_loop().create_task(run())
    _PENDING.add(task)
    task.add_done_callback(_PENDING.discard)


async def request_password_reset(ctx: Context, *, email: str) -> bool:
    """Mail a one-time reset token to the account's address, if there is such an account. The
    answer is True either way and comes before the mail goes (nothing tells whether an account
    exists); limited per client address and per address asked for."""
    await _anonymous_gate(ctx)
    await ctx.limit(Limit.SIGN_IN_ADDRESS, _client_address(ctx))
    try:
        address = accounts.normalize_email(email)
    except AccountError as error:
        raise BadUserInput(str(error), argument=error.argument) from None
    await ctx.limit(Limit.SIGN_IN_ACCOUNT, address)
    graph, settings = ctx.graph, ctx.settings
    origin = csrf.expected_origin(ctx.request, settings)  # type: ignore[arg-type]

    async def mail_reset() -> None:
        token = await accounts.issue_reset(graph, address)
        if token is None:
            return
        await mail.send(
            graph,
            settings,
            mail.Message(
                to=address,
                subject="Reset your password",
                body=(
                    f"Someone (we hope you) asked to reset the password of {address} at "
                    f"{origin}.\n\nThe one-time reset token, valid for an hour:\n\n{token}\n\n"
                    "Give it with a new password to the resetPassword mutation. If this was not "
                    "you, ignore this message: nothing changes without the token.\n"
                ),
                kind="password-reset",
                secrets=(token,),
            ),
        )

    _after_answer(mail_reset, "the password-reset mail was not sent")
    return True


async def create_token(
    ctx: Context, *, name: str, role: Role | None, expires_in_days: int | None
) -> tuple[str, tokens.TokenInfo]:
    principal = await ctx.actor(session_only="API tokens are made from a signed-in browser")
    account = _account(principal)
    name = name.strip()
    if not name or len(name) > tokens.MAX_NAME_LENGTH:
        raise BadUserInput(
            f"a token's name has 1 to {tokens.MAX_NAME_LENGTH} characters", argument="name"
        )
    chosen = role or Role.RESEARCHER
    if chosen == Role.ANONYMOUS:
        raise BadUserInput("a token's role is researcher, analyst or admin", argument="role")
    if chosen.rank > principal.role.rank:
        raise Forbidden(
            f"this account has the {principal.role.value} role; a token cannot have more",
            required=chosen.value,
        )
    maximum = ctx.settings.token_max_days
    days = ctx.settings.token_default_days if expires_in_days is None else expires_in_days
    if not 1 <= days <= maximum:
        raise BadUserInput(
            f"`expiresInDays` must be between 1 and {maximum}; got {days}",
            argument="expiresInDays",
        )
    return await tokens.create(ctx.graph, account, name=name, role=chosen, days=min(days, maximum))


async def revoke_token(ctx: Context, *, token_id: str) -> bool:
    from resolvers.errors import NotFound

    principal = await ctx.actor()
    if not await tokens.revoke(ctx.graph, _account(principal).id, token_id):
        raise NotFound(f"this account has no API token with id {token_id!r}", argument="id")
    return True


async def me(ctx: Context) -> Principal | None:
    """The signed-in principal; None for an anonymous reader; UNAUTHENTICATED when a credential
    came with the request but no longer works (so a page can say "sign in again")."""
    principal = await ctx.principal()
    if principal.signed_in:
        return principal
    if principal.problem:
        raise Unauthenticated(principal.problem)
    return None


def _account(principal: Principal) -> Account:
    assert principal.account is not None
    return principal.account
