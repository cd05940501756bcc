"""The Workbench's worked solutions as rich text: forward and backward steps as tables.

Every name and number is HTML-escaped; scripts are the learner's text, never markup.
"""

from __future__ import annotations

from html import escape

from app.present.solve_model import SHOWN_OPS, NetworkSolution, ScriptSolution
from app.ui.theme import Colors


def num(value: float) -> str:
    """A number as the tables show it: up to 6 significant figures, no '-0'."""
    return f"{value + 0.0:.6g}"


def _table(headers: list[str], rows: list[list[str]], colors: Colors, right: set[int]) -> str:
    head = "".join(
        f'<th nowrap align="{"right" if i in right else "left"}" style="color:{colors.muted}">'
        f"{escape(h)}</th>"
        for i, h in enumerate(headers)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td nowrap align="{"right" if i in right else "left"}">{cell}</td>'
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f'<table cellspacing="0" cellpadding="5"><tr>{head}</tr>{body}</table>'


def script_html(solution: ScriptSolution, colors: Colors) -> str:
    """Forward pass, backward pass (upstream × local = gradient) and the gradient summary."""
    out = escape(solution.output)
    value = f'style="color:{colors.value}"'
    grad = f'style="color:{colors.grad}"'
    forward = [
        [
            f"<b>{escape(s.node)}</b>",
            "input" if s.op == "input" else escape(SHOWN_OPS.get(s.op, s.op)),
            escape(", ".join(s.inputs)),
            f"<span {value}>{num(s.value)}</span>",
        ]
        for s in solution.forward
    ]
    backward = [
        [
            escape(f"{s.node} → {s.parent}"),
            num(s.upstream),
            "×",
            num(s.local),
            "=",
            f"<span {grad}>{num(s.gradient)}</span>",
        ]
        for s in solution.backward
    ]
    incoming: dict[str, list[float]] = {}
    for s in solution.backward:
        incoming.setdefault(s.parent, []).append(s.gradient)
    fans = [
        f"{escape(name)}: {' + '.join(num(p) for p in parts)} = {num(sum(parts))}"
        for name, parts in incoming.items()
        if len(parts) > 1
    ]
    values = solution.evaluation.values()
    summary = [
        f"∂{out}/∂{escape(name)} = {num(g)}" for name, g in solution.gradients.items()
        if name in values and name != solution.output
    ]  # fmt: skip
    parts = [
        f"<h3>Gradients of {out}</h3>",
        f"<p {grad}>" + "<br>".join(summary) + "</p>",
        "<h3>Forward pass</h3>",
        _table(["node", "op", "inputs", "value"], forward, colors, right={3}),
        "<h3>Backward pass: upstream × local = gradient</h3>",
        _table(["edge", "upstream", "", "local", "", "gradient"], backward, colors, {1, 3, 5}),
    ]
    if fans:
        parts.append("<p>Where a value fans out, its gradient is the sum over its edges:<br>")
        parts.append("<br>".join(fans) + "</p>")
    return "".join(parts)


def network_html(solution: NetworkSolution, colors: Colors) -> str:
    """The network's worked solution (the `solve` command's text) in a fixed-width block."""
    return (
        f'<p>Loss: <b style="color:{colors.value}">{num(solution.loss)}</b></p>'
        f"<pre>{escape(solution.text)}</pre>"
    )
