"""Writing one [[question]] table of a pack back as TOML, and replacing it in the pack's text.

The Author page's form edits a question as the table tomllib parsed (a dict), then writes
that table back in the pack's own layout: its keys in a fixed order, sub-tables indented
two spaces, strings as TOML basic strings with every needed escape, numbers as the shortest
text that reads back as the same float. Only the question's own lines are replaced; the
rest of the file (comments, other questions, their spacing) stays exactly as it was.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from questions.packs.positions import scan

ORDER = (
    "id",
    "type",
    "topic",
    "family",
    "level",
    "count",
    "prompt",
    "multiple",
    "ask",
    "form",
    "value",
    "sigfigs",
    "hints",
    "solution",
)
"""The order a question's plain keys are written in; keys not listed follow, as they came."""
SUB_ORDER = {
    "network": ("inputs", "targets", "loss", "learning_rate"),
    "script": ("text", "inputs"),
}
"""The key order of each sub-table ([question.network], [question.script])."""
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_HEADER = re.compile(r"^\s*\[")


def string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, and DEL must be escaped as well."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def key(name: str) -> str:
    """A key bare when TOML allows it, else quoted."""
    return name if _BARE_KEY.match(name) else string(name)


def value(item: Any) -> str:
    """One value inline: strings, booleans, integers, floats, arrays and inline tables."""
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, int):
        return str(item)
    if isinstance(item, float):
        if math.isnan(item):
            return "nan"
        if math.isinf(item):
            return "inf" if item > 0 else "-inf"
        return repr(item)  # the shortest text that reads back as this float; 1e-05 is TOML
    if isinstance(item, str):
        return string(item)
    if isinstance(item, list):
        return "[" + ", ".join(value(v) for v in item) + "]"
    if isinstance(item, dict):
        return "{" + ", ".join(f"{key(k)} = {value(v)}" for k, v in item.items()) + "}"
    return string(str(item))  # dates and times: tomllib's other types, never in a valid pack


def _texts(name: str, items: list[Any], indent: str) -> list[str]:
    """A list of strings one per line (solution steps, hints) when it is long."""
    one_line = f"{indent}{key(name)} = {value(items)}"
    if len(one_line) <= 100 or not all(isinstance(v, str) for v in items):
        return [one_line]
    return [f"{indent}{key(name)} = [", *(f"{indent}  {value(v)}," for v in items), f"{indent}]"]


def _pairs(table: dict[str, Any], order: tuple[str, ...], indent: str) -> list[str]:
    """The table's plain key = value lines (no sub-tables), in `order` and then the rest."""
    names = [k for k in order if k in table] + [k for k in table if k not in order]
    lines: list[str] = []
    for name in names:
        item = table[name]
        if _is_tables(item):
            continue
        if isinstance(item, dict):
            if not indent:  # a question's sub-table ([question.network], [question.script])
                continue
            lines.append(f"{indent}{key(name)} = {value(item)}")
        elif isinstance(item, list):
            lines += _texts(name, item, indent)
        else:
            lines.append(f"{indent}{key(name)} = {value(item)}")
    return lines


def _is_tables(item: Any) -> bool:
    """An array of tables, written as [[…]] headers (an empty list stays an inline [])."""
    return isinstance(item, list) and bool(item) and all(isinstance(v, dict) for v in item)


def question_block(raw: dict[str, Any]) -> str:
    """A [[question]] table as the pack writes it, ending in a newline."""
    lines = ["[[question]]", *_pairs(raw, ORDER, "")]
    for part, table in raw.items():
        if not isinstance(table, dict):
            continue
        head = f"question.{key(part)}"
        lines += ["", f"  [{head}]", *_pairs(table, SUB_ORDER.get(part, ()), "  ")]
        for name, item in table.items():
            if _is_tables(item):
                for entry in item:
                    lines += ["", f"  [[{head}.{key(name)}]]"]
                    lines += _pairs(entry, ("weights", "biases", "activation"), "  ")
    for name, item in raw.items():
        if _is_tables(item):
            for table in item:
                lines += ["", f"  [[question.{key(name)}]]", *_pairs(table, (), "  ")]
    return "\n".join(lines) + "\n"


def question_lines(text: str) -> list[tuple[int, int]]:
    """(first, end) 0-based line numbers of each [[question]] block, end excluded.

    A block runs from its header to the next top-level table header; the blank and comment
    lines before that header are left out (they belong to what follows). `text` must be
    TOML that tomllib accepts.
    """
    found = scan(text)
    lines = text.splitlines(keepends=True)
    starts = []
    n = 0
    while ("question", n) in found.keys:
        starts.append(found.keys[("question", n)][0] - 1)
        n += 1
    tops = sorted(
        {line - 1 for path, (line, _col) in found.keys.items() if len(path) == 1} | set(starts)
    )
    spans = []
    for first in starts:
        later = [t for t in tops if t > first and _HEADER.match(lines[t])]
        end = later[0] if later else len(lines)
        while end > first + 1 and (not lines[end - 1].strip() or _comment(lines[end - 1])):
            end -= 1
        spans.append((first, end))
    return spans


def _comment(line: str) -> bool:
    return line.lstrip().startswith("#")


def replace_question(text: str, index: int, raw: dict[str, Any]) -> str:
    """The pack's text with question `index` (from 0) rewritten from `raw`, the rest kept."""
    start, end, block = replacement(text, index, raw)
    return text[:start] + block + text[end:]


def replacement(text: str, index: int, raw: dict[str, Any]) -> tuple[int, int, str]:
    """(start, end, new text): the character span of question `index` and what replaces it,
    so an editor can make the change as one undoable edit."""
    first, end = question_lines(text)[index]
    lines = text.splitlines(keepends=True)
    start = sum(len(line) for line in lines[:first])
    stop = start + sum(len(line) for line in lines[first:end])
    block = question_block(raw)
    if not text[start:stop].endswith("\n"):  # the file's last line had no line break
        block = block.removesuffix("\n")
    return start, stop, block
