"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

A pytest plugin (loaded from ``broadsheet/conftest.py``). Browser tests are marked
``browser`` and ``django_db(transaction=True, serialized_rollback=True)`` and use the
``page`` fixture; they are skipped, saying why, where Chromium is missing, and fail
there when the environment variable ``CI`` is set.

Every page opened through the ``page`` fixture reports Content-Security-Policy
violations to ``csp_violations``; a test that leaves any behind fails.

``axe_violations(page, axe_script)`` runs axe-core (npm's, from package.json) in a page;
the ``axe_script`` fixture is skipped, or failed with ``CI`` set, where npm has not
installed it, as ``browser`` is where Chromium is missing.
"""

import os
import sys
from pathlib import Path

import pytest
from django.conf import settings

# Debian's Chromium; BROADSHEET_CHROMIUM names another build (scripts/test.sh reads it too).
CHROMIUM = Path(os.environ.get("BROADSHEET_CHROMIUM", "/usr/bin/chromium"))
# `playwright install` cannot download browsers here: Debian's Chromium, headless,
# without its sandbox (tests run as root in CI) and without background traffic.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}
# Screenshots and other files a person may want to look at after a run (git-ignored).
TEST_OUTPUT_DIR = Path(settings.BASE_DIR) / "test-output"
DEFAULT_TIMEOUT_MS = 15_000

# axe-core, installed by `make install` (`npm ci`) where npm is found.
AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA, and Deque's best practices (landmarks, headings, one <main>).
AXE_RULE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

# Reports both ways a browser tells of a blocked resource: the DOM event (with the
# directive and the blocked URL) reaches Python through an exposed binding, which
# outlives navigations; Chromium's console message is collected separately below.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "(inline)"}`
      + ` at ${event.sourceFile || document.location.href}:${event.lineNumber}`
  );
});
"""


def _chromium_missing_reason():
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return None
    return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"


def _collected_browser_tests(session):
    return any(item.get_closest_marker("browser") for item in session.items)


@pytest.fixture(scope="session")
def _playwright_browser(request):
    """Chromium, launched once per run, or None where no browser test will run.

    XXX: requested by ``django_db_setup`` (``broadsheet/conftest.py``) so that it starts
    before the test database is created, as DESIGN.md found live_server needs. Playwright's
    sync API keeps its event loop running in the main thread, where Django would refuse
    every query as "called from an async context"; DJANGO_ALLOW_ASYNC_UNSAFE, which Django
    reads at each query, lets them through for the rest of the run. Subprocesses inherit
    it: a test that runs ``check --deploy`` must leave it out.
    """
    if not _collected_browser_tests(request.session) or _chromium_missing_reason():
        yield None
        return
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(_playwright_browser):
    reason = _chromium_missing_reason()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI is set, so browser tests must run.", pytrace=False)
        pytest.skip(reason)
    assert _playwright_browser is not None, "browser tests must carry @pytest.mark.browser"
    return _playwright_browser


@pytest.fixture(scope="session")
def axe_script():
    """axe-core's source, read once a run."""
    if not AXE_SCRIPT.is_file():
        reason = f"axe-core not found at {AXE_SCRIPT} (install npm, then `make install`)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI is set, so the accessibility tests must run.", pytrace=False)
        pytest.skip(reason)
    return AXE_SCRIPT.read_text(encoding="utf-8")


def axe_violations(page, axe_script):
    """What axe-core finds wrong with the page as it is now: one entry a rule broken.

    Each entry names the rule, its impact and help text, then each element that breaks
    it (its CSS selector) with axe's summary of what to fix.

    XXX: not ``page.add_script_tag(path=...)``: Playwright inlines the file in a <script>
    element, which the site's CSP blocks (script-src 'self' and a nonce; checked with
    Chromium 156). ``evaluate`` runs the same source through the DevTools protocol, which
    no CSP governs, so the page keeps its real policy and the ``page`` fixture still
    reports any violation; no ``bypass_csp`` context is needed.
    """
    page.evaluate(f"{axe_script}\n;undefined")
    violations = page.evaluate(
        """tags => axe.run(document, {runOnly: tags, resultTypes: ["violations"]})
            .then(results => results.violations)""",
        AXE_RULE_TAGS,
    )
    return [
        "\n    ".join(
            [f"{violation['id']} ({violation['impact']}): {violation['help']}"]
            + [
                f"{' '.join(map(str, node['target']))}: "
                + " ".join(node.get("failureSummary", "").split())
                for node in violation["nodes"]
            ]
        )
        for violation in violations
    ]


@pytest.fixture
def csp_violations():
    """Content-Security-Policy violations seen by the test's page, one line each."""
    return []


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.browser_call_failed = report.failed
    return report


@pytest.fixture
def page(request, browser, live_server, csp_violations):
    """A fresh browser tab on the live server, in its own context (no shared cookies).

    ``page.goto("/post/…/")`` is relative to the live server. When the test fails, a
    screenshot of the tab is saved in test-output/failures/.
    """
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("serialized_rollback")):
        # The flush after each live-server test empties every table, Wagtail's root page
        # and default Site included; serialized_rollback puts them back for the next one.
        pytest.fail(
            "Browser tests need @pytest.mark.django_db(transaction=True, serialized_rollback=True)",
            pytrace=False,
        )
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORT)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.expose_binding(
        "__reportCspViolation", lambda _source, line: csp_violations.append(line)
    )
    context.add_init_script(CSP_LISTENER)
    tab = context.new_page()
    server_errors = []
    tab.on(
        "response",
        lambda response: (
            server_errors.append(f"{response.status} {response.request.method} {response.url}")
            if response.status >= 500
            else None
        ),
    )
    tab.on(
        "console",
        lambda message: (
            csp_violations.append(f"console: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield tab
    failed = getattr(request.node, "browser_call_failed", True)
    if failed:
        failures = TEST_OUTPUT_DIR / "failures"
        failures.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=failures / f"{request.node.name}.png", full_page=True)
    context.close()
    problems = []
    if server_errors:
        problems.append(
            "Server errors (traceback in the captured stderr):\n" + "\n".join(server_errors)
        )
    # A test asserts on csp_violations itself; this catches one that forgot to.
    if csp_violations:
        problems.append("Content-Security-Policy violations:\n" + "\n".join(csp_violations))
    if problems and failed:
        print("\n\n".join(problems), file=sys.stderr)
    elif problems:
        pytest.fail("\n\n".join(problems), pytrace=False)


def admin_log_in(page, *, username, password):
    """Sign in through Wagtail's login form and wait for the dashboard."""
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")
