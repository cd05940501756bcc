"""Recursive-descent parser for tensor scripts: tokens -> a tuple of Assign statements.

Grammar (loosest first); as in the scalar language (engine/expr_parser.py) statements, flat
chains and postfix chains are read in loops, and nesting deeper than MAX_DEPTH is an
ExprError rather than a RecursionError:

    script     := statement ((';' | line break) statement)*
    statement  := NAME '=' expression
    expression := term (('+' | '-') term)*
    term       := unary (('*' | '/' | '@') unary)*
    unary      := ('-' | '+')* power                 so -x**2 is -(x**2)
    power      := postfix (('**' | '^') unary)?      right-associative
    postfix    := primary ('[' items ']' | '.' NAME ('(' arguments ')')?)*
    primary    := NUMBER | NAME | NAME '(' arguments ')' | '(' expression ')'
    arguments  := (argument (',' argument)*)?     argument := (NAME '=')? expression
    items      := item (',' item)*                   item := expression | slice
    slice      := expression? ':' expression? (':' expression?)?
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
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
from engine.script_syntax import (
    ATTRIBUTES,
    CONSTANTS,
    FUNCTIONS,
    METHODS,
    OPERATORS,
    Assign,
    Attribute,
    Binary,
    Call,
    Expr,
    Index,
    Name,
    Negate,
    Number,
    Slice,
)

T = TypeVar("T")


def parse_statements(source: str) -> tuple[Assign, ...]:
    """Every statement of a tensor script, in order; raises ExprError naming the first problem."""
    return _Parser(source).script()


class _Parser:
    """One pass over the tokens with one token of look-ahead."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = tokenize(source, OPERATORS)
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
            raise self.error(
                self.peek().start,
                f"expected '=' after {target.text!r} (a statement is 'name = expression'), "
                f"found {describe(self.peek())}",
            )
        if target.text in FUNCTIONS or target.text in CONSTANTS:
            what = "a function" if target.text in FUNCTIONS else "a constant"
            raise self.error(target.start, f"cannot assign to {target.text!r}: it is {what}")
        self.i += 1
        value = self.expression()
        return Assign(target.text, value, target.start, value.end)

    def nested(self, parse: Callable[[], T], opener: Token) -> T:
        """Parse a nested part, refusing to go deeper than MAX_DEPTH."""
        self.nesting += 1
        try:
            if self.nesting > MAX_DEPTH:
                raise self.error(
                    opener.start,
                    f"expression nested too deeply (more than {MAX_DEPTH} levels of brackets, "
                    "calls, powers or signs); split it into several statements",
                )
            return parse()
        finally:
            self.nesting -= 1

    def expression(self) -> Expr:
        left = self.term()
        while op := self.at_op("+", "-"):
            self.i += 1
            right = self.term()
            left = Binary(op.text, left, right, left.start, right.end)
        return left

    def term(self) -> Expr:
        left = self.unary()
        while op := self.at_op("*", "/", "@"):
            self.i += 1
            right = self.unary()
            left = Binary(op.text, left, right, left.start, right.end)
        return left

    def unary(self) -> Expr:
        sign = self.at_op("+", "-")
        if sign is None:
            return self.power()
        self.i += 1
        operand = self.nested(self.unary, sign)
        if sign.text == "+":
            return operand
        if isinstance(operand, Number) and operand.kind != "bool":
            return Number(-operand.value, operand.kind, sign.start, operand.end)
        return Negate(operand, sign.start, operand.end)

    def power(self) -> Expr:
        base = self.postfix()
        if op := self.at_op("**", "^"):
            self.i += 1
            exponent = self.nested(self.unary, op)
            return Binary("**", base, exponent, base.start, exponent.end)
        return base

    def postfix(self) -> Expr:
        node = self.primary()
        while opener := self.at_op("[", "."):
            self.i += 1
            if opener.text == "[":
                items = self.nested(self.items, opener)
                self.expect_close(opener, "']'")
                node = Index(node, items, node.start, self.tokens[self.i - 1].end)
                continue
            name = self.advance()
            if name.kind != "NAME":
                raise self.error(
                    name.start,
                    f"expected a method or attribute name after '.', found {describe(name)}",
                )
            if self.at_op("("):
                if name.text not in METHODS:
                    known = ", ".join(sorted(METHODS))
                    raise self.error(
                        name.start, f"unknown method {name.text!r}; the methods are {known}"
                    )
                node = self.call(name, node)
            elif name.text in ATTRIBUTES:
                node = Attribute(node, name.text, node.start, name.end)
            else:
                raise self.error(
                    name.start,
                    f"unknown attribute {name.text!r}: expected .T, .shape or a method call "
                    "such as .sum(0)",
                )
        return node

    def items(self) -> tuple[Expr | Slice, ...]:
        found = [self.item()]
        while self.at_op(","):
            self.i += 1
            found.append(self.item())
        return tuple(found)

    def item(self) -> Expr | Slice:
        start = self.peek().start
        lower = None if self.at_op(":") else self.expression()
        if not self.at_op(":"):
            assert lower is not None
            return lower
        parts: list[Expr | None] = [lower]
        while len(parts) < 3 and self.at_op(":"):
            self.i += 1
            parts.append(None if self.at_op(":", ",", "]") else self.expression())
        parts += [None] * (3 - len(parts))
        return Slice(parts[0], parts[1], parts[2], start, self.tokens[self.i - 1].end)

    def primary(self) -> Expr:
        token = self.advance()
        if token.kind == "NUM":
            integer = not any(c in token.text for c in ".eE")
            return Number(token.value, "int" if integer else "float", token.start, token.end)
        if token.kind == "NAME":
            if token.text in CONSTANTS:
                return Number(CONSTANTS[token.text], "bool", token.start, token.end)
            if self.at_op("("):
                if token.text not in FUNCTIONS:
                    known = ", ".join(sorted(FUNCTIONS))
                    raise self.error(
                        token.start, f"unknown function {token.text!r}; the functions are {known}"
                    )
                return self.call(token, None)
            if token.text in FUNCTIONS:
                raise self.error(
                    token.start,
                    f"{token.text!r} is a function: expected '(' and its arguments after it",
                )
            return Name(token.text, token.start, token.end)
        if token.kind == "OP" and token.text == "(":
            inner = self.nested(self.expression, token)
            self.expect_close(token, "')'")
            return dataclasses.replace(inner, start=token.start, end=self.tokens[self.i - 1].end)
        raise self.error(
            token.start,
            f"expected a number, a name, a function or '(', found {describe(token)}",
        )

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

    def call(self, name: Token, receiver: Expr | None) -> Call:
        opener = self.advance()
        args: list[Expr] = [] if receiver is None else [receiver]
        keywords: list[tuple[str, Expr]] = []
        while not self.at_op(")"):
            if args[1 if receiver is not None else 0 :] or keywords:
                if not self.at_op(","):
                    break
                self.i += 1
            token = self.peek()
            if token.kind == "NAME" and self.tokens[self.i + 1].text == "=":
                self.i += 2
                keywords.append((token.text, self.nested(self.expression, opener)))
            elif keywords:
                raise self.error(
                    token.start, "a positional argument cannot follow a keyword argument"
                )
            else:
                args.append(self.nested(self.expression, opener))
        self.expect_close(opener, "',' or ')'")
        start = name.start if receiver is None else receiver.start
        end = self.tokens[self.i - 1].end
        return Call(name.text, tuple(args), tuple(keywords), start, end, receiver is not None)
