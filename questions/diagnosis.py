"""Where a mistake enters a worked solution: the step it names, by the step's id.

A step of a worked solution has an id made of a kind and what it is about, e.g.
"slope:o1" (the slope of unit o1), "loss-grad:o1", "back:q>x" (a gate on the backward path)
or "update". Each mistake model lists the kinds of step it can enter at, most specific first
(`ENTERS`); a mistake enters a question at the first step of the first kind that the
question's solution has. Families record it on each MistakeValue when they build a question,
and grading shows that step's number and own title ("It goes wrong at step 6, Slope of o1").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

from questions.model import MistakeValue, Question, Step

ENTERS: dict[str, tuple[str, ...]] = {
    "no-activation-derivative": ("slope:o", "slope", "delta", "chain", "grad"),
    "no-hidden-activation-derivative": ("slope:h", "delta:h"),
    "derivative-at-net": ("slope",),
    "error-sign": ("loss-grad", "logit-grad", "delta", "grad"),
    "factor-two": ("loss-grad",),
    "no-fanout-sum": ("paths", "fanout"),
    "transposed-weight": ("fanout", "net", "forward"),
    "updated-weight-upstream": ("fanout",),
    "wrong-input": ("grad", "net", "forward"),
    "update-sign": ("update",),
    "no-learning-rate": ("update",),
    "change-not-weight": ("update",),
    "weight-not-change": ("update",),
    "p-not-p-minus-y": ("logit-grad",),
    "mean-not-sum": ("batch",),
    "sum-not-mean": ("batch",),
    "single-example": ("batch",),
    "forward-not-gradient": (
        "loss-grad",
        "logit-grad",
        "slope",
        "back",
        "back-max",
        "chain",
        "grad",
    ),
    "local-only": ("back", "back-max"),
    "max-to-loser": ("back-max", "back"),
    "no-bias-correction": ("bias-correction", "update"),
    "sigmoid-bound": ("slope", "chain"),
    "chain-no-weights": ("chain",),
    "chain-first-slope-missing": ("chain", "slope"),
    "net-not-out": ("out", "forward"),
    "extra-activation-derivative": ("delta",),
    "log-base": ("loss",),
    "loss-sign": ("loss",),
    "no-momentum": ("velocity", "update"),
    "function-not-derivative": ("slope", "grad", "chain"),
    "gradient-at-output": ("delta", "logit-grad", "loss-grad"),
    "inner-derivative-left-out": ("chain", "slope"),
    "no-broadcast-sum": ("batch", "grad"),
    "other-activation-rule": ("slope",),
    "pool-to-every-position": ("back",),
    "product-rule-term": ("chain", "grad"),
    "slope-sign": ("slope",),
    "transposed": ("grad",),
    # the tensor layers: each family's own step ids
    "conv-shape-no-plus-one": ("output-size",),
    "conv-shape-padding-once": ("padded",),
    "conv-shape-ignored-stride": ("positions",),
    "conv-kernel-flipped": ("grad",),
    "conv-one-position": ("grad",),
    "conv-off-by-one": ("grad",),
    "conv-input-not-flipped": ("positions",),
    "conv-input-one-term": ("positions",),
    "conv-input-kernel-transposed": ("positions",),
    "pool-spread-all": ("route",),
    "pool-averaged": ("route",),
    "pool-routed-to-min": ("route",),
    "avgpool-no-divide": ("share",),
    "avgpool-divided-by-side": ("share",),
    "avgpool-to-max": ("share",),
    "bn-constant-stats": ("grad",),
    "bn-unbiased-variance": ("stats",),
    "bn-missing-mean-term": ("grad",),
    "bn-dgamma-as-dbeta": ("grad",),
    "bn-averaged-over-batch": ("grad",),
    "ln-constant-stats": ("grad",),
    "ln-unbiased-variance": ("stats",),
    "ln-missing-mean-term": ("grad",),
    "ln-batch-statistics": ("stats",),
    "dropout-no-scale": ("mask",),
    "dropout-wrong-units": ("mask",),
    "dropout-times-p": ("mask",),
    "decay-no-rate": ("update",),
    "decay-two-lambda": ("penalty",),
    "decay-sign": ("penalty",),
    "clip-per-tensor": ("norm",),
    "clip-per-component": ("factor",),
    "clip-none": ("factor",),
    "bptt-last-step-only": ("grad",),
    "bptt-no-tanh-slope": ("deltas",),
    "bptt-net-not-state": ("grad",),
    "softmax-elementwise": ("jacobian", "scores"),
    "softmax-offdiag-sign": ("jacobian", "scores"),
    "softmax-diag-p": ("jacobian", "scores"),
    "attention-unscaled-scores": ("weights",),
    "attention-value-unweighted": ("grad",),
    "attention-uniform-weights": ("weights",),
    "attention-no-backward-scale": ("grad",),
    "embedding-last-write": ("scatter",),
    "embedding-every-row": ("scatter",),
    "embedding-averaged": ("scatter",),
    "residual-no-skip": ("chain",),
    "residual-skip-only": ("chain",),
    "autodiff-modes-swapped": ("passes", "first"),
    "autodiff-one-product": ("second",),
    "autodiff-entries-not-mults": ("first",),
    "autodiff-per-entry": ("passes",),
}
"""For each mistake id, the kinds of step it can enter at, most specific first."""


_COLON_KINDS = tuple(sorted({k for kinds in ENTERS.values() for k in kinds if ":" in k}))


def _first_of_kind(ids: Sequence[str]) -> dict[str, str]:
    """Each kind's first step id. An id is of kind "slope" if it is "slope" or begins "slope:";
    a kind with its own colon ("slope:o") has the ids it begins ("slope:o1")."""
    first: dict[str, str] = {}
    for step_id in reversed(ids):
        if step_id:
            first[step_id.partition(":")[0]] = step_id
            for kind in _COLON_KINDS:
                if step_id.startswith(kind):
                    first[kind] = step_id
    return first


@lru_cache(maxsize=4096)
def _entries(ids: tuple[str, ...]) -> dict[str, str]:
    """Where each mistake enters a solution with these step ids (a family's solutions repeat
    a few arrangements of ids, so each is worked out once)."""
    first = _first_of_kind(ids)
    return {
        mistake: next((first[kind] for kind in kinds if kind in first), "")
        for mistake, kinds in ENTERS.items()
    }


def entry_step(mistake_id: str, solution: Sequence[Step]) -> str:
    """Id of the step where the mistake enters this solution ("" if none of its kinds is there)."""
    return _entries(tuple([step.id for step in solution])).get(mistake_id, "")


def entry_steps(solution: Sequence[Step]) -> Mapping[str, str]:
    """Mistake id -> the id of the step where it enters this solution (absent: none)."""
    return _entries(tuple([step.id for step in solution]))


def locate(mistakes: Sequence[MistakeValue], solution: Sequence[Step]) -> tuple[MistakeValue, ...]:
    """The mistakes with the step each enters at filled in (one already named is kept)."""
    entries = _entries(tuple([step.id for step in solution]))
    return tuple(
        m if m.step else MistakeValue(m.mistake, m.value, entries.get(m.mistake, ""))
        for m in mistakes
    )


def step_named(question: Question, step_id: str) -> tuple[int, Step] | None:
    """The step with this id and its number (from 1) in the question's solution, or None."""
    if not step_id:
        return None
    for number, step in enumerate(question.solution, start=1):
        if step.id == step_id:
            return number, step
    return None


def where_it_goes_wrong(question: Question, found: MistakeValue) -> str:
    """ "It goes wrong at step 6, Slope of o1." for a located mistake; "" if it names no step."""
    return _at_step(question, found.step)


def where_it_enters(question: Question, mistake_id: str) -> str:
    """The same sentence for a mistake found without a recorded step (a whole matrix): the
    first step of its kinds in this question's solution; "" if there is none."""
    return _at_step(question, entry_step(mistake_id, question.solution))


def _at_step(question: Question, step_id: str) -> str:
    """ "It goes wrong at step 6, Slope of o1." for the step with this id; "" if none."""
    named = step_named(question, step_id)
    if named is None:
        return ""
    number, step = named
    return f"It goes wrong at step {number}, {step.title}."
