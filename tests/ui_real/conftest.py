"""Fixtures for the real-window tests: one X desktop for the session, a screenshot on failure.

These tests run only on Linux, where `.ci/run` installs Xvfb, openbox and xdotool; a
missing one there is a failure, not a skip.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ui_real.desktop import Desktop

TOOLS = ("Xvfb", "openbox", "xdotool", "xprop", "import")


@pytest.fixture(scope="session")
def desktop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desktop]:
    """Xvfb at 1366x768 with openbox, for the whole session."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the real-window tests drive an X server, so they run on Linux only")
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.fail(
            f"{', '.join(missing)} not found: install xvfb, openbox, xdotool, x11-utils and "
            "imagemagick (.ci/run does)"
        )
    screen = Desktop(tmp_path_factory.mktemp("desktop-home"))
    yield screen
    screen.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """Keep each phase's report on the item, so a fixture can see that the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(autouse=True)
def screen_on_failure(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[None]:
    """A screenshot of the whole screen when a test fails, named in the failure report."""
    yield
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed and "desktop" in request.fixturenames:
        path = request.getfixturevalue("desktop").screenshot(tmp_path / "screen.png")
        report.sections.append(("screenshot", str(path)))
