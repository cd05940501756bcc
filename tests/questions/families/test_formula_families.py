"""Formula families are TOML files: each [[case]] is checked against central differences."""

from __future__ import annotations

import pytest

from questions.families.formula_families import FAMILIES, FormulaFamily
from questions.model import Kind

FAMILY = """
[family]
id = "power-formula"
title = "A power's derivative"
description = "Type the derivative of a power of x."
topic = "chain-rule"
coefficients = { 1 = [2, 3] }

[[case]]
level = 1
prompt = 'Type the derivative of $x^@a$.'
function = 'x^@a'
reference = '@a * x^(@a - 1)'
math = '$@a x^{@a - 1}$'
variables = { x = [0.5, 2.0] }
x_range = [0.5, 2.0]
hint = 'Bring the power down.'
mistake.function-not-derivative = 'x^@a'
steps = [['Power rule', '$n x^{n - 1}$']]
"""


def test_a_formula_family_is_one_file_with_its_cases() -> None:
    family = FormulaFamily("power.toml", FAMILY)
    question = family.question(1, 4)
    assert family.info.kind is Kind.FORMULA and family.info.stage == 1
    assert question.formula is not None
    assert question.formula.expression in ("2 * x^(2 - 1)", "3 * x^(3 - 1)")
    assert question.formula_mistakes[0].mistake == "function-not-derivative"
    assert question.solution[0].title == "Power rule"


def test_the_shipped_formula_families_are_the_three_of_the_catalogue() -> None:
    ids = {family.info.id for family in FAMILIES}
    assert ids == {"activation-derivative-formula", "chain-rule-formula", "loss-gradient-formula"}


def test_a_misspelt_key_is_named_with_its_file() -> None:
    with pytest.raises(ValueError, match=r"power.toml: case 1: unknown key 'hints'"):
        FormulaFamily("power.toml", FAMILY.replace("hint =", "hints ="))


def test_a_wrong_reference_is_a_generation_error() -> None:
    wrong = FormulaFamily("power.toml", FAMILY.replace("'@a * x^(@a - 1)'", "'x^(@a - 1)'"))
    with pytest.raises(RuntimeError, match="disagrees with central differences"):
        wrong.question(1, 0)
