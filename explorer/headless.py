"""How the browser tests and the explorer benchmark start Debian's Chromium, headless.

Playwright cannot download its own browsers here, so it drives /usr/bin/chromium (installed by
explorer/install-browser.sh). The flags keep Chromium off the network it cannot reach anyway:
without them it retries blocked connections at every start.
"""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
