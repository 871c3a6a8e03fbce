"""Browser tests: Playwright driving a real Chromium against the live test
server. They need a Chromium on the machine (Debian's ``chromium`` package,
which ``.ci/run`` installs; or the path in CLAIMS_CHROMIUM); without one
they are skipped, saying so. ``pytest -m browser`` runs exactly them.

A failing test leaves a full-page screenshot of where it stood in
``browser-failures/`` (or CLAIMS_BROWSER_ARTIFACTS)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

PASSWORD = "desk-day-password"
ARTIFACTS = Path(os.environ.get("CLAIMS_BROWSER_ARTIFACTS", "browser-failures"))


def chromium_path() -> str | None:
    given = os.environ.get("CLAIMS_CHROMIUM")
    if given:
        return given if Path(given).exists() else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.browser_failed = report.failed
    return report


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - a dev dependency
        pytest.skip("browser tests need Playwright (pip install -e '.[dev]')")
    executable = chromium_path()
    if executable is None:
        pytest.skip(
            "browser tests need Chromium: apt-get install chromium "
            "(or set CLAIMS_CHROMIUM to a Chromium executable)"
        )
    # Playwright's sync API runs an event loop in this thread while it
    # lives; the tests' own database calls (fixtures, assertions, the
    # database flush after each test) are plain synchronous ORM calls. Only
    # for this module: other tests (and their subprocesses) never see it.
    saved = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable, args=["--no-sandbox", "--disable-dev-shm-usage"]
            )
            yield browser
            browser.close()
    finally:
        if saved is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = saved


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(20_000)
    page = context.new_page()
    yield page
    if getattr(request.node, "browser_failed", False):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def desk_user(staff_editor):
    staff_editor.set_password(PASSWORD)
    staff_editor.save()
    return staff_editor


@pytest.fixture
def logged_in(page, live_server, desk_user):
    """The editor's browser, logged in to the admin."""
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(desk_user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    return page
