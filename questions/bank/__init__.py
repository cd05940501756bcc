"""The authored bank: conceptual questions and study-guide cards, one TOML file per topic.

Each file is named by its topic id (``chain-rule.toml``) and holds one ``[card]`` table and
``[[question]]`` tables, each with ``[[question.choice]]`` entries. Everything is validated
when the bank is read, so a slip in the data is reported by file and question id instead of
surfacing later in the GUI.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from questions.model import TOPICS, AuthoredKey, Choice, Kind, Question, StudyCard

BANK_PACK = "bank"
"""Pack id of every bank question's AuthoredKey."""

BANK_VERSION = "2024.1"
"""Bump when questions change meaning; progress is keyed version-free (AuthoredKey.skill)."""

FACTS_PER_CARD = 5
REVIEW_PER_CARD = 3
MAX_HINTS = 2
MIN_CHOICES = 2

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_CATCH_ALL = re.compile(r"\b(all|none|both|neither) of (the above|these|the others)\b", re.I)
_UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")

_TOP_KEYS = frozenset({"card", "question"})
_CARD_KEYS = frozenset({"title", "definition", "facts", "review"})
_REVIEW_KEYS = frozenset({"question", "answer"})
_QUESTION_KEYS = frozenset({"id", "kind", "prompt", "hints", "choice"})
_CHOICE_KEYS = frozenset({"text", "correct", "explanation"})
_KINDS = {"single": Kind.SINGLE, "multiple": Kind.MULTIPLE}


class BankError(ValueError):
    """The bank's data breaks a rule; the message names the file and the question."""


@dataclass(frozen=True)
class Bank:
    """Every bank question and card, in topic order (the order of questions.model.TOPICS)."""

    questions: tuple[Question, ...]
    cards: tuple[StudyCard, ...]


@cache
def load_bank() -> Bank:
    """The installed bank, read and validated once per process."""
    return read_bank(files(__name__))


def questions_for(topic: str) -> tuple[Question, ...]:
    """The installed bank's questions on one topic; KeyError for a topic id not in TOPICS."""
    _check_topic_id(topic)
    return tuple(q for q in load_bank().questions if q.topic == topic)


def card_for(topic: str) -> StudyCard:
    """The installed bank's study card for one topic; KeyError if there is none."""
    _check_topic_id(topic)
    for card in load_bank().cards:
        if card.topic == topic:
            return card
    raise KeyError(f"the bank has no study card for topic {topic!r}")


def read_bank(directory: Traversable) -> Bank:
    """Read and validate every ``*.toml`` in a directory (a Path works too); not cached."""
    entries = sorted(
        (e for e in directory.iterdir() if e.name.endswith(".toml") and e.is_file()),
        key=lambda e: e.name,
    )
    if not entries:
        raise BankError(f"{directory}: no bank files (*.toml) found")
    seen: dict[str, str] = {}
    questions: list[Question] = []
    cards: list[StudyCard] = []
    for entry in entries:
        card, file_questions = _read_file(entry.name, entry.read_text(encoding="utf-8"))
        for q in file_questions:
            qid = q.key.question  # type: ignore[union-attr]
            if qid in seen:
                raise BankError(f"{entry.name}: question {qid!r}: id already used in {seen[qid]}")
            seen[qid] = entry.name
        cards.append(card)
        questions.extend(file_questions)
    order = {t: i for i, t in enumerate(TOPICS)}
    questions.sort(key=lambda q: order[q.topic])  # stable: file order within a topic
    cards.sort(key=lambda c: order[c.topic])
    return Bank(tuple(questions), tuple(cards))


def _check_topic_id(topic: str) -> None:
    if topic not in TOPICS:
        raise KeyError(f"unknown topic {topic!r}; topics are: {', '.join(TOPICS)}")


def _read_file(name: str, text: str) -> tuple[StudyCard, list[Question]]:
    """Parse one topic file; its stem is the topic id."""
    topic = name.removesuffix(".toml")
    if topic not in TOPICS:
        raise BankError(
            f"{name}: unknown topic {topic!r} (the file name must be a topic id: "
            f"{', '.join(TOPICS)})"
        )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BankError(f"{name}: not valid TOML: {exc}") from exc
    _check_keys(data, _TOP_KEYS, name, "the file")
    if "card" not in data:
        raise BankError(f"{name}: missing [card] table")
    card = _read_card(name, topic, _table(data["card"], name, "[card]"))
    raw_questions = data.get("question")
    if not isinstance(raw_questions, list) or not raw_questions:
        raise BankError(f"{name}: needs at least one [[question]] table")
    questions = [
        _read_question(name, topic, i, _table(raw, name, f"question #{i + 1}"))
        for i, raw in enumerate(raw_questions)
    ]
    return card, questions


def _read_card(name: str, topic: str, raw: dict[str, Any]) -> StudyCard:
    where = "[card]"
    _check_keys(raw, _CARD_KEYS, name, where)
    facts = _strings(_require(raw, "facts", name, where), name, f"{where} facts")
    if len(facts) != FACTS_PER_CARD:
        raise BankError(
            f"{name}: {where}: needs exactly {FACTS_PER_CARD} facts, found {len(facts)}"
        )
    review_raw = _require(raw, "review", name, where)
    if not isinstance(review_raw, list) or len(review_raw) != REVIEW_PER_CARD:
        found = len(review_raw) if isinstance(review_raw, list) else type(review_raw).__name__
        raise BankError(
            f"{name}: {where}: needs exactly {REVIEW_PER_CARD} review items, found {found}"
        )
    review = []
    for i, item in enumerate(review_raw):
        item_where = f"{where} review #{i + 1}"
        item = _table(item, name, item_where)
        _check_keys(item, _REVIEW_KEYS, name, item_where)
        review.append(
            (
                _text(item, "question", name, item_where),
                _text(item, "answer", name, item_where),
            )
        )
    return StudyCard(
        topic=topic,
        title=_text(raw, "title", name, where),
        definition=_text(raw, "definition", name, where),
        facts=facts,
        review=tuple(review),
    )


def _read_question(name: str, topic: str, index: int, raw: dict[str, Any]) -> Question:
    qid = raw.get("id")
    if not isinstance(qid, str) or not _ID.match(qid):
        raise BankError(
            f"{name}: question #{index + 1}: needs an 'id' of lowercase letters, digits "
            f"and hyphens, got {qid!r}"
        )
    where = f"question {qid!r}"
    _check_keys(raw, _QUESTION_KEYS, name, where)
    kind_text = _text(raw, "kind", name, where)
    if kind_text not in _KINDS:
        raise BankError(f"{name}: {where}: kind must be 'single' or 'multiple', got {kind_text!r}")
    kind = _KINDS[kind_text]
    prompt = _text(raw, "prompt", name, where)
    hints = _strings(raw.get("hints", []), name, f"{where} hints")
    if len(hints) > MAX_HINTS:
        raise BankError(f"{name}: {where}: at most {MAX_HINTS} hints, found {len(hints)}")
    raw_choices = _require(raw, "choice", name, where)
    if not isinstance(raw_choices, list) or len(raw_choices) < MIN_CHOICES:
        raise BankError(f"{name}: {where}: needs at least {MIN_CHOICES} [[question.choice]]")
    choices = tuple(
        _read_choice(name, f"{where} choice #{i + 1}", _table(c, name, f"{where} choice"))
        for i, c in enumerate(raw_choices)
    )
    texts = [c.text.strip().lower() for c in choices]
    if len(set(texts)) != len(texts):
        raise BankError(f"{name}: {where}: two choices have the same text")
    n_right = sum(c.correct for c in choices)
    if kind is Kind.SINGLE and n_right != 1:
        raise BankError(
            f"{name}: {where}: a single-choice question needs exactly one right choice, "
            f"found {n_right}"
        )
    if kind is Kind.MULTIPLE and n_right < 1:
        raise BankError(f"{name}: {where}: a multiple-select question needs a right choice")
    return Question(
        key=AuthoredKey(pack=BANK_PACK, question=qid, version=BANK_VERSION),
        topic=topic,
        kind=kind,
        prompt=prompt,
        choices=choices,
        hints=hints,
    )


def _read_choice(name: str, where: str, raw: dict[str, Any]) -> Choice:
    _check_keys(raw, _CHOICE_KEYS, name, where)
    text = _text(raw, "text", name, where)
    if _CATCH_ALL.search(text):
        raise BankError(
            f"{name}: {where}: catch-all choices such as 'all of the above' are not allowed "
            f"({text!r}); make each choice stand on its own"
        )
    correct = _require(raw, "correct", name, where)
    if not isinstance(correct, bool):
        raise BankError(f"{name}: {where}: 'correct' must be true or false, got {correct!r}")
    explanation = raw.get("explanation")
    if not isinstance(explanation, str) or not explanation.strip():
        raise BankError(f"{name}: {where}: every choice needs an 'explanation' (why right/wrong)")
    _check_math(explanation, name, f"{where} explanation")
    return Choice(text=text.strip(), correct=correct, explanation=explanation.strip())


def _check_keys(raw: dict[str, Any], allowed: frozenset[str], name: str, where: str) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise BankError(
            f"{name}: {where}: unknown key(s) {', '.join(map(repr, unknown))}; "
            f"allowed: {', '.join(sorted(allowed))}"
        )


def _require(raw: dict[str, Any], key: str, name: str, where: str) -> Any:
    if key not in raw:
        raise BankError(f"{name}: {where}: missing {key!r}")
    return raw[key]


def _table(value: Any, name: str, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BankError(f"{name}: {where}: expected a table, got {type(value).__name__}")
    return value


def _text(raw: dict[str, Any], key: str, name: str, where: str) -> str:
    value = _require(raw, key, name, where)
    if not isinstance(value, str):
        raise BankError(f"{name}: {where}: {key!r} must be a string, got {type(value).__name__}")
    if not value.strip():
        raise BankError(f"{name}: {where}: {key!r} is empty")
    _check_math(value, name, f"{where} {key}")
    return value.strip()


def _strings(value: Any, name: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BankError(f"{name}: {where}: must be a list of strings")
    if any(not v.strip() for v in value):
        raise BankError(f"{name}: {where}: contains an empty string")
    for v in value:
        _check_math(v, name, where)
    return tuple(v.strip() for v in value)


def _check_math(text: str, name: str, where: str) -> None:
    """Unpaired ``$`` would make the GUI render half a sentence as math."""
    if len(_UNESCAPED_DOLLAR.findall(text)) % 2:
        raise BankError(f"{name}: {where}: unbalanced '$' (inline math is written $...$)")


def all_texts(bank: Bank) -> Iterable[tuple[str, str]]:
    """Every authored string with a label saying where it is; for checks over the whole bank."""
    for q in bank.questions:
        label = str(q.key)
        yield label + " prompt", q.prompt
        for i, h in enumerate(q.hints):
            yield f"{label} hint #{i + 1}", h
        for i, c in enumerate(q.choices):
            yield f"{label} choice #{i + 1}", c.text
            yield f"{label} choice #{i + 1} explanation", c.explanation
    for card in bank.cards:
        label = f"card {card.topic}"
        yield label + " title", card.title
        yield label + " definition", card.definition
        for i, f in enumerate(card.facts):
            yield f"{label} fact #{i + 1}", f
        for i, (question, answer) in enumerate(card.review):
            yield f"{label} review #{i + 1} question", question
            yield f"{label} review #{i + 1} answer", answer
