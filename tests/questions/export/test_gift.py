"""GIFT checked by a small grammar for the subset written, then matched to the answers."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from questions.export.common import band, flatten, mathjax
from questions.export.gift import escape, gift
from questions.mistakes import MISTAKES
from questions.model import AuthoredKey, Choice, Kind, Question
from questions.packs import expand

ESCAPED = r"(?:\\[\\~=#{}:]|[^\\~=#{}:\n])*"  # text: specials only after a backslash
NUMBER = r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?"
HEAD = re.compile(rf"^::(?P<name>{ESCAPED})::\[html\](?P<text>{ESCAPED}) \{{(?P<numeric>#?)$")
NUMERIC = re.compile(rf"^\t=(?:%0%)?(?P<value>{NUMBER}):(?P<tol>{NUMBER})#(?P<fb>{ESCAPED})$")
CHOICE = re.compile(rf"^\t(?P<mark>~%-?[\d.]+%|=|~)(?P<text>{ESCAPED})#(?P<fb>{ESCAPED})$")
GENERAL = re.compile(rf"^\t####{ESCAPED}$")


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def parse(document: str) -> tuple[str, list[dict]]:
    """Check every line against the grammar; return the category and the questions read."""
    category, *blocks = document.strip("\n").split("\n\n")
    assert category.startswith("$CATEGORY: $course$/")
    questions = []
    for block in blocks:
        comment, head, *body, end = block.split("\n")
        assert comment.startswith("// ") and end == "}"
        m = HEAD.match(head)
        assert m, head
        line = NUMERIC if m["numeric"] else CHOICE
        answers = []
        for entry in body:
            if GENERAL.match(entry):
                continue
            a = line.match(entry)
            assert a, entry
            answers.append(a.groupdict() | {"raw": entry})
        questions.append(
            {"name": unescape(m["name"]), "numeric": bool(m["numeric"]), "answers": answers}
        )
    return category, questions


def test_every_block_follows_the_grammar_and_matches_the_answers(pack, questions) -> None:
    category, read = parse(gift(pack.title, questions))
    assert category == "$CATEGORY: $course$/Backpropagation basics"
    flat = flatten(questions)
    assert [r["name"] for r in read] == [str(q.key) for q in flat]
    for q, r in zip(flat, read, strict=True):
        if q.kind is Kind.NUMERIC:
            right, *wrong = r["answers"]
            assert float(right["value"]) == pytest.approx(q.answer.value, rel=1e-11)
            assert float(right["tol"]) == pytest.approx(band(q.answer), rel=1e-11)
            assert [float(w["value"]) for w in wrong] == pytest.approx(
                [m.value for m in q.mistakes]
            )
            for w, m in zip(wrong, q.mistakes, strict=True):
                assert w["raw"].startswith("\t=%0%")
                assert MISTAKES[m.mistake].name in unescape(w["fb"])
        else:
            marks = [a["mark"] for a in r["answers"]]
            if q.kind is Kind.SINGLE:
                assert marks == ["=" if c.correct else "~" for c in q.choices]
            else:
                weights = [float(mark[2:-1]) for mark in marks]
                assert sum(w for w in weights if w > 0) == pytest.approx(100, abs=1e-3)
            assert [unescape(a["fb"]) for a in r["answers"]] != [""] * len(marks)


def test_specials_in_pack_text_are_backslashed(hostile) -> None:
    document = gift(hostile.title, expand(hostile, 1))
    _, (question,) = parse(document)
    texts = [unescape(a["text"]) for a in question["answers"]]
    assert texts == ["Yes: {=~#}", "No &lt;i&gt;way&lt;/i&gt;", "=SUM(A1) ]]&gt; [sound:x.mp3]"]
    feedback = [unescape(a["fb"]) for a in question["answers"]]
    assert feedback[2] == "-1 ]]&gt; &lt;![CDATA[ [latex]x[/latex]"
    assert r"&lt;script&gt;" in document
    assert escape("a\\b") == "a\\\\b"


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=60), st.text(max_size=30), st.text(max_size=30))
def test_any_pack_text_stays_inside_its_gift_field(prompt, right, wrong) -> None:
    question = Question(
        key=AuthoredKey("p", "q", "1"),
        topic="purpose",
        kind=Kind.SINGLE,
        prompt=prompt,
        choices=(Choice(right or "r", True, wrong or "w"), Choice("other", False, right or "x")),
    )
    _, (read,) = parse(gift("Title", [question]))
    assert [a["mark"] for a in read["answers"]] == ["=", "~"]
    texts = [unescape(a["text"]) for a in read["answers"]]
    assert texts == [escape_free(mathjax(c.text)) for c in question.choices]


def escape_free(text: str) -> str:
    """What GIFT gives back for a text: line breaks become spaces (nothing else changes)."""
    return text.replace("\r", " ").replace("\n", " ")
