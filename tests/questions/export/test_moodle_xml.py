"""Moodle XML read back by an XML parser: structure, answers, tolerances, mistakes, escaping."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from questions.export.common import band, flatten, mathjax
from questions.export.moodle_xml import category_path, moodle_xml
from questions.mistakes import MISTAKES
from questions.model import AuthoredKey, Choice, Kind, NumericAnswer, Question
from questions.packs import expand

MOODLE_FRACTIONS = {
    100,
    90,
    83.33333,
    80,
    75,
    70,
    66.66667,
    60,
    50,
    40,
    33.33333,
    30,
    25,
    20,
    16.66667,
    14.28571,
    12.5,
    11.11111,
    10,
    5,
    0,
}


def parse(text: str) -> ET.Element:
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "quiz"
    return root


def test_each_pack_question_gets_a_category_of_its_variants_with_readable_names(
    pack, questions
) -> None:
    root = parse(moodle_xml(pack.title, questions))
    categories: dict[str, list[str]] = {}
    for element in root.findall("question"):
        if element.get("type") == "category":
            current = categories.setdefault(element.findtext("category/text"), [])
        else:
            current.append(element.findtext("name/text"))
    assert list(categories)[3] == "$course$/Backpropagation basics/Mazur w5"
    assert categories["$course$/Backpropagation basics/Mazur w5"] == [
        "Mazur w5 · variant 1",
        "Mazur w5 · variant 2",
        "Mazur w5 · variant 3",
    ]
    assert categories["$course$/Backpropagation basics/What it computes"] == ["What it computes"]
    assert len(categories) == len(pack.items)
    keys = [e.findtext("idnumber") for e in root.findall("question[idnumber]")]
    assert keys == [str(q.key) for q in flatten(questions)]


def test_a_numeric_prompt_states_the_figures_asked(pack, questions) -> None:
    root = parse(moodle_xml(pack.title, questions))
    element = root.find("question[name='Mazur w5 · variant 1']") or next(
        e for e in root.findall("question") if e.findtext("name/text") == "Mazur w5 · variant 1"
    )
    assert element.findtext("questiontext/text").endswith(
        "<p>Give the answer to 3 significant figures.</p>"
    )
    assert element.find("answer").findtext("text") == "0.0821670405642"


@pytest.mark.parametrize(
    ("title", "kept"),
    [
        ("Escapes / <all> & sundry", "Escapes // ‹all› & sundry"),
        ("R&D&amp;co", "R & D & amp;co"),
        ("  two\n lines\t", "two lines"),
    ],
)
def test_category_names_survive_moodles_cleaning(title: str, kept: str) -> None:
    name = category_path(title).removeprefix("$course$/")
    assert name == kept
    assert strip_tags(name) == name  # PARAM_TEXT: strip_tags, which would eat a <...> span
    assert not re.search(r"&[A-Za-z#]", name)  # no '&' an HTML reader takes for an entity


def strip_tags(text: str) -> str:
    """PHP's strip_tags, for text without quotes: drops from '<' + non-space to '>'."""
    return re.sub(r"<[^\s>][^>]*(?:>|$)", "", text)


def test_numerical_answers_carry_the_band_and_each_mistake_named(pack, questions) -> None:
    root = parse(moodle_xml(pack.title, questions))
    by_name = {q.findtext("idnumber"): q for q in root.findall("question")}
    numeric = [q for q in questions if q.kind is Kind.NUMERIC]
    assert len(numeric) >= 5
    for q in numeric:
        element = by_name[str(q.key)]
        assert element.get("type") == "numerical"
        right, *wrong = element.findall("answer")
        assert float(right.get("fraction")) == 100
        assert float(right.findtext("text")) == pytest.approx(q.answer.value, rel=1e-11)
        assert float(right.findtext("tolerance")) == pytest.approx(band(q.answer), rel=1e-11)
        assert len(wrong) == len(q.mistakes)
        for answer, mistake in zip(wrong, q.mistakes, strict=True):
            assert float(answer.get("fraction")) == 0
            assert float(answer.findtext("text")) == pytest.approx(mistake.value, rel=1e-11)
            own = band(NumericAnswer(mistake.value, q.answer.sigfigs))
            assert float(answer.findtext("tolerance")) == pytest.approx(own, rel=1e-11)
            assert MISTAKES[mistake.mistake].name in answer.findtext("feedback/text")
            lo, hi = q.answer.value - band(q.answer), q.answer.value + band(q.answer)
            assert not lo <= mistake.value <= hi  # Moodle would accept it as right
        if q.solution:
            assert "<ol><li>" in element.findtext("generalfeedback/text")


def test_multichoice_fractions_and_feedback(pack, questions) -> None:
    root = parse(moodle_xml(pack.title, questions))
    by_name = {q.findtext("idnumber"): q for q in root.findall("question")}
    choice = [q for q in questions if q.kind in (Kind.SINGLE, Kind.MULTIPLE)]
    assert {q.kind for q in choice} == {Kind.SINGLE, Kind.MULTIPLE}
    for q in choice:
        element = by_name[str(q.key)]
        assert element.get("type") == "multichoice"
        assert element.findtext("single") == ("true" if q.kind is Kind.SINGLE else "false")
        assert element.findtext("shuffleanswers") == "true"
        answers = element.findall("answer")
        fractions = [float(a.get("fraction")) for a in answers]
        assert all(abs(f) in MOODLE_FRACTIONS for f in fractions)
        right = [f for f, c in zip(fractions, q.choices, strict=True) if c.correct]
        assert sum(right) == pytest.approx(100, abs=1e-3)
        assert all(a.findtext("feedback/text") for a in answers)


def test_pack_text_is_escaped_not_markup(hostile) -> None:
    text = moodle_xml(hostile.title, expand(hostile, 1))
    root = parse(text)
    assert root.find("question/category/text").text == "$course$/Escapes // ‹all› & sundry/Markup"
    html = root.findtext("question[@type='multichoice']/questiontext/text")
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert r"\(a&lt;b\)" in html
    assert html.endswith("right?")  # the control character \u0007 XML cannot hold is gone
    feedback = [a.findtext("feedback/text") for a in root.iter("answer")]
    assert "Because &lt;b&gt;bold&lt;/b&gt; &amp; co." in feedback
    assert "-1 ]]&gt; &lt;![CDATA[ [latex]x[/latex]" in feedback  # no CDATA to break out of
    assert "]]>" not in text.replace("]]&gt;", "")


def test_category_path_doubles_slashes() -> None:
    assert category_path("A/B") == "$course$/A//B"


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=60), st.text(max_size=30))
def test_any_pack_text_comes_back_from_the_xml_as_its_escaped_html(prompt, title) -> None:
    question = Question(
        key=AuthoredKey("p", "q", "1"),
        topic="purpose",
        kind=Kind.SINGLE,
        prompt=prompt,
        choices=(Choice("a", True, prompt or "why"), Choice("b", False, "no")),
    )
    root = parse(moodle_xml(title or "T", [question]))
    assert root.findtext("question/category/text") == category_path(title or "T")
    element = root.find("question[@type='multichoice']")
    assert (element.findtext("questiontext/text") or "") == mathjax(prompt)
    assert element.findtext("answer/feedback/text") == mathjax(prompt or "why")
