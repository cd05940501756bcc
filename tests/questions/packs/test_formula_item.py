"""Formula questions in a pack: read, checked at FILE:LINE:COL, expanded and graded."""

from __future__ import annotations

import pytest

from questions.grading import grade
from questions.model import AuthoredKey, Kind
from questions.packs import PackError, read_pack
from questions.packs.expand import authored_question
from questions.packs.formula_item import FormulaItem

FORMULA = """\
[pack]
id = "slopes"
title = "Slopes as formulas"
author = "Tester"
version = "1"

[[question]]
id = "sigmoid-slope"
type = "formula"
topic = "activations"
prompt = "With $s = \\\\sigma(x)$, type $\\\\sigma'(x)$ in terms of s."
formula = "s * (1 - s)"
variables = { s = [0.05, 0.95] }

[[question.mistake]]
mistake = "other-activation-rule"
formula = "1 - s^2"
"""


def test_a_formula_question_reads_and_grades_with_its_mistakes() -> None:
    pack = read_pack(FORMULA, "slopes.toml")
    (item,) = pack.items
    assert isinstance(item, FormulaItem) and item.value.names == ("s",)
    question = authored_question(pack, item)
    assert question.kind is Kind.FORMULA
    assert question.key == AuthoredKey("slopes", "sigmoid-slope", "1")
    assert question.formula is not None and question.formula.math == r"$s \cdot \left(1 - s\right)$"
    assert grade(question, "s - s^2").correct
    assert grade(question, "1 - s*s").mistake == "other-activation-rule"


@pytest.mark.parametrize(
    ("old", "new", "where", "said"),
    [
        ('formula = "s * (1 - s)"', 'formula = "x * (1 - x)"', "12:11", "'x' is not a name"),
        ('formula = "s * (1 - s)"', 'formula = "s * (1 - s"', "12:11", "unclosed '('"),
        ("variables = { s = [0.05, 0.95] }", "variables = { s = [1, 0] }", "13:19", "low < high"),
        ('formula = "1 - s^2"', 'formula = "s - s*s"', "17:11", "equals the right one"),
    ],
)
def test_a_bad_formula_is_reported_where_it_is(old: str, new: str, where: str, said: str) -> None:
    with pytest.raises(PackError) as raised:
        read_pack(FORMULA.replace(old, new), "slopes.toml")
    assert f"slopes.toml:{where}: " in str(raised.value) and said in str(raised.value)
