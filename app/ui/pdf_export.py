"""A printable exam and its answer key as PDF, written with Qt's QPdfWriter and QTextDocument.

Each student gets their own variant set on fresh pages under a header with a name line and
their student number; the key repeats every student's questions with the answers, the
mistakes behind wrong values and the worked solutions. Pack text is HTML-escaped; the
mathtext ($...$) is typeset (app.ui.rich_text: rich text, or an image matplotlib draws for
a fraction and anything beyond the simple subset), in paragraphs short enough that printing
stays linear in the text's length. Choices are lettered a, b, c in each student's own order
(questions.packs.student_exams shuffles them) and the key names the right letters. Each
student's pages are an HTML document of their own, printed one after another into one PDF
(app.ui.pdf_pages). Runs without a display (the offscreen platform).

The PDF is made in memory, checked to be complete, and written atomically; the page count
comes from the laid-out documents, never from reading the output back (the output may be a
pipe or /dev/full).
"""

from __future__ import annotations

import errno
import html
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter
from PySide6.QtWidgets import QApplication

from app.ui.pdf_pages import PagePrinter
from app.ui.rich_text import item, plain_html, rich
from questions.atomic import atomic_path
from questions.export.common import answer_text, solution_lines
from questions.export.matrix_export import blank_grid_html, mistake_lines
from questions.mistakes import MISTAKES
from questions.model import Kind, Question
from questions.numbers import format_number

Progress = Callable[[int, int], None]
DPI = 96  # QTextDocument's own unit: laying out at it needs no scaling copy

STYLE = """
body { font-family: 'DejaVu Sans', sans-serif; font-size: 10pt; }
h1 { font-size: 15pt; } h2 { font-size: 11pt; margin-top: 14px; }
p.meta { color: #444; } li { margin-bottom: 3px; }
"""


EMPTY = "<html><body></body></html>"  # an exam for no one is still one (blank) page
LETTERS = "abcdefghijklmnopqrstuvwxyz"
SELECT = {
    "partial": "Select every right choice: each right pick earns an equal share of the marks "
    "and each wrong pick takes one share away (never below zero).",
    "all-or-nothing": "Select every right choice: only exactly the right set earns the marks.",
}


def _header(title: str, student: int, students: int, key: bool, sets: int) -> str:
    what = "Answer key" if key else "Exam"
    lines = [f"<h1>{plain_html(title)}: {what}</h1>"]
    which = f" · variant set {(student - 1) % sets + 1} of {sets}" if sets > 1 else ""
    lines.append(f'<p class="meta">Student number {student} of {students}{which}</p>')
    if not key:
        lines.append(
            f"<p>Name: ______________________________ &nbsp; Student number: <b>{student}</b></p>"
        )
    return "".join(lines)


def _question(n: int, q: Question) -> str:
    body = [f"<h2>Question {n}</h2><p>{rich(q.prompt)}</p>"]
    if q.choices:
        how = (
            SELECT.get(q.scoring, SELECT["all-or-nothing"])
            if q.kind is Kind.MULTIPLE
            else "Choose one."
        )
        items = "".join(f"<li>{item(rich(c.text))}</li>" for c in q.choices)
        body.append(f'<p><i>{how}</i></p><ol type="a">{items}</ol>')
    elif q.kind is Kind.GUIDED:
        items = "".join(f"<li>{item(rich(s.prompt))} = __________</li>" for s in q.guided)
        body.append(f"<ol>{items}</ol>")
    elif q.kind is Kind.MATRIX:
        body.append(blank_grid_html(q))
    elif q.answer is not None:
        body.append(f"<p>Answer ({q.answer.sigfigs} significant figures): __________</p>")
    elif q.formula is not None:
        names = ", ".join(q.formula.names)
        body.append(f"<p>Answer (a formula in {html.escape(names)}): ____________________</p>")
    return "".join(body)


def _key(n: int, q: Question) -> str:
    if q.kind is Kind.GUIDED:
        answer = ", ".join(f"{s.node}: {format_number(s.value, s.sigfigs)}" for s in q.guided)
    elif q.choices:
        answer = "; ".join(
            f"{LETTERS[i]}. {rich(c.text)}" for i, c in enumerate(q.choices) if c.correct
        )
    else:
        answer = rich(answer_text(q))
    body = [f"<h2>Question {n}</h2><p><b>Answer:</b> {answer}</p>"]
    if q.answer is not None and q.mistakes:
        sigfigs = q.answer.sigfigs
        items = "".join(
            f"<li>{format_number(m.value, sigfigs)}: {html.escape(MISTAKES[m.mistake].name)}</li>"
            for m in q.mistakes
            if m.mistake in MISTAKES
        )
        body.append(f"<p>Values that come from a mistake:</p><ul>{items}</ul>")
    if q.matrix_mistakes:
        items = "".join(f"<li>{html.escape(line)}</li>" for line in mistake_lines(q))
        body.append(f"<p>Matrices that come from a mistake:</p><ul>{items}</ul>")
    for i, c in enumerate(q.choices):
        mark = "right" if c.correct else "wrong"
        body.append(f"<p>{LETTERS[i]}. {rich(c.text)} ({mark}): {rich(c.explanation)}</p>")
    steps = "".join(f"<li>{item(rich(line))}</li>" for line in solution_lines(q))
    if steps:
        body.append(f"<p><b>Worked solution</b></p><ol>{steps}</ol>")
    return "".join(body)


def exam_documents(
    title: str, exams: Sequence[Sequence[Question]], key: bool, sets: int = 1
) -> list[str]:
    """The exam (or its key) as one HTML document per student, each printed from a new page;
    with `sets` > 1 each header names the student's variant set (student n has set n mod sets).
    """
    write = _key if key else _question
    return [
        "".join(
            [
                f"<html><head><style>{STYLE}</style></head><body>",
                _header(title, student, len(exams), key, sets),
                *(write(n, q) for n, q in enumerate(questions, 1)),
                "</body></html>",
            ]
        )
        for student, questions in enumerate(exams, 1)
    ]


def _application() -> QApplication:
    """The running Qt application, or an offscreen one when there is none (and no display).

    A widgets QApplication, not a QGuiApplication: whatever else runs later in the same
    process (the GUI, its tests) needs one, and Qt allows only one application object.
    """
    app = QApplication.instance()
    if app is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication([])
    return app  # type: ignore[return-value]


def render_pdf(documents: Sequence[str], title: str) -> tuple[bytes, int]:
    """Lay each HTML document out on A4 pages and print them one after the other into a PDF
    in memory; returns its bytes and its page count (from the layouts, which the printing
    follows page for page).

    One small document per student, not one for the whole class: Qt's cost per piece of
    formatted text grows with the document's size, so a thousand one-page documents print
    in about two thirds of the time one thousand-page document takes. Each is paginated to
    the writer's printable area at Qt's 96 dpi, so drawing needs no scaled copy.
    """
    _application()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("Backprop Quiz")
    writer.setResolution(DPI)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter)
    area = writer.pageLayout().paintRectPixels(DPI)
    printer = PagePrinter(writer, QSizeF(area.width(), area.height()))
    for document_html in documents or [EMPTY]:
        printer.print_html(document_html)
    pages = printer.finish()
    del writer  # the PDF is complete once the writer is gone
    data = bytes(buffer.data().data())
    buffer.close()
    return data, pages


def _put(temp: Path, pdf: bytes) -> None:
    """Write a PDF to an atomic_path's temporary file, refusing one Qt did not finish."""
    if not pdf.rstrip().endswith(b"%%EOF"):
        raise OSError(errno.EIO, "Qt's PDF writer did not finish the file")
    temp.write_bytes(pdf)


def page_count(pdf: bytes) -> int:
    """How many pages a PDF holds: its /Type /Page objects."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def key_path(out: str | Path) -> Path:
    """Where the answer key goes: OUT with '-key' before its suffix (exam.pdf -> exam-key.pdf)."""
    out = Path(out)
    return out.with_name(f"{out.stem}-key{out.suffix or '.pdf'}")


@dataclass(frozen=True)
class WrittenExam:
    """The two files of an exam and how many pages each has."""

    exam: Path
    key: Path
    exam_pages: int
    key_pages: int


def write_exam(
    title: str,
    exams: Sequence[Sequence[Question]],
    out: str | Path,
    progress: Progress | None = None,
    sets: int = 1,
) -> WrittenExam:
    """The exam at `out` and its answer key beside it (key_path).

    Both PDFs are made before either file is touched, and both replace their files only once
    both are written out, so a failure (a full disk) leaves the old pair as it was."""
    exam, key = Path(out), key_path(out)
    exam_pdf, exam_pages = render_pdf(exam_documents(title, exams, False, sets), f"{title}: exam")
    if progress is not None:
        progress(1, 2)
    key_pdf, key_pages = render_pdf(
        exam_documents(title, exams, True, sets), f"{title}: answer key"
    )
    with atomic_path(exam) as exam_temp:
        _put(exam_temp, exam_pdf)
        with atomic_path(key) as key_temp:
            _put(key_temp, key_pdf)
    if progress is not None:
        progress(2, 2)
    return WrittenExam(exam, key, exam_pages, key_pages)
