"""The question model: frozen dataclasses every other part reads and nothing mutates."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar

from questions.diagram import Diagram

TOPICS: tuple[str, ...] = (
    "purpose",
    "chain-rule",
    "forward-backward",
    "gradient-descent",
    "activations",
    "losses",
    "mlp-backprop",
    "batches",
    "optimizers",
    "vanishing-exploding",
    "gradient-checking",
    "convolution",
    "normalization",
    "regularization",
    "recurrent",
    "attention",
    "autodiff",
)
"""Topic ids in teaching order; the bank, families and statistics share them."""


class Kind(StrEnum):
    """How a question is answered."""

    SINGLE = "single"  # one choice is right
    MULTIPLE = "multiple"  # select every right choice
    NUMERIC = "numeric"  # type a number
    GUIDED = "guided"  # fill in each node's gradient in order
    FORMULA = "formula"  # type an expression, graded by evaluating it (questions.formula)
    MATRIX = "matrix"  # fill in a vector or matrix, cell by cell


class _Key:
    """What a question key does: its text names one question, its skill is what is scheduled.

    A key class gives both as templates of its fields (`text=`, `skill=` in its class line)."""

    _text: ClassVar[str]
    _skill: ClassVar[str]

    def __init_subclass__(cls, *, text: str, skill: str) -> None:
        super().__init_subclass__()
        cls._text, cls._skill = text, skill

    @property
    def skill(self) -> str:
        """What is scheduled: a family at a level, never one variant; an authored question
        whatever the version of its pack, so progress survives an update."""
        return self._skill.format_map(vars(self))

    def __str__(self) -> str:
        return self._text.format_map(vars(self))


@dataclass(frozen=True, order=True)
class FamilyKey(_Key, text="{family}/L{level}/{seed}", skill="{family}/L{level}"):
    """A generated question: the same (family, level, seed) regenerates it exactly."""

    family: str  # a registry id
    level: int
    seed: int  # any natural number: the question's numbers are drawn from it


@dataclass(frozen=True, order=True)
class AuthoredKey(_Key, text="pack:{pack}/{question}@{version}", skill="pack:{pack}/{question}"):
    """An authored question from the bank or an instructor's pack."""

    pack: str  # the pack's id ("bank" for the bank)
    question: str
    version: str  # the pack's version


QuestionKey = FamilyKey | AuthoredKey

_FAMILY_KEY = re.compile(r"^(?P<family>[a-z0-9_-]+)/L(?P<level>\d+)/(?P<seed>\d+)$")
_AUTHORED_KEY = re.compile(r"^pack:(?P<pack>[^/@]+)/(?P<question>[^@]+)@(?P<version>.+)$")


def parse_key(text: str) -> QuestionKey:
    """Read back a key written by `str(key)`; raise ValueError naming the text otherwise."""
    if m := _FAMILY_KEY.match(text):
        return FamilyKey(m["family"], int(m["level"]), int(m["seed"]))
    if m := _AUTHORED_KEY.match(text):
        return AuthoredKey(m["pack"], m["question"], m["version"])
    raise ValueError(
        f"not a question key: {text!r} (expected FAMILY/L<level>/<seed> "
        "or pack:PACK/QUESTION@VERSION)"
    )


@dataclass(frozen=True)
class Choice:
    """One option of a choice question, with why it is right or wrong."""

    text: str
    correct: bool
    explanation: str = ""
    mistake: str | None = None  # id of the mistake model this distractor embodies


@dataclass(frozen=True)
class NumericAnswer:
    """The verified value and how a response is compared with it."""

    value: float
    sigfigs: int = 3
    zero_band: float = 1e-3  # absolute band used only when value is exactly zero
    unit: str = ""


@dataclass(frozen=True)
class FormulaVariable:
    """A name a formula may use and the range its check points are drawn from."""

    name: str
    low: float
    high: float


@dataclass(frozen=True)
class FormulaAnswer:
    """The reference formula (the script language's syntax) and the names it may use."""

    expression: str  # e.g. "s * (1 - s)"
    variables: tuple[FormulaVariable, ...]
    math: str = ""  # the reference as mathtext, for the solution, e.g. r"$s\,(1 - s)$"

    @property
    def names(self) -> tuple[str, ...]:
        """The names a response may use."""
        return tuple(v.name for v in self.variables)


@dataclass(frozen=True)
class MistakeFormula:
    """The formula a learner who made this mistake would type (diagnosed by value)."""

    mistake: str  # id in questions.mistakes.MISTAKES
    expression: str


@dataclass(frozen=True, init=False)
class MistakeValue:
    """What a learner who made this mistake would answer (used to diagnose and to distract)."""

    mistake: str  # id in questions.mistakes.MISTAKES
    value: float
    step: str = ""  # id of the solution step where the mistake enters (questions.diagnosis)

    def __init__(self, mistake: str, value: float, step: str = "") -> None:
        # Filled in one update as Step is: a numeric question makes one per mistake, twice.
        self.__dict__.update(mistake=mistake, value=value, step=step)


@dataclass(frozen=True)
class MatrixAnswer:
    """A verified vector or matrix: rows of cells, each compared by the sig-fig rule.

    A vector is one row (1 x n) or one column (n x 1), as the question states its shape.
    """

    rows: tuple[tuple[float, ...], ...]
    sigfigs: int = 3
    zero_band: float = 1e-3  # absolute band for a cell whose value is exactly zero

    def __post_init__(self) -> None:
        widths = {len(row) for row in self.rows}
        if not self.rows or len(widths) != 1 or 0 in widths:
            raise ValueError("a matrix answer needs at least one row, every row as long")

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, columns)."""
        return len(self.rows), len(self.rows[0])


@dataclass(frozen=True)
class MatrixMistake:
    """The whole matrix a learner who made this mistake would give (diagnosis compares all)."""

    mistake: str  # id in questions.mistakes.MISTAKES
    rows: tuple[tuple[float, ...], ...]

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, columns); it may differ from the answer's (a transposed gradient)."""
        return len(self.rows), len(self.rows[0]) if self.rows else 0


@dataclass(frozen=True, init=False)
class Step:
    """One step of a worked solution: what is computed, the formula, the numbers, the result."""

    title: str
    formula: str = ""  # mathtext, e.g. r"$\delta_o = (o - t)\,o(1-o)$"
    substituted: str = ""  # the formula with numbers in
    result: str = ""  # the value as shown, e.g. "0.0822"
    id: str = ""  # kind and subject, e.g. "slope:o1": what a diagnosis names (questions.diagnosis)

    def __init__(
        self, title: str, formula: str = "", substituted: str = "", result: str = "", id: str = ""
    ) -> None:
        # A question's solution makes a dozen steps: its fields are filled in one update, in
        # a third of the time the frozen dataclass's own __init__ (a setattr each) takes.
        self.__dict__.update(
            title=title, formula=formula, substituted=substituted, result=result, id=id
        )


@dataclass(frozen=True)
class GuidedStep:
    """One blank of a guided question: a node's gradient, entered in reverse topological order."""

    node: str
    prompt: str
    value: float
    sigfigs: int = 3


@dataclass(frozen=True)
class Question:
    """A question as a learner sees it, with everything needed to grade and explain it."""

    key: QuestionKey
    topic: str
    kind: Kind
    prompt: str  # text with inline mathtext ($...$)
    title: str = ""
    choices: tuple[Choice, ...] = ()
    answer: NumericAnswer | None = None
    mistakes: tuple[MistakeValue, ...] = ()  # numeric: values a known mistake gives
    hints: tuple[str, ...] = ()
    solution: tuple[Step, ...] = ()
    diagram: Diagram | None = None
    guided: tuple[GuidedStep, ...] = ()
    tags: tuple[str, ...] = field(default=())
    formula: FormulaAnswer | None = None
    formula_mistakes: tuple[MistakeFormula, ...] = ()
    matrix: MatrixAnswer | None = None  # the answer of a MATRIX question
    matrix_mistakes: tuple[MatrixMistake, ...] = ()  # matrix: what a known mistake gives
    scoring: str = "all-or-nothing"  # multiple choice: or "partial" (questions.grading)

    @property
    def correct_indices(self) -> tuple[int, ...]:
        """Indices of the right choices (empty for numeric and guided questions)."""
        return tuple(i for i, c in enumerate(self.choices) if c.correct)


@dataclass(frozen=True)
class StudyCard:
    """A study-guide card: definition, key facts, review questions with model answers."""

    topic: str
    title: str
    definition: str
    facts: tuple[str, ...]
    review: tuple[tuple[str, str], ...]  # (question, model answer)
