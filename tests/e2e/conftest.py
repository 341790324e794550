"""Browser fixtures: Debian's Chromium driven by Playwright, against the app served on a loopback port."""
import os
import threading

import pytest
from werkzeug.serving import make_server

from tests.e2e.helpers import DESK, PHONE

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]


@pytest.fixture(scope="session")
def playwright():
    """Playwright driving Debian's Chromium; skipped locally when it is missing, a failure under CI."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing at /usr/bin/chromium (apt-get install chromium)")
        pytest.skip("browser tests need Debian's chromium package (/usr/bin/chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="session")
def browser(playwright):
    """A headless Chromium shared by the browser tests."""
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


def _contexts(browser, viewport):
    """A factory of browser contexts at viewport, JavaScript on or off (other Playwright context options passed on),
    and the list of those it made."""
    made = []

    def make(javascript=True, **options):
        made.append(browser.new_context(java_script_enabled=javascript, viewport=viewport, **options))
        return made[-1]

    return make, made


def _context_fixture(viewport, doc):
    """A fixture making contexts at viewport, closing them after the test."""
    @pytest.fixture
    def fixture(browser):
        make, made = _contexts(browser, viewport)
        yield make
        for context in made:
            context.close()
    fixture.__doc__ = doc
    return fixture


phone_context = _context_fixture(PHONE, "Make a 360×740 context: phone_context(javascript=False) for a phone with "
                                        "scripts off; closed after the test.")
desk_context = _context_fixture(DESK, "Make a 1280×800 context, the desk's laptop: desk_context(javascript=True); "
                                      "closed after the test.")


@pytest.fixture
def launch(playwright):
    """Start a Chromium of its own with extra command-line flags (e.g. a fake camera); closed after the test."""
    started = []

    def start(*flags):
        started.append(playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + list(flags)))
        return started[-1]

    yield start
    for chromium in started:
        chromium.close()


@pytest.fixture
def live_server(app):
    """The app served over HTTP on a free loopback port, for the length of one test."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def gunicorn_server(app, database_url):
    """The portal served by gunicorn with 2 worker processes on the test database (no in-process state shared)."""
    from bench.server import Server

    with Server("wsgi:app", {"DATABASE_URL": database_url, "SECRET_KEY": "test"}, probe="/events") as server:
        yield server.base
