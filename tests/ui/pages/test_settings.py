"""Settings: theme and text size applied at once, learners, database location, progress files."""

from __future__ import annotations

import errno
import json
import os
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services import open_services
from app.ui import theme
from app.ui.app_settings import load_app_settings
from app.ui.context import UiContext
from app.ui.pages.settings import SettingsPage
from tests.services.helpers import START, Clock, right_response


@pytest.fixture
def context(tmp_path):
    services = open_services(f"sqlite:///{tmp_path / 'p.sqlite3'}", now=Clock(START))
    settings = load_app_settings(tmp_path / "settings.json")
    settings["db_in_use"] = str(tmp_path / "p.sqlite3")
    yield UiContext(services, services.create_profile("Ada"), settings)
    services.close()
    theme.apply_theme(QApplication.instance(), False)


@pytest.fixture
def page(qtbot, context) -> SettingsPage:
    page = SettingsPage(context)
    qtbot.addWidget(page)
    page.refresh()
    return page


def saved(context) -> dict:
    with open(context.settings["config_file"], encoding="utf-8") as f:
        return json.load(f)


def test_the_theme_changes_at_once_and_is_remembered(qtbot, page, context) -> None:
    assert not theme.is_dark()
    page.theme_combo.setFocus()
    qtbot.keyClick(page.theme_combo, Qt.Key.Key_Down)  # the next choice, with the keyboard
    assert page.theme_combo.currentIndex() == 1
    assert theme.is_dark()
    assert QApplication.instance().palette().window().color().name() == theme.DARK.window
    assert saved(context)["dark"] is True


def test_the_text_size_applies_to_the_application_font(page, context) -> None:
    page.size_spin.setValue(14)
    assert QApplication.instance().font().pointSize() == 14
    assert saved(context)["text_size"] == 14


def test_a_new_learner_is_created_and_becomes_current(qtbot, page, context) -> None:
    qtbot.keyClicks(page.new_name, "Grace")
    page.create_button.click()
    assert context.profile.name == "Grace"
    assert page.profile_combo.currentText() == "Grace"
    page.profile_combo.setCurrentText("Ada")
    page.switch_button.click()
    assert context.profile.name == "Ada"
    assert saved(context)["profile"] == "Ada"


def test_a_taken_name_is_refused_with_a_dialog(qtbot, page, context) -> None:
    qtbot.keyClicks(page.new_name, "ada")
    page.create_button.click()
    assert context.profile.name == "Ada"
    assert "already a learner" in context.last_error.text()


def test_another_database_file_is_used_from_the_next_start(page, context, tmp_path) -> None:
    page.ask_save_path = lambda *_a: str(tmp_path / "elsewhere.sqlite3")
    page.change_db_button.click()
    assert saved(context)["db"] == str(tmp_path / "elsewhere.sqlite3")
    assert "Next start uses" in page.db_note.text()
    assert page.db_label.text() == str(tmp_path / "p.sqlite3")


def other_computer(qtbot, context, tmp_path, learner: str = "Ada"):
    """Services on another database with one learner, and a Settings page on them."""
    other = open_services(f"sqlite:///{tmp_path / 'other.sqlite3'}", now=Clock(START))
    there = UiContext(other, other.create_profile(learner), dict(context.settings))
    other_page = SettingsPage(there)
    qtbot.addWidget(other_page)
    other_page.refresh()
    return other, there, other_page


def test_progress_exports_and_imports_on_another_computer(qtbot, page, context, tmp_path) -> None:
    session = context.services.study(context.profile.id)
    session.submit(right_response(session.next()))
    page.ask_save_path = lambda *_a: str(tmp_path / "ada.json")
    page.export_button.click()
    assert page.files_note.text() == f"Exported to {tmp_path / 'ada.json'}."
    other, there, other_page = other_computer(qtbot, context, tmp_path)
    with other:
        other_page.ask_open_path = lambda *_a: str(tmp_path / "ada.json")
        other_page.import_button.click()
        dialog = other_page.import_dialog
        assert dialog.text() == "This file holds the progress of Ada: 1 answer on 1 skill."
        assert "merged into your progress" in dialog.informativeText()
        dialog.import_button.click()
        assert other_page.files_note.text().startswith("Imported 1 new answer into Ada from")
        assert other.home(there.profile.id).attempts == 1


def test_another_learners_file_is_offered_as_them_never_into_the_current_one(
    qtbot, page, context, tmp_path
) -> None:
    session = context.services.study(context.profile.id)
    session.submit(right_response(session.next()))
    page.ask_save_path = lambda *_a: str(tmp_path / "ada.json")
    page.export_button.click()
    other, there, other_page = other_computer(qtbot, context, tmp_path, learner="Bea")
    with other:
        other_page.ask_open_path = lambda *_a: str(tmp_path / "ada.json")
        other_page.import_button.click()
        dialog = other_page.import_dialog
        assert dialog.import_button.text() == "Import as Ada"
        assert "no learner called Ada here yet" in dialog.informativeText()
        assert "Your progress as Bea is not changed" in dialog.informativeText()
        dialog.cancel_button.click()
        assert [p.name for p in other.profiles()] == ["Bea"]  # cancelled: nothing written
        other_page.import_button.click()
        other_page.import_dialog.import_button.click()
        assert there.profile.name == "Bea" and other.home(there.profile.id).attempts == 0
        ada = other.repo.find_profile("Ada")
        assert ada is not None and other.home(ada.id).attempts == 1
        assert "Choose Ada under Studying as" in other_page.files_note.text()
        assert [other_page.profile_combo.itemText(i) for i in range(2)] == ["Ada", "Bea"]


def test_a_broken_progress_file_is_a_dialog_and_imports_nothing(page, context, tmp_path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    page.ask_open_path = lambda *_a: str(broken)
    page.import_button.click()
    assert "not JSON" in context.last_error.text()
    assert context.services.home(context.profile.id).attempts == 0


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[" * 50_000 + "]" * 50_000, "nested too deeply"),
        ('{"format": 1' + "0" * 5000 + "}", "4300 digits"),
        ("{}", "not a Backprop Quiz progress export"),
        (None, r"card_json: bad memory field: card\.stability must be a finite number"),
        (b"\xff\xfe", "not a text file"),
    ],
)
def test_every_bad_progress_file_ends_in_a_dialog_naming_the_problem(
    page, context, tmp_path, text, problem
) -> None:
    session = context.services.study(context.profile.id)
    session.submit(right_response(session.next()))
    bad = tmp_path / "bad.json"
    if text is None:  # a real export whose scheduler memory holds NaN
        data = context.services.repo.export_progress(context.profile.id)
        memory = json.loads(data["review_states"][0]["card_json"])
        memory["card"]["stability"] = float("nan")
        data["review_states"][0]["card_json"] = json.dumps(memory)
        bad.write_text(json.dumps(data), encoding="utf-8")
    elif isinstance(text, bytes):
        bad.write_bytes(text)
    else:
        bad.write_text(text, encoding="utf-8")
    page.ask_open_path = lambda *_a: str(bad)
    page.import_button.click()
    box = context.last_error
    assert box.isVisible() and box.windowTitle() == "Progress not imported"
    assert re.search(problem, box.text()) and str(bad) in box.text()
    assert "Nothing was imported" in box.informativeText()
    assert context.services.home(context.profile.id).attempts == 1


def test_an_export_that_cannot_be_written_is_a_dialog_and_keeps_the_old_file(
    page, context, tmp_path, monkeypatch
) -> None:
    target = tmp_path / "ada.json"
    target.write_text("the good old export", encoding="utf-8")
    page.ask_save_path = lambda *_a: str(target)

    def full_disk(_src, _dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    page.export_button.click()
    monkeypatch.undo()
    box = context.last_error
    assert box.windowTitle() == "Progress not exported"
    assert "the disk is full" in box.text() and str(target) in box.text()
    assert target.read_text(encoding="utf-8") == "the good old export"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".ada")] == []


def test_switch_and_create_enable_as_soon_as_a_name_is_typed(qtbot, page, context) -> None:
    context.services.create_profile("Grace")
    page.refresh()
    assert not page.create_button.isEnabled()  # nothing typed yet
    assert not page.switch_button.isEnabled()  # Ada, who is studying, is chosen
    page.new_name.setFocus()
    qtbot.keyClick(page.new_name, Qt.Key.Key_B)  # one key, focus still in the box
    assert page.create_button.isEnabled()
    qtbot.keyClick(page.new_name, Qt.Key.Key_Backspace)
    assert not page.create_button.isEnabled()
    page.profile_combo.setCurrentText("Grace")
    assert page.switch_button.isEnabled()


def manage(page, answers: dict):
    """Open Manage learners with its questions answered from `answers`."""
    dialog = page.manage_learners()
    dialog.confirm = lambda title, _text: answers.setdefault("asked", []).append(title) or True
    dialog.ask_name = lambda _name: answers.get("name")
    return dialog


def choose(dialog, name: str) -> None:
    names = [p.name for p in dialog.staged.profiles]
    dialog.list.setCurrentRow(names.index(name))


def test_learners_are_renamed_reset_and_deleted_only_on_done(qtbot, page, context) -> None:
    services = context.services
    grace = services.create_profile("Grace")
    session = services.study(context.profile.id)
    session.submit(right_response(session.next()))
    answers = {"name": "Ada Lovelace"}
    dialog = manage(page, answers)
    choose(dialog, "Ada")
    dialog.rename_button.click()
    dialog.reset_button.click()
    choose(dialog, "Grace")
    dialog.delete_button.click()
    assert answers["asked"] == ["Reset Ada Lovelace's progress?", "Delete Grace?"]
    assert "Delete Grace and all of their progress" in dialog.pending.text()
    assert dialog.list.item(1).text() == "Grace — to be deleted"
    assert not dialog.delete_button.isEnabled()  # nothing more to do to Grace
    assert [p.name for p in services.profiles()] == ["Ada", "Grace"]  # nothing written yet
    dialog.done_button.click()
    assert [p.name for p in services.profiles()] == ["Ada Lovelace"]
    assert services.home(context.profile.id).attempts == 0
    assert context.profile.name == "Ada Lovelace"
    assert saved(context)["profile"] == "Ada Lovelace"
    assert page.profile_combo.currentText() == "Ada Lovelace"
    assert grace.id not in [p.id for p in services.profiles()]


def test_undo_and_cancel_keep_every_learner_as_it_was(qtbot, page, context) -> None:
    context.services.create_profile("Grace")
    dialog = manage(page, {})
    choose(dialog, "Grace")
    dialog.delete_button.click()
    assert dialog.undo_button.isEnabled()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Undo
    qtbot.waitUntil(lambda: dialog.pending.text() == "No changes yet.")  # a button's animated click
    assert dialog.list.item(1).text() == "Grace"
    dialog.delete_button.click()
    dialog.buttons.rejected.emit()  # Cancel: the deletion is dropped
    assert [p.name for p in context.services.profiles()] == ["Ada", "Grace"]


def test_the_learner_studying_now_cannot_be_deleted(qtbot, page, context) -> None:
    answers: dict = {}
    dialog = manage(page, answers)
    choose(dialog, "Ada")
    dialog.delete_button.click()
    assert "Ada is studying now: switch to another learner first" in dialog.problem.text()
    assert "asked" not in answers and dialog.staged.pending == ()
