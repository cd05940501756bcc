"""The Settings page's learner card: switch, create, manage (rename, reset, delete), pace.

`LearnerSection` is mixed into SettingsPage: it fills the card's form and owns what its
buttons do. Switch enables when another learner is chosen, Create as soon as a name is typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
)

from app.ui.context import UiContext
from app.ui.dialogs import call_service, check_profile_name
from app.ui.pages.learners_dialog import ManageLearnersDialog


class LearnerSection:
    """Who is studying, and the learners' names, progress and pace (a SettingsPage mixin)."""

    context: UiContext
    if TYPE_CHECKING:  # provided by the page

        def _save(self) -> None: ...
        def refresh(self) -> None: ...
        def window(self) -> Any: ...

    def _build_learner_form(self, form: QFormLayout) -> None:
        """The learner card's rows, added to `form`."""
        self.profile_combo = QComboBox()
        self.profile_combo.setAccessibleName("Learner")
        self.switch_button = QPushButton("Switch")
        self.switch_button.setAccessibleName("Switch to this learner")
        self.switch_button.clicked.connect(self.switch_profile)
        self.profile_combo.currentTextChanged.connect(lambda _t: self._update_learner_buttons())
        row = QHBoxLayout()
        row.addWidget(self.profile_combo, 1)
        row.addWidget(self.switch_button)
        form.addRow("Studying as", row)
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText("Name")
        self.new_name.setAccessibleName("New learner's name")
        self.new_name.returnPressed.connect(self.create_profile)
        self.new_name.textChanged.connect(lambda _t: self._update_learner_buttons())
        self.create_button = QPushButton("Create and switch")
        self.create_button.clicked.connect(self.create_profile)
        row = QHBoxLayout()
        row.addWidget(self.new_name, 1)
        row.addWidget(self.create_button)
        form.addRow("New learner", row)
        self.manage_button = QPushButton("Manage learners…")
        self.manage_button.setAccessibleName("Rename, reset or delete learners")
        self.manage_button.clicked.connect(self.manage_learners)
        self.manage_dialog: ManageLearnersDialog | None = None
        row = QHBoxLayout()
        row.addWidget(self.manage_button)
        note = QLabel("Rename, reset progress or delete.")
        note.setProperty("role", "muted")
        row.addWidget(note, 1)
        form.addRow("All learners", row)
        self.new_per_day = QSpinBox()
        self.new_per_day.setRange(0, 100)
        self.new_per_day.setAccessibleName("New skills per day")
        self.new_per_day.editingFinished.connect(self.save_pace)
        form.addRow("New skills per day", self.new_per_day)

    def _refresh_learners(self) -> None:
        """Show every learner, the current one chosen, and the current learner's pace."""
        services, profile = self.context.services, self.context.profile
        ready = services is not None and profile is not None
        self.manage_button.setEnabled(ready)
        self.new_per_day.setEnabled(ready)
        self._update_learner_buttons()
        if services is None or profile is None:
            return
        profiles = call_service(self.context, "list the learners", services.profiles)
        if profiles is None:
            return
        self.profile_combo.blockSignals(True)
        self.profile_combo.clear()
        self.profile_combo.addItems([p.name for p in profiles])
        self.profile_combo.setCurrentText(profile.name)
        self.profile_combo.blockSignals(False)
        self._update_learner_buttons()
        self.new_per_day.setValue(services.settings(profile.id).new_per_day)

    def _update_learner_buttons(self) -> None:
        """Switch when another learner is chosen; Create as soon as a name is typed."""
        ready = self.context.services is not None and self.context.profile is not None
        current = getattr(self.context.profile, "name", None)
        chosen = self.profile_combo.currentText()
        self.switch_button.setEnabled(ready and bool(chosen) and chosen != current)
        self.create_button.setEnabled(ready and bool(self.new_name.text().strip()))

    def use_profile(self, profile: Any) -> None:
        """Make a learner the current one everywhere, and remember the choice."""
        self.context.profile = profile
        self.context.settings["profile"] = profile.name
        self._save()
        window = self.window()
        if hasattr(window, "update_status"):
            window.update_status()
        self.refresh()

    def switch_profile(self) -> None:
        """Study as the learner chosen in the list."""
        name = self.profile_combo.currentText()
        if name and self.context.services is not None:
            self.use_profile(self.context.services.profile(name))

    def create_profile(self) -> None:
        """Create a learner with the typed name and study as them."""
        services = self.context.services
        if services is None:
            return
        try:
            name = check_profile_name(self.new_name.text(), [p.name for p in services.profiles()])
        except ValueError as e:
            self.context.show_error("That name cannot be used", str(e), "Type another name.")
            return
        self.new_name.clear()
        self.use_profile(services.create_profile(name))

    def manage_learners(self) -> ManageLearnersDialog | None:
        """Open the dialog that renames, resets and deletes learners (written on Done)."""
        services, profile = self.context.services, self.context.profile
        if services is None or profile is None:
            return None
        dialog = ManageLearnersDialog(services.repo, profile.id, self)  # type: ignore[arg-type]
        dialog.applied.connect(self._learners_changed)
        self.manage_dialog = dialog
        dialog.open()
        return dialog

    def _learners_changed(self, changes: list) -> None:
        """Take up the current learner's new name (or emptied progress) everywhere."""
        services, profile = self.context.services, self.context.profile
        if not changes or services is None or profile is None:
            return
        fresh = call_service(
            self.context, "reload the learner", services.repo.get_profile, profile.id
        )
        if fresh is not None:
            self.use_profile(fresh)

    def save_pace(self) -> None:
        """Store the learner's number of new skills per day."""
        services, profile = self.context.services, self.context.profile
        if services is not None and profile is not None:
            services.update_settings(profile.id, self.new_per_day.value())
