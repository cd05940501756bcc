"""Find bank questions, families, study cards and workbench examples by words in their text.

Every query word must match the start of a word in the entry (so "sigm deriv" finds "the
sigmoid's derivative"); entries whose title matches come first, then teaching order. TeX
commands count as their names ("\\sigma" is the word "sigma"). No Qt: the index is built
and searched the same way in a test, the CLI or the app.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from questions import registry
from questions.bank import load_bank
from questions.model import Question, StudyCard

QUESTION, FAMILY, CARD, EXAMPLE = "question", "family", "card", "example"
KIND_TITLES = {
    QUESTION: "Question",
    FAMILY: "Question family",
    CARD: "Study card",
    EXAMPLE: "Workbench example",
}
MAX_QUERY_WORDS = 12
_WORD = re.compile(r"[^\W_]+")
_TEX_COMMAND = re.compile(r"\\([A-Za-z]+)")


def words(text: str) -> list[str]:
    """The lower-case words of a text, TeX commands read as their names."""
    return _WORD.findall(_TEX_COMMAND.sub(r" \1 ", text).casefold())


@dataclass(frozen=True)
class Entry:
    """Something to find: its kind, a reference to open it by, a title and its whole text."""

    kind: str
    ref: str  # a bank question's id, a family id, a topic id, or an example's id
    title: str
    text: str
    detail: str = ""  # a short second line: the topic, the family's description…
    _title_words: frozenset[str] = field(default=frozenset(), repr=False, compare=False)
    _words: frozenset[str] = field(default=frozenset(), repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_title_words", frozenset(words(self.title)))
        body = f"{self.title} {self.detail} {self.text}"
        object.__setattr__(self, "_words", frozenset(words(body)))

    def matches(self, query: Sequence[str]) -> bool:
        """True when every query word starts some word of the entry."""
        return all(any(w.startswith(q) for w in self._words) for q in query)

    def title_score(self, query: Sequence[str]) -> int:
        """How many query words start a word of the title."""
        return sum(any(w.startswith(q) for w in self._title_words) for q in query)


@dataclass(frozen=True)
class Example:
    """A workbench example to index: an id, a title and its script or network text."""

    id: str
    title: str
    text: str


class SearchIndex:
    """The entries, in teaching order; `search(query)` returns the best hits first."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = tuple(entries)

    def search(self, query: str, limit: int = 30) -> list[Entry]:
        """Entries matching every word of the query (title hits first); [] for no words."""
        wanted = list(dict.fromkeys(words(query)))[:MAX_QUERY_WORDS]
        if not wanted:
            return []
        found = [(i, e) for i, e in enumerate(self.entries) if e.matches(wanted)]
        found.sort(key=lambda pair: (-pair[1].title_score(wanted), pair[0]))
        return [entry for _i, entry in found[:limit]]

    def question(self, entry: Entry, seed: int | None = None) -> Question:
        """The question to show for a question or family hit (a family's level-1 variant)."""
        if entry.kind == QUESTION:
            for question in load_bank().questions:
                if question.key.skill == entry.ref:
                    return question
            raise KeyError(f"the bank has no question {entry.ref!r}")
        if entry.kind == FAMILY:
            family = registry.family(entry.ref)
            level = min(family.info.levels)
            return family.question(level, secrets.randbelow(2**31) if seed is None else seed)
        raise ValueError(f"a {KIND_TITLES.get(entry.kind, entry.kind)} is not a question")


def _question_entry(question: Question) -> Entry:
    parts = [question.prompt, *question.hints, *(c.text for c in question.choices)]
    title = question.title or " ".join(question.prompt.split())
    return Entry(QUESTION, question.key.skill, title, " ".join(parts), _topic(question.topic))


def _card_entry(card: StudyCard) -> Entry:
    parts = [card.definition, *card.facts, *(f"{q} {a}" for q, a in card.review)]
    return Entry(CARD, card.topic, card.title, " ".join(parts), _first_line(card.definition))


def _family_entries() -> list[Entry]:
    entries = []
    for info in registry.families():
        sample = registry.family(info.id).question(min(info.levels), 0)
        text = f"{info.id} {info.description} {sample.prompt}"
        detail = info.description or _topic(info.topic)
        entries.append(Entry(FAMILY, info.id, info.title, text, detail))
    return entries


def _topic(topic: str) -> str:
    """The topic as its study card names it."""
    for card in load_bank().cards:
        if card.topic == topic:
            return card.title
    return topic.replace("-", " ").capitalize()


def _first_line(text: str) -> str:
    """The first sentence of a text, on one line."""
    line = " ".join(text.split())
    return line.split(". ")[0]


def build_index(examples: Iterable[Example] = ()) -> SearchIndex:
    """An index of the bank's cards and questions, every family, and these examples."""
    bank = load_bank()
    entries = [_card_entry(card) for card in bank.cards]
    entries += [_question_entry(q) for q in bank.questions]
    entries += _family_entries()
    entries += [Entry(EXAMPLE, e.id, e.title, e.text, "Workbench") for e in examples]
    return SearchIndex(entries)
