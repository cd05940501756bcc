"""Given numbers as prompts and formulas show them: short, no float noise, signs bracketed.

Drawn numbers repeat across variants (one or two decimals), so each is formatted once."""

from __future__ import annotations

from functools import lru_cache

from questions.numbers import format_number


def given(x: float) -> str:
    """A given quantity in a prompt: at most 4 significant figures, trailing zeros dropped."""
    return given_float(float(x))  # a float key: numpy scalars and 0-d arrays share its entry


def signed(x: float) -> str:
    """A number inside a formula: negatives in parentheses, so 'a - (-0.3)' reads right."""
    return signed_float(float(x))


@lru_cache(8192)  # bounded: typed and computed values reach it too
def given_float(x: float) -> str:
    """given of a float (or a numpy float scalar), for text that has one: one call fewer."""
    mantissa, _, exponent = format_number(x, 4).partition("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    if mantissa in ("-0", ""):
        return "0"
    return f"{mantissa}e{exponent}" if exponent else mantissa


@lru_cache(8192)
def signed_float(x: float) -> str:
    """signed of a float (or a numpy float scalar)."""
    text = given_float(x)
    return f"({text})" if text.startswith("-") else text
