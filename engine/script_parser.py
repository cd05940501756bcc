"""The tensor script language's parser: engine/parsing.py's grammar with `@` beside * and /,
and postfix indexing, attributes and method calls; calls take keyword arguments.

    power      := postfix (('**' | '^') unary)?      right-associative
    postfix    := primary ('[' items ']' | '.' NAME ('(' arguments ')')?)*
    arguments  := (argument (',' argument)*)?     argument := (NAME '=')? expression
    items      := item (',' item)*                   item := expression | slice
    slice      := expression? ':' expression? (':' expression?)?

Each sign, bracket and call counts one level of nesting; postfix chains are read in a loop.
"""

from __future__ import annotations

from engine.expr_syntax import Token, describe
from engine.parsing import Parser
from engine.script_syntax import ATTRIBUTES, CONSTANTS, FUNCTIONS, METHODS, OPERATORS
from engine.syntax_tree import Assign, Attribute, Call, Expr, Index, Negate, Number, Slice


def parse_statements(source: str) -> tuple[Assign, ...]:
    """Every statement of a tensor script, in order; raises ExprError naming the first problem."""
    return _TensorParser(source).script()


class _TensorParser(Parser):
    OPERATORS = OPERATORS
    LEVELS = (("+", "-"), ("*", "/", "@"))
    FUNCTIONS = tuple(sorted(FUNCTIONS))
    CONSTANTS = CONSTANTS
    BRACKETS = "brackets"
    SIGNS_NEST = True

    def signed(self, sign: Token, operand: Expr) -> Expr:
        if sign.text == "+":
            return operand
        if isinstance(operand, Number) and operand.kind != "bool":
            return Number(-operand.value, operand.kind, start=sign.start, end=operand.end)
        return Negate(operand, start=sign.start, end=operand.end)

    def operand(self) -> Expr:
        """A primary and its postfix chain of indexing, attributes and method calls."""
        node = self.primary()
        while opener := self.at_op("[", "."):
            self.i += 1
            if opener.text == "[":
                items = self.nested(self.items, opener)
                self.expect_close(opener, "']'")
                node = Index(node, items, start=node.start, end=self.tokens[self.i - 1].end)
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
                node = Attribute(node, name.text, start=node.start, end=name.end)
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
        return Slice(*parts, start=start, end=self.tokens[self.i - 1].end)

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
        return Call(
            name.text, tuple(args), tuple(keywords), receiver is not None, start=start, end=end
        )
