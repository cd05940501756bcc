"""UiContext: navigation requests, background work with progress, and error dialogs."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject

from app.ui.context import UiContext


def slow_sum(numbers, progress):
    total = 0
    for i, n in enumerate(numbers, start=1):
        total += n
        progress(i, len(numbers))
    return total


def test_navigate_asks_the_window_for_a_page(qtbot):
    context = UiContext()
    with qtbot.waitSignal(context.navigate_requested) as asked:
        context.navigate("guide")
    assert asked.args == ["guide"]


def test_background_work_reports_progress_and_its_result_on_the_gui_thread(qtbot):
    context = UiContext()
    results, steps = [], []
    context.run_in_background(
        slow_sum, [1, 2, 3], on_done=results.append, on_progress=lambda d, t: steps.append((d, t))
    )
    qtbot.waitUntil(lambda: results == [6])
    qtbot.waitUntil(lambda: len(steps) == 3)
    assert steps == [(1, 3), (2, 3), (3, 3)]
    assert not context.busy


def test_results_for_an_owner_deleted_meanwhile_are_dropped(qtbot):
    context, owner, release = UiContext(), QObject(), threading.Event()
    results, kept = [], []
    context.run_in_background(
        lambda: release.wait(5) and "late", on_done=results.append, owner=owner
    )
    context.run_in_background(lambda: release.wait(5) and "kept", on_done=kept.append)
    owner.deleteLater()
    qtbot.waitUntil(lambda: len(context._jobs) == 1)  # the deleted owner took its job along
    release.set()
    qtbot.waitUntil(lambda: kept == ["kept"])
    context.pool.waitForDone(5000)
    qtbot.wait(50)
    assert results == []
    assert not context.busy


def test_a_failing_job_reaches_on_error_with_its_traceback(qtbot):
    context = UiContext()
    errors = []
    context.run_in_background(lambda: 1 / 0, on_error=lambda *reported: errors.append(reported))
    qtbot.waitUntil(lambda: len(errors) == 1)
    error, details = errors[0]
    assert isinstance(error, ZeroDivisionError) and "ZeroDivisionError" in details


def test_without_on_error_a_failure_is_shown_as_a_dialog(qtbot):
    context = UiContext()
    context.run_in_background(lambda: int("x"))
    qtbot.waitUntil(lambda: context.last_error is not None)
    assert "invalid literal" in context.last_error.text()
    context.last_error.close()


def test_show_error_says_what_to_do(qtbot):
    context = UiContext()
    box = context.show_error("Database unavailable", "The file is locked.", "Close the other app.")
    qtbot.addWidget(box)
    assert (box.windowTitle(), box.text(), box.informativeText()) == (
        "Database unavailable",
        "The file is locked.",
        "Close the other app.",
    )
