"""Where each key and value of a TOML text sits, for messages of the form FILE:LINE:COL.

tomllib parses a document but forgets positions. This scanner walks the same text once
more (it is only run on text tomllib accepted) and maps each path to a (line, column):
table headers and keys to where the key is written, values and array elements to where the
value starts. A path is a tuple of table keys and array positions, the way the parsed data
is indexed: ("question", 2, "network", "layers", 0, "weights", 1) is the second row of the
first layer's weights in the third [[question]].
"""

from __future__ import annotations

import bisect
import contextlib
import re
from dataclasses import dataclass, field

Path = tuple[str | int, ...]

_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_SCALAR_END = re.compile(r"[,\]}\n#]")
_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


@dataclass
class Positions:
    """Line and column (both from 1) of every key and value found in a TOML text."""

    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def key(self, path: Path) -> tuple[int, int]:
        """Where the key of `path` is written, else its nearest written ancestor; (1, 1) last."""
        return self._nearest(path, self.keys, self.values)

    def value(self, path: Path) -> tuple[int, int]:
        """Where the value at `path` starts, else where its key or nearest ancestor is."""
        return self._nearest(path, self.values, self.keys)

    @staticmethod
    def _nearest(path: Path, first: dict, second: dict) -> tuple[int, int]:
        for end in range(len(path), 0, -1):
            prefix = path[:end]
            if prefix in first:
                return first[prefix]
            if prefix in second:
                return second[prefix]
        return (1, 1)


def scan(text: str) -> Positions:
    """Every position the scanner can find; a text it cannot follow gives what it found."""
    scanner = _Scanner(text)
    with contextlib.suppress(IndexError, ValueError):  # keep what was found; callers fall
        scanner.document()  # back to the nearest ancestor for anything after a surprise
    return scanner.found


class _Scanner:
    """A recursive walk over TOML syntax that records positions and builds nothing else."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.found = Positions()
        self.starts = [0] + [n + 1 for n, c in enumerate(text) if c == "\n"]
        self.arrays: dict[Path, int] = {}  # array-of-tables path -> index of its last table
        self.table: Path = ()

    def where(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, index)
        return line, index - self.starts[line - 1] + 1

    def peek(self, ahead: int = 0) -> str:
        j = self.i + ahead
        return self.text[j] if j < len(self.text) else ""

    def spaces(self, newlines: bool = False) -> None:
        """Skip blanks, and with newlines=True also line breaks and comments."""
        while self.i < len(self.text):
            c = self.text[self.i]
            if c in " \t" or (newlines and c in "\r\n"):
                self.i += 1
            elif c == "#" and newlines:
                while self.i < len(self.text) and self.text[self.i] != "\n":
                    self.i += 1
            else:
                return

    def rest_of_line(self) -> None:
        while self.i < len(self.text) and self.text[self.i] != "\n":
            self.i += 1

    def document(self) -> None:
        while True:
            self.spaces(newlines=True)
            if self.i >= len(self.text):
                return
            if self.peek() == "[":
                self.header()
            else:
                self.pair(self.table)
            self.rest_of_line()

    def header(self) -> None:
        double = self.peek(1) == "["
        self.i += 2 if double else 1
        self.spaces()
        start = self.i
        keys = self.dotted_key()
        path: Path = ()
        for n, name in enumerate(keys):
            path = (*path, name)
            last = n == len(keys) - 1
            if double and last:
                self.arrays[path] = self.arrays.get(path, -1) + 1
            if path in self.arrays:
                path = (*path, self.arrays[path])
        self.found.keys.setdefault(path, self.where(start))
        self.found.values.setdefault(path, self.where(start))
        self.table = path
        self.i = self.text.index("]]" if double else "]", self.i) + (2 if double else 1)

    def pair(self, table: Path) -> None:
        start = self.i
        path = (*table, *self.dotted_key())
        self.found.keys.setdefault(path, self.where(start))
        self.spaces()
        if self.peek() != "=":
            raise ValueError("expected '='")
        self.i += 1
        self.spaces()
        self.value(path)

    def dotted_key(self) -> list[str]:
        keys = [self.simple_key()]
        self.spaces()
        while self.peek() == ".":
            self.i += 1
            self.spaces()
            keys.append(self.simple_key())
            self.spaces()
        return keys

    def simple_key(self) -> str:
        c = self.peek()
        if c in "\"'":
            return self.string()
        start = self.i
        while self.peek() and self.peek() in _BARE:
            self.i += 1
        if self.i == start:
            raise ValueError("expected a key")
        return self.text[start : self.i]

    def value(self, path: Path) -> None:
        self.found.values.setdefault(path, self.where(self.i))
        c = self.peek()
        if c in "\"'":
            self.string()
        elif c == "[":
            self.array(path)
        elif c == "{":
            self.inline_table(path)
        else:
            end = _SCALAR_END.search(self.text, self.i)
            self.i = end.start() if end else len(self.text)

    def array(self, path: Path) -> None:
        self.i += 1
        position = 0
        while True:
            self.spaces(newlines=True)
            if self.peek() == "]":
                self.i += 1
                return
            self.value((*path, position))
            position += 1
            self.spaces(newlines=True)
            if self.peek() == ",":
                self.i += 1
            elif self.peek() != "]":
                raise ValueError("expected ',' or ']'")

    def inline_table(self, path: Path) -> None:
        self.i += 1
        while True:
            self.spaces(newlines=True)
            if self.peek() == "}":
                self.i += 1
                return
            self.pair(path)
            self.spaces(newlines=True)
            if self.peek() == ",":
                self.i += 1

    def string(self) -> str:
        quote = self.peek()
        triple = self.text.startswith(quote * 3, self.i)
        if triple:
            end = self.text.index(quote * 3, self.i + 3)
            while self.text.startswith(quote, end + 3):  # up to two quotes may end the body
                end += 1
            self.i = end + 3
            return ""
        self.i += 1
        out: list[str] = []
        while True:
            c = self.text[self.i]
            if c == quote:
                self.i += 1
                return "".join(out)
            if c == "\\" and quote == '"':
                nxt = self.text[self.i + 1]
                out.append(_ESCAPES.get(nxt, nxt))
                self.i += 2
                if nxt in "uU":
                    width = 4 if nxt == "u" else 8
                    out[-1] = chr(int(self.text[self.i : self.i + width], 16))
                    self.i += width
                continue
            out.append(c)
            self.i += 1
