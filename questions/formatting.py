"""Given numbers as prompts and formulas show them: short, no float noise, signs bracketed."""

from __future__ import annotations

from questions.numbers import format_number


def given(x: float) -> str:
    """A given quantity in a prompt: at most 4 significant figures, trailing zeros dropped."""
    mantissa, _, exponent = format_number(x, 4).partition("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    if mantissa in ("-0", ""):
        return "0"
    return f"{mantissa}e{exponent}" if exponent else mantissa


def signed(x: float) -> str:
    """A number inside a formula: negatives in parentheses, so 'a - (-0.3)' reads right."""
    text = given(x)
    return f"({text})" if text.startswith("-") else text
