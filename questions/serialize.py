"""Questions as plain JSON-ready dicts, for `generate --json`, exports and previews."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from questions.model import Question, StudyCard


def question_to_dict(question: Question) -> dict[str, Any]:
    """Every field a consumer needs, with the key as text and the answer as value/sigfigs."""
    data: dict[str, Any] = {
        "key": str(question.key),
        "skill": question.key.skill,
        "topic": question.topic,
        "kind": question.kind.value,
        "title": question.title,
        "prompt": question.prompt,
        "choices": [
            {
                "text": c.text,
                "correct": c.correct,
                "mistake": c.mistake,
                "explanation": c.explanation,
            }
            for c in question.choices
        ],
        "answer": None,
        "mistakes": [{"mistake": m.mistake, "value": m.value} for m in question.mistakes],
        "hints": list(question.hints),
        "solution": [asdict(step) for step in question.solution],
    }
    if question.answer is not None:
        data["answer"] = {"value": question.answer.value, "sigfigs": question.answer.sigfigs}
    if question.matrix is not None:
        data["matrix"] = {"rows": question.matrix.rows, "sigfigs": question.matrix.sigfigs}
        data["matrix_mistakes"] = [
            {"mistake": m.mistake, "rows": m.rows} for m in question.matrix_mistakes
        ]
    if question.formula is not None:
        data["formula"] = asdict(question.formula)
        data["formula_mistakes"] = [asdict(m) for m in question.formula_mistakes]
    if question.guided:
        data["guided"] = [asdict(step) for step in question.guided]
    if question.diagram is not None:
        data["diagram"] = asdict(question.diagram)
    return data


def card_to_dict(card: StudyCard) -> dict[str, Any]:
    """A study card with its review questions as question/answer pairs."""
    return {
        "topic": card.topic,
        "title": card.title,
        "definition": card.definition,
        "facts": list(card.facts),
        "review": [{"question": q, "answer": a} for q, a in card.review],
    }
