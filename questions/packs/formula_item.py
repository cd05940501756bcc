"""Formula questions in a pack: `type = "formula"` with a reference formula and its names.

```toml
[[question]]
id = "sigmoid-slope"
type = "formula"
prompt = "With $s = \\sigma(x)$, type $\\sigma'(x)$ in terms of s."
formula = "s * (1 - s)"
variables = { s = [0.05, 0.95] }
[[question.mistake]]
mistake = "other-activation-rule"
formula = "1 - s^2"
```

The formula is read by the engine's parser (never evaluated by Python) and may use only the
names in `variables`, each with the range its check points are drawn from. A mistake formula
that agrees with the reference at every check point is refused, since it would be accepted.
"""

from __future__ import annotations

import re

from engine.toml_text import show
from questions.formula import (
    FormulaError,
    agree,
    check_points,
    read_formula,
    to_mathtext,
    values_at,
)
from questions.model import (
    AuthoredKey,
    FormulaAnswer,
    FormulaVariable,
    Kind,
    MistakeFormula,
    Question,
)
from questions.packs.authored import AnsweredItem, read_mistakes
from questions.packs.checker import Checker, is_number
from questions.packs.positions import Path

FORMULA_KEYS = (
    "id",
    "type",
    "prompt",
    "topic",
    "hints",
    "formula",
    "variables",
    "math",
    "mistake",
    "solution",
)
MAX_VARIABLES = 6
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class FormulaItem(AnsweredItem[FormulaAnswer, MistakeFormula]):
    """A typed formula, graded by its values at points drawn from each name's range."""

    def question(self, key: AuthoredKey, title: str, tags: tuple[str, ...]) -> Question:
        return self.as_question(
            key, title, tags, Kind.FORMULA, formula=self.value, formula_mistakes=self.mistakes
        )


def _variables(c: Checker, path: Path, raw: dict, where: str) -> tuple[FormulaVariable, ...]:
    """The names a formula may use, each with a [low, high] range; () after its problems."""
    if not c.present(raw, path, "variables", where):
        return ()
    table, at = raw["variables"], (*path, "variables")
    example = "a table of names and ranges such as { s = [0.05, 0.95] }"
    if not isinstance(table, dict) or not 1 <= len(table) <= MAX_VARIABLES:
        c.at_value(at, f"'variables' must be {example} (1 to {MAX_VARIABLES} names)")
        return ()
    found = []
    for name, span in table.items():
        if not NAME.match(name):
            c.at_key((*at, name), f"{name!r} is not a name a formula can use")
            continue
        ok = isinstance(span, list) and len(span) == 2 and all(map(is_number, span))
        if not ok or not span[0] < span[1]:
            c.at_value((*at, name), f"{name!r} needs a range [low, high] with low < high")
            continue
        found.append(FormulaVariable(name, float(span[0]), float(span[1])))
    return tuple(found) if len(found) == len(table) else ()


def _formula(c: Checker, at: Path, text: object, names: tuple[str, ...]) -> str | None:
    """A formula the names allow, or None after recording why not."""
    if not isinstance(text, str) or not text.strip():
        c.at_value(at, f'a formula is text such as "s * (1 - s)", got {show(text)}')
        return None
    try:
        read_formula(text, names)
    except FormulaError as error:
        c.at_value(at, str(error))
        return None
    return text


def read_formula_item(
    c: Checker, path: Path, raw: dict, qid: str, where: str, topic: str
) -> FormulaItem | None:
    """The item a `type = "formula"` table describes, or None after recording its problems."""
    prompt = c.text(raw, path, "prompt", where)
    variables = _variables(c, path, raw, where)
    names = tuple(v.name for v in variables)
    reference = None
    if c.present(raw, path, "formula", where) and variables:
        reference = _formula(c, (*path, "formula"), raw["formula"], names)
    math = c.text(raw, path, "math", where, required=False)

    def accepted(name: str, wrong: str) -> str | None:
        if reference is None or not _same(reference, wrong, variables, qid):
            return None
        return (
            f"the formula of mistake {name!r} equals the right one at every check point, "
            "so it would be accepted as the answer"
        )

    def read(table: dict, at: Path) -> str | None:
        return _formula(c, (*at, "formula"), table.get("formula"), names) if names else None

    found = read_mistakes(c, path, raw, where, "formula", read, accepted)
    solution = c.texts(raw, path, "solution", 20)
    hints = c.texts(raw, path, "hints", 3)
    if not prompt or reference is None:
        return None
    shown = math or f"${to_mathtext(read_formula(reference, names))}$"
    answer = FormulaAnswer(reference, variables, shown)
    mistakes = tuple(MistakeFormula(name, wrong) for name, wrong in found)
    return FormulaItem(qid, prompt, topic, hints, answer, mistakes, solution)


def _same(reference: str, wrong: str, variables: tuple[FormulaVariable, ...], qid: str) -> bool:
    """True iff the two formulas agree at every check point (the mistake would be right)."""
    names = tuple(v.name for v in variables)
    points = check_points(FormulaAnswer(reference, variables), qid)
    right, other = (values_at(read_formula(text, names), points) for text in (reference, wrong))
    return agree(right, other)
