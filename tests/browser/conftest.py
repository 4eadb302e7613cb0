"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against pytest-django's live_server.

Never `playwright install`: the browser is the system package. Without it these tests skip,
saying why; CI (.ci/run) installs it. Screenshots of each test's final page go to test-artifacts/.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread

# Playwright's sync API keeps an asyncio loop on this thread; the ORM calls of the tests
# (factories, assertions on the database) would otherwise raise SynchronousOnlyOperation.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


class SerialWSGIServer(WSGIServer):
    """The live server answers one request at a time.

    Django's threaded live server shares the test database's one connection between its request
    threads on SQLite; two requests at once (a page and its JSON count fetches) then collide
    ("cannot start a transaction within a transaction"). LiveServerThread.run() has already put
    the test connections on the server thread, so the overrides need no handling here.
    """

    def __init__(self, *args: Any, connections_override: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def set_app(self, application: Any) -> None:
        """Each request runs holding DATABASE_TURN, so the test's own queries wait for it to finish."""

        def in_turn(environ: Any, start_response: Any) -> Any:
            with DATABASE_TURN:
                result = application(environ, start_response)
                try:
                    return list(result)
                finally:
                    # What the WSGI server does with the iterable it would have kept: close it, here, on the
                    # server thread. Left unclosed, a FileResponse (a static file) sits in a reference cycle
                    # (its file's `close` is the response's) until the cyclic garbage collector frees it, in
                    # whatever thread allocates at that moment; closing the file then sends request_finished,
                    # and close_old_connections() closed the *test thread's* PostgreSQL connection in the
                    # middle of its transaction ("the connection is closed" while the database was restored).
                    close = getattr(result, "close", None)
                    if close is not None:
                        close()

        super().set_app(in_turn)


# The test thread and the server thread share SQLite's one in-memory connection. A test's ORM call (a factory,
# a service, refresh_from_db) while the server answers a page's count fetch made the request fail ("cannot open
# savepoint - SQL statements in progress", then a 400 for a lost session). The server holds this lock for a whole
# request and every query on the shared connection takes it (re-entrant for the server's own queries).
DATABASE_TURN = threading.RLock()


def _in_turn(execute: Any, sql: Any, params: Any, many: bool, context: Any) -> Any:
    with DATABASE_TURN:
        return execute(sql, params, many, context)


LiveServerThread.server_class = SerialWSGIServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
PASSWORD = "Test-password-2026"  # tests/factories.py UserFactory


@pytest.fixture(scope="session")
def browser(django_db_setup: None) -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: browser tests need Debian's chromium (apt-get install -y chromium)")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Django keeps database connections per thread, but in a thread with a running asyncio loop
    # (Playwright's, from here on) it looks them up in a separate store and would open new
    # connection objects there, without the test database's serialized contents (serialized_rollback
    # then silently restores nothing). Keep using the connection objects of this thread.
    existing = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, conn in existing.items():
            connections[alias] = conn
            if _in_turn not in conn.execute_wrappers:
                conn.execute_wrappers.append(_in_turn)
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh context per test, as a Chinese-speaking user's browser; a screenshot of the final page."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"script error: {exc}"))

    def on_console(msg: Any) -> None:  # CSP violations are reported here; failed loads below, with their URL
        if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
            errors.append(f"console: {msg.text}")

    def on_response(response: Any) -> None:
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            errors.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    # A script error, a Content-Security-Policy violation or a failed request on any page fails the test.
    assert not errors, errors


@pytest.fixture
def login(live_server: Any) -> Callable[[Any, str], None]:
    """Sign in through the login page exactly as a user does."""

    def do(page: Any, username: str, password: str = PASSWORD) -> None:
        from playwright.sync_api import expect

        # A new sign-in starts from no session. Let the previous user's page finish its requests (a count
        # fetch still in flight would set the old session cookie again after the cookies are cleared),
        # leave it, clear the cookies, and check the login page really is shown to nobody.
        if page.url.startswith(live_server.url):
            page.wait_for_load_state("networkidle")
        for _attempt in range(3):
            page.goto("about:blank")
            page.context.clear_cookies()
            page.goto(f"{live_server.url}/login/")
            if page.url.startswith(f"{live_server.url}/login/"):
                break
        assert page.locator("html").get_attribute("lang") == "zh-hans"
        expect(page.get_by_role("heading", name="登录您的账号")).to_be_visible()
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录", exact=True).click()
        page.wait_for_url(f"{live_server.url}/")
        expect(page.get_by_test_id("current-user")).to_be_visible()

    return do


@pytest.fixture
def upload_to_preview(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> Callable[[Any, Path, str], int]:
    """Upload a file on the import page the browser is on and follow it to the preview; returns the job's id.

    Huey runs jobs immediately in tests; the job is held back until the browser is on the progress page, so the
    page's htmx polling is what brings the user to the preview at `<preview_url><job id>/`.
    """
    import re

    import jobs.tasks
    from jobs.models import Job

    held: list[int] = []
    run_job = jobs.tasks.run_job
    monkeypatch.setattr(jobs.tasks, "run_job", held.append)

    def do(page: Any, path: Path, preview_url: str) -> int:
        page.get_by_label("Excel 文件").set_input_files(str(path))
        page.get_by_role("button", name="上传并校验").click()
        page.wait_for_url(re.compile(r"/jobs/\d+/$"))
        assert page.get_by_test_id("job-status").inner_text() == "排队中"
        assert len(held) == 1
        job_id = held[0]
        run_job(job_id)  # immediate: runs the preview now, in this thread
        assert Job.objects.get(pk=job_id).status == "succeeded"
        page.wait_for_url(f"{live_server.url}{preview_url}{job_id}/")
        return job_id

    return do
