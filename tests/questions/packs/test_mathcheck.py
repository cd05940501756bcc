"""`pack validate` asks matplotlib.mathtext to typeset every `$...$` and names where it fails."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.mathtext import MathTextParser

from questions.packs import PackError, read_pack
from questions.packs.checker import string_spot
from questions.packs.mathcheck import _DOUBTFUL, _PLAIN, formula_problem, formula_problems

HEAD = '[pack]\nid = "m"\ntitle = "Math"\nauthor = "T"\nversion = "1"\n\n'
BROKEN = (
    HEAD
    + "[[question]]\n"
    + 'id = "q"\n'
    + 'type = "numeric"\n'
    + 'prompt = "What is \\"it\\" in $\\\\foo x$ here?"\n'
    + "value = 1\n"
    + "hints = ['fine $x^2$', 'broken $\\frac{a}$']\n"
    + 'solution = ["""\nLine one $\\\\left( x$"""]\n'
)


def test_each_formula_mathtext_refuses_is_named_at_its_line_and_column() -> None:
    with pytest.raises(PackError) as raised:
        read_pack(BROKEN, "m.toml")
    assert str(raised.value).splitlines() == [
        "m.toml:10:30: 'prompt': the formula $\\foo x$ cannot be typeset: Unknown symbol: \\foo",
        "m.toml:12:38: 'hints' entry 2: the formula $\\frac{a}$ cannot be typeset: "
        "Expected \\frac{num}{den}",
        "m.toml:14:20: 'solution' entry 1: the formula $\\left( x$ cannot be typeset: "
        "Expected '\\\\right'",
    ]


def test_math_the_pdf_draws_passes() -> None:
    fine = ["\\mathbb{R}", "a \\Rightarrow b", "\\pm 0.5", "\\frac{\\partial E}{\\partial w_5}"]
    assert [formula_problem(tex) for tex in fine] == [(0, "")] * len(fine)
    assert formula_problems("costs \\$5, and $\\sigma(x)$ is fine") == []


def test_a_formula_too_long_to_be_inline_is_refused_before_parsing() -> None:
    assert formula_problem("x" * 501)[1] == "is 501 characters long; a formula holds at most 500"


def test_a_spot_inside_a_string_counts_escapes_as_one_character() -> None:
    source = 'k = "a\\u00e9\\\\$b"\n'  # the value is  a é \ $ b
    assert string_spot(source, 1, 5, 3) == (1, 15)  # the '$' after \u00e9 and \\
    assert string_spot("k = '''\nxy'''", 1, 5, 1) == (2, 2)  # first line break trimmed


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "x",
                "w",
                "7",
                " ",
                "+",
                "-",
                "=",
                "(",
                ")",
                "'",
                "|",
                "<",
                "[",
                "]",
                "!",
                ",",
                "\\partial ",
                "\\sigma",
                "\\cdot ",
                "\\Rightarrow ",
                "\\pm ",
                "\\,",
                "\\mathrm{out}",
                "_{h1}",
                "^2",
                "_k",
                "^{-1}",
            ]
        ),
        min_size=1,
        max_size=12,
    )
)
def test_a_formula_passed_without_parsing_is_one_mathtext_typesets(pieces: list[str]) -> None:
    tex = "".join(pieces)
    if not tex.strip() or not _PLAIN.fullmatch(tex) or _DOUBTFUL.search(tex):
        return
    MathTextParser("path").parse(f"${tex}$")  # raises ValueError if it cannot
