"""XML read safely and with positions: no DTD, no entities, every element at its line.

A file that declares a DOCTYPE (where entity bombs and external entities live) is refused
before anything in it is expanded. Elements are small records with their line and column
(1-based), so every problem an importer finds is reported as FILE:LINE:COL.
"""

from __future__ import annotations

import xml.parsers.expat
from dataclasses import dataclass, field

MAX_BYTES = 50_000_000
"""Larger files are refused unread: a question bank is far smaller."""


class XmlRefused(ValueError):
    """The file is not XML this importer reads; `line` and `col` say where."""

    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.col = col


@dataclass
class Node:
    """An element: its tag, attributes, text (its own, children's excluded), children, place."""

    tag: str
    attrs: dict[str, str]
    line: int
    col: int
    children: list[Node] = field(default_factory=list)
    text: str = ""

    def find(self, tag: str) -> Node | None:
        """The first child with this tag."""
        return next((c for c in self.children if c.tag == tag), None)

    def findall(self, tag: str) -> list[Node]:
        """Every child with this tag."""
        return [c for c in self.children if c.tag == tag]

    def value(self, tag: str, default: str = "") -> str:
        """The text of the child `tag`, or of its <text> child (Moodle's <name><text>)."""
        child = self.find(tag)
        if child is None:
            return default
        inner = child.find("text")
        return (inner.text if inner is not None else child.text).strip()


def parse(data: bytes) -> Node:
    """The document's root element; XmlRefused for a DTD, an entity or malformed XML."""
    if len(data) > MAX_BYTES:
        raise XmlRefused(1, 1, f"the file is over {MAX_BYTES:,} bytes")
    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True  # a text node in one piece, not one call per line
    stack: list[Node] = []
    root: list[Node] = []

    def where() -> tuple[int, int]:
        return parser.CurrentLineNumber, parser.CurrentColumnNumber + 1

    def doctype(*_args: object) -> None:
        raise XmlRefused(*where(), "a DOCTYPE is not read (no DTDs or entities in an import)")

    def start(tag: str, attrs: dict[str, str]) -> None:
        node = Node(tag, attrs, *where())
        if stack:
            stack[-1].children.append(node)
        else:
            root.append(node)
        stack.append(node)

    def end(_tag: str) -> None:
        stack.pop()

    def text(data: str) -> None:
        if stack:
            stack[-1].text += data

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as error:
        raise XmlRefused(
            error.lineno, error.offset + 1, f"not well-formed XML: {_reason(error)}"
        ) from None
    return root[0]


def _reason(error: xml.parsers.expat.ExpatError) -> str:
    return xml.parsers.expat.ErrorString(error.code) or "unreadable"
