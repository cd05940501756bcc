"""What the Author page's Import and export tab does: add the pack in the editor to the study
pool, take a pack out of it, and export the pack on a pool thread with the progress shown.

A mixin: the page (app.ui.pages.author) holds the editor, the last valid pack, the tab and
the signals; the study pool and the export formats are the services' and the exporters'.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QFileDialog

from app.ui.context import UiContext
from app.ui.pages.author_files import PackFile, remember_folder, start_path, with_suffix
from app.ui.pages.author_share import ExportPanel, ShareTab, export_pack, say
from app.ui.widgets.script_editor import CodeEditor
from questions.atomic import WriteFailed
from questions.packs import Pack, Problem


class PoolAndExport:
    """Import, removal and export for the Author page (a mixin: the page holds the widgets)."""

    context: UiContext
    editor: CodeEditor
    files: PackFile
    pack: Pack | None
    problems: list[Problem]
    share: ShareTab
    export_panel: ExportPanel
    export_progress: Any  # the page's Signal(int, int)
    export_finished: Any  # the page's Signal(str)
    validate_now: Callable[[], None]
    _pack_id: Callable[[], str]

    # -- import ----------------------------------------------------------------------------

    def import_to_pool(self) -> None:
        """Add the pack in the editor to the study pool, and say what changed."""
        services = self.context.services
        outcome = self.share.import_outcome
        if services is None:
            say(outcome, "Open your progress first: there is no database.", True)
            return
        result = services.import_pack(self.editor.toPlainText(), self.files.name())
        say(outcome, result.summary(), not result.ok)
        self.validate_now()
        self.show_pool()

    def show_pool(self) -> None:
        """List the packs in the study pool with the version served."""
        services = self.context.services
        packs = services.imported_packs() if services is not None else []
        self.share.show_pool(
            [f"{p.title} — version {p.version}, {p.questions} questions" for p in packs]
        )
        self.share.pool_panel.set_packs([(p.pack_id, p.title) for p in packs])

    def remove_from_pool(self, pack_id: str, keep_progress: bool) -> None:
        """Take a pack out of the study pool (asked first by the pool panel); say what it did."""
        services = self.context.services
        if services is None:
            return
        say(
            self.share.import_outcome, services.remove_pack(pack_id, keep_progress).summary(), False
        )
        self.show_pool()

    # -- export ----------------------------------------------------------------------------

    def choose_export_path(self, suffix: str) -> str:
        """Ask where to write the export ("" if cancelled): the folder last used, and the
        pack id as the name."""
        start = start_path(self.context.settings, self._pack_id(), suffix)
        return QFileDialog.getSaveFileName(self.share, "Export the pack", start, f"*.{suffix}")[0]

    def export(self) -> None:
        """Write the pack in the chosen format on a pool thread, with the progress bar moving."""
        self.validate_now()
        panel = self.export_panel
        if self.problems or self.pack is None:
            panel.show_outcome("The pack has problems: fix them first (they are listed).", True)
            return
        chosen = self.choose_export_path(panel.suffix())
        if not chosen:
            return
        path = with_suffix(chosen, panel.suffix())
        remember_folder(self.context.settings, path)
        panel.set_running(True)
        self.context.run_in_background(
            export_pack,
            panel.job(self.pack, path),
            on_done=self._export_done,
            on_error=self._export_failed,
            on_progress=self._export_progress,
        )

    def _export_progress(self, done: int, total: int) -> None:
        self.export_panel.show_progress(done, total)
        self.export_progress.emit(done, total)

    def _export_done(self, text: str) -> None:
        self.export_panel.show_outcome(text)
        self.export_finished.emit(text)

    def _export_failed(self, error: BaseException, _details: str) -> None:
        text = f"Nothing written: {getattr(error, 'strerror', None) or error}."
        text = f"{error}." if isinstance(error, WriteFailed) else text  # it names file and why
        self.export_panel.show_outcome(text, failed=True)
        self.export_finished.emit(text)
