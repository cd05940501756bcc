"""Text for the shapes family: each offered shape with why it is (not) right, the prompt and
the worked solution, kept apart from drawing and solving (questions.families.shapes)."""

from __future__ import annotations

from dataclasses import dataclass

from questions.model import Step

SYMBOL = {
    "dW": r"$\partial E / \partial W$",
    "db": r"$\partial E / \partial b$",
    "delta": r"the deltas $\Delta = \partial E / \partial Z$",
    "H": "the activations $H$",
    "dX": r"$\partial E / \partial X$",
    "dx": r"$\partial E / \partial x$",
}


@dataclass(frozen=True)
class Option:
    """A shape offered as an answer, the mistake behind it (if named) and why it is (not) it."""

    shape: tuple[int, ...]
    why: str
    mistake: str | None = None


def text(shape: tuple[int, ...]) -> str:
    """A shape as numpy prints it: (3, 4) or (3,)."""
    return f"({shape[0]},)" if len(shape) == 1 else "(" + ", ".join(map(str, shape)) + ")"


def options(target: str, n_in: int, n_out: int, batch: int) -> tuple[Option, ...]:
    """The right shape first, then three distractors, each explained."""
    if batch == 1:
        return _single(n_in, n_out)[target]
    return _batched(batch, n_in, n_out)[target]


def _transposed_weight(i: int, o: int) -> Option:
    """The distractor dE/dW with W's axes swapped, batched or not."""
    return Option(
        (i, o),
        f"Transposed: W is (n_out, n_in) = {text((o, i))}, and so is its gradient.",
        "transposed-weight",
    )


def _single(i: int, o: int) -> dict[str, tuple[Option, ...]]:
    """Options for one example: x is a vector of shape (n_in,)."""
    per_weight = f"one gradient per weight, so it has W's shape {text((o, i))}"
    return {
        "dW": (
            Option((o, i), f"Right: {per_weight}; it is the outer product of delta and x."),
            _transposed_weight(i, o),
            Option((o,), f"That is the shape of b and of the deltas; dE/dW has {per_weight}."),
            Option((i,), f"That is the shape of x; dE/dW has {per_weight}."),
        ),
        "db": (
            Option((o,), f"Right: one bias per unit, so {text((o,))}; it equals the delta."),
            Option((o, i), "That is W's shape; there is one bias per unit, not per weight."),
            Option((i,), "One bias per unit of this layer, not one per input."),
            Option((i, o), "That is W's shape transposed; a bias belongs to a unit."),
        ),
        "delta": (
            Option((o,), "Right: one delta per unit of this layer, dE/dnet has net's shape."),
            Option((i,), "One delta per unit of this layer, not one per input."),
            Option((o, i), "That is W's shape; a delta belongs to a unit, not to a weight."),
            Option((i, o), "A delta belongs to a unit: there are n_out of them, in a vector."),
        ),
        "dx": (
            Option((i,), "Right: dE/dx = W^T delta has x's shape, one entry per input."),
            Option((o,), "That is the delta's shape; W^T maps it back to the n_in inputs."),
            Option(
                (o, i),
                "That is W's shape; a gradient has the shape of what it is taken with respect to.",
            ),
            Option((i, o), "A gradient with respect to the vector x is a vector like x."),
        ),
    }


def _batched(b: int, i: int, o: int) -> dict[str, tuple[Option, ...]]:
    """Options for a batch: X has one example per row, shape (B, n_in)."""
    per_weight = f"one gradient per weight, so it has W's shape {text((o, i))}"
    no_batch = "Left out the batch axis: every example has its own"
    rows = "Transposed: rows are examples, as in X."
    return {
        "dW": (
            Option((o, i), f"Right: {per_weight}; Delta^T X sums over the batch."),
            _transposed_weight(i, o),
            Option(
                (b, o, i),
                "That keeps one gradient per example; the batch's gradient sums "
                f"them into {per_weight}.",
            ),
            Option((b, o), f"That is the deltas' shape; dE/dW has {per_weight}."),
        ),
        "db": (
            Option(
                (o,),
                f"Right: one bias per unit, so {text((o,))}: the deltas summed over the batch.",
            ),
            Option(
                (b, o),
                "That keeps one entry per example; dE/db sums the deltas over the "
                "batch, one per unit.",
            ),
            Option((i,), "One bias per unit of this layer, not one per input."),
            Option((b,), "One entry per example; a bias belongs to a unit, not to an example."),
        ),
        "delta": (
            Option((b, o), "Right: one delta per unit for each example, dE/dZ has Z's shape."),
            Option((o,), f"{no_batch} deltas."),
            Option((o, b), rows),
            Option((b, i), "That is X's shape; the deltas have Z's shape."),
        ),
        "H": (
            Option((b, o), "Right: H = f(Z) has Z's shape, one row per example."),
            Option((b, i), "That is X's shape; each example has n_out activations here."),
            Option((o, b), rows),
            Option((o,), f"{no_batch} activations."),
        ),
        "dX": (
            Option((b, i), "Right: dE/dX = Delta W has X's shape, (B, n_out)(n_out, n_in)."),
            Option(
                (b, o),
                "That is the deltas' shape; multiplying by W maps them back to the n_in inputs.",
            ),
            Option((i, b), rows),
            Option((i,), f"{no_batch} input gradient."),
        ),
    }


@dataclass(frozen=True)
class Layer:
    """A variant's layer and question: the gradient asked, sizes, and the choices' order."""

    target: str  # a name in shapes.TARGETS[level]
    n_in: int
    n_out: int
    batch: int
    order: tuple[int, ...]  # which option is shown first, second ...
    above: int = 0  # units of a second layer on top (level 3), 0 for a layer alone


def prompt(layer: Layer) -> str:
    """The layer (one example, a batch, or under a second layer) and the shape asked of it."""
    name, n_in, n_out, batch = layer.target, layer.n_in, layer.n_out, layer.batch
    if layer.above:
        setup = (
            f"A network of two layers processes a batch of {batch} examples, one per row of "
            f"$X$, shape ({batch}, {n_in}). Its first layer has {n_in} inputs and {n_out} "
            f"units: $W$ has shape ({n_out}, {n_in}) with $w_{{ji}}$ the weight from input "
            f"$i$ to unit $j$, $b$ has shape ({n_out},), and it computes $Z = X W^T + b$ "
            f"(b added to every row) and $H = f(Z)$. A second layer of {layer.above} units "
            f"takes $H$: $W_2$ has shape ({layer.above}, {n_out}), and it computes "
            r"$Z_2 = H W_2^T + b_2$ and $out = f(Z_2)$; the loss $E$ sums over the batch. "
        )
        asked = SYMBOL[name] + " of the first layer" * (name != "dX")
    elif batch == 1:
        setup = (
            f"A layer has {n_in} inputs and {n_out} units and sees one example: "
            f"$x$ has shape ({n_in},), $W$ has shape ({n_out}, {n_in}) with $w_{{ji}}$ "
            f"the weight from input $i$ to unit $j$, and $b$ has shape ({n_out},). "
            r"It computes $net = W x + b$, $out = f(net)$; the deltas are $\delta = "
            r"\partial E / \partial net$. "
        )
        asked = SYMBOL[name].replace("Delta", "delta").replace(r"\partial Z", r"\partial net")
    else:
        setup = (
            f"A layer has {n_in} inputs and {n_out} units and processes a batch of {batch} "
            f"examples, one per row of $X$, shape ({batch}, {n_in}). $W$ has shape "
            f"({n_out}, {n_in}) with $w_{{ji}}$ the weight from input $i$ to unit $j$, and "
            f"$b$ has shape ({n_out},). It computes $Z = X W^T + b$ (b added to every row) "
            r"and $H = f(Z)$; the loss $E$ sums over the batch. "
        )
        asked = SYMBOL[name]
    return setup + f"What is the shape of {asked}?"


def solution(layer: Layer, right: Option) -> tuple[Step, ...]:
    """The shapes the asked one follows from, layer by layer, then the asked one: the forward
    shape; with a batch the deltas; with a layer above, the error passed back through it."""
    name, n_in, n_out, batch, above = (
        layer.target,
        layer.n_in,
        layer.n_out,
        layer.batch,
        layer.above,
    )
    asked = Step(
        "The asked quantity",
        FORMULA[name][batch > 1],
        right.why.removeprefix("Right: "),
        text(right.shape),
        "grad",
    )
    if batch == 1:
        net = Step(
            "The layer's output shape",
            "$net = W x + b$",
            f"W ({n_out}, {n_in}) times x ({n_in},), plus b ({n_out},)",
            f"net: ({n_out},)",
            "forward:net",
        )
        return net, asked
    rows = f"({batch}, {n_out})"
    z = Step(
        "The layer's output shape" if not above else "The first layer's output shape",
        "$Z = X W^T + b$",
        f"X ({batch}, {n_in}) times W^T ({n_in}, {n_out}), plus b ({n_out},) on each row",
        f"Z: {rows}",
        "forward:Z",
    )
    deltas = Step(
        "The first layer's deltas" if above else "The deltas' shape",
        r"$\Delta = \partial E / \partial H \odot f'(Z)$",
        f"∂E/∂H has H's shape, H = f(Z) has Z's shape {rows}, and ⊙ keeps it",
        f"Δ: {rows}",
        "delta:Z",
    )
    if not above:
        return (z, asked) if name in ("H", "delta") else (z, deltas, asked)
    top = f"({batch}, {above})"
    steps = (
        z,
        Step(
            "The second layer's output shape",
            r"$Z_2 = H W_2^T + b_2$",
            f"H {rows} times W_2^T ({n_out}, {above}), plus b_2 ({above},) on each row",
            f"Z_2: {top}",
            "forward:Z_2",
        ),
        Step(
            "The second layer's deltas",
            r"$\Delta_2 = \partial E / \partial out \odot f'(Z_2)$",
            f"one delta per unit of the second layer for each example, Z_2's shape {top}",
            f"Δ_2: {top}",
            "delta:Z_2",
        ),
        Step(
            "The error passed back to H",
            r"$\partial E / \partial H = \Delta_2 W_2$",
            f"Δ_2 {top} times W_2 ({above}, {n_out})",
            f"∂E/∂H: {rows}",
            "fanout:H",
        ),
    )
    return (*steps, asked) if name == "delta" else (*steps, deltas, asked)


FORMULA = {
    "dW": (r"$\partial E / \partial W = \delta\, x^T$", r"$\partial E / \partial W = \Delta^T X$"),
    "db": (
        r"$\partial E / \partial b = \delta$",
        r"$\partial E / \partial b = \sum_{rows} \Delta$",
    ),
    "delta": (
        r"$\delta = \partial E / \partial out \odot f'(net)$",
        r"$\Delta = \partial E / \partial H \odot f'(Z)$",
    ),
    "H": (r"$H = f(Z)$", r"$H = f(Z)$"),
    "dX": (r"$\partial E / \partial X = \Delta\, W$", r"$\partial E / \partial X = \Delta\, W$"),
    "dx": (r"$\partial E / \partial x = W^T \delta$", r"$\partial E / \partial x = W^T \delta$"),
}
"""Each asked quantity's formula for one example, then for a batch."""
