"""What the authored questions of a pack share: their fields, their mistakes' tables and
how each becomes a Question.

Every authored item has an id, a prompt, a topic and hints; one with a typed answer (a
number, a matrix, a formula) also has the mistakes that give other answers and a worked
solution, each mistake a [[question.mistake]] table naming a mistake of questions.mistakes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from questions.mistakes import MISTAKES
from questions.model import AuthoredKey, Kind, Question, Step
from questions.packs.checker import Checker
from questions.packs.positions import Path

A = TypeVar("A")
M = TypeVar("M")
W = TypeVar("W")


@dataclass(frozen=True)
class Item:
    """An authored question: its id in the pack, its prompt, its topic and its hints."""

    id: str  # unique in its pack: keys, exports and progress name the question by it
    prompt: str  # pack text, its math between $ signs
    topic: str  # one of questions.model.TOPICS
    hints: tuple[str, ...]  # shown one at a time

    def question(self, key: AuthoredKey, title: str, tags: tuple[str, ...]) -> Question:
        """The item as a Question keyed by (pack id, question id, pack version)."""
        raise TypeError(f"a {type(self).__name__} is not written as one question")

    def as_question(
        self, key: AuthoredKey, title: str, tags: tuple[str, ...], kind: Kind, **answer: Any
    ) -> Question:
        """This item as a Question of `kind`, with what `answer` gives (its answer fields)."""
        return Question(
            key=key,
            topic=self.topic,
            kind=kind,
            prompt=self.prompt,
            title=title,
            hints=self.hints,
            tags=tags,
            **answer,
        )


@dataclass(frozen=True)
class AnsweredItem(Item, Generic[A, M]):
    """An item with a typed answer, the mistakes that give other answers, and a solution."""

    value: A
    mistakes: tuple[M, ...]
    solution: tuple[str, ...]

    def as_question(
        self, key: AuthoredKey, title: str, tags: tuple[str, ...], kind: Kind, **answer: Any
    ) -> Question:
        """This item as a Question of `kind`, its worked solution one step a line."""
        steps = tuple(Step(text) for text in self.solution)
        return super().as_question(key, title, tags, kind, solution=steps, **answer)


@dataclass(frozen=True)
class FiguredItem(AnsweredItem[A, M]):
    """An answer of numbers given to significant figures: a number, a vector or a matrix."""

    sigfigs: int


def read_mistakes(
    c: Checker,
    path: Path,
    raw: dict,
    where: str,
    field: str,
    read: Callable[[dict, Path], W | None],
    accepted: Callable[[str, W], str | None],
) -> list[tuple[str, W]]:
    """Each [[question.mistake]] table's mistake and wrong answer (its `field`, which `read`
    reads, None after its problems); one `accepted` says would pass as right (the reason) is a
    problem at that field and is not kept."""
    found = []
    for mpath, table in c.tables(raw, path, "mistake", "[[question.mistake]] tables"):
        c.keys(table, mpath, ("mistake", field), f"{where} mistake")
        name = c.one_of(table, mpath, "mistake", MISTAKES, None)
        wrong = read(table, mpath)
        if name is None or wrong is None:
            continue
        why = accepted(name, wrong)
        if why is not None:
            c.at_value((*mpath, field), why)
            continue
        found.append((name, wrong))
    return found


def figured_mistakes(
    c: Checker,
    path: Path,
    raw: dict,
    where: str,
    right: tuple[A | None, int | None],
    words: tuple[str, str],
    read: Callable[[dict, Path], A | None],
    same: Callable[[A, A, int], bool],
) -> list[tuple[str, A]]:
    """`read_mistakes` of a number or a matrix: `right` is the answer and its figures,
    `words` what it is and how it is graded; a wrong answer `same` says agrees with it to
    those figures is a problem."""
    value, sigfigs = right
    noun, graded = words

    def accepted(name: str, wrong: A) -> str | None:
        if value is None or not sigfigs or not same(wrong, value, sigfigs):
            return None
        return f"the {noun} of mistake {name!r} would be accepted as the right answer {graded}"

    return read_mistakes(c, path, raw, where, "value", read, accepted)
