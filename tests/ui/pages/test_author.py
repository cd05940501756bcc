"""Author: write a pack with live validation, preview its questions, open and save it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox, QVBoxLayout, QWidget

from app.ui.pages.author import AuthorPage
from questions.model import AuthoredKey, FamilyKey
from questions.numbers import format_number
from tests.ui.pages.author_setup import EXAMPLE, author_context, shown_page


@pytest.fixture
def page(qtbot, tmp_path, themed) -> Iterator[AuthorPage]:
    with author_context(tmp_path) as context:
        yield shown_page(qtbot, context)


def put_cursor(page: AuthorPage, line: int, col: int = 1) -> None:
    cursor = page.editor.textCursor()
    cursor.setPosition(page.editor.document().findBlockByNumber(line - 1).position() + col - 1)
    page.editor.setTextCursor(cursor)


def choose(page: AuthorPage, question_id: str) -> None:
    ids = [item.id for item in page.pack.items]
    page.preview.chooser.setCurrentIndex(ids.index(question_id))


def test_the_example_pack_is_loaded_and_valid(page) -> None:
    assert page.editor.toPlainText() == EXAMPLE.read_text(encoding="utf-8")
    assert page.status.text() == (
        "✓ No problems. 6 questions: 2 choice, 1 numeric, 2 network, 1 family."
    )
    assert page.problem_list.isHidden()
    assert page.file_label.text() == "Untitled pack"


def test_a_mistyped_key_is_listed_at_its_line_and_choosing_it_moves_the_cursor(page, qtbot) -> None:
    page.editor.setFocus()
    put_cursor(page, 17)  # prompt = "What does backpropagation compute?"
    qtbot.keyClicks(page.editor, "x")
    assert page.timer.isActive() and page.problem_list.isHidden()  # validated after a pause
    qtbot.waitUntil(lambda: page.problem_list.count() > 0, timeout=3000)
    texts = [page.problem_list.item(i).text() for i in range(page.problem_list.count())]
    [typo] = [i for i, t in enumerate(texts) if "'xprompt'" in t]
    assert texts[typo].startswith("Line 17, column 1: unknown key 'xprompt'")
    assert "did you mean 'prompt'?" in texts[typo]
    assert page.status.text().startswith("✗ 2 problems")
    assert "unsaved changes" in page.file_label.text()

    put_cursor(page, 1)
    page.problem_list.setFocus()
    item = page.problem_list.item(typo)
    rect = page.problem_list.visualItemRect(item)
    qtbot.mouseClick(page.problem_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.editor.cursor_line_column() == (17, 1)
    assert page.editor.hasFocus()
    assert page.position.text() == "Line 17, column 1"


def test_the_preview_answers_like_a_learner_and_draws_another_variant(page, qtbot, press) -> None:
    choose(page, "mazur-w5")
    view = page.preview.view
    first = view.question()
    assert first.key == AuthoredKey("backprop-basics", "mazur-w5", "1.0")
    assert "0.15" in first.prompt and view.ui.title.text() == "Backpropagation basics"
    page.activateWindow()
    view.entry.focus_entry()
    press(format_number(first.answer.value, 4))
    press(Qt.Key.Key_Return)
    assert view.ui.verdict.banner.text() == "✓ Right"

    qtbot.mouseClick(page.preview.variant_button, Qt.MouseButton.LeftButton)
    second = view.question()
    assert second.key.question.startswith("mazur-w5/") and second.prompt != first.prompt
    assert second.answer.value != first.answer.value
    assert page.preview.note.text() == "Variant 1."

    choose(page, "practice-output-gradients")
    family = view.question().key
    qtbot.mouseClick(page.preview.variant_button, Qt.MouseButton.LeftButton)
    assert isinstance(family, FamilyKey) and view.question().key.seed == family.seed + 1

    choose(page, "what-it-computes")
    assert not page.preview.variant_button.isEnabled()  # a choice question has one form


def test_pack_text_is_shown_as_written_never_as_html(page) -> None:
    text = page.editor.toPlainText().replace(
        'title = "Backpropagation basics"', 'title = "<b>Basics</b> & more"'
    )
    page.editor.setPlainText(text)
    page.validate_now()
    title = page.preview.view.ui.title
    assert title.text() == "<b>Basics</b> & more"
    assert title.textFormat() == Qt.TextFormat.PlainText
    page.import_to_pool()
    assert page.share.import_outcome.textFormat() == Qt.TextFormat.PlainText
    assert "“<b>Basics</b> & more”" in page.share.import_outcome.text()


def test_open_with_unsaved_changes_asks_first_and_cancel_keeps_the_text(
    page, qtbot, tmp_path
) -> None:
    other = tmp_path / "other.toml"
    other.write_text(EXAMPLE.read_text(encoding="utf-8").replace('"1.0"', '"1.1"'), "utf-8")
    page.files.choose_open_path = lambda: str(other)
    page.editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(page.editor, "# note")
    page.files.open()
    box = page.files.question
    assert box is not None and page.files.path is None
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert page.editor.toPlainText().endswith("# note")

    page.files.open()
    page.files.question.button(QMessageBox.StandardButton.Discard).click()
    assert page.files.path == other and 'version = "1.1"' in page.editor.toPlainText()
    assert page.file_label.text() == "other.toml"


def test_save_writes_the_text_and_closing_with_changes_waits_for_an_answer(
    qtbot, context, tmp_path
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    page = AuthorPage(context)
    QVBoxLayout(window).addWidget(page)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    page.refresh()
    target = tmp_path / "mine.toml"
    page.files.choose_save_path = lambda: str(target)
    page.editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(page.editor, "# mine")

    window.close()
    assert window.isVisible() and page.files.question is not None  # held, and asked
    page.files.question.button(QMessageBox.StandardButton.Save).click()
    assert target.read_text(encoding="utf-8").endswith("# mine")
    assert not window.isVisible()


def test_a_narrow_page_shows_the_editor_as_the_first_tab(page, qtbot) -> None:
    page.resize(800, 680)
    qtbot.waitUntil(lambda: page.tabs.indexOf(page.pack_panel) == 0)
    page.resize(1280, 800)
    qtbot.waitUntil(lambda: page.splitter.indexOf(page.pack_panel) == 0)
    assert page.tabs.count() == 3  # form, preview, import and export


def test_help_opens_the_pack_reference_rendered(page, qtbot) -> None:
    qtbot.mouseClick(page.help_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.help is not None and page.help.isVisible())
    shown = page.help.browser.toPlainText()
    assert shown.startswith("Instructor packs") and "```" not in shown  # Markdown, rendered
    assert "What each export format holds" in shown and "Scoring multiple-select" in shown
    assert page.help.browser.document().toHtml().count("<table") >= 5
