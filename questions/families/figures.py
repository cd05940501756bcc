"""How many figures a term of a sum shows, so a sum that nearly cancels still adds up."""

from __future__ import annotations

import math

from questions.numbers import format_number


def _extra(term: float, total: float) -> int:
    """How many more figures a term needs than its total: its size over the total's."""
    if term == 0 or total == 0:
        return 0
    return max(0, math.floor(math.log10(abs(term))) - math.floor(math.log10(abs(total))))


def _in_formula(text: str) -> str:
    return f"({text})" if text.startswith("-") else text


def sum_term(value: float, total: float, figures: int = 4) -> str:
    """A term of a sum inside a formula (negatives in parentheses), with `figures` figures
    plus as many more as the term is larger than the total, so the shown terms add up to
    the total shown to `figures` figures."""
    extra = _extra(value, total)
    text = format_number(value, figures + extra)
    if "." in text and "e" not in text and extra:
        text = text.rstrip("0").rstrip(".")
    return _in_formula(text)


def product_factor(factor: float, other: float, total: float, figures: int = 4) -> str:
    """One factor of a product that is a term of a sum (a delta in a fan-out sum), with the
    figures that make the products add up to the total shown, trailing zeros dropped."""
    extra = max(_extra(factor * other, total), _extra(factor, total))  # |other| < 1 too
    text = format_number(factor, figures + extra)
    if "." in text and "e" not in text:
        text = text.rstrip("0").rstrip(".")
    return _in_formula(text)
