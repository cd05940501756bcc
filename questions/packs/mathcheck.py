"""Whether each `$...$` formula of a pack's text can be typeset, and where it fails.

The PDF exam draws formulas with matplotlib.mathtext (app.ui.rich_text), and the app shows
them the same way, so a formula mathtext cannot parse would be printed as raw TeX. Pack
validation asks mathtext itself: each formula is parsed once (cached) and a failure is
reported at the character where mathtext stopped. matplotlib is imported on first use only.
"""

from __future__ import annotations

import functools
import re
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.mathtext import MathTextParser

MAX_FORMULA = 500  # characters between the dollars; a longer one is no inline formula
FORMULA = re.compile(r"(?<!\\)\$(.+?)(?<!\\)\$", re.S)
_AT = re.compile(r"^(?P<what>.*?)\s*\(at char (?P<at>\d+)\), \(line:\d+, col:\d+\)$")
_lock = threading.Lock()  # pyparsing's parser state is not safe to share across threads
_KNOWN = " ".join(
    (
        "alpha beta gamma delta epsilon varepsilon zeta eta theta lambda mu nu xi pi rho sigma",
        "tau phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Phi Psi Omega",
        "partial nabla cdot times div pm mp sum prod infty approx leq geq neq le ge to",
        "rightarrow leftarrow Rightarrow Leftarrow in ln log exp tanh sin cos max min quad qquad",
    )
).split(" ")
_PLAIN = re.compile(
    r"(?:[A-Za-z0-9\s+\-*/=().,;:'|!<>\[\]]"  # letters, digits, operators
    r"|\\(?:" + "|".join(_KNOWN) + r")(?![A-Za-z])"  # symbols mathtext knows
    r"|\\[,;! ]"  # spaces
    r"|\\mathrm\{[A-Za-z0-9]+\}"  # an upright word
    r"|[_^](?:[A-Za-z0-9]|\{[A-Za-z0-9,+\-']+\}))*"  # a script
)
"""Formulas made only of these typeset for certain (unless _DOUBTFUL); the rest are asked of
mathtext itself (its parser takes milliseconds a formula, and a network question has dozens)."""
_SCRIPT = r"(?:[A-Za-z0-9]|\{[^{}]*\})"
_DOUBTFUL = re.compile(
    rf"(?:^|[^A-Za-z0-9)\]}}'])\s*[_^]"  # a script with nothing before it to sit on
    rf"|_{_SCRIPT}\s*(?:\^{_SCRIPT}\s*)?_|\^{_SCRIPT}\s*(?:_{_SCRIPT}\s*)?\^"  # twice
)


def formula_problems(text: str) -> list[tuple[int, str]]:
    """Each formula of `text` that cannot be typeset, as (index in `text` of the character
    where it fails, message); empty when every formula renders."""
    found = []
    for match in FORMULA.finditer(text):
        offset, message = formula_problem(match[1])
        if message:
            found.append((match.start(1) + offset, f"the formula ${match[1]}$ {message}"))
    return found


@functools.lru_cache(maxsize=4096)
def formula_problem(tex: str) -> tuple[int, str]:
    """(offset into `tex`, why mathtext cannot typeset it), or (0, "") when it can."""
    if len(tex) > MAX_FORMULA:
        return 0, f"is {len(tex):,} characters long; a formula holds at most {MAX_FORMULA}"
    if tex.strip() and _PLAIN.fullmatch(tex) and not _DOUBTFUL.search(tex):
        return 0, ""
    with _lock:
        try:
            _parser().parse(f"${tex}$")
        except ValueError as error:
            return _reason(str(error), len(tex))
        except Exception as error:  # mathtext may fail in other ways on odd input
            return 0, f"cannot be typeset ({type(error).__name__})"
    return 0, ""


def _reason(error: str, length: int) -> tuple[int, str]:
    """mathtext's message ('...Exception: Unknown symbol: \\foo, found ... (at char 0), ...')
    as (offset, 'cannot be typeset: Unknown symbol: \\foo')."""
    last = error.strip().splitlines()[-1] if error.strip() else ""
    last = last.split("Exception: ", 1)[-1]
    match = _AT.match(last)
    if match is None:
        return 0, f"cannot be typeset: {last or 'mathtext refused it'}"
    at = min(int(match["at"]), length)  # counted from the formula's first character
    what = match["what"].split(", found ", 1)[0]
    if len(what) > 80:  # pyparsing lists every construct it would have taken
        what = "something is missing or out of place here"
    return at, f"cannot be typeset: {what}"


@functools.cache
def _parser() -> MathTextParser:
    """One parser, made on first use (importing matplotlib takes about a second)."""
    from matplotlib.mathtext import MathTextParser

    return MathTextParser("path")
