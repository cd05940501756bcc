"""The PDF exam and answer key (app.ui.pdf_export) read back: pages, headers, answers."""

from __future__ import annotations

import dataclasses
import re
import time

import pytest
from pdf_text import page_texts, squeezed
from PySide6.QtCore import QSizeF
from PySide6.QtGui import QTextDocument

from app.ui import pdf_export
from app.ui.pdf_export import exam_documents, key_path, page_count, write_exam
from app.ui.rich_text import BLOCK, item, math_html, rich
from questions import registry
from questions.atomic import WriteFailed
from questions.model import Kind
from questions.numbers import format_number
from questions.packs import expand, student_exams


def test_each_student_starts_a_page_with_a_name_line_and_the_key_has_their_answers(
    pack, tmp_path
) -> None:
    exams = [expand(pack, 1, seed=100 + s) for s in range(3)]
    written = write_exam(pack.title, exams, tmp_path / "exam.pdf")
    exam, key = written.exam, written.key
    assert key == tmp_path / "exam-key.pdf"
    pages = page_texts(exam.read_bytes())
    assert len(pages) == page_count(exam.read_bytes()) == written.exam_pages >= 3
    assert page_count(key.read_bytes()) == written.key_pages
    starts = [n for n, page in enumerate(pages) if "Studentnumber" in squeezed(page)[:200]]
    assert len(starts) == 3 and starts[0] == 0
    for student, start in enumerate(starts, 1):
        head = squeezed(pages[start])
        assert f"Studentnumber{student}of3" in head and "Name:____" in head
    sections = [
        squeezed("".join(pages[a:b])).split("Question1", 1)[1]
        for a, b in zip(starts, [*starts[1:], len(pages)], strict=True)
    ]
    assert len(set(sections)) == 3  # each student's questions are a variant set of their own
    text = squeezed("".join(pages))
    assert "Answer(3significantfigures):" in text
    assert "Answer:" not in text and "Workedsolution" not in text  # those are for the key
    keys = squeezed("".join(page_texts(key.read_bytes())))
    for questions in exams:
        for q in questions:
            if q.kind is Kind.NUMERIC:
                assert f"Answer:{format_number(q.answer.value, q.answer.sigfigs)}" in keys
    assert keys.count("Workedsolution") >= 3 * 3


def test_students_get_different_variants(pack) -> None:
    first, second = (expand(pack, 1, seed=s) for s in (7, 8))
    values = [[q.answer.value for q in exam if q.kind is Kind.NUMERIC] for exam in (first, second)]
    assert values[0] != values[1]


def test_pack_text_is_escaped_and_math_made_readable(hostile, tmp_path) -> None:
    assert "&lt;script&gt;" in rich("<script>")
    assert math_html(r"\partial E / \partial w_{5}") == (
        '<span style="white-space:nowrap">∂<i>E</i> / ∂<i>w</i><sub>5</sub></span>'
    )
    exam = write_exam(hostile.title, [expand(hostile, 1)], tmp_path / "hostile.pdf").exam
    text = squeezed("".join(page_texts(exam.read_bytes())))
    assert "<script>alert(1)</script>" in text  # shown as text, not taken as markup


@pytest.mark.parametrize(
    "tex",
    [
        r"x \in \mathbb{R}",
        r"a \Rightarrow b",
        r"\pm 0.5",
        r"\frac{1}{2}",
        r"\sum_k \frac{\partial E}{\partial w_k}",
        r"\sqrt{x}",
        r"\sigma'(x)",
    ],
)
def test_every_formula_is_typeset_and_no_tex_is_left_showing(tex: str) -> None:
    shown = math_html(tex)
    assert "\\" not in shown and "<code>" not in shown
    if "frac" in tex:  # a fraction is drawn (an image), never written a/b or ¹⁄₂
        assert shown.startswith('<img src="data:image/png;base64,') and "⁄" not in shown


def test_each_student_has_one_variant_set_and_the_key_names_their_letters(pack, tmp_path) -> None:
    exams = student_exams(pack, 2, 0, 3)
    written = write_exam(pack.title, exams, tmp_path / "exam.pdf", sets=2)
    pages = squeezed("".join(page_texts(written.exam.read_bytes())))
    assert "Studentnumber1of3·variantset1of2" in pages
    assert "Studentnumber3of3·variantset1of2" in pages
    assert pages.count("Question8") == 3 and "Question9" not in pages  # one variant each
    keys = squeezed("".join(page_texts(written.key.read_bytes())))
    for exam in exams:
        (first,) = [i for i, c in enumerate(exam[0].choices) if c.correct]
        right = exam[0].choices[first].text.replace(" ", "")
        assert f"Answer:{'abc'[first]}.{right}" in keys


def test_the_key_goes_beside_the_exam() -> None:
    assert key_path("out/exam.pdf").as_posix() == "out/exam-key.pdf"
    assert key_path("exam").as_posix() == "exam-key.pdf"


def long_prompt_exam(pack, text: str) -> list:
    """One exam whose first question has `text` as its prompt."""
    first, *rest = expand(pack, 1)
    return [[dataclasses.replace(first, prompt=text), *rest]]


def laid_out(document_html: str) -> QTextDocument:
    document = QTextDocument()
    document.setPageSize(QSizeF(680, 1000))
    document.setHtml(document_html)
    return document


def test_a_long_text_is_cut_into_paragraphs_qt_prints_in_linear_time(pack) -> None:
    # Qt draws a paragraph line by line on every page it spans: one paragraph of N
    # characters costs N x pages, so the PDF of a 5 MB prompt took more than ten minutes.
    exams = long_prompt_exam(pack, "Ж" * 50_000 + " wyrd" * 20_000 + "\n$w_1$ and more" * 2000)
    (document_html,) = exam_documents(pack.title, exams, key=False)
    document = laid_out(document_html)
    block, longest = document.begin(), 0
    while block.isValid():
        longest = max(longest, block.length())
        block = block.next()
    assert longest <= BLOCK + 2
    text = document.toPlainText()
    assert text.count("Ж") == 50_000 and text.count("wyrd") == 20_000  # nothing lost


def test_a_long_word_in_a_choice_stays_inside_its_item_and_no_line_leaves_the_page() -> None:
    html_text = f'<ol type="a"><li>{item(rich("y" * 9000))}</li><li>second</li></ol>'
    document = laid_out(html_text)
    numbered = []
    block = document.begin()
    while block.isValid():
        layout = block.layout()
        assert all(layout.lineAt(n).naturalTextWidth() <= 680 for n in range(layout.lineCount()))
        if block.textList() is not None:
            numbered.append(block.text()[:6])
        block = block.next()
    assert numbered == ["yyyyyy", "second"]  # the word's later paragraphs are not items


def test_the_pdf_of_a_long_unbroken_word_is_written_in_bounded_time(pack, tmp_path) -> None:
    exams = long_prompt_exam(pack, "z" * 600_000)
    started = time.process_time()
    written = write_exam(pack.title, exams, tmp_path / "long.pdf")
    seconds = time.process_time() - started
    assert seconds < 30, f"{seconds:.1f} s of CPU"  # about 3 s; 600,000 was minutes before
    assert written.exam_pages == page_count(written.exam.read_bytes()) > 80


def test_rich_text_keeps_short_text_whole_and_breaks_long_text_at_spaces() -> None:
    assert rich("a < b\nc") == "a &lt; b<br>c"
    pieces = rich("word " * 1000).split("\u2029")
    assert len(pieces) == 3 and all(p.endswith("word ") for p in pieces[:-1])
    assert all(len(p) <= BLOCK for p in pieces)
    lines = rich(("L" * 1500 + "\n") * 3).split("\u2029")  # a line break becomes the cut
    assert lines == ["L" * 1500, "L" * 1500, "L" * 1500 + "<br>"]


def test_a_pdf_qt_did_not_finish_is_never_reported_written(pack, tmp_path, monkeypatch) -> None:
    exam, key = tmp_path / "exam.pdf", tmp_path / "exam-key.pdf"
    for path in (exam, key):
        path.write_bytes(b"%PDF old and good %%EOF")
    finish = pdf_export.render_pdf
    monkeypatch.setattr(
        pdf_export, "render_pdf", lambda html, title: (finish(html, title)[0][:-200], 3)
    )
    with pytest.raises(WriteFailed, match=r"exam\.pdf: could not be written \(Qt's PDF writer"):
        write_exam(pack.title, [expand(pack, 1)], exam)
    assert exam.read_bytes() == key.read_bytes() == b"%PDF old and good %%EOF"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exam-key.pdf", "exam.pdf"]
    half = finish(exam_documents(pack.title, [expand(pack, 1)], True), "key")[0][:-9]
    monkeypatch.setattr(
        pdf_export,
        "render_pdf",
        lambda html, title: (half if "key" in title else finish(html, title)[0], 3),
    )
    with pytest.raises(WriteFailed, match=r"exam-key\.pdf: could not be written \(Qt's PDF w"):
        write_exam(pack.title, [expand(pack, 1)], exam)
    assert exam.read_bytes() == key.read_bytes() == b"%PDF old and good %%EOF"


def test_a_formula_question_asks_for_a_formula_and_the_key_gives_it(tmp_path) -> None:
    (question,) = registry.family("activation-derivative-formula").generate(1, [3])
    (exam,) = exam_documents("F", [[question]], False)
    assert "Answer (a formula in " in exam
    (key,) = exam_documents("F", [[question]], True)
    assert "<b>Answer:</b> " in key and "<b>Answer:</b> </p>" not in key


def test_a_formula_image_every_student_shares_is_stored_once(pack, tmp_path) -> None:
    exams = [expand(pack, 1, seed=s) for s in range(4)]
    (first, *_) = exam_documents(pack.title, exams, key=False)
    assert first.count('<img src="data:image/png') >= 1  # the loss, drawn as a fraction
    pdf = write_exam(pack.title, exams, tmp_path / "exam.pdf").exam.read_bytes()
    # one image and its transparency mask, not one pair per student
    assert pdf.count(b"/Subtype /Image") == 2 * len(set(re.findall(r'src="([^"]+)"', first)))
