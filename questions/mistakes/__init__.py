"""Mistake models: named, plausible wrong ways to do a backprop computation.

One definition serves two uses: families compute each applicable mistake's value to build
multiple-choice distractors, and grading matches a wrong numeric response against those
values to name the mistake to the learner. The models live by topic in this package's
modules; this one gathers them and words them for a question's own loss and activation.
"""

from __future__ import annotations

from questions.mistakes.attention import ATTENTION
from questions.mistakes.base import Mistake
from questions.mistakes.convolution import CONVOLUTION
from questions.mistakes.graphs import GRAPHS
from questions.mistakes.network import NETWORK
from questions.mistakes.training import TRAINING
from questions.model import Question

__all__ = ["MISTAKES", "SPECIFIC", "Mistake", "explain", "mistake"]

MISTAKES: dict[str, Mistake] = {
    m.id: m for m in (*NETWORK, *CONVOLUTION, *TRAINING, *ATTENTION, *GRAPHS)
}
"""Every mistake model by id."""

SPECIFIC: dict[tuple[str, str], str] = {
    ("error-sign", "loss:half_sse"): "You flipped the sign of the error: for E = ½(t − out)², "
    "∂E/∂out = out − t, not t − out.",
    ("error-sign", "loss:sse"): "You flipped the sign of the error: for E = (t − out)², "
    "∂E/∂out = 2(out − t), not 2(t − out).",
    ("error-sign", "loss:mse"): "You flipped the sign of the error: for the mean squared error "
    "over K outputs, ∂E/∂outₖ = 2(outₖ − tₖ)/K, not 2(tₖ − outₖ)/K.",
    ("error-sign", "loss:bce"): "You flipped the sign of the error: with binary cross-entropy "
    "and a sigmoid output, δ = out − t (over K outputs, (out − t)/K), not t − out.",
    ("error-sign", "loss:softmax_ce"): "You flipped the sign of the error: with softmax and "
    "cross-entropy, the gradient at a unit's net is pₖ − tₖ, not tₖ − pₖ.",
    ("factor-two", "loss:half_sse"): "You mixed up the factor 2: the ½ in E = ½(t − out)² "
    "cancels the 2 the square brings down, so ∂E/∂out = out − t.",
    ("factor-two", "loss:sse"): "You mixed up the factor 2: E = (t − out)² has no ½ in front, "
    "so the square's 2 stays: ∂E/∂out = 2(out − t).",
    ("factor-two", "loss:mse"): "You mixed up the factor 2: the mean squared error has no ½ in "
    "front, so the square's 2 stays: ∂E/∂outₖ = 2(outₖ − tₖ)/K.",
    ("no-activation-derivative", "activation:sigmoid"): "You left out the activation's slope: "
    "the error is multiplied by f′(net) = out(1 − out) on its way back through the sigmoid.",
    ("no-activation-derivative", "activation:tanh"): "You left out the activation's slope: the "
    "error is multiplied by f′(net) = 1 − out² on its way back through the tanh.",
    ("no-activation-derivative", "activation:relu"): "You left out the activation's slope: the "
    "error is multiplied by f′(net), 1 where net > 0 and 0 elsewhere, on its way back.",
    ("derivative-at-net", "activation:sigmoid"): "You put net into the slope's formula where it "
    "takes out: a sigmoid's slope is out(1 − out) with out = σ(net), not net(1 − net).",
    ("derivative-at-net", "activation:tanh"): "You put net into the slope's formula where it "
    "takes out: a tanh's slope is 1 − out² with out = tanh(net), not 1 − net².",
    ("wrong-input", "forward"): "You used the wrong input: each weight multiplies the value that "
    "enters through it, the out of the unit below (after its activation) or the input itself.",
    ("transposed-weight", "forward"): "You used the weight of another connection: a unit's net "
    "sums the weights into that unit, each times the value it comes from.",
}
"""Explanations for a question's own loss, activation or kind, by (mistake id, question tag):
a family tags its questions "loss:<name>", "activation:<name>" or "forward"."""


def explain(mistake_id: str, question: Question) -> str:
    """The mistake's explanation in the words of this question's loss and activation."""
    for tag in question.tags:
        if (mistake_id, tag) in SPECIFIC:
            return SPECIFIC[mistake_id, tag]
    return mistake(mistake_id).explanation


def mistake(mistake_id: str) -> Mistake:
    """The mistake with this id; KeyError names the id if it is unknown."""
    try:
        return MISTAKES[mistake_id]
    except KeyError:
        raise KeyError(f"unknown mistake model: {mistake_id!r}") from None
