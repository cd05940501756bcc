"""The pack writer of `pack import` says exactly what it validated: any text, any number."""

from __future__ import annotations

import math
import tomllib

from hypothesis import given
from hypothesis import strategies as st

from questions.model import Choice, MistakeValue
from questions.packs.importers.draft import Draft
from questions.packs.importers.pack_toml import question_raw, question_table, string

TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
NUMBER = st.floats(allow_nan=False, allow_infinity=False)


@given(TEXT)
def test_any_text_reads_back_as_written(text: str) -> None:
    assert tomllib.loads(f"x = {string(text)}")["x"] == text


@given(TEXT, TEXT, NUMBER, st.lists(TEXT, max_size=3), st.booleans())
def test_a_question_table_reads_back_as_the_table_checked(
    prompt: str, explanation: str, value: float, steps: list[str], numeric: bool
) -> None:
    draft = Draft(1, 1, "q", prompt, solution=steps, hints=steps[:1])
    if numeric:
        draft.value = value
        draft.mistakes = [MistakeValue("sigmoid-bound", -value)]
    else:
        draft.choices = [Choice(prompt, True, explanation), Choice(explanation, False, "")]
    raw = question_raw(draft, "q")
    parsed = tomllib.loads(question_table(raw))["question"][0]
    assert parsed == raw
    if numeric:  # the same float, bit for bit (0.1 stays 0.1, -0.0 stays -0.0)
        assert math.copysign(1, parsed["value"]) == math.copysign(1, value)
