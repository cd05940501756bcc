"""Answer bands over a batch: the significant-figure band of each variant, and the mistakes
a question keeps because a response can tell them apart."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from questions.model import MistakeValue
from questions.numbers import tolerance, within_band


def tolerance_array(truth: np.ndarray, sigfigs: int, zero_band: float = 1e-3) -> np.ndarray:
    """The significant-figure band half-width for each value (grading's rule, vectorised)."""
    magnitude = np.abs(truth)
    with np.errstate(divide="ignore", invalid="ignore"):
        exponent = np.floor(np.log10(np.where(magnitude > 0, magnitude, 1.0)))
    return np.where(magnitude > 0, 0.51 * 10.0 ** (exponent - sigfigs + 1), zero_band)


def distinct_mistakes(
    values: Mapping[str, float], sigfigs: int, steps: Mapping[str, str] | None = None
) -> tuple[MistakeValue, ...]:
    """Mistake values that can be told apart: one that falls in an earlier one's band is
    dropped, so a response matching it names one mistake, not a coin toss between two; each
    kept one names the step it enters at where `steps` (from `entry_steps`) says."""
    kept: list[tuple[float, float]] = []  # (value, its band), each band computed once
    found: list[MistakeValue] = []
    for mistake, value in values.items():
        band = tolerance(value, sigfigs)
        for other, other_band in kept:
            if within_band(value, other, other_band) or within_band(other, value, band):
                break
        else:
            kept.append((value, band))
            found.append(MistakeValue(mistake, value, steps.get(mistake, "") if steps else ""))
    return tuple(found)
