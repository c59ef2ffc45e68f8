"""Accounts in the API: `me`, the account mutations and Follow (resolvers/account.py and
resolvers/follows.py say who may do what)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry
from strawberry import UNSET, Private

from identity.principal import Principal
from identity.roles import Role as IdentityRole
from resolvers import account as account_actions
from resolvers import follows
from resolvers.context import Context
from resolvers.errors import BadUserInput
from schema import collaboration
from schema.connections import PageInfo
from schema.types import Author, given

Info = strawberry.Info[Context, None]


@strawberry.enum(description="What an account or a token may do; each includes the ones above.")
class Role(Enum):
    RESEARCHER = "researcher"
    ANALYST = "analyst"
    ADMIN = "admin"

    @classmethod
    def of(cls, role: IdentityRole) -> Role:
        return cls(role.value)


@strawberry.type(description="An API token (its secret is shown once, by createApiToken).")
class ApiToken:
    id: strawberry.ID
    name: str
    role: Role
    created_at: datetime
    expires_at: datetime


@strawberry.type
class FollowedAuthorEdge:
    node: Author
    cursor: str
    followed_at: datetime


@strawberry.type
class FollowedAuthorConnection:
    edges: list[FollowedAuthorEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type(description="The signed-in account. Private: only its owner sees it.")
class Account:
    id: strawberry.ID
    email: str | None
    orcid: str | None = strawberry.field(description="The verified ORCID iD, when linked.")
    role: Role = strawberry.field(description="The account's role (a token's may be lower).")
    roles: list[Role] = strawberry.field(description="Every role held, the lower ones included.")
    authenticated_by: str = strawberry.field(description="`session` or `token`.")
    _principal: Private[Principal]

    @classmethod
    def of(cls, principal: Principal) -> Account:
        assert principal.account is not None
        account = principal.account
        return cls(
            id=strawberry.ID(account.id),
            email=account.email,
            orcid=account.orcid,
            role=Role.of(principal.role),
            roles=[role for role in Role if IdentityRole(role.value).rank <= principal.role.rank],
            authenticated_by=principal.via or "",
            _principal=principal,
        )

    @strawberry.field(description="The authors this account follows, most recent first.")
    async def following(
        self, info: Info, first: int | None = 20, after: str | None = UNSET
    ) -> FollowedAuthorConnection:
        total, rows, cursors, has_next = await follows.following(
            info.context, str(self.id), first=20 if first is None else first, after=given(after)
        )
        return FollowedAuthorConnection(
            edges=[
                FollowedAuthorEdge(
                    node=Author.from_row(row["author"]),
                    cursor=cursor,
                    followed_at=row["since"].to_native(),
                )
                for row, cursor in zip(rows, cursors, strict=True)
            ],
            page_info=PageInfo(
                has_next_page=has_next,
                has_previous_page=given(after) is not None,
                start_cursor=cursors[0] if cursors else None,
                end_cursor=cursors[-1] if cursors else None,
            ),
            total_count=total,
        )

    @strawberry.field(
        description="When the address was confirmed by the link mailed at sign-up (null: not "
        "yet; requestEmailConfirmation sends a new one)."
    )
    async def email_confirmed_at(self, info: Info) -> datetime | None:
        return await account_actions.email_confirmed_at(info.context, str(self.id))

    @strawberry.field(
        description="Whether this account gets e-mail about new invitations and messages "
        "(setNotifyByEmail; on by default)."
    )
    async def notify_by_email(self, info: Info) -> bool:
        return await collaboration.notify_by_email(info, str(self.id))

    @strawberry.field(description="Invitations to collaborate sent or received, newest first.")
    async def invitations(
        self,
        info: Info,
        direction: collaboration.InvitationDirection | None = UNSET,
        status: collaboration.InvitationStatus | None = UNSET,
        first: int | None = 20,
        after: str | None = UNSET,
    ) -> collaboration.InvitationConnection:
        return await collaboration.invitations(
            info,
            str(self.id),
            direction=given(direction),
            status=given(status),
            first=20 if first is None else first,
            after=given(after),
        )

    @strawberry.field(description="This account's conversations, newest first.")
    async def conversations(
        self,
        info: Info,
        status: collaboration.ConversationStatus | None = UNSET,
        first: int | None = 20,
        after: str | None = UNSET,
    ) -> collaboration.ConversationConnection:
        return await collaboration.conversations(
            info,
            str(self.id),
            status=given(status),
            first=20 if first is None else first,
            after=given(after),
        )

    @strawberry.field(description="Whether this account follows the author.")
    async def is_following(self, info: Info, author_id: strawberry.ID) -> bool:
        return await follows.is_following(info.context, str(self.id), author_id)

    @strawberry.field(description="The account's API tokens, newest first (never their secrets).")
    async def tokens(self, info: Info) -> list[ApiToken]:
        from identity import tokens

        return [
            ApiToken(
                id=strawberry.ID(token.id),
                name=token.name,
                role=Role.of(token.role),
                created_at=token.created,
                expires_at=token.expires,
            )
            for token in await tokens.list_for(info.context.graph, str(self.id))
        ]


@strawberry.type
class SignInPayload:
    account: Account
    csrf_token: str = strawberry.field(
        description="Send as X-CSRF-Token with cookie-authenticated mutations when the client "
        "cannot send an Origin header (browsers need not)."
    )


@strawberry.type
class CreatedApiToken:
    token: ApiToken
    secret: str = strawberry.field(
        description="The token itself, for `Authorization: Bearer`; shown only this once."
    )


@strawberry.type
class FollowPayload:
    author: Author
    following: bool
    followers: int = strawberry.field(description="The author's follower count after this.")


async def _signed_in(info: Info, result: account_actions.SignedIn) -> SignInPayload:
    principal = await info.context.principal()
    return SignInPayload(account=Account.of(principal), csrf_token=result.csrf_token)


def _role(role: Role | None) -> IdentityRole | None:
    return None if role is None else IdentityRole(role.value)


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Make an account and sign this browser in to it.")
    async def sign_up(self, info: Info, email: str, password: str) -> SignInPayload:
        result = await account_actions.sign_up(info.context, email=email, password=password)
        return await _signed_in(info, result)

    @strawberry.mutation(description="Sign in with e-mail and password (sets the session cookie).")
    async def sign_in(self, info: Info, email: str, password: str) -> SignInPayload:
        result = await account_actions.sign_in_with_password(
            info.context, email=email, password=password
        )
        return await _signed_in(info, result)

    @strawberry.mutation(description="End this browser's session. True when there was one.")
    async def sign_out(self, info: Info) -> bool:
        return await account_actions.sign_out_session(info.context)

    @strawberry.mutation(
        description="Change the password; every session of the account ends, this browser "
        "gets a new one."
    )
    async def change_password(
        self, info: Info, current_password: str, new_password: str
    ) -> SignInPayload:
        result = await account_actions.change_password(
            info.context, current=current_password, new=new_password
        )
        return await _signed_in(info, result)

    @strawberry.mutation(
        description="Set a new password with a one-time reset token from an admin "
        "(`kg user reset-password`); every session of the account ends."
    )
    async def reset_password(self, info: Info, token: str, new_password: str) -> bool:
        return await account_actions.reset_password(info.context, token=token, new=new_password)

    @strawberry.mutation(
        description="Mail a one-time password-reset token to this address if an account has "
        "it; true either way (nothing tells whether it does)."
    )
    async def request_password_reset(self, info: Info, email: str) -> bool:
        return await account_actions.request_password_reset(info.context, email=email)

    @strawberry.mutation(
        description="Confirm an account's address with the token of the link mailed at sign-up "
        "(works once, before it expires; from any browser). The confirmed address; "
        "BAD_USER_INPUT with `reason` used, expired, address-changed or unknown-link."
    )
    async def confirm_email(self, info: Info, token: str) -> str:
        return await account_actions.confirm_email(info.context, token)

    @strawberry.mutation(
        description="Mail a new confirmation link to your own address; false when there is "
        "nothing to confirm. Limited per account."
    )
    async def request_email_confirmation(self, info: Info) -> bool:
        return await account_actions.request_email_confirmation(info.context)

    @strawberry.mutation(description="Follow an author (idempotent).")
    async def follow(self, info: Info, author_id: strawberry.ID) -> FollowPayload:
        return _followed(await follows.follow(info.context, author_id, on=True))

    @strawberry.mutation(description="Stop following an author (idempotent).")
    async def unfollow(self, info: Info, author_id: strawberry.ID) -> FollowPayload:
        return _followed(await follows.follow(info.context, author_id, on=False))

    @strawberry.mutation(description="Make an API token; its secret is in the answer, once.")
    async def create_api_token(
        self,
        info: Info,
        name: str,
        role: Role | None = UNSET,
        expires_in_days: int | None = UNSET,
    ) -> CreatedApiToken:
        secret, token = await account_actions.create_token(
            info.context,
            name=name,
            role=_role(given(role)),
            expires_in_days=given(expires_in_days),
        )
        return CreatedApiToken(
            token=ApiToken(
                id=strawberry.ID(token.id),
                name=token.name,
                role=Role.of(token.role),
                created_at=token.created,
                expires_at=token.expires,
            ),
            secret=secret,
        )

    @strawberry.mutation(description="Revoke one of this account's API tokens.")
    async def revoke_api_token(self, info: Info, id: strawberry.ID) -> bool:
        if not str(id).strip():
            raise BadUserInput("`id` is empty; pass a token's id", argument="id")
        return await account_actions.revoke_token(info.context, token_id=str(id))


def _followed(result: follows.FollowResult) -> FollowPayload:
    return FollowPayload(
        author=Author.from_row(result.author),
        following=result.following,
        followers=result.followers,
    )


async def me(info: Info) -> Account | None:
    principal = await account_actions.me(info.context)
    return None if principal is None else Account.of(principal)
