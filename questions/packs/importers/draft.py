"""What every importer makes: Drafts (questions read from a file, each at its line and
column) and notes on what could not be carried, plus the text conversions they share.

Imported text is data. HTML is reduced to plain text (tags dropped, entities decoded,
paragraphs and line breaks kept as new lines); MathJax math `\\( ... \\)`, `\\[ ... \\]`
and `$$ ... $$` becomes the pack's `$ ... $`, and any other `$` is written `\\$`.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field

from questions.mistakes import MISTAKES
from questions.model import AuthoredKey, Choice, MistakeValue, parse_key
from questions.numbers import tolerance
from questions.packs.checker import Problem

RIGHT = "This is the right answer."
WRONG = "This is not the right answer."
"""A choice's explanation when the file gives none (a pack needs one on every choice)."""
MAX_STEPS = 20  # solution steps kept from a general feedback

_BREAK = re.compile(r"<\s*(br|/?p|/div|/li|/h\d|/tr)\b[^>]*>", re.I)
_ITEM = re.compile(r"<\s*li\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"[ \t\r\n\f\v]+")
_MATH = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]|\$\$(.+?)\$\$", re.S)
_SPECIAL = re.compile(r"[<&$\\]")
_FIGURES = re.compile(r"\s*Give the answer to (\d+) significant figures?\.\s*$")
_ID_UNSAFE = re.compile(r"[^a-z0-9_.-]+")
_DIGITS = re.compile(r"[1-9](?:[0-9]*)")


@dataclass
class Draft:
    """One question read from a file, ready to be written as a [[question]] table."""

    line: int
    col: int
    name: str
    prompt: str
    key: str = ""
    """The app's key when the file has one (an ID number): it names the pack question."""
    choices: list[Choice] = field(default_factory=list)
    multiple: bool = False
    value: float | None = None
    sigfigs: int = 3
    mistakes: list[MistakeValue] = field(default_factory=list)
    solution: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    matrix: list[list[float]] | None = None
    """A matrix question's answer (rows), with its mistakes' whole matrices below."""
    matrix_mistakes: list[tuple[str, list[list[float]]]] = field(default_factory=list)

    def add_choice(self, text: str, correct: bool, explanation: str) -> None:
        """A choice with its explanation, or the stock one when the file gives none."""
        self.choices.append(choice(text, correct, explanation))

    def set_value(self, value: float, band: float, written: str) -> None:
        """The right value, its figures from the file's tolerance or the way it is written,
        or from the sentence the app's exports add to the prompt."""
        self.value, self.sigfigs = value, sigfigs_for(value, band, written)
        figures_asked(self)

    def set_solution(self, markup: str) -> None:
        """The worked solution from a general feedback: its list items, at most MAX_STEPS."""
        self.solution = html_items(markup)[:MAX_STEPS]


@dataclass
class Imported:
    """A file's questions and everything about it the pack cannot hold, each at its place."""

    source: str
    drafts: list[Draft] = field(default_factory=list)
    left_out: list[Problem] = field(default_factory=list)
    """Questions not carried, with why (an essay, a matching question, a broken one)."""
    notes: list[Problem] = field(default_factory=list)
    """Parts of carried questions the pack cannot hold (partial credit, units, feedback)."""
    title: str = ""

    def leave_out(self, line: int, col: int, name: str, why: str) -> None:
        """Record a question that cannot be carried."""
        self.left_out.append(Problem(line, col, f"left out {name}: {why}"))

    def note(self, draft: Draft, what: str) -> None:
        """Record a part of a carried question that was dropped or changed."""
        self.notes.append(Problem(draft.line, draft.col, f"{draft.name}: {what}"))

    def take_title(self, category: str) -> None:
        """The pack's title from the first category path the file names."""
        self.title = self.title or category_title(category)

    def other_answer(
        self,
        draft: Draft,
        written: str,
        value: float | str,
        fraction: float,
        feedback: str,
        why: str,
    ) -> None:
        """A numeric answer besides the right one: a 0% answer whose feedback names one of the
        app's mistakes is that mistake (its value read then); any other is dropped, with a
        note saying `why`."""
        mistake = mistake_of(feedback)
        if fraction == 0 and mistake is not None:
            draft.mistakes.append(MistakeValue(mistake, float(value)))
        else:
            self.note(draft, f"answer {written!r} ({fraction:g}%) was dropped{why}")


def plain_text(markup: str, is_html: bool = True) -> str:
    """Pack text from HTML (or plain text): tags dropped, math as $...$, stray $ as \\$."""
    if is_html and not _SPECIAL.search(markup):
        return " ".join(markup.split())  # no tags, entities or math: only spaces to tidy
    if is_html:
        markup = _SPACE.sub(" ", markup)
        markup = _ITEM.sub("\n- ", _BREAK.sub("\n", markup))
        markup = html.unescape(_TAG.sub("", markup))
    parts, last = [], 0
    for match in _MATH.finditer(markup):
        parts.append(markup[last : match.start()].replace("$", r"\$"))
        inner = next(g for g in match.groups() if g is not None)
        parts.append("$" + inner.strip().replace("$", "") + "$")
        last = match.end()
    parts.append(markup[last:].replace("$", r"\$"))
    lines = [" ".join(line.split()) for line in "".join(parts).replace("\xa0", " ").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def figures_asked(draft: Draft) -> None:
    """Take the sentence the app's exports add to a numeric prompt ("Give the answer to 3
    significant figures.") back out, as the draft's figures."""
    match = _FIGURES.search(draft.prompt)
    if match:
        draft.prompt = draft.prompt[: match.start()].rstrip()
        draft.sigfigs = min(max(int(match[1]), 1), 10)


def html_items(markup: str) -> list[str]:
    """The <li> entries of an HTML list as plain texts (the whole text when there is none)."""
    if not _ITEM.search(markup):
        text = plain_text(markup)
        return [text] if text else []
    pieces = _ITEM.split(markup)[1:]
    return [t for t in (plain_text(p) for p in pieces) if t]


def question_id(name: str, taken: set[str]) -> str:
    """A pack question id from a name (an exported key keeps its question id), unique."""
    try:
        key = parse_key(name)
        base = key.question if isinstance(key, AuthoredKey) else str(key)
    except ValueError:
        base = name
    base = _ID_UNSAFE.sub("-", base.lower()).strip("-._")[:60] or "question"
    qid, n = base, 1
    while qid in taken:
        n += 1
        qid = f"{base}-{n}"
    taken.add(qid)
    return qid


def sigfigs_for(value: float, band: float, written: str = "") -> int:
    """The significant figures whose grading band is nearest the file's tolerance; with no
    tolerance, the figures the value is written with (3 when that says nothing)."""
    if band > 0 and value != 0:
        return min(range(1, 11), key=lambda n: abs(math.log(tolerance(value, n) / band)))
    digits = _DIGITS.search(written.split("e")[0].split("E")[0].replace(".", ""))
    count = len(digits[0].rstrip("0") if "." not in written else digits[0]) if digits else 0
    return min(max(count, 1), 10) if digits else 3


def mistake_of(feedback: str) -> str | None:
    """The mistake model a feedback names as the app's exports write it ('Mistake: name.')."""
    for mistake in MISTAKES.values():
        if feedback.startswith(f"Mistake: {mistake.name}."):
            return mistake.id
    return None


def category_title(path: str) -> str:
    """The pack's title in a category path: its first level below `$course$` (and `top`);
    `//` is Moodle's escape for a '/' inside a name."""
    levels = [p.replace("\0", "/").strip() for p in path.replace("//", "\0").split("/")]
    levels = [p for p in levels if p and p not in ("$course$", "$system$", "$module$", "top")]
    return levels[0] if levels else ""


def choice(text: str, correct: bool, explanation: str) -> Choice:
    """A choice with its explanation, or the stock one when the file gives none."""
    return Choice(text, correct, explanation or (RIGHT if correct else WRONG))
