"""Numbers as learners type them: a strict parser (never eval), a printer, the sig-fig rule.

`parse_number` accepts the forms people write by hand or copy from a page: plain and
e-notation decimals, "× 10^k" scientific notation in its many spellings, a fraction of two
numbers, Unicode minus signs and surrounding spaces. Everything else is a `FormatError`
whose message says plainly what to type instead.

A response is compared with the true value by significant figures, as PrairieLearn does
(docs/design.md, "Grading rules"); an exactly zero truth gets an absolute band instead.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from decimal import Decimal
from functools import cache

MAX_LENGTH = 100
"""Longest response read as a number; anything longer is a format error, not a computation."""

GENERIC_MESSAGE = "Type a number such as 0.082, -1/3 or 8.2e-2."


class FormatError(ValueError):
    """A response that is not a number; its message is meant for the learner."""


_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2796\ufe58\ufe63\uff0d"
_TIMES = "×xX·⋅∙✕✖"
_SLASHES = "÷⁄∕"
_NORMALIZE = str.maketrans(
    {
        **{c: "-" for c in _DASHES},
        **{c: "*" for c in _TIMES},
        **{c: "/" for c in _SLASHES},
        "\uff0b": "+",
    }
)
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻", "0123456789+-")
_SUPERSCRIPT_RUN = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻]+")

_EXPONENT = r"[+-]?[0-9]+"
_NUMBER = re.compile(
    rf"""
    (?P<sign>[+-])?\s*
    (?:
        (?P<mantissa>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)
        (?:
            [eE](?P<e>{_EXPONENT})
          | \s*\*\s*10\s*\^\s*(?P<power>{_EXPONENT}|\(\s*{_EXPONENT}\s*\)|\{{\s*{_EXPONENT}\s*\}})
        )?
      | 10\s*\^\s*(?P<bare>{_EXPONENT}|\(\s*{_EXPONENT}\s*\)|\{{\s*{_EXPONENT}\s*\}})
    )
    """,
    re.VERBOSE,
)
_NOT_FINITE = {"nan", "inf", "infinity", "∞"}
_SEPARATED = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[\s,;]+[+-]?[0-9.]+)+")


def parse_number(text: str) -> float:
    """Read one finite number from a learner's text; raise FormatError saying what is wrong."""
    if len(text) > MAX_LENGTH:
        raise FormatError(f"That is too long for a number (over {MAX_LENGTH} characters).")
    cleaned = _normalize(text)
    if not cleaned:
        raise FormatError("The answer is empty. " + GENERIC_MESSAGE)
    if cleaned.lstrip("+-").strip().lower() in _NOT_FINITE:
        raise FormatError("Not a finite number: NaN and infinity are not answers.")
    parts = cleaned.split("/")
    if len(parts) == 2:
        numerator, denominator = (_parse_single(p.strip()) for p in parts)
        if denominator == 0:
            raise FormatError(f"Division by zero: the denominator of {text.strip()} is 0.")
        return _finite(numerator / denominator)
    if len(parts) == 1:
        return _parse_single(cleaned)
    raise FormatError("Use at most one '/' (a fraction such as -1/3). " + GENERIC_MESSAGE)


def _normalize(text: str) -> str:
    """Map look-alike characters to ASCII: dashes to '-', times signs to '*', ** to ^."""
    text = _SUPERSCRIPT_RUN.sub(lambda m: "^" + m.group().translate(_SUPERSCRIPT), text)
    return text.translate(_NORMALIZE).replace("**", "^").strip()


def _parse_single(text: str) -> float:
    """One number without '/', e.g. '-8.2*10^(-2)'; FormatError with a specific reason."""
    m = _NUMBER.fullmatch(text)
    if m is None:
        raise FormatError(_why_not(text))
    power = m["e"] or m["power"] or m["bare"] or "0"
    mantissa = m["mantissa"] or "1"
    literal = f"{m['sign'] or ''}{mantissa}e{re.sub(r'[^0-9+-]', '', power)}"
    return _finite(float(literal))


def _finite(value: float) -> float:
    """The value itself, or FormatError if it overflowed to infinity."""
    if not math.isfinite(value):
        raise FormatError("Not a finite number: it is too large to represent.")
    return value


def _why_not(text: str) -> str:
    """The most specific explanation for text that is not a number."""
    if "," in text and re.fullmatch(r"[+-]?[0-9]*,[0-9]+", text):
        return "Use a point as the decimal mark (0.082), and no thousands separators."
    if _SEPARATED.fullmatch(text):
        return "Type a single number, with no spaces or separators inside it."
    if re.search(r"[^\W\d_eE]", text):  # e is the exponent; x was read as a times sign
        return "Type only the number, without words or units: e.g. 0.082, -1/3 or 8.2e-2."
    return GENERIC_MESSAGE


def format_number(value: float, sigfigs: int = 3) -> str:
    """Show value to `sigfigs` significant figures, in a form parse_number reads back."""
    if sigfigs < 1:
        raise ValueError(f"sigfigs must be at least 1, not {sigfigs}")
    if value == 0:
        return "0"
    text = f"{value:#.{sigfigs}g}"
    if "e" not in text:  # most values: no exponent to rewrite
        return text.rstrip(".")
    mantissa, _, exponent = text.partition("e")
    mantissa = mantissa.rstrip(".")
    return f"{mantissa}e{int(exponent)}" if exponent else mantissa


def format_plain(value: float) -> str:
    """Show value exactly as its shortest repr, but without e-notation when that stays short."""
    exact = Decimal(repr(value)).normalize()
    if value == 0:
        return "0"
    if -7 <= exact.adjusted() <= 7:
        return format(exact, "f")
    return format_number(value, len(exact.as_tuple().digits))


@cache
def _power_of_ten(exponent: int) -> float:
    """10^exponent as the correctly rounded float (0.0 below the subnormals, inf above)."""
    return float(f"1e{exponent}")


@cache
def _band(exponent: int) -> float:
    """0.51 * 10^(exponent + 2), written as one literal so it is the correctly rounded float."""
    return float(f"51e{exponent}")


def _leading_exponent(value: float) -> int:
    """floor(log10|value|) of the value as written (its shortest repr), exact at powers of ten.

    Rounding is monotonic, so |value| >= float(10^e) iff its shortest repr is >= 10^e: the
    estimate from log10 is corrected against the correctly rounded powers of ten, which is
    the repr's exponent without building a Decimal (this runs for every generated value).
    """
    magnitude = abs(value)
    exponent = math.floor(math.log10(magnitude))
    if magnitude < _power_of_ten(exponent):
        return exponent - 1
    if magnitude >= _power_of_ten(exponent + 1):
        return exponent + 1
    return exponent


def tolerance(truth: float, sigfigs: int = 3, zero_band: float = 1e-3) -> float:
    """Half-width of the band of accepted responses around truth (zero_band when truth is 0)."""
    if sigfigs < 1:
        raise ValueError(f"sigfigs must be at least 1, not {sigfigs}")
    if truth == 0:
        return zero_band
    return _band(_leading_exponent(truth) - sigfigs - 1)


def within_band(response: float, truth: float, band: float) -> bool:
    """True iff response is accepted for truth, given truth's band from `tolerance`."""
    if response == truth:  # also where the band underflows to 0 for tiny subnormal truths
        return True
    if truth == 0:
        return abs(response) <= band
    return abs(response - truth) < band


def within_sigfigs(
    response: float, truth: float, sigfigs: int = 3, zero_band: float = 1e-3
) -> bool:
    """True iff response matches truth to `sigfigs` significant figures (docs/design.md rule)."""
    return within_band(response, truth, tolerance(truth, sigfigs, zero_band))


def distinct_beyond_tolerance(values: Sequence[float], sigfigs: int, zero_band: float) -> bool:
    """True iff no value lies in another's band, so a variant's values are all told apart."""
    return not any(
        i != j and within_sigfigs(s, t, sigfigs, zero_band)
        for i, s in enumerate(values)
        for j, t in enumerate(values)
    )
