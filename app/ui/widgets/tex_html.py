"""Simple mathtext as Qt rich text, so most math shows instantly without rendering an image.

Prompts carry many small formulas (`$w_{5} = 0.40$`, `$\\partial E / \\partial w_{8}$`).
Rendering each with matplotlib costs tens of milliseconds, so the common subset (letters,
numbers, sub- and superscripts, Greek letters, operators, upright function names) is turned
into HTML with <i>, <sub> and <sup>; `tex_to_html` returns None for anything else (fractions,
roots, accents), which the caller renders with matplotlib.mathtext. `tex_to_plain` gives a
readable plain-text form of any formula, for accessible names. What each command means is
in tex_symbols. No Qt here.
"""

from __future__ import annotations

import html
import re

from app.ui.widgets.tex_symbols import (
    ACCENTS,
    BINARY,
    CHARS,
    ESCAPED,
    FUNCTIONS,
    GREEK,
    SPACES,
    SYMBOLS,
    UPRIGHT_GROUPS,
)

_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[{}_^]|\s+|.", re.DOTALL)
SLASH_LIMIT = 12
"""Longest numerator or denominator (plain characters) shown inline as a/b."""


class Unsupported(ValueError):
    """The formula uses something the HTML subset cannot show; render it as an image."""


class _Parser:
    """Recursive descent over mathtext tokens, producing HTML or plain text."""

    def __init__(self, tex: str, plain: bool) -> None:
        self.tokens = _TOKEN.findall(tex)
        self.i = 0
        self.plain = plain

    def parse(self) -> str:
        out = self.sequence(stop=None)
        if self.i < len(self.tokens):
            raise Unsupported(f"unbalanced '}}' in {''.join(self.tokens)!r}")
        return re.sub(r" {2,}", " ", out).strip()

    def sequence(self, stop: str | None) -> str:
        parts: list[str] = []
        while self.i < len(self.tokens) and self.tokens[self.i] != stop:
            token = self.tokens[self.i]
            if token == "}":
                if stop is None:
                    raise Unsupported("unbalanced '}'")
                break
            if token in ("_", "^"):
                self.i += 1
                parts.append(self.script(token, self.atom()))
            else:
                parts.append(self.atom())
        return "".join(parts)

    def script(self, kind: str, body: str) -> str:
        if self.plain:
            return ("^" + body) if kind == "^" else body
        tag = "sub" if kind == "_" else "sup"
        return f"<{tag}>{body}</{tag}>"

    def group(self) -> str:
        """The next atom; a braced group when there is one."""
        while self.i < len(self.tokens) and self.tokens[self.i].isspace():
            self.i += 1
        return self.atom()

    def atom(self) -> str:
        if self.i >= len(self.tokens):
            raise Unsupported("formula ends where something was expected")
        token = self.tokens[self.i]
        self.i += 1
        if token == "{":
            body = self.sequence(stop="}")
            if self.i >= len(self.tokens):
                raise Unsupported("unbalanced '{'")
            self.i += 1
            return body
        if token.isspace():
            return " "
        if token.startswith("\\"):
            if token[1:].isalpha():  # TeX: a space after a command word only ends the word
                while self.i < len(self.tokens) and self.tokens[self.i].isspace():
                    self.i += 1
            return self.command(token[1:])
        if token.isalpha():
            return token if self.plain else f"<i>{html.escape(token)}</i>"
        return html.escape(CHARS.get(token, token)) if not self.plain else token

    def command(self, name: str) -> str:
        if name in GREEK:
            letter = GREEK[name]
            return letter if self.plain or name[0].isupper() else f"<i>{letter}</i>"
        if name in SYMBOLS:
            return f" {SYMBOLS[name]} " if name in BINARY else SYMBOLS[name]
        if name in SPACES:
            return SPACES[name]
        if name in ESCAPED:
            return html.escape(ESCAPED[name]) if not self.plain else ESCAPED[name]
        if name in FUNCTIONS:
            return name
        if name in UPRIGHT_GROUPS:
            body = self.upright(self.group())
            return body
        if name in ("left", "right", "big", "Big", "bigl", "bigr", "Bigl", "Bigr"):
            following = self.tokens[self.i] if self.i < len(self.tokens) else ""
            if following == ".":
                self.i += 1
            return ""
        if name in ACCENTS:
            body = self.group()
            if self.plain:
                return body + ACCENTS[name]
            if len(_strip_tags(body)) != 1:
                raise Unsupported("an accent over more than one letter is drawn")
            return (
                body.replace("</i>", ACCENTS[name] + "</i>")
                if "</i>" in body
                else (body + ACCENTS[name])
            )
        if name in ("mathbf", "boldsymbol", "bf"):
            body = self.group()
            return body if self.plain else f"<b>{body}</b>"
        if name in ("mathit", "mathnormal"):
            return self.group()
        if name in ("frac", "dfrac", "tfrac") and not self.plain:
            return self.fraction()
        if not self.plain:
            raise Unsupported(f"\\{name} is not in the HTML subset")
        return self.plain_fallback(name)

    def fraction(self) -> str:
        """A short inline fraction: ¹⁄₂ style for numbers, ∂L/∂w for short symbols."""
        top, bottom = self.group(), self.group()
        plain_top, plain_bottom = _strip_tags(top), _strip_tags(bottom)
        if plain_top.isdigit() and plain_bottom.isdigit() and len(plain_top + plain_bottom) <= 4:
            return f"<sup>{top}</sup>\u2044<sub>{bottom}</sub>"
        if max(len(plain_top), len(plain_bottom)) > SLASH_LIMIT:
            raise Unsupported("a long fraction reads better drawn")
        return f"{_wrap_html(top, plain_top)}/{_wrap_html(bottom, plain_bottom)}"

    def upright(self, body: str) -> str:
        return body if self.plain else re.sub(r"</?i>", "", body)

    def plain_fallback(self, name: str) -> str:
        """Readable text for what only an image can show: \\frac{a}{b} -> (a)/(b)."""
        if name in ("frac", "dfrac", "tfrac"):
            top, bottom = self.group(), self.group()
            return f"{_wrap(top)}/{_wrap(bottom)}"
        if name == "sqrt":
            return f"√{_wrap(self.group())}"
        if name in ("hat", "bar", "tilde", "vec", "dot", "overline", "mathcal", "mathbb"):
            return self.group()
        return name


def _strip_tags(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def _wrap_html(markup: str, plain: str) -> str:
    """Parenthesise a fraction's part when it is more than one term (has a space or sign)."""
    return f"({markup})" if re.search(r"[\s+−=]", plain) else markup


def _wrap(text: str) -> str:
    return f"({text})" if re.search(r"[\s+\-=]", text.strip()) else text.strip()


def tex_to_html(tex: str) -> str | None:
    """Rich text for a formula (without its `$`), or None if it needs an image."""
    try:
        return _Parser(tex, plain=False).parse()
    except Unsupported:
        return None


def tex_to_plain(tex: str) -> str:
    """A plain-text reading of any formula (without its `$`): '∂E / ∂w8', '(1)/(2)'."""
    try:
        return " ".join(_Parser(tex, plain=True).parse().split())
    except Unsupported:
        return tex
