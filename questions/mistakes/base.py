"""The shape of a mistake model: a named, plausible wrong way to do a backprop computation."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mistake:
    """A named mistake: what the learner did, in plain words, and the step it happens in."""

    id: str
    name: str
    explanation: str  # second person, shown after a matching wrong answer
    step: str  # the step of the worked solution where it goes wrong
