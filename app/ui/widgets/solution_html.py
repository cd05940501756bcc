"""The Workbench's worked solutions as rich text: forward and backward steps as tables.

Every name and number is HTML-escaped; scripts are the learner's text, never markup.
"""

from __future__ import annotations

import re
from html import escape

from app.present.solve_model import SHOWN_OPS, NetworkSolution, ScriptSolution
from app.ui.theme import Colors


def num(value: float) -> str:
    """A number as the tables show it: up to 6 significant figures, a real minus, no '-0'."""
    return f"{value + 0.0:.6g}".replace("-", "\u2212")


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
        f"∂{out}/∂{escape(name)} = {num(g)}"
        for name, g in solution.gradients.items()
        if name in values and name != solution.output
    ]
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


def _signs(cell: str) -> str:
    """Report text with real math signs: × for x between terms, → for ->, − for minus."""
    cell = cell.replace("sum w x", "Σ w·x")
    cell = re.sub(r"(?<=\S) x (?=\S)", " × ", cell).replace("->", "→")
    cell = re.sub(r"(?<![\w.])-(?=[\d.(])", "−", cell)
    return re.sub(r" - (?=[\d(])", " − ", cell)


def _typeset(cell: str) -> str:
    return escape(_signs(cell))


def _columns(rule: str) -> list[tuple[int, int]]:
    """Where each column of a text table lies, from its rule line ("----  -----")."""
    spans = [m.start() for m in re.finditer(r"-+", rule)]
    return [(a, b) for a, b in zip(spans, [*spans[1:], 10**6], strict=True)]


def report_html(text: str, colors: Colors) -> str:
    """A plain-text report (headers ruled with dashes) as headings, paragraphs and tables."""
    lines, parts, k = text.split("\n"), [], 0
    while k < len(lines):
        line = lines[k]
        if k + 1 < len(lines) and line.strip() and re.fullmatch(r"[- ]*-[- ]*", lines[k + 1]):
            spans = _columns(lines[k + 1])
            rows, k = [], k + 2
            while k < len(lines) and lines[k].strip():
                rows.append([_typeset(lines[k][a:b].strip()) for a, b in spans])
                k += 1
            headers = [_signs(line[a:b].strip()) for a, b in spans]
            numeric = {i for i in range(len(spans)) if all(_is_number(r[i]) for r in rows)}
            parts.append(_table(headers, rows, colors, numeric))
            continue
        if line.strip() and line == line.upper() and any(c.isalpha() for c in line):
            parts.append(f"<h3>{_typeset(line.strip().capitalize())}</h3>")
        elif line.strip():
            parts.append(f"<p>{_typeset(line)}</p>")
        k += 1
    return "".join(parts)


def _is_number(cell: str) -> bool:
    return re.fullmatch(r"[−-]?[\d.]+(e[−+-]?\d+)?", cell) is not None


def network_html(solution: NetworkSolution, colors: Colors) -> str:
    """The network's worked solution (the `solve` command's report) typeset as tables."""
    return f'<p>Loss: <b style="color:{colors.value}">{num(solution.loss)}</b></p>' + report_html(
        solution.text, colors
    )
