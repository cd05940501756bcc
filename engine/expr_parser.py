"""The scalar script language's parser: engine/parsing.py's grammar with + - at the loosest
level, * / above them, and calls of a fixed number of positional arguments.

A node's `depth` counts its nesting (parentheses, calls, powers, signs) so that evaluation,
which recurses on it, is bounded by MAX_DEPTH; a chain of + - * / along its left operands (a
flat sum) does not count, since evaluation walks that chain in a loop.
"""

from __future__ import annotations

import dataclasses

from engine.expr_syntax import FUNCTIONS, MAX_DEPTH, Token, describe
from engine.parsing import Parser
from engine.syntax_tree import Assign, Binary, Call, Expr, Negate, Number

_ARGUMENTS = {1: "one argument", 2: "two arguments"}


def parse_statements(source: str) -> tuple[Assign, ...]:
    """Every statement of a script, in order; raises ExprError naming the first problem."""
    return _ScalarParser(source).script()


def parse_expression(source: str) -> Expr:
    """One expression and nothing after it (a formula a learner types); ExprError otherwise."""
    parser = _ScalarParser(source)
    if parser.peek().kind == "END":
        raise parser.error(0, "empty formula: expected an expression such as s * (1 - s)")
    value = parser.expression()
    token = parser.peek()
    if token.kind != "END":
        raise parser.error(
            token.start, f"unexpected {describe(token)} after the expression; expected an operator"
        )
    return value


class _ScalarParser(Parser):
    OPERATORS = ("**", "+", "-", "*", "/", "^", "(", ")", ",", "=")
    LEVELS = (("+", "-"), ("*", "/"))
    FUNCTIONS = FUNCTIONS
    ARGUMENTS = "argument"

    def binary(self, op: str, left: Expr, right: Expr) -> Binary:
        depth = 1 + max(left.depth, right.depth) if op == "**" else max(left.depth, 1 + right.depth)
        if depth > MAX_DEPTH:
            raise self.too_deep(left.start)
        return Binary(op, left, right, start=left.start, end=right.end, depth=depth)

    def signed(self, sign: Token, operand: Expr) -> Expr:
        if sign.text == "+":
            return dataclasses.replace(operand, start=sign.start)
        if isinstance(operand, Number):
            return Number(-operand.value, operand.kind, start=sign.start, end=operand.end)
        if operand.depth >= MAX_DEPTH:
            raise self.too_deep(sign.start)
        return Negate(operand, start=sign.start, end=operand.end, depth=operand.depth + 1)

    def call(self, name: Token, receiver: Expr | None) -> Call:
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
                name.start, f"{name.text}() takes {_ARGUMENTS[wanted]}, given {len(args)}"
            )
        depth = 1 + max(arg.depth for arg in args)
        if depth > MAX_DEPTH:
            raise self.too_deep(name.start)
        return Call(
            name.text, tuple(args), start=name.start, end=self.tokens[self.i - 1].end, depth=depth
        )
