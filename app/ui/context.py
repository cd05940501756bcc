"""What every page is given: the services, the profile, the settings, and three helpers.

Pages receive a `UiContext` and use it to move to another page (`navigate`), to run long
work off the GUI thread (`run_in_background`: the worker gets data, never widgets) and to
show an error as a dialog that says what to do (`show_error`).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:  # the services load after the window paints (they take most of start-up)
    from PySide6.QtWidgets import QMessageBox

    from app.services import Services
    from app.store.records import Profile

Progress = Callable[[int, int], None]
"""What a background job calls to report progress: progress(done, total)."""


class _Signals(QObject):
    """Carries a worker's results back to the GUI thread (signals are queued across threads)."""

    done = Signal(object)
    failed = Signal(object, str)
    progress = Signal(int, int)


class _Relay(QObject):
    """Lives on the GUI thread and calls the page's callbacks there."""

    def __init__(
        self,
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException, str], None] | None,
        on_progress: Callable[[int, int], None] | None,
        finished: Callable[[_Relay], None],
    ) -> None:
        super().__init__()
        self._on_done, self._on_error, self._on_progress = on_done, on_error, on_progress
        self._finished = finished

    @Slot(object)
    def done(self, result: object) -> None:
        self._finished(self)
        if self._on_done is not None:
            self._on_done(result)

    @Slot(object, str)
    def failed(self, error: object, details: str) -> None:
        self._finished(self)
        if self._on_error is not None:
            self._on_error(error, details)  # type: ignore[arg-type]

    @Slot(int, int)
    def progress(self, done: int, total: int) -> None:
        if self._on_progress is not None:
            self._on_progress(done, total)


class _Job(QRunnable):
    """Runs fn(*args) on a pool thread and reports through a signals carrier."""

    def __init__(
        self, fn: Callable[..., Any], args: tuple, signals: _Signals, wants_progress: bool
    ) -> None:
        super().__init__()
        self._fn, self._args, self._signals = fn, args, signals
        self._wants_progress = wants_progress

    def run(self) -> None:
        try:
            if self._wants_progress:
                result = self._fn(*self._args, progress=self._signals.progress.emit)
            else:
                result = self._fn(*self._args)
        except Exception as error:  # reported to the page, never raised on a pool thread
            self._signals.failed.emit(error, traceback.format_exc())
        else:
            self._signals.done.emit(result)


class UiContext(QObject):
    """Shared by every page: `services` and `profile` are None when there is no database."""

    navigate_requested = Signal(str)
    """Emitted by `navigate(page_id)`; the main window switches to that page."""

    def __init__(
        self,
        services: Services | None = None,
        profile: Profile | None = None,
        settings: dict[str, Any] | None = None,
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__()
        self.services = services
        self.profile = profile
        self.settings: dict[str, Any] = dict(settings or {})
        self.pool = pool or QThreadPool.globalInstance()
        self.dialog_parent: QWidget | None = None  # the main window, once there is one
        self.last_error: QMessageBox | None = None
        self._jobs: set[tuple[_Signals, _Relay]] = set()

    def navigate(self, page_id: str) -> None:
        """Ask the main window to show the page with this id."""
        self.navigate_requested.emit(page_id)

    def run_in_background(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException, str], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        owner: QObject | None = None,
    ) -> None:
        """Run fn(*args) on a pool thread; callbacks run on the GUI thread.

        With an `owner` (the page asking), the callbacks are dropped once the owner is deleted:
        the relay is its child, and Qt disconnects signals to a deleted receiver.

        With `on_progress`, fn is also given `progress=` (a `Progress` callable) to report
        (done, total). on_error gets the exception and its formatted traceback; without
        on_error, the error is shown with `show_error`. Pass data to fn, never widgets.
        """
        signals = _Signals()
        if on_error is None:

            def on_error(error: BaseException, details: str) -> None:
                self.show_error("Something went wrong", str(error), "Try again.")

        entry: list[tuple[_Signals, _Relay]] = []
        relay = _Relay(on_done, on_error, on_progress, lambda _r: self._jobs.discard(entry[0]))
        entry.append((signals, relay))
        self._jobs.add(entry[0])
        if owner is not None:
            relay.setParent(owner)
            relay.destroyed.connect(lambda *_: self._jobs.discard(entry[0]))
        signals.done.connect(relay.done)
        signals.failed.connect(relay.failed)
        signals.progress.connect(relay.progress)
        self.pool.start(_Job(fn, args, signals, on_progress is not None))

    @property
    def busy(self) -> bool:
        """True while a background job started here has not reported back."""
        return bool(self._jobs)

    def show_error(self, title: str, message: str, what_to_do: str = "") -> QMessageBox:
        """Show a non-blocking warning dialog: what happened and what to do about it."""
        from PySide6.QtWidgets import QMessageBox  # its type is built on first use (6 ms)

        box = QMessageBox(self.dialog_parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(title)
        box.setText(message)
        if what_to_do:
            box.setInformativeText(what_to_do)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setAccessibleName(title)
        self.last_error = box
        box.open()
        return box
