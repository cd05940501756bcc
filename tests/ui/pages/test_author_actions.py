"""Author: add the pack to the study pool, take one out, export the pack in every format."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.ui.pages.author import AuthorPage
from app.ui.pages.author_files import start_path, with_suffix
from questions.export.csv_export import COLUMNS
from questions.export.registry import exporters
from questions.model import AuthoredKey
from tests.ui.pages.author_setup import EXAMPLE, author_context, shown_page


@pytest.fixture
def context(tmp_path, themed):
    with author_context(tmp_path) as context:
        yield context


@pytest.fixture
def page(qtbot, context) -> AuthorPage:
    return shown_page(qtbot, context)


def test_import_adds_the_pack_to_the_study_pool(page, context, qtbot) -> None:
    page.tabs.setCurrentWidget(page.share)
    qtbot.mouseClick(page.share.import_button, Qt.MouseButton.LeftButton)
    assert page.share.import_outcome.text() == (
        "Imported “Backpropagation basics” version 1.0: 5 questions in your study pool."
    )
    assert "Backpropagation basics — version 1.0, 5 questions" in page.share.pool.text()
    [pack] = context.services.imported_packs()
    assert (pack.pack_id, pack.version) == ("backprop-basics", "1.0")
    question = context.services.study(context.profile.id).next()
    assert question.key == AuthoredKey("backprop-basics", "what-it-computes", "1.0")


@pytest.mark.parametrize("answer", ["&Keep progress", "&Forget progress", None])
def test_a_pack_is_removed_from_the_pool_after_asking_about_progress(
    page, context, qtbot, answer
) -> None:
    page.tabs.setCurrentWidget(page.share)
    page.import_to_pool()
    panel = page.share.pool_panel
    assert panel.isVisible() and panel.chooser.currentText() == "Backpropagation basics"
    qtbot.mouseClick(panel.button, Qt.MouseButton.LeftButton)
    box = panel.question
    assert box is not None and box.isVisible() and "Remove “Backpropagation basics”" in box.text()
    assert context.services.imported_packs() != []  # nothing happens before the answer
    chosen = next((b for b in box.buttons() if b.text() == answer), None)
    qtbot.mouseClick(
        chosen or box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: panel.question is None)
    if answer is None:
        assert [p.pack_id for p in context.services.imported_packs()] == ["backprop-basics"]
        return
    assert context.services.imported_packs() == [] and not panel.isVisible()
    said = page.share.import_outcome.text()
    assert said.startswith("Removed “Backpropagation basics” from the study pool: 5 questions")
    assert ("progress on them is kept" in said) is (answer == "&Keep progress")
    assert page.share.pool.text() == "No packs in the study pool yet."


def test_a_broken_pack_is_not_imported(page, context) -> None:
    page.editor.setPlainText(page.editor.toPlainText().replace("sigfigs = 2\n", "sigfigs = 0\n"))
    page.import_to_pool()
    assert page.share.import_outcome.text() == "Nothing imported: the pack has 1 problem."
    assert context.services.imported_packs() == []
    assert page.problem_list.item(0).text().startswith("Line 63, column 11: 'sigfigs'")


def test_export_to_csv_reports_progress_and_writes_the_file(page, qtbot, tmp_path) -> None:
    out = tmp_path / "basics.csv"
    panel = page.export_panel
    panel.format.setCurrentIndex([e.id for e in exporters()].index("csv"))
    panel.variants.setValue(3)
    assert not panel.students.isEnabled()  # students are for the PDF exam
    page.choose_export_path = lambda suffix: str(tmp_path / f"basics.{suffix}")
    progress: list[tuple[int, int]] = []
    page.export_progress.connect(lambda done, total: progress.append((done, total)))
    with qtbot.waitSignal(page.export_finished, timeout=30_000) as finished:
        qtbot.mouseClick(panel.button, Qt.MouseButton.LeftButton)
        assert not panel.button.isEnabled()  # locked while the export runs
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert tuple(rows[0]) == COLUMNS
    # 3 choice/numeric once, 2 network questions x 3 variants, 3 family questions x 3 variants
    assert len(rows) - 1 == 3 + 2 * 3 + 3 * 3
    assert finished.args == ["Wrote basics.csv: 18 questions."]  # CSV holds hints: no notes
    assert progress[-1] == (7, 7) and len(progress) == 7
    assert panel.bar.value() == panel.bar.maximum() and panel.button.isEnabled()


def test_dialogs_start_in_the_folder_last_used_with_the_pack_id_and_add_the_suffix(
    page, context, qtbot, tmp_path
) -> None:
    assert page.files.save_start() == str(Path.home() / "backprop-basics.toml")
    page.files.choose_save_path = lambda: str(tmp_path / "mine")  # typed without .toml
    assert page.files.save_as()
    assert (tmp_path / "mine.toml").is_file() and page.files.path == tmp_path / "mine.toml"
    assert context.settings["author_folder"] == str(tmp_path.resolve())
    asked: list[str] = []
    page.files.path = None
    assert page.files.save_start() == str(tmp_path.resolve() / "backprop-basics.toml")
    page.export_panel.format.setCurrentIndex([e.id for e in exporters()].index("gift"))

    def choose(suffix: str) -> str:  # what the dialog is given, then what the learner types
        asked.append(start_path(context.settings, page.pack.id, suffix))
        return str(tmp_path / "out" / "quiz")

    (tmp_path / "out").mkdir()
    page.choose_export_path = choose
    with qtbot.waitSignal(page.export_finished, timeout=30_000):
        page.export()
    assert asked == [str(tmp_path.resolve() / "backprop-basics.gift")]
    assert (tmp_path / "out" / "quiz.gift").is_file()
    assert context.settings["author_folder"] == str((tmp_path / "out").resolve())


def test_a_pdf_exam_for_two_students_is_written_off_the_gui_thread(page, qtbot, tmp_path) -> None:
    panel = page.export_panel
    panel.format.setCurrentIndex([e.id for e in exporters()].index("pdf"))
    panel.students.setValue(2)
    page.choose_export_path = lambda suffix: str(tmp_path / f"exam.{suffix}")
    with qtbot.waitSignal(page.export_finished, timeout=60_000) as finished:
        panel.button.click()
    assert finished.args[0].startswith("Wrote exam.pdf: ")
    assert finished.args[0].endswith("pages for 2 student(s).")
    assert " for 2 student(s) and exam-key.pdf: " in finished.args[0]
    assert (tmp_path / "exam.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "exam-key.pdf").exists()


def test_an_export_that_cannot_be_written_says_so(page, qtbot, tmp_path) -> None:
    target = tmp_path / "missing-folder" / "x.xml"
    page.choose_export_path = lambda suffix: str(target)
    with qtbot.waitSignal(page.export_finished, timeout=30_000) as finished:
        page.export_panel.button.click()
    assert finished.args[0] == (
        f"{target}: could not be written (the folder does not exist); nothing was written."
    )
    assert page.export_panel.outcome.property("role") == "wrong"


def test_an_export_counts_each_blank_of_a_guided_question_as_the_command_does(tmp_path):
    from app.ui.pages.author_share import FormatJob, export_pack
    from questions.export.registry import ExportJob
    from questions.packs import load_pack

    text = EXAMPLE.read_text(encoding="utf-8") + (
        '\n[[question]]\nid = "guided"\ntype = "family"\nfamily = "guided-backprop"\n'
        "level = 1\ncount = 1\n"
    )
    source = tmp_path / "guided.toml"
    source.write_text(text, encoding="utf-8")
    pack = load_pack(source)
    out = tmp_path / "guided.csv"
    said = export_pack(FormatJob("csv", ExportJob(pack, out, variants=1)))
    rows = len(list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))) - 1
    assert said == f"Wrote guided.csv: {rows} questions."
    assert rows > 3 + 2 + 3 + 1  # the guided question is one row per blank


def test_a_suffix_is_appended_only_when_missing() -> None:
    assert with_suffix("a/basics", "csv") == Path("a/basics.csv")
    assert with_suffix("v1.2", "csv") == Path("v1.2.csv")
    assert with_suffix("quiz.CSV", "csv") == Path("quiz.CSV")
