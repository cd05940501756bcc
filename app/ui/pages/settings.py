"""Settings: the learner, the database file, theme and text size, progress files.

The app's own settings (database location, theme, text size, last learner) live in a small
JSON file in the user's config folder (app.ui.app_settings reads and writes it); theme and text size
apply at once, a new database location on the next start.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.ui.app_settings import save_app_settings
from app.ui.context import UiContext
from app.ui.pages.settings_learners import LearnerSection
from app.ui.theme import DEFAULT_TEXT_SIZE, MAX_TEXT_SIZE, MIN_TEXT_SIZE, apply_theme


def _card(title: str) -> tuple[QFrame, QFormLayout]:
    card = QFrame()
    card.setProperty("role", "card")
    outer = QVBoxLayout(card)
    outer.setContentsMargins(16, 12, 16, 14)
    heading = QLabel(title)
    heading.setProperty("role", "subheading")
    outer.addWidget(heading)
    form = QFormLayout()
    form.setHorizontalSpacing(16)
    form.setVerticalSpacing(10)
    outer.addLayout(form)
    return card, form


class SettingsPage(LearnerSection, QWidget):
    """Learner, database location, appearance and progress files; each change takes effect now."""

    page_id = "settings"
    title = "Settings"

    def __init__(self, context: UiContext) -> None:
        super().__init__()
        self.context = context
        self.setAccessibleName("Settings")
        # File choosers are attributes so tests (and other front ends) can answer them.
        self.ask_open_path = self._ask_open_path
        self.ask_save_path = self._ask_save_path

        heading = QLabel("Settings")
        heading.setProperty("role", "heading")

        profile_card, profile_form = _card("Learner")
        self._build_learner_form(profile_form)

        db_card, db_form = _card("Progress database")
        self.db_label = QLabel("")
        self.db_label.setWordWrap(True)
        self.db_label.setAccessibleName("Database in use")
        db_form.addRow("In use", self.db_label)
        self.change_db_button = QPushButton("Use another file…")
        self.change_db_button.clicked.connect(self.change_database)
        self.db_note = QLabel("")
        self.db_note.setProperty("role", "muted")
        self.db_note.setWordWrap(True)
        db_form.addRow(self.change_db_button, self.db_note)

        look_card, look_form = _card("Appearance")
        self.theme_combo = QComboBox()
        self.theme_combo.addItems(["Light", "Dark"])
        self.theme_combo.setAccessibleName("Theme")
        self.theme_combo.currentIndexChanged.connect(lambda _i: self.apply_look())
        look_form.addRow("Theme", self.theme_combo)
        self.size_spin = QSpinBox()
        self.size_spin.setRange(MIN_TEXT_SIZE, MAX_TEXT_SIZE)
        self.size_spin.setSuffix(" pt")
        self.size_spin.setAccessibleName("Text size")
        self.size_spin.valueChanged.connect(lambda _v: self.apply_look())
        look_form.addRow("Text size", self.size_spin)

        files_card, files_form = _card("Progress files")
        self.export_button = QPushButton("Export progress…")
        self.export_button.clicked.connect(self.export_progress)
        self.import_button = QPushButton("Import progress…")
        self.import_button.clicked.connect(self.import_progress)
        row = QHBoxLayout()
        row.addWidget(self.export_button)
        row.addWidget(self.import_button)
        row.addStretch(1)
        files_form.addRow(row)
        self.files_note = QLabel("A backup, or to carry your progress to another computer.")
        self.files_note.setProperty("role", "muted")
        self.files_note.setWordWrap(True)
        self.files_note.setAccessibleName("Progress file result")
        files_form.addRow(self.files_note)

        body = QWidget()
        body.setMaximumWidth(860)
        column = QVBoxLayout(body)
        column.setContentsMargins(24, 16, 24, 16)
        column.setSpacing(14)
        column.addWidget(heading)
        for card in (profile_card, look_card, db_card, files_card):
            column.addWidget(card)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    # -- showing --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the current learner, database and appearance."""
        settings, services, profile = (
            self.context.settings,
            self.context.services,
            self.context.profile,
        )
        for widget in (self.theme_combo, self.size_spin):
            widget.blockSignals(True)
        self.theme_combo.setCurrentIndex(1 if settings.get("dark") else 0)
        self.size_spin.setValue(int(settings.get("text_size", DEFAULT_TEXT_SIZE)))
        for widget in (self.theme_combo, self.size_spin):
            widget.blockSignals(False)
        self.db_label.setText(settings.get("db_in_use") or "not open yet")
        chosen = settings.get("db")
        self.db_note.setText(
            f"Next start uses {chosen}."
            if chosen and chosen != settings.get("db_in_use")
            else "A change takes effect when the app next starts."
        )
        has_data = services is not None and profile is not None
        for button in (self.export_button, self.import_button):
            button.setEnabled(has_data)
        self._refresh_learners()

    # -- actions --------------------------------------------------------------------------

    def apply_look(self) -> None:
        """Apply the chosen theme and text size now, and remember them."""
        settings = self.context.settings
        settings["dark"] = self.theme_combo.currentIndex() == 1
        settings["text_size"] = self.size_spin.value()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, settings["dark"], settings["text_size"])
        self._save()

    def change_database(self) -> None:
        """Choose another progress file, used from the next start."""
        path = self.ask_save_path("Progress database", "SQLite database (*.sqlite3 *.db)", False)
        if path:
            self.context.settings["db"] = str(Path(path).resolve())
            self._save()
            self.refresh()

    def export_progress(self) -> None:
        """Write this learner's progress to a JSON file of the learner's choosing."""
        services, profile = self.context.services, self.context.profile
        path = self.ask_save_path("Export progress", "Progress file (*.json)", True)
        if not path or services is None or profile is None:
            return
        from app.store.errors import StoreError  # the store loads after the window shows

        try:
            written = services.export_progress(profile.id, path)
        except (OSError, StoreError) as e:  # WriteFailed says which file and why
            advice = "Choose a folder you can write to, on a disk with room."
            self.context.show_error("Progress not exported", str(e), advice)
            return
        self.files_note.setText(f"Exported to {written}.")

    def import_progress(self) -> None:
        """Read a progress file, say whose it is, and import it as that learner if confirmed."""
        path = self.ask_open_path("Import progress", "Progress file (*.json)")
        if path and self.context.services is not None and self.context.profile is not None:
            from app.ui.import_dialog import offer_import

            self.import_dialog = offer_import(self.context, path, self, self._imported)

    def _imported(self, note: str) -> None:
        self.refresh()  # a learner the file brought joins the list
        self.files_note.setText(note)

    def _save(self) -> None:
        try:
            save_app_settings(self.context.settings)
        except OSError as e:
            self.context.show_error("Settings not saved", str(e), "Check the config folder.")

    def _ask_save_path(self, caption: str, filters: str, confirm: bool) -> str:
        options = QFileDialog.Option(0) if confirm else QFileDialog.Option.DontConfirmOverwrite
        return QFileDialog.getSaveFileName(self, caption, "", filters, options=options)[0]

    def _ask_open_path(self, caption: str, filters: str) -> str:
        return QFileDialog.getOpenFileName(self, caption, "", filters)[0]
