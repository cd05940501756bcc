"""In words, how each named node of a tensor script got its gradient: one sentence per use.

Read off the ops the evaluator recorded (script_calls.Made): for every op that reads a named
node, the local rule that maps the op's upstream gradient to the node's, with where the
forward pass broadcast (so an axis was summed) and which positions an index sent it to.
"""

from __future__ import annotations

from engine.expr_syntax import quote
from engine.script_values import Made, Static, Value, show
from engine.syntax_tree import Binary, Call, Expr, Index, Number, Slice
from engine.tensor import Tensor

_LOCAL = {
    "neg": "negated",
    "exp": "times exp(x), the op's own output",
    "log": "divided by x",
    "sqrt": "divided by 2·sqrt(x)",
    "abs": "times sign(x)",
    "tanh": "times 1 − tanh(x)²",
    "sigmoid": "times σ(x)·(1 − σ(x))",
    "relu": "passed where x > 0, 0 elsewhere",
    "leaky_relu": "passed where x > 0, times the leak elsewhere",
    "softplus": "times σ(x)",
    "identity": "passed unchanged",
    "concat": "the slice of the upstream gradient where this part was placed",
    "stack": "the upstream gradient's entry along the stacked axis",
    "reshape": "reshaped back to the input's shape",
    "transpose": "transposed back",
}


_LAYER_RULES = {
    "conv2d": (
        "the upstream gradient correlated back through the filters (a full convolution with "
        "them flipped)",
        "the input's windows times the upstream gradient, summed over the batch and every "
        "output place",
        "the upstream gradient summed over the batch, height and width (one per filter)",
    ),
    "max_pool2d": ("sent to the first maximum of each window, as PyTorch; the rest get 0",),
    "avg_pool2d": ("spread evenly over each window (divided by its size)",),
    "batch_norm": (
        "(γ/σ)·(g − mean(g) − x̂·mean(g·x̂)), the means over the batch",
        "Σ g·x̂ over the batch",
        "Σ g over the batch",
    ),
    "layer_norm": (
        "(γ/σ)·(g − mean(g) − x̂·mean(g·x̂)), the means over the last axis",
        "Σ g·x̂ over every row",
        "Σ g over every row",
    ),
    "dropout": ("times mask / (1 − p): only the kept units receive it",),
    "cross_entropy": ("(softmax(logits) − one_hot(y)) / B, B the batch size",),
    "attention": (
        "g·vᵀ through the softmax's slope, times k / √d",
        "g·vᵀ through the softmax's slope, transposed, times q / √d",
        "the attention weights, transposed, times g",
    ),
}


def gradient_rules(made: list[Made], source: str, labels: dict[int, str]) -> dict[str, list[str]]:
    """For each labelled tensor (id -> label), the sentences saying how its gradient arrives."""
    rules: dict[str, list[str]] = {label: [] for label in labels.values()}
    for op in made:
        for position, parent in enumerate(op.parents):
            label = labels.get(id(parent))
            if label is None or isinstance(parent, Static):
                continue
            where = quote(source, op.node.start, op.node.end, 48)
            rule = _rule(op, position, parent, source)
            rules[label].append(f"from {where}: {rule}")
    return rules


def _operand(op: Made, position: int, source: str) -> str:
    node = op.node
    parts: tuple[Expr, ...] = ()
    if isinstance(node, Binary):
        parts = (node.left, node.right)
    elif isinstance(node, Call):
        parts = node.args
    if position < len(parts):
        return quote(source, parts[position].start, parts[position].end, 24)
    return "the other operand"


def _rule(op: Made, position: int, parent: Value, source: str) -> str:
    kind = op.kind
    other = _operand(op, 1 - position, source) if len(op.parents) == 2 else ""
    if kind in ("+", "-", "*", "/", "maximum", "minimum"):
        text = {
            "+": "passed unchanged",
            "-": "passed unchanged" if position == 0 else "negated",
            "*": f"times {other}",
            "/": f"divided by {other}" if position == 0 else "times −(a / b) / b",
            "maximum": "passed where this operand is the larger (half each on a tie)",
            "minimum": "passed where this operand is the smaller (half each on a tie)",
        }[kind]
        return text + _broadcast_note(parent.shape, op.result.shape)
    if kind == "matmul":
        other_t = f"{other}ᵀ" if other.isidentifier() else f"({other})ᵀ"
        if position == 0:
            return f"upstream @ {other_t}" + _broadcast_note_matmul(parent, op)
        return f"{other_t} @ upstream" + _broadcast_note_matmul(parent, op)
    if kind == "power":
        k = op.exponent
        if k == 0:
            return "0: x⁰ is the constant 1"
        slope = "" if k == 2 else f"^{k - 1:g}".replace("-", "−")
        return f"times {k:g}·x{slope}".replace("-", "−") if k != 1 else "passed unchanged"
    if kind == "softmax":
        return f"s ⊙ (g − Σ g·s) along axis {op.axes[0]}"
    if kind == "log_softmax":
        return f"g − softmax(x)·Σ g along axis {op.axes[0]}"
    if kind in ("sum", "mean", "max", "min", "var"):
        return _reduction(kind, op.axes, parent.shape)
    if kind == "index" and isinstance(op.node, Index):
        return _indexed(op.node, source, parent.shape)
    if kind in _LAYER_RULES:
        rules = _LAYER_RULES[kind]
        return rules[min(position, len(rules) - 1)]
    return _LOCAL.get(kind, f"through {kind}")


def _broadcast_note(shape: tuple[int, ...], result: tuple[int, ...]) -> str:
    """Which axes of the result were summed because the forward pass broadcast this operand."""
    if shape == result:
        return ""
    lead = len(result) - len(shape)
    axes = list(range(lead)) + [
        lead + i for i, n in enumerate(shape) if n == 1 and result[lead + i] != 1
    ]
    if not axes:
        return ""
    noun = "axis" if len(axes) == 1 else "axes"
    return (
        f"; summed over {noun} {', '.join(map(str, axes))} because the forward pass "
        f"broadcast {show(shape)} to {show(result)}"
    )


def _broadcast_note_matmul(parent: Value, op: Made) -> str:
    if isinstance(parent, Tensor) and len(parent.shape) > 2:
        return "; batch axes broadcast in the forward pass are summed"
    return ""


def _reduction(kind: str, axes: tuple[int, ...], shape: tuple[int, ...]) -> str:
    where = (
        "to every element"
        if len(axes) == len(shape)
        else f"back along axis {', '.join(map(str, axes))}"
    )
    scope = "of all elements" if len(axes) == len(shape) else where.replace("back ", "")
    count = 1
    for axis in axes:
        count *= shape[axis]
    return {
        "sum": f"copied {where}",
        "mean": f"copied {where} and divided by {count}",
        "max": f"sent to the maximum {scope}, shared evenly on a tie; the rest get 0",
        "min": f"sent to the minimum {scope}, shared evenly on a tie; the rest get 0",
        "var": f"times 2·(x − mean)/{count}, {where}",
    }[kind]


def _indexed(node: Index, source: str, shape: tuple[int, ...]) -> str:
    items = [quote(source, item.start, item.end, 24) for item in node.items]
    picked = ", ".join(items)
    if any(isinstance(item, Slice) for item in node.items):
        return f"the positions [{picked}] selects receive it; the rest get 0"
    if all(isinstance(item, Number) for item in node.items):
        return f"only the entry [{picked}] receives it; the rest get 0"
    if len(items) == 1:
        return (
            f"scattered back to the entries {picked} picks along axis 0 of {show(shape)}; "
            "an index picked more than once adds its gradients up, the rest get 0"
        )
    return (
        f"each picked entry [{picked}] receives its gradient (added up where one is picked "
        "twice); every other entry gets 0"
    )
