"""What each mathtext command and character means in the simple HTML subset (tex_html).

Greek letters and symbols as the Unicode characters they show, which of them are binary
operators (written with spaces around them), TeX's spacing commands, escaped characters,
upright function names and groups, and accents as combining characters. No Qt here.
"""

from __future__ import annotations

GREEK = {
    **{
        name: chr(code)
        for name, code in zip(
            [
                "alpha",
                "beta",
                "gamma",
                "delta",
                "epsilon",
                "zeta",
                "eta",
                "theta",
                "iota",
                "kappa",
                "lambda",
                "mu",
                "nu",
                "xi",
                "omicron",
                "pi",
                "rho",
                "varsigma",
                "sigma",
                "tau",
                "upsilon",
                "phi",
                "chi",
                "psi",
                "omega",
            ],
            range(0x3B1, 0x3CA),
            strict=True,
        )
    },
    "varepsilon": "ε",
    "vartheta": "ϑ",
    "varphi": "φ",
    "Gamma": "Γ",
    "Delta": "Δ",
    "Theta": "Θ",
    "Lambda": "Λ",
    "Xi": "Ξ",
    "Pi": "Π",
    "Sigma": "Σ",
    "Phi": "Φ",
    "Psi": "Ψ",
    "Omega": "Ω",
}
SYMBOLS = {
    "partial": "∂",
    "nabla": "∇",
    "cdot": "·",
    "times": "×",
    "div": "÷",
    "sum": "∑",
    "prod": "∏",
    "to": "→",
    "rightarrow": "→",
    "leftarrow": "←",
    "gets": "←",
    "Rightarrow": "⇒",
    "approx": "≈",
    "sim": "∼",
    "le": "≤",
    "leq": "≤",
    "ge": "≥",
    "geq": "≥",
    "neq": "≠",
    "ne": "≠",
    "pm": "±",
    "infty": "∞",
    "ldots": "…",
    "dots": "…",
    "cdots": "⋯",
    "in": "∈",
    "odot": "⊙",
    "circ": "∘",
    "prime": "′",
    "ell": "ℓ",
    "lVert": "‖",
    "rVert": "‖",
    "Vert": "‖",
    "mid": "|",
    "vert": "|",
    "lvert": "|",
    "rvert": "|",
    "langle": "⟨",
    "rangle": "⟩",
    "quad": "\u2003",
    "qquad": "\u2003\u2003",
}
ACCENTS = {"hat": "\u0302", "bar": "\u0304", "tilde": "\u0303", "dot": "\u0307"}
"""Accents over one letter, as combining characters."""
BINARY = frozenset(
    [
        "cdot",
        "times",
        "div",
        "to",
        "rightarrow",
        "leftarrow",
        "gets",
        "Rightarrow",
        "approx",
        "sim",
        "le",
        "leq",
        "ge",
        "geq",
        "neq",
        "ne",
        "pm",
        "in",
        "odot",
        "circ",
    ]
)
SPACES = {",": "\u2009", ";": "\u2005", ":": "\u2005", "!": "", " ": " "}
ESCAPED = {"{": "{", "}": "}", "%": "%", "_": "_", "$": "$", "#": "#", "&": "&", "|": "‖"}
FUNCTIONS = frozenset(
    [
        "log",
        "ln",
        "exp",
        "sin",
        "cos",
        "tan",
        "tanh",
        "sinh",
        "cosh",
        "max",
        "min",
        "arg",
        "argmax",
        "argmin",
        "det",
    ]
)
UPRIGHT_GROUPS = frozenset({"mathrm", "text", "textrm", "operatorname", "mathsf"})
CHARS = {"-": "−", "*": "∗", "'": "′"}
"""Characters mathtext draws as other ones: a true minus sign, an asterisk operator, a prime."""
