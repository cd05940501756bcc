"""Recursive-descent parser for worked-example scripts: tokens -> a tuple of Assign statements.

Grammar (loosest first); statements are read in a loop, so a script may be any length, and
nesting deeper than MAX_DEPTH is an ExprError rather than a RecursionError:

    script     := statement ((';' | line break) statement)*      blank statements are skipped
    statement  := NAME '=' expression
    expression := term (('+' | '-') term)*
    term       := unary (('*' | '/') unary)*
    unary      := ('-' | '+')* power                 so -x**2 is -(x**2)
    power      := primary (('**' | '^') unary)?      right-associative: 2^3^2 is 2^(3^2)
    primary    := NUMBER | NAME | FUNCTION '(' arguments ')' | '(' expression ')'
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from engine.expr_syntax import (
    FUNCTIONS,
    MAX_DEPTH,
    Assign,
    Binary,
    Call,
    Expr,
    ExprError,
    Name,
    Negate,
    Number,
    Token,
    describe,
    error_at,
    line_column,
    tokenize,
)

_ARGUMENTS = {1: "one argument", 2: "two arguments"}


def parse_statements(source: str) -> tuple[Assign, ...]:
    """Every statement of a script, in order; raises ExprError naming the first problem."""
    return _Parser(source).script()


def parse_expression(source: str) -> Expr:
    """One expression and nothing after it (a formula a learner types); ExprError otherwise."""
    parser = _Parser(source)
    if parser.peek().kind == "END":
        raise parser.error(0, "empty formula: expected an expression such as s * (1 - s)")
    value = parser.expression()
    token = parser.peek()
    if token.kind != "END":
        raise parser.error(
            token.start, f"unexpected {describe(token)} after the expression; expected an operator"
        )
    return value


class _Parser:
    """One pass over the tokens with one token of look-ahead."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = tokenize(source)
        self.i = 0
        self.nesting = 0

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
            found = describe(self.peek())
            raise self.error(
                self.peek().start,
                f"expected '=' after {target.text!r} (a statement is 'name = expression'), "
                f"found {found}",
            )
        if target.text in FUNCTIONS:
            raise self.error(target.start, f"cannot assign to {target.text!r}: it is a function")
        self.i += 1
        value = self.expression()
        return Assign(target.text, value, target.start, value.end)

    def nested(self, parse: Callable[[], Expr], opener: Token) -> Expr:
        """Parse a nested part, refusing to go deeper than MAX_DEPTH."""
        self.nesting += 1
        try:
            if self.nesting > MAX_DEPTH:
                raise self.too_deep(opener.start)
            return parse()
        finally:
            self.nesting -= 1

    def too_deep(self, position: int) -> ExprError:
        return self.error(
            position,
            f"expression nested too deeply (more than {MAX_DEPTH} levels of parentheses, "
            "calls, powers or signs); split it into several statements",
        )

    def binary(self, op: str, left: Expr, right: Expr) -> Binary:
        """A Binary node; a chain of + - * / along its left operands (a flat sum) does not
        count as nesting, since evaluation walks that chain in a loop."""
        depth = 1 + max(left.depth, right.depth) if op == "**" else max(left.depth, 1 + right.depth)
        if depth > MAX_DEPTH:
            raise self.too_deep(left.start)
        return Binary(op, left, right, left.start, right.end, depth)

    def expression(self) -> Expr:
        left = self.term()
        while op := self.at_op("+", "-"):
            self.i += 1
            left = self.binary(op.text, left, self.term())
        return left

    def term(self) -> Expr:
        left = self.unary()
        while op := self.at_op("*", "/"):
            self.i += 1
            left = self.binary(op.text, left, self.unary())
        return left

    def unary(self) -> Expr:
        signs: list[Token] = []
        while sign := self.at_op("+", "-"):
            signs.append(sign)
            self.i += 1
        operand = self.power()
        for sign in reversed(signs):
            if sign.text == "+":
                operand = dataclasses.replace(operand, start=sign.start)
            elif isinstance(operand, Number):
                operand = Number(-operand.value, sign.start, operand.end)
            elif operand.depth >= MAX_DEPTH:
                raise self.too_deep(sign.start)
            else:
                operand = Negate(operand, sign.start, operand.end, operand.depth + 1)
        return operand

    def power(self) -> Expr:
        base = self.primary()
        if op := self.at_op("**", "^"):
            self.i += 1
            return self.binary("**", base, self.nested(self.unary, op))
        return base

    def primary(self) -> Expr:
        token = self.advance()
        if token.kind == "NUM":
            return Number(token.value, token.start, token.end)
        if token.kind == "NAME":
            if self.at_op("("):
                return self.call(token)
            if token.text in FUNCTIONS:
                raise self.error(
                    token.start,
                    f"{token.text!r} is a function: expected '(' and its argument after it",
                )
            return Name(token.text, token.start, token.end)
        if token.kind == "OP" and token.text == "(":
            inner = self.nested(self.expression, token)
            self.expect_close(token, "')'")
            return dataclasses.replace(inner, start=token.start, end=self.tokens[self.i - 1].end)
        raise self.error(
            token.start, f"expected a number, a name, a function or '(', found {describe(token)}"
        )

    def expect_close(self, opener: Token, wanted: str) -> None:
        close = self.advance()
        if close.kind != "OP" or close.text != ")":
            line, column = line_column(self.source, opener.start)
            raise self.error(
                close.start,
                f"expected {wanted} to close the '(' at line {line}, column {column}, "
                f"found {describe(close)}",
            )

    def call(self, name: Token) -> Call:
        if name.text not in FUNCTIONS:
            known = ", ".join(FUNCTIONS)
            raise self.error(
                name.start, f"unknown function {name.text!r}; the functions are {known}"
            )
        opener = self.advance()
        args: list[Expr] = []
        if not self.at_op(")"):
            args.append(self.nested(self.expression, opener))
            while self.at_op(","):
                self.i += 1
                args.append(self.nested(self.expression, opener))
        self.expect_close(opener, "',' or ')'" if args else "')'")
        wanted = FUNCTIONS[name.text]
        if len(args) != wanted:
            raise self.error(
                name.start,
                f"{name.text}() takes {_ARGUMENTS[wanted]}, given {len(args)}",
            )
        depth = 1 + max(arg.depth for arg in args)
        if depth > MAX_DEPTH:
            raise self.too_deep(name.start)
        return Call(name.text, tuple(args), name.start, self.tokens[self.i - 1].end, depth)
