"""Each mistake model's value for a network question's asked quantity, over N variants.

The mistakes are the network kernel's objects (questions.network). A network of the shape the
network families draw gets the families' list, so a pack's distractors are the mistakes a
learner meets in generated questions; any other network (deeper, identity units, sse,
softmax_ce) a shorter list of the mistakes that stay apart from the answer at any depth. A
mistake that gives the right value is left out (NaN).
"""

from __future__ import annotations

import numpy as np

from engine.nn import NetworkBatch, NetworkRun
from questions.network import mistakes as mk
from questions.network import slips
from questions.network.ask import Ask
from questions.network.mistakes import NetworkMistake
from questions.packs.model import Quantity

SMALL_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu")
SMALL_LOSSES = ("half_sse", "mse", "bce")

BACKWARD: tuple[NetworkMistake, ...] = (
    mk.NoOutputSlope(),
    mk.NoHiddenSlopes(),
    mk.SlopeAtNet(),
    mk.FlippedError(),
    mk.FactorTwo(),
    mk.OnePath(),
    slips.TransposedWeight(),
    mk.UpdatedUpstream(),
)
SLIPS: tuple[NetworkMistake, ...] = (slips.UpdateSign(), slips.NoRate(), slips.ChangeNotWeight())
FORWARD: tuple[NetworkMistake, ...] = (
    slips.WrongInput(),
    slips.TransposedWeight(),
    slips.NetNotOut(),
)

SLOPE = mk.OnlyAtOutput(mk.NoSlope())
SIGNS = (SLOPE, mk.FlippedError(), mk.FactorTwo())


def by_quantity(
    backward: tuple[NetworkMistake, ...], forward: tuple[NetworkMistake, ...]
) -> dict[str, tuple[NetworkMistake, ...]]:
    """The mistakes offered for each quantity, from those of the backward and forward pass."""
    gradient = (*backward, mk.ForwardValue())
    return {
        "loss": (),
        "net": forward,
        "out": forward,
        "grad_out": (mk.FlippedError(), mk.FactorTwo(), mk.ForwardValue()),
        "delta": gradient,
        "grad_biases": gradient,
        "grad_weights": (*backward, slips.WrongInput(), mk.ForwardValue()),
        "new_biases": (*SLIPS, *backward),
        "new_weights": (*SLIPS, *backward, slips.WrongInput()),
    }


FAMILY = by_quantity(BACKWARD, FORWARD)
"""A family-shaped network question's mistakes: the families' own."""
ANY = by_quantity(SIGNS, (slips.NetNotOut(),))
"""Any other network's: those that stay apart from the answer on a network of any depth, loss
and activation (identity units, softmax)."""


def family_shaped(batch: NetworkBatch) -> bool:
    """True iff the network is one the network families draw (one hidden layer, at most
    3-3-2, their activations and losses): its text is then theirs."""
    sizes = batch.layer_sizes
    return (
        len(sizes) == 3
        and sizes[0] <= 3
        and sizes[1] <= 3
        and sizes[2] <= 2
        and all(a in SMALL_ACTIVATIONS for a in batch.activations)
        and batch.loss in SMALL_LOSSES
    )


def mistake_values(
    batch: NetworkBatch, run: NetworkRun, ask: Quantity, answer: np.ndarray
) -> dict[str, np.ndarray]:
    """Mistake id -> its value per variant (NaN where it does not apply), in a fixed order."""
    if ask.name == "loss":
        return {}
    asked = Ask(ask.name, ask.layer, ask.unit, ask.source)
    listed = (FAMILY if family_shaped(batch) else ANY)[ask.name]
    with np.errstate(all="ignore"):
        return {m.id: m.applies(run, asked, answer) for m in listed}
