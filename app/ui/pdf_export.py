"""A printable exam and its answer key as PDF, written with Qt's QPdfWriter and QTextDocument.

Each student gets their own variant set on fresh pages under a header with a name line and
their student number; the key repeats every student's questions with the answers, the
mistakes behind wrong values and the worked solutions. Pack text is HTML-escaped; the
mathtext ($...$) becomes readable text with Greek letters, sub- and superscripts, since a
QTextDocument cannot typeset TeX. Runs without a display (the offscreen platform).
"""

from __future__ import annotations

import functools
import html
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QApplication

from questions.export.common import answer_text, solution_lines
from questions.mistakes import MISTAKES
from questions.model import Kind, Question
from questions.numbers import format_number

Progress = Callable[[int, int], None]
DPI = 96  # QTextDocument's own unit: laying out at it needs no scaling copy

SYMBOLS = {
    r"\partial": "∂",
    r"\delta": "δ",
    r"\sigma": "σ",
    r"\eta": "η",
    r"\cdot": "·",
    r"\sum": "Σ",
    r"\times": "×",
    r"\alpha": "α",
    r"\beta": "β",
    r"\lambda": "λ",
    r"\tanh": "tanh",
    r"\log": "log",
    r"\exp": "exp",
    r"\max": "max",
    r"\min": "min",
    r"\leq": "≤",
    r"\geq": "≥",
    r"\approx": "≈",
    r"\nabla": "∇",
    r"\epsilon": "ε",
    r"\theta": "θ",
    r"\mathrm": "",
    r"\left": "",
    r"\right": "",
    r"\,": " ",
    r"\ ": " ",
    r"\;": " ",
    r"\quad": "  ",
    r"\to": "→",
    r"\hat": "",
}
_SYMBOL = re.compile("|".join(re.escape(k) for k in sorted(SYMBOLS, key=len, reverse=True)))
_FRAC = re.compile(r"\\frac\{([^{}]*)\}\{([^{}]*)\}")
_SCRIPT = re.compile(r"([_^])(?:\{([^{}]*)\}|(\w))")
_MATH = re.compile(r"(?<!\\)\$(.+?)(?<!\\)\$", re.S)
STYLE = """
body { font-family: 'DejaVu Sans', sans-serif; font-size: 10pt; }
h1 { font-size: 15pt; } h2 { font-size: 11pt; margin-top: 14px; }
p.meta { color: #444; } li { margin-bottom: 3px; }
"""


@functools.lru_cache(maxsize=4096)
def math_html(tex: str) -> str:
    """Inline mathtext as HTML: \\frac a/b, Greek letters, <sub> and <sup>, italics.

    Cached: the formulas of a worked solution repeat in every variant of a question."""
    text = html.escape(tex, quote=False)
    for _ in range(3):  # nested fractions, innermost first
        text = _FRAC.sub(r"(\1)/(\2)", text)
    text = _SYMBOL.sub(lambda m: SYMBOLS[m[0]], text)
    text = _SCRIPT.sub(
        lambda m: (
            f"<{'sub' if m[1] == '_' else 'sup'}>{m[2] or m[3]}</{'sub' if m[1] == '_' else 'sup'}>"
        ),
        text,
    )
    return "<i>" + text.replace("{", "").replace("}", "") + "</i>"


def rich(text: str) -> str:
    """Pack text as HTML: escaped, math made readable, line breaks kept."""
    parts, last = [], 0
    for match in _MATH.finditer(text):
        parts.append(html.escape(text[last : match.start()].replace(r"\$", "$"), quote=False))
        parts.append(math_html(match[1]))
        last = match.end()
    parts.append(html.escape(text[last:].replace(r"\$", "$"), quote=False))
    return "".join(parts).replace("\n", "<br>")


def _header(title: str, student: int, students: int, key: bool) -> str:
    brk = ' style="page-break-before: always"' if student > 1 else ""
    what = "Answer key" if key else "Exam"
    lines = [f"<h1{brk}>{html.escape(title)}: {what}</h1>"]
    lines.append(f'<p class="meta">Student number {student} of {students}</p>')
    if not key:
        lines.append(
            f"<p>Name: ______________________________ &nbsp; Student number: <b>{student}</b></p>"
        )
    return "".join(lines)


def _question(n: int, q: Question) -> str:
    body = [f"<h2>Question {n}</h2><p>{rich(q.prompt)}</p>"]
    if q.choices:
        how = "Select every right choice." if q.kind is Kind.MULTIPLE else "Choose one."
        items = "".join(f"<li>{rich(c.text)}</li>" for c in q.choices)
        body.append(f'<p><i>{how}</i></p><ol type="a">{items}</ol>')
    elif q.kind is Kind.GUIDED:
        items = "".join(f"<li>{rich(s.prompt)} = __________</li>" for s in q.guided)
        body.append(f"<ol>{items}</ol>")
    elif q.answer is not None:
        body.append(f"<p>Answer ({q.answer.sigfigs} significant figures): __________</p>")
    return "".join(body)


def _key(n: int, q: Question) -> str:
    if q.kind is Kind.GUIDED:
        answer = ", ".join(f"{s.node}: {format_number(s.value, s.sigfigs)}" for s in q.guided)
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
    for c in q.choices:
        mark = "right" if c.correct else "wrong"
        body.append(f"<p>{rich(c.text)} ({mark}): {rich(c.explanation)}</p>")
    steps = "".join(f"<li>{rich(line)}</li>" for line in solution_lines(q))
    if steps:
        body.append(f"<p><b>Worked solution</b></p><ol>{steps}</ol>")
    return "".join(body)


def exam_html(title: str, exams: Sequence[Sequence[Question]], key: bool) -> str:
    """The exam (or its key) as one HTML document, each student from a new page."""
    parts = [f"<html><head><style>{STYLE}</style></head><body>"]
    for student, questions in enumerate(exams, 1):
        parts.append(_header(title, student, len(exams), key))
        write = _key if key else _question
        parts.extend(write(n, q) for n, q in enumerate(questions, 1))
    parts.append("</body></html>")
    return "".join(parts)


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


def write_pdf(document_html: str, path: str | Path, title: str) -> int:
    """Lay the HTML out on A4 pages and write it as a PDF; returns the page count.

    The document is paginated to the writer's printable area at Qt's 96 dpi before it is
    printed, so print_ lays it out once instead of laying out a copy (three times faster
    for a thousand-page exam).
    """
    _application()
    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator("Backprop Quiz")
    writer.setResolution(DPI)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter)
    area = writer.pageLayout().paintRectPixels(DPI)
    document = QTextDocument()
    document.setDocumentMargin(0)
    document.setPageSize(QSizeF(area.width(), area.height()))
    document.setHtml(document_html)
    document.print_(writer)
    del writer  # the file is complete once the writer is gone
    return page_count(Path(path).read_bytes())


def page_count(pdf: bytes) -> int:
    """How many pages a PDF holds: its /Type /Page objects."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def key_path(out: str | Path) -> Path:
    """Where the answer key goes: OUT with '-key' before its suffix (exam.pdf -> exam-key.pdf)."""
    out = Path(out)
    return out.with_name(f"{out.stem}-key{out.suffix or '.pdf'}")


def write_exam(
    title: str,
    exams: Sequence[Sequence[Question]],
    out: str | Path,
    progress: Progress | None = None,
) -> tuple[Path, Path]:
    """The exam at `out` and its answer key beside it; returns both paths."""
    key = key_path(out)
    write_pdf(exam_html(title, exams, key=False), out, f"{title}: exam")
    if progress is not None:
        progress(1, 2)
    write_pdf(exam_html(title, exams, key=True), key, f"{title}: answer key")
    if progress is not None:
        progress(2, 2)
    return Path(out), key
