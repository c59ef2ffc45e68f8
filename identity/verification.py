"""Verifying a claim by an institutional e-mail address: a confirmation link sent to an address
whose domain is the homepage domain of an institution the claimed record is affiliated with.

- Domains come from the institutions' `homepage_url` as OpenAlex gives it (`kg load openalex`
  stores it; `www.` is dropped): `ada@cs.uni.example` matches `https://www.uni.example/`, a
  subdomain of it. When no affiliated institution has a known homepage, this path is refused
  (reason `no-institution-domain`) and the message points to ORCID or an admin's review.
- The link carries a 256-bit token; only its SHA-256 is stored (`:EmailVerification`), with an
  expiry (`KG_CLAIM_EMAIL_LINK_SECONDS`, a day by default). It works once: a replayed or expired
  link is refused, and so is one whose claim has been released since.
- The message goes through identity.mail (SMTP, and the outbox).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from identity import accounts, claims, mail, secrets
from identity.claims import ClaimInfo, ClaimRefused, Method
from identity.graph import Graph
from kg.settings import Settings

PREFIX = "kge_"
CONFIRM_PATH = "/claims/confirm-email"


@dataclass(frozen=True)
class Started:
    address: str
    institution: str
    expires: datetime
    delivery: str


def homepage_domain(url: str | None) -> str | None:
    """`https://www.uni.example/en/` -> `uni.example`; None when there is no usable host."""
    if not url:
        return None
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    return host if "." in host else None


def matches(address: str, domain: str) -> bool:
    """Whether the address is at the domain or one of its subdomains."""
    host = address.rpartition("@")[2]
    return host == domain or host.endswith("." + domain)


def _refused(
    message: str, reason: str, *, code: str = "FORBIDDEN", argument: str | None = None
) -> ClaimRefused:
    return ClaimRefused(message, reason=reason, code=code, argument=argument)


async def start(
    graph: Graph, settings: Settings, *, user_id: str, address: str, link_base: str
) -> Started:
    try:
        email = accounts.normalize_email(address)
    except accounts.AccountError as error:
        raise _refused(
            str(error), "bad-address", code="BAD_USER_INPUT", argument="address"
        ) from None
    rows = await graph.read("verification/domains", userId=user_id)
    if not rows:
        raise _refused(
            "this account holds no active claim; claim a record first (claimAuthor)", "no-claim"
        )
    row = rows[0]
    if row["claim"]["level"] == "L3":
        raise _refused("the claim is verified already (L3)", "verified")
    known = [
        (inst, domain)
        for inst in row["institutions"]
        if (domain := homepage_domain(inst.get("homepage_url")))
    ]
    if not known:
        raise _refused(
            "no institution this record is affiliated with has a known homepage (OpenAlex "
            "homepage_url), so no e-mail domain can vouch for it; verify by ORCID "
            "(verifyClaimWithOrcid) or ask an admin (requestClaimReview)",
            "no-institution-domain",
        )
    chosen = next(((inst, domain) for inst, domain in known if matches(email, domain)), None)
    if chosen is None:
        domains = ", ".join(sorted({domain for _, domain in known}))
        raise _refused(
            f"{email} is not at a domain of the record's institutions ({domains})",
            "domain-mismatch",
        )
    institution, domain = chosen
    token = secrets.new_secret(PREFIX)
    [created] = await graph.write(
        "verification/create",
        claimId=row["claim"]["id"],
        key=secrets.digest(token),
        address=email,
        institution=institution["id"],
        institutionName=institution.get("name") or institution["id"],
        seconds=settings.claim_email_link_seconds,
        userId=user_id,
    )
    expires: datetime = created["expires"].to_native()
    link = f"{link_base.rstrip('/')}{CONFIRM_PATH}?token={token}"
    hours = settings.claim_email_link_seconds / 3600
    sent = await mail.send(
        graph,
        settings,
        mail.Message(
            to=email,
            subject=f"Confirm your claim of author record {row['author_id']}",
            body=(
                f"Someone (we hope you) claimed the author record {row['author_id']} and gave "
                f"this address at {institution.get('name') or domain} to verify it.\n\n"
                f"Confirm by opening this link within {hours:g} hours:\n\n{link}\n\n"
                "If this was not you, ignore this message: nothing changes without the link.\n"
            ),
            kind="claim-email",
            secrets=(token,),
        ),
    )
    return Started(email, institution.get("name") or institution["id"], expires, sent.delivery)


async def confirm(graph: Graph, token: str) -> ClaimInfo:
    """Use a confirmation link's token: the claim becomes L3 (verified by e-mail)."""
    text = token.strip()
    rows = (
        await graph.write("verification/consume", key=secrets.digest(text))
        if text.startswith(PREFIX) and len(text) < 200
        else []
    )
    if not rows:
        raise _refused(
            "this confirmation link is not one we sent",
            "unknown-link",
            code="BAD_USER_INPUT",
            argument="token",
        )
    row = rows[0]
    if row["used"]:
        raise _refused(
            "this confirmation link was used already; it works once",
            "used",
            code="BAD_USER_INPUT",
            argument="token",
        )
    if row["expired"]:
        raise _refused(
            "this confirmation link has expired; ask for a new one",
            "expired",
            code="BAD_USER_INPUT",
            argument="token",
        )
    if not row["active"]:
        raise _refused(
            "the claim this link confirms is no longer active",
            "claim-closed",
            code="BAD_USER_INPUT",
            argument="token",
        )
    await claims.verify(
        graph,
        row["claim_id"],
        method=Method.EMAIL,
        actor=row["user_id"],
        detail=f"confirmed the institutional address {row['address']} ({row['institution']})",
    )
    found = await claims.get(graph, row["claim_id"])
    assert found is not None
    return found
