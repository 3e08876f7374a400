"""A real browser on the app: the app served on loopback in a thread, Debian's Chromium driven
by Playwright, and axe-core for accessibility checks."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from werkzeug.serving import make_server

from planner.packs.fonts import FONT_DIR
from tests.conftest import service_missing

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).parent / "js" / "node_modules" / "axe-core" / "axe.min.js"
# As the machine's closed network wants them: no background calls to Google's services.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """The test's app on a free loopback port; its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def _fontconfig(folder: Path) -> Path:
    """The machine's fonts plus the packs' own: Debian's Chromium here has no Hangul, Japanese
    or Thai font, and screenshots full of empty boxes would hide what a reader sees."""
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{FONT_DIR}</dir>\n  <cachedir>{folder / 'cache'}</cachedir>\n</fontconfig>\n"
    )
    return config


@pytest.fixture(scope="session")
def launch_chromium(tmp_path_factory) -> Iterator[Callable[..., Browser]]:
    """Starts a Chromium with flags besides the usual ones (a fake camera, say); each is
    closed at the end of the session, if its test has not closed it."""
    if shutil.which(CHROMIUM) is None:
        service_missing("Chromium", FileNotFoundError(CHROMIUM))
    from playwright.sync_api import sync_playwright

    fonts = _fontconfig(tmp_path_factory.mktemp("fontconfig"))
    with sync_playwright() as playwright:
        browsers: list[Browser] = []

        def launch(flags: Sequence[str] = ()) -> Browser:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=[*CHROMIUM_FLAGS, *flags],
                env={**os.environ, "FONTCONFIG_FILE": str(fonts)},
            )
            browsers.append(browser)
            return browser

        yield launch
        for browser in browsers:
            if browser.is_connected():
                browser.close()


@pytest.fixture(scope="session")
def chromium(launch_chromium) -> Browser:
    return launch_chromium()


def sign_in(page, base: str, path: str, account: tuple[str, str]) -> None:
    """Open ``path``, which asks for a login first, sign in with ``account`` (e-mail,
    password), and land back on ``path``."""
    page.goto(f"{base}{path}")
    email, password = account
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{base}{path}")


def follow(locator) -> None:
    """Click what loads a new page and return once that page has loaded. Playwright's click
    does not wait for the navigation it starts, so a read right after it may see the old page,
    or none while the new one loads."""
    with locator.page.expect_navigation():
        locator.click()


def axe_violations(page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict]:
    """axe-core's violations of the given impacts on the page as it is now. The page's context
    must bypass the Content-Security-Policy, which (rightly) refuses injected scripts."""
    if not AXE.exists():
        service_missing("axe-core", FileNotFoundError(AXE))
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]
