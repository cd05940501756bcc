"""One exam question as kept while the exam runs, and as saved in the database on each change."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from app.store.exam_drafts import DraftAnswer
from app.store.records import new_uuid
from questions.choices import Order, shown, to_authored, to_shown
from questions.grading import Verdict, grade
from questions.model import Question


def is_blank(response: object) -> bool:
    """True for no answer at all: nothing picked, an empty box, no blank filled."""
    if response is None:
        return True
    if isinstance(response, str):
        return not response.strip()
    if isinstance(response, list | tuple):
        return all(isinstance(r, str) and not r.strip() for r in response)
    return False


@dataclass
class ExamSlot:
    """A question as shown (choices in `order`, drawn from the uuid its attempt will get), the
    response as entered on it, its verdict (None: blank or unreadable), the time it was on
    screen, when it was answered, and its flag."""

    question: Question
    response: object = None
    verdict: Verdict | None = None
    seconds: float = 0.0
    answered_at: datetime | None = None
    flagged: bool = False
    attempt_uuid: str = field(default_factory=new_uuid)
    order: Order = ()

    @classmethod
    def showing(cls, question: Question, attempt_uuid: str | None = None) -> ExamSlot:
        """A slot for the question (as authored), shown in the order its attempt's uuid gives."""
        uuid = attempt_uuid or new_uuid()
        presented, order = shown(question, uuid)
        return cls(presented, attempt_uuid=uuid, order=order)

    @property
    def authored_response(self) -> object:
        """The response with choices as authored indices, as drafts and attempts store it."""
        return to_authored(self.order, self.response)

    def draft(self, position: int) -> DraftAnswer:
        """The slot as saved in the database (the response as JSON, so it reads back exact)."""
        text = None if self.response is None else json.dumps(self.authored_response)
        return DraftAnswer(
            position,
            str(self.question.key),
            self.attempt_uuid,
            text,
            self.flagged,
            self.seconds,
            self.answered_at,
        )

    @classmethod
    def from_draft(cls, question: Question, draft: DraftAnswer) -> ExamSlot:
        """The slot saved as `draft`, shown in the same order and graded again (grading is
        pure, so the verdict is the same); `question` is as authored."""
        slot = cls.showing(question, draft.attempt_uuid)
        slot.seconds, slot.flagged = draft.seconds, draft.flagged
        if draft.response is not None:
            slot.response = to_shown(slot.order, json.loads(draft.response))
            verdict = grade(slot.question, slot.response)
            if verdict.counts_as_attempt:
                slot.verdict, slot.answered_at = verdict, draft.answered_at or None
        return slot
