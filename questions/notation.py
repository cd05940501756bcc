"""One notation for every question, and its mathtext read as Unicode math.

`NOTATION` is the table the text generators read (prompt, hints, steps, feedback, diagram
labels) and the catalogue test checks against: a question writes the loss as E, a unit's
output as out, its pre-activation as net, the activation's slope as f′, deltas as δ and the
learning rate as η. Each entry lists the symbols the table does *not* use for its concept,
as patterns over a text's Unicode reading (`unicode_math`), so a test can name a foreign one.

`unicode_math` turns the $…$ mathtext of a text into Unicode math (∂E/∂w₅, f′(net), η), for
every surface that cannot typeset: step titles, feedback, the CLI, the PDF's plain parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Symbol:
    """One concept's symbol: as mathtext, as Unicode, and the foreign symbols for it."""

    concept: str
    math: str
    text: str
    foreign: tuple[str, ...] = ()  # regexes over the Unicode reading of a unit's text


LOSS = Symbol(
    "loss",
    "E",
    "E",
    (
        r"∂L(?![\w])",
        r"(?<![\w∂])L\s*=",
        r"\bdL/d",
        r"(?<![\w∂])L[ₖ_(]",
        r"\bloss (value |function )?L\b",
    ),
)
OUTPUT = Symbol(
    "a unit's output", "out", "out", (r"(?<![\w.′'])o(?=\s*[=−\-+·×/)ₖ_]|\s*$)", r"∂o(?![\w])")
)
NET = Symbol("pre-activation", "net", "net", (r"(?<![\w])z(?=[ₖⱼᵢ₀-₉_)]|\s*=)", r"∂z(?![\w])"))
SLOPE = Symbol("the activation's slope", "f'", "f′", (r"σ′", r"tanh′", r"relu′"))
DELTA = Symbol("a unit's delta", r"\delta", "δ", (r"\bd_[a-z]",))
RATE = Symbol("the learning rate", r"\eta", "η", (r"(?<![\w])α(?![A-Za-z]{2})", r"\blr\b"))
TARGET = Symbol("the target", "t", "t", (r"(?<![\w])y(?=[ₖ₀-₉_]|\s*=)", r"\bp\s*[−-]\s*y(?![\w])"))

NOTATION: tuple[Symbol, ...] = (LOSS, OUTPUT, NET, SLOPE, DELTA, RATE, TARGET)
"""The table, in the order docs/design.md lists it."""

UNIT_CONCEPTS = (OUTPUT, NET, TARGET)
"""Concepts checked only in questions about units (a circuit's variables are free names)."""

OWN_NAMES: dict[str, str] = {
    "chain-rule": "a circuit's variables: x, y, z, q, f, s = σ(z)",
    "autodiff": "a function's input x and output y, tangents v̇ and adjoints v̄, Jacobians J",
    "convolution": "a layer's input x (X), kernel w (W), output y (Y), δ = ∂E/∂y",
    "normalization": "input x, x̂, the batch mean μ and variance σ², scale γ, shift β, "
    "output y, g = ∂E/∂y",
    "recurrent": "the hidden state h_t = f(net_t), W_hh and W_xh, δ_t = ∂E/∂net_t",
    "attention": "queries Q (q), keys K, values V (v), scores S (s), weights P (p), output O, "
    "G = ∂E/∂O; an embedding table M; a residual block h_{l+1} = h_l + F(h_l)",
    "regularization": "dropout's input x, mask m and output y; the penalty weight λ",
}
"""Topics whose texts are about layers or circuits, not units, and the names they use: there
the unit rows (out, net, t) do not apply; the loss, slope, delta and rate rows do. Every other
topic speaks of units and uses the whole table. Optimizers write momentum as
v ← βv + g and Adam's moments as m and s, as the optimizer family does."""


def partial(of: str, by: str) -> str:
    """∂of/∂by as mathtext, with the table's loss symbol for "E"."""
    return rf"\partial {of} / \partial {by}"


GREEK = {
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "epsilon": "ε",
    "varepsilon": "ε",
    "eta": "η",
    "theta": "θ",
    "lambda": "λ",
    "mu": "μ",
    "pi": "π",
    "rho": "ρ",
    "sigma": "σ",
    "tau": "τ",
    "phi": "φ",
    "psi": "ψ",
    "omega": "ω",
    "Delta": "Δ",
    "Sigma": "Σ",
}
SYMBOLS = {
    "partial": "∂",
    "cdot": " · ",
    "times": " × ",
    "sum": "Σ",
    "prod": "Π",
    "leftarrow": " ← ",
    "rightarrow": " → ",
    "to": " → ",
    "leq": " ≤ ",
    "le": " ≤ ",
    "geq": " ≥ ",
    "ge": " ≥ ",
    "neq": " ≠ ",
    "ne": " ≠ ",
    "approx": " ≈ ",
    "infty": "∞",
    "odot": " ⊙ ",
    "pm": "±",
    "in": " ∈ ",
    "ldots": "…",
    "dots": "…",
    "cdots": "⋯",
    "top": "ᵀ",
    "{": "{",
    "}": "}",
    "%": "%",
    "$": "$",
    "#": "#",
    "_": "_",
}
SPACES = {",": " ", ";": " ", ":": " ", "!": "", "quad": " ", "qquad": " ", " ": " "}
WORDS = {"ln", "log", "exp", "tanh", "max", "min", "sin", "cos", "arg"}
UPRIGHT = {"mathrm", "text", "operatorname", "mathit", "mathbf", "boldsymbol", "hat", "bar"}
DROPPED = {"left", "right", "big", "Big", "bigl", "bigr", "displaystyle"}
SUBSCRIPT = dict(
    zip("0123456789+-=(),aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎,ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True)
)
SUPERSCRIPT = dict(
    zip("0123456789+-=()inTt", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱⁿᵀᵗ", strict=True),
)
_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[{}_^]|\s+|.", re.DOTALL)
_MATH = re.compile(r"\$([^$]*)\$")


class _Reader:
    """Recursive descent over mathtext tokens, writing Unicode."""

    def __init__(self, tex: str) -> None:
        self.tokens = _TOKEN.findall(tex)
        self.i = 0

    def read(self, stop: str | None = None) -> str:
        parts: list[str] = []
        while self.i < len(self.tokens) and self.tokens[self.i] != stop:
            token = self.tokens[self.i]
            if token in ("_", "^"):
                self.i += 1
                parts.append(self.script(token, self.atom()))
            else:
                parts.append(self.atom())
        return "".join(parts)

    def atom(self) -> str:
        if self.i >= len(self.tokens):
            return ""
        token = self.tokens[self.i]
        self.i += 1
        if token == "{":
            body = self.read("}")
            self.i += 1
            return body
        if token == "}":
            return ""
        if token.startswith("\\"):
            if token[1:].isalpha():
                while self.i < len(self.tokens) and self.tokens[self.i].isspace():
                    self.i += 1
            return self.command(token[1:])
        return "′" if token == "'" else token

    def script(self, kind: str, body: str) -> str:
        table = SUBSCRIPT if kind == "_" else SUPERSCRIPT
        if body and all(c in table for c in body):
            return "".join(table[c] for c in body)
        if kind == "_":
            return f"_{body}" if len(body) == 1 else f"_({body})"
        return f"^{body}" if len(body) == 1 else f"^({body})"

    def command(self, name: str) -> str:
        if name in GREEK:
            return GREEK[name]
        if name in SYMBOLS:
            return SYMBOLS[name]
        if name in SPACES:
            return SPACES[name]
        if name in WORDS:
            following = self.tokens[self.i] if self.i < len(self.tokens) else ""
            return f"{name} " if following[:1].isalnum() else name
        if name in DROPPED:
            if self.i < len(self.tokens) and self.tokens[self.i] == ".":
                self.i += 1  # \left. draws nothing
            return ""
        if name in UPRIGHT:
            return self.atom_skipping_space()
        if name in ("frac", "dfrac", "tfrac"):
            top, bottom = self.atom_skipping_space(), self.atom_skipping_space()
            return f"{_wrapped(top)}/{_wrapped(bottom)} "
        if name == "sqrt":
            return f"√{_wrapped(self.atom_skipping_space())}"
        return name

    def atom_skipping_space(self) -> str:
        while self.i < len(self.tokens) and self.tokens[self.i].isspace():
            self.i += 1
        return self.atom()


def _wrapped(text: str) -> str:
    """A fraction's part, in parentheses when it is more than one term."""
    text = text.strip()
    return f"({text})" if re.search(r"[\s+\-−=]", text) else text


def tex_to_unicode(tex: str) -> str:
    """One formula's mathtext (without its $) as Unicode math: \\partial E / \\partial w_5
    -> ∂E/∂w₅."""
    text = _Reader(tex).read()
    text = re.sub(r"\s*/\s*(?=∂)", "/", text)  # ∂E / ∂w reads as one symbol: ∂E/∂w
    text = re.sub(r" +([)\],.;])", r"\1", text)
    return re.sub(r" {2,}", " ", text).strip()


def unicode_math(text: str) -> str:
    """A text with every $…$ formula read as Unicode math, so no TeX reaches a plain surface."""
    return _MATH.sub(lambda m: tex_to_unicode(m.group(1)), text)


RAW_TEX = re.compile(r"\$|\\[A-Za-z]+|\\[{}]")
"""What must never reach a plain surface: a math delimiter or a backslash command."""


def raw_tex(text: str) -> str | None:
    """The first piece of raw TeX in a text meant for a plain surface (None if there is none,
    and an unbalanced brace counts)."""
    if found := RAW_TEX.search(text):
        return found.group(0)
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return "}"
    return "{" if depth else None


def foreign_symbols(text: str, unit: bool) -> list[str]:
    """The concepts whose foreign symbol appears in a Unicode text, with the symbol found;
    `unit` adds the checks for texts about units (output, pre-activation, target)."""
    found = []
    for symbol in NOTATION:
        if symbol in UNIT_CONCEPTS and not unit:
            continue
        for pattern in symbol.foreign:
            if match := re.search(pattern, text):
                found.append(
                    f"{symbol.concept}: {match.group(0)!r} (the table writes {symbol.text})"
                )
    return found
