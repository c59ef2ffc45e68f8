"""The collaboration pages in a real headless Chromium against the real service: the author page's
lock explanations and invite dialog (keyboard only), the inbox, accepting, a conversation with
messages both ways. Any console error or uncaught exception fails the test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest

from explorer.headless import CHROMIUM, CHROMIUM_ARGS
from identity.sessions import COOKIE
from kg.db import Connection
from tests.api_factory import GraphBuilder, load
from tests.collaboration_support import Researcher, claim, make_researchers
from tests.identity_support import live_server

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
# Generous: the machine these run on is shared and often loaded.
TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def service(driver: neo4j.Driver, neo4j_connection: Connection) -> Iterator[dict[str, Any]]:
    builder = GraphBuilder()
    builder.author("A1", "Ada Lovelace")
    builder.author("A2", "Bob Babbage")
    builder.author("A3", "Cat Curie")
    builder.work("W1", authors=["A1", "A2"], title="Notes on the analytical engine")
    load(builder, driver, neo4j_connection)
    found = make_researchers(driver, neo4j_connection, ["ada", "bob", "dan"])
    people = {
        "ada": claim(driver, found["ada"], "A1"),
        "bob": claim(driver, found["bob"], "A2"),
        "dan": found["dan"],
    }
    with live_server(neo4j_connection) as base_url:
        yield {"base_url": base_url, "people": people}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run explorer/install-browser.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


class Pages:
    """One browser context per researcher (its own session cookie), watched for errors."""

    def __init__(self, browser: Any, base_url: str) -> None:
        self.browser, self.base_url = browser, base_url
        self.contexts: list[Any] = []
        self.problems: list[str] = []

    def open(self, researcher: Researcher | None) -> Any:
        context = self.browser.new_context(
            base_url=self.base_url, viewport={"width": 1200, "height": 900}
        )
        context.set_default_timeout(TIMEOUT_MS)
        if researcher is not None:
            context.add_cookies(
                [{"name": COOKIE, "value": researcher.cookie, "url": self.base_url}]
            )
        page = context.new_page()
        page.on(
            "console",
            lambda m: (
                self.problems.append(f"console.{m.type}: {m.text}") if m.type == "error" else None
            ),
        )
        page.on("pageerror", lambda error: self.problems.append(f"uncaught: {error}"))
        self.contexts.append(context)
        return page


@pytest.fixture
def pages(service: dict[str, Any], browser: Any) -> Iterator[Pages]:
    # The service first: its accounts are made with asyncio.run, which cannot run inside the
    # event loop sync_playwright keeps going.
    opened = Pages(browser, service["base_url"])
    yield opened
    for context in opened.contexts:
        context.close()
    assert opened.problems == [], "the page reported errors"


def lock_of(page: Any, author: str) -> str:
    page.goto(f"/authors/{author}")
    page.wait_for_selector("#collaboration:not([hidden])")
    return str(page.inner_text("#collaboration-body"))


def test_locks_are_explained(pages: Pages, service: dict[str, Any]) -> None:
    people = service["people"]
    anonymous = pages.open(None)
    assert "Sign in to invite" in lock_of(anonymous, "A2")
    dan = pages.open(people["dan"])
    assert "Claim your own author record first" in lock_of(dan, "A2")
    assert dan.get_attribute("#invite-button", "aria-disabled") == "true"
    assert dan.get_attribute("#invite-button", "aria-describedby") == "invite-lock"
    ada = pages.open(people["ada"])
    assert "not claimed by a researcher" in lock_of(ada, "A3")
    assert ada.get_attribute("#invite-lock", "data-reason") == "TARGET_UNCLAIMED"
    assert "your own record" in lock_of(ada, "A1")


def test_invite_accept_and_talk_with_the_keyboard(pages: Pages, service: dict[str, Any]) -> None:
    people = service["people"]
    ada = pages.open(people["ada"])
    assert "open to collaborate" in lock_of(ada, "A2")
    ada.focus("#invite-button")
    ada.keyboard.press("Enter")
    ada.wait_for_selector("#invite-dialog[open]")
    assert ada.evaluate("() => document.activeElement.id") == "invite-subject"
    ada.keyboard.type("The analytical engine")
    ada.keyboard.press("Tab")
    ada.keyboard.type("Shall we write the notes together?")
    ada.keyboard.press("Tab")
    ada.keyboard.press("Enter")  # "Send the invitation"
    ada.wait_for_selector("#invite-status")
    assert "Invitation sent to Bob Babbage" in ada.inner_text("#invite-status")
    assert "waiting for an answer" in lock_of(ada, "A2")

    bob = pages.open(people["bob"])
    bob.goto("/inbox")
    bob.wait_for_selector("#inbox[aria-busy='false']")
    received = bob.inner_text("#received")
    assert "Ada Lovelace" in received and "The analytical engine" in received
    assert "Shall we write the notes together?" in received
    bob.get_by_role("button", name="Accept the invitation from Ada Lovelace").focus()
    bob.keyboard.press("Enter")
    bob.wait_for_url("**/conversations/*")
    bob.wait_for_selector("#conversation[aria-busy='false']")
    assert bob.inner_text("#conversation-heading") == "Conversation with Ada Lovelace"
    bob.focus("#message-body")
    bob.keyboard.type("Gladly. Tuesday?")
    bob.keyboard.press("Tab")
    bob.keyboard.press("Enter")  # "Send"
    bob.wait_for_selector("#messages li[data-number='1']")

    conversation_path = bob.url.replace(service["base_url"], "")
    ada.goto(conversation_path)
    ada.wait_for_selector("#messages li[data-number='1']")
    assert "Bob Babbage: Gladly. Tuesday?" in ada.inner_text("#messages")
    ada.fill("#message-body", "Tuesday it is.")
    ada.get_by_role("button", name="Send").click()
    ada.wait_for_selector("#messages li[data-number='2']")
    ada.goto("/inbox")
    ada.wait_for_selector("#inbox[aria-busy='false']")
    assert "accepted" in ada.inner_text("#sent")
    ARTIFACTS.mkdir(exist_ok=True)
    bob.reload()
    bob.wait_for_selector("#messages li[data-number='2']")
    assert "You: Gladly. Tuesday?" in bob.inner_text("#messages")
    assert "Ada Lovelace: Tuesday it is." in bob.inner_text("#messages")
    bob.screenshot(path=str(ARTIFACTS / "explorer-conversation.png"), full_page=True)
    # A third researcher gets no conversation at that address.
    dan = pages.open(people["dan"])
    dan.goto(conversation_path)
    dan.wait_for_selector("#conversation-alert:not([hidden])")
    assert "no conversation" in dan.inner_text("#conversation-alert")
    assert dan.locator("#messages li").count() == 0
