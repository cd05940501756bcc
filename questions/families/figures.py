"""How many figures a term of a sum shows, so a sum that nearly cancels still adds up."""

from __future__ import annotations

import math

from questions.numbers import format_number


def sum_term(value: float, total: float, figures: int = 4) -> str:
    """A term of a sum inside a formula (negatives in parentheses), with `figures` figures
    plus as many more as the term is larger than the total, so the shown terms add up to
    the total shown to `figures` figures."""
    extra = 0
    if value != 0 and total != 0:
        extra = max(0, math.floor(math.log10(abs(value))) - math.floor(math.log10(abs(total))))
    text = format_number(value, figures + extra)
    if "." in text and "e" not in text and extra:
        text = text.rstrip("0").rstrip(".")
    return f"({text})" if text.startswith("-") else text
