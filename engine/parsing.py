"""The recursive-descent parser both script languages share: tokens -> a tuple of Assign.

A language subclasses `Parser`: it names its operators, its binary operators by precedence
(`LEVELS`), its functions and constants, and builds its own calls (`call`), signs (`signed`),
binary nodes (`binary`) and power bases (`operand`). The grammar, loosest first:

    script     := statement ((';' | line break) statement)*      blank statements are skipped
    statement  := NAME '=' expression
    expression := unary (OP expression)*      by precedence climbing over LEVELS:
                                              a + b * c - d is (a + (b * c)) - d
    unary      := ('-' | '+')* power                 so -x**2 is -(x**2)
    power      := operand (('**' | '^') unary)?      right-associative: 2^3^2 is 2^(3^2)
    operand    := primary, or what a language adds after it
    primary    := NUMBER | CONSTANT | NAME | FUNCTION '(' arguments ')' | '(' expression ')'

Statements, flat chains such as `a + b + c + ...` and runs of signs are read in loops, so a
script may be any length; nesting deeper than MAX_DEPTH is an ExprError, never a RecursionError.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Mapping
from typing import TypeVar

from engine.expr_syntax import (
    MAX_DEPTH,
    ExprError,
    Token,
    describe,
    error_at,
    line_column,
    tokenize,
)
from engine.syntax_tree import Assign, Binary, Call, Expr, Name, Number

T = TypeVar("T")


class Parser:
    """One pass over a script's tokens with one token of look-ahead; a language subclasses it."""

    OPERATORS: tuple[str, ...]
    """The language's operator tokens, longest first where one starts another."""
    LEVELS: tuple[tuple[str, ...], ...]
    """The binary operators by precedence, loosest first."""
    FUNCTIONS: Collection[str]
    """Function names, in the order an error lists them; none may be assigned to."""
    CONSTANTS: Mapping[str, float] = {}
    """Names that are literals (True, False)."""
    BRACKETS = "parentheses"
    """What the brackets are called where nesting too deeply is refused."""
    SIGNS_NEST = False
    """Whether each sign counts as a level of nesting (otherwise the tree's depth counts it)."""
    ARGUMENTS = "arguments"
    """What follows a function's '(', as an error names it."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = tokenize(source, self.OPERATORS)
        self.i = 0
        self.nesting = 0
        self.precedence = {op: k for k, ops in enumerate(self.LEVELS) for op in ops}

    def call(self, name: Token, receiver: Expr | None) -> Call:
        """The call of function `name` (or method, on `receiver`), after its name."""
        raise NotImplementedError

    def signed(self, sign: Token, operand: Expr) -> Expr:
        """`operand` with the sign written before it applied."""
        raise NotImplementedError

    def binary(self, op: str, left: Expr, right: Expr) -> Expr:
        """The node for `left op right`."""
        return Binary(op, left, right, start=left.start, end=right.end)

    def peek(self) -> Token:
        return self.tokens[self.i]

    def advance(self) -> Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def at_op(self, *ops: str) -> Token | None:
        token = self.tokens[self.i]
        return token if token.kind == "OP" and token.text in ops else None

    def error(self, position: int, detail: str) -> ExprError:
        return error_at(self.source, position, detail)

    def too_deep(self, position: int) -> ExprError:
        return self.error(
            position,
            f"expression nested too deeply (more than {MAX_DEPTH} levels of {self.BRACKETS}, "
            "calls, powers or signs); split it into several statements",
        )

    def script(self) -> tuple[Assign, ...]:
        statements: list[Assign] = []
        while True:
            while self.peek().kind == "SEP":
                self.i += 1
            if self.peek().kind == "END":
                break
            statements.append(self.statement())
            token = self.peek()
            if token.kind not in ("SEP", "END"):
                raise self.error(
                    token.start,
                    f"unexpected {describe(token)} after the expression; "
                    "expected an operator, ';' or a new line",
                )
        if not statements:
            raise self.error(0, "empty script: expected at least one statement 'name = expression'")
        return tuple(statements)

    def statement(self) -> Assign:
        target = self.advance()
        if target.kind != "NAME":
            raise self.error(
                target.start, f"expected a statement 'name = expression', found {describe(target)}"
            )
        if self.at_op("=") is None:
            raise self.error(
                self.peek().start,
                f"expected '=' after {target.text!r} (a statement is 'name = expression'), "
                f"found {describe(self.peek())}",
            )
        if target.text in self.FUNCTIONS or target.text in self.CONSTANTS:
            what = "a function" if target.text in self.FUNCTIONS else "a constant"
            raise self.error(target.start, f"cannot assign to {target.text!r}: it is {what}")
        self.i += 1
        value = self.expression()
        return Assign(target.text, value, start=target.start, end=value.end)

    def nested(self, parse: Callable[[], T], opener: Token) -> T:
        """Parse a nested part, refusing to go deeper than MAX_DEPTH."""
        self.nesting += 1
        try:
            if self.nesting > MAX_DEPTH:
                raise self.too_deep(opener.start)
            return parse()
        finally:
            self.nesting -= 1

    def expression(self, level: int = 0) -> Expr:
        """Binary operators by precedence climbing: a chain of operators at one level is read in
        a loop; only the right operand of a tighter operator is parsed by recursion."""
        left = self.unary()
        while (op := self.peek()).kind == "OP" and self.precedence.get(op.text, -1) >= level:
            self.i += 1
            right = self.expression(self.precedence[op.text] + 1)
            left = self.binary(op.text, left, right)
        return left

    def unary(self) -> Expr:
        signs: list[Token] = []
        while sign := self.at_op("+", "-"):
            signs.append(sign)
            self.i += 1
            if self.SIGNS_NEST:
                self.nesting += 1
                if self.nesting > MAX_DEPTH:
                    raise self.too_deep(sign.start)
        operand = self.power()
        if self.SIGNS_NEST:
            self.nesting -= len(signs)
        for sign in reversed(signs):
            operand = self.signed(sign, operand)
        return operand

    def power(self) -> Expr:
        base = self.operand()
        if op := self.at_op("**", "^"):
            self.i += 1
            return self.binary("**", base, self.nested(self.unary, op))
        return base

    def primary(self) -> Expr:
        token = self.advance()
        if token.kind == "NUM":
            kind = "float" if any(c in token.text for c in ".eE") else "int"
            return Number(token.value, kind, start=token.start, end=token.end)
        if token.kind == "NAME" and token.text in self.CONSTANTS:
            return Number(self.CONSTANTS[token.text], "bool", start=token.start, end=token.end)
        if token.kind == "NAME" and self.at_op("("):
            if token.text not in self.FUNCTIONS:
                known = ", ".join(self.FUNCTIONS)
                raise self.error(
                    token.start, f"unknown function {token.text!r}; the functions are {known}"
                )
            return self.call(token, None)
        if token.kind == "NAME" and token.text in self.FUNCTIONS:
            raise self.error(
                token.start,
                f"{token.text!r} is a function: expected '(' and its {self.ARGUMENTS} after it",
            )
        if token.kind == "NAME":
            return Name(token.text, start=token.start, end=token.end)
        if token.kind == "OP" and token.text == "(":
            inner = self.nested(self.expression, token)
            self.expect_close(token, "')'")
            return dataclasses.replace(inner, start=token.start, end=self.tokens[self.i - 1].end)
        raise self.error(
            token.start, f"expected a number, a name, a function or '(', found {describe(token)}"
        )

    operand = primary
    """What an operator applies to, a power's base (a language may add a postfix chain)."""

    def expect_close(self, opener: Token, wanted: str) -> None:
        close = self.advance()
        closer = ")" if opener.text == "(" else "]"
        if close.kind != "OP" or close.text != closer:
            line, column = line_column(self.source, opener.start)
            raise self.error(
                close.start,
                f"expected {wanted} to close the {opener.text!r} at line {line}, "
                f"column {column}, found {describe(close)}",
            )
