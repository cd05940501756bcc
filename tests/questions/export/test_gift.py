"""GIFT checked by a small grammar for the subset written, then matched to the answers."""

from __future__ import annotations

import html
import re

import moodle_gift
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from questions.export.common import band, flatten, grade_fractions, mathjax
from questions.export.gift import escape, gift
from questions.export.registry import ExportJob, exporter
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
    """Check every line against the grammar; return the first category and the questions
    read, each with its category, name and the ID number Moodle reads from its comments."""
    blocks = document.strip("\n").split("\n\n")
    assert blocks[0].startswith("$CATEGORY: $course$/")
    questions = []
    for block in blocks:
        if block.startswith("$CATEGORY: "):
            category = block
            continue
        lines = block.split("\n")
        comments = [line for line in lines if line.startswith("// ")]
        head, *body, end = lines[len(comments) :]
        assert comments and end == "}"
        idnumber = re.search(r"\[id:((?:\\\]|[^\]\x00-\x1f])+)\]", "\n".join(comments))
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
            {
                "category": category,
                "name": unescape(m["name"]),
                "id": idnumber[1].replace("\\]", "]") if idnumber else "",
                "text": m["text"],
                "numeric": bool(m["numeric"]),
                "answers": answers,
            }
        )
    return blocks[0], questions


def test_every_block_follows_the_grammar_and_matches_the_answers(pack, questions) -> None:
    category, read = parse(gift(pack.title, questions))
    assert category == "$CATEGORY: $course$/Backpropagation basics/What it computes"
    flat = flatten(questions)
    assert [r["id"] for r in read] == [str(q.key) for q in flat]  # where Moodle reads it
    mazur = [r for r in read if r["category"].endswith("/Mazur w5")]
    assert [r["name"] for r in mazur] == [f"Mazur w5 · variant {n}" for n in (1, 2, 3)]
    assert all(
        r["text"].endswith("<p>Give the answer to 3 significant figures.</p>") for r in mazur
    )
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
    shown = [html.unescape(escape_free(mathjax(c.text))) for c in question.choices]
    assert [html.unescape(t) for t in texts] == shown  # a leading % or [ is an entity


def escape_free(text: str) -> str:
    """What GIFT gives back for a text: line breaks become spaces (nothing else changes)."""
    return text.replace("\r", " ").replace("\n", " ")


LEADS = [
    "%100%",
    " %50%",
    "%-25%",
    "%5.5%",
    "[markdown]",
    "[html]",
    "[plain]",
    "[moodle]",
    "\t[html]",
]


def choice_question(kind: Kind, texts: list[str], correct: list[bool]) -> Question:
    return Question(
        key=AuthoredKey("p", "q", "1"),
        topic="purpose",
        kind=kind,
        prompt="Which?",
        choices=tuple(
            Choice(text, ok, f"{text} is {'right' if ok else 'wrong'}")
            for text, ok in zip(texts, correct, strict=True)
        ),
    )


def read_by_moodle(question: Question) -> list[moodle_gift.Answer]:
    (block,) = gift("T", [question]).strip("\n").split("\n\n")[1:]
    return moodle_gift.multichoice(block)


@pytest.mark.parametrize("lead", LEADS)
def test_moodle_reads_no_weight_and_no_format_from_a_choice_or_its_feedback(lead) -> None:
    texts = ["right", f"{lead}wrong", f"{lead} also wrong"]
    question = choice_question(Kind.SINGLE, texts, [True, False, False])
    single = read_by_moodle(question)
    assert [a.weight for a in single] == [1.0, 0.0, 0.0]  # a "%100%" choice once scored full
    assert {a.format for a in single} == {a.feedback_format for a in single} == {"html"}
    assert [html.unescape(a.text) for a in single] == [t.strip() for t in texts]
    feedback = [html.unescape(a.feedback) for a in single]
    assert feedback == [c.explanation.strip() for c in question.choices]
    multiple = read_by_moodle(choice_question(Kind.MULTIPLE, texts, [True, True, False]))
    assert [a.weight for a in multiple] == [0.5, 0.5, -0.5]
    assert [html.unescape(a.text) for a in multiple] == [t.strip() for t in texts]


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(LEADS), st.text(max_size=20), st.lists(st.booleans(), min_size=2, max_size=4)
)
def test_moodle_reads_every_choice_with_the_weight_written(lead, tail, correct) -> None:
    correct[0] = True
    texts = [f"{lead}{tail}{n}" for n in range(len(correct))]
    kind = Kind.MULTIPLE if sum(correct) > 1 else Kind.SINGLE
    read = read_by_moodle(choice_question(kind, texts, correct))
    expected = grade_fractions(choice_question(kind, texts, correct))
    assert [a.weight for a in read] == pytest.approx([w / 100 for w in expected], abs=1e-4)
    assert {a.format for a in read} == {"html"}


def test_the_summary_names_the_hints_gift_drops(pack, tmp_path) -> None:
    written = exporter("gift").write(ExportJob(pack, tmp_path / "p.gift", 2), lambda *_: None)
    (note,) = written.notes
    assert note.startswith("GIFT cannot hold hints: 16 dropped, from Mazur w5, Mazur w5 update, ")
    assert note in written.sentence()
    assert not exporter("moodle").write(ExportJob(pack, tmp_path / "p.xml", 2), print).notes
    deck = exporter("anki").write(ExportJob(pack, tmp_path / "p.apkg", 2), lambda *_: None)
    assert deck.notes[0].startswith("An Anki deck cannot hold hints: 16 dropped")
