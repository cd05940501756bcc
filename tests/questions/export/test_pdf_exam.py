"""The PDF exam and answer key (app.ui.pdf_export) read back: pages, headers, answers."""

from __future__ import annotations

from pdf_text import page_texts, squeezed

from app.ui.pdf_export import key_path, math_html, page_count, rich, write_exam
from questions.model import Kind
from questions.numbers import format_number
from questions.packs import expand


def test_each_student_starts_a_page_with_a_name_line_and_the_key_has_their_answers(
    pack, tmp_path
) -> None:
    exams = [expand(pack, 1, seed=100 + s) for s in range(3)]
    exam, key = write_exam(pack.title, exams, tmp_path / "exam.pdf")
    assert key == tmp_path / "exam-key.pdf"
    pages = page_texts(exam.read_bytes())
    assert len(pages) == page_count(exam.read_bytes()) >= 3
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
    assert math_html(r"\partial E / \partial w_{5}") == "<i>∂ E / ∂ w<sub>5</sub></i>"
    exam, _ = write_exam(hostile.title, [expand(hostile, 1)], tmp_path / "hostile.pdf")
    text = squeezed("".join(page_texts(exam.read_bytes())))
    assert "<script>alert(1)</script>" in text  # shown as text, not taken as markup


def test_the_key_goes_beside_the_exam() -> None:
    assert key_path("out/exam.pdf").as_posix() == "out/exam-key.pdf"
    assert key_path("exam").as_posix() == "exam-key.pdf"
