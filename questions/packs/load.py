"""Reading a pack: TOML text -> a validated Pack, or PackError listing every problem.

Nothing in a pack is executed: it is parsed by tomllib, checked value by value, and its
network questions are solved by the engine from the numbers it gives.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from engine.toml_text import too_deep_or_long
from questions.packs.checker import Checker, PackError, Problem, show
from questions.packs.items import ID, read_item
from questions.packs.limits import MAX_PACK_CHARS, MAX_QUESTIONS
from questions.packs.model import Pack, PackItem
from questions.packs.positions import scan

TOP_KEYS = ("pack", "question")
VERSION = re.compile(r"^[A-Za-z0-9._+-]+$")
PACK_KEYS = ("id", "title", "author", "version", "description")
_TOML_POSITION = re.compile(r"^(?P<what>.*?)\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)$")

__all__ = ["PackError", "Problem", "check_pack", "load_pack", "pack_text", "read_pack"]


def load_pack(path: str | Path) -> Pack:
    """Read and validate a pack file; PackError lists every problem as FILE:LINE:COL."""
    return read_pack(pack_text(path), str(path))


def pack_text(path: str | Path) -> str:
    """A pack file's text; PackError (at 1:1) when it is missing, a folder or not UTF-8."""
    limit = 4 * MAX_PACK_CHARS  # never more than a pack can be (UTF-8: 4 bytes a character)
    too_big = f"the file is over {limit:,} bytes; a pack is much smaller"
    data = file_bytes(path, limit, too_big, "is a directory, expected a TOML file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise PackError(str(path), [Problem(1, 1, "expected UTF-8 text")]) from None


def file_bytes(path: str | Path, limit: int, too_big: str, folder: str = "is a directory") -> bytes:
    """A file's bytes, at most `limit`; PackError (at 1:1) when it is missing, a folder,
    unreadable or larger, saying `too_big` or `folder` in the last two cases."""
    source = str(path)
    try:
        with Path(path).open("rb") as file:
            data = file.read(limit + 1)
    except FileNotFoundError:
        raise PackError(source, [Problem(1, 1, "file not found")]) from None
    except IsADirectoryError:
        raise PackError(source, [Problem(1, 1, folder)]) from None
    except OSError as error:
        raise PackError(source, [Problem(1, 1, f"cannot read: {error.strerror}")]) from None
    if len(data) > limit:
        raise PackError(source, [Problem(1, 1, too_big)])
    return data


def check_pack(text: str, source: str = "PACK") -> list[Problem]:
    """Every problem in a pack's text (empty when it is valid): for live validation."""
    try:
        read_pack(text, source)
    except PackError as error:
        return list(error.problems)
    return []


def read_pack(text: str, source: str = "PACK") -> Pack:
    """Validate a pack's TOML text; PackError lists every problem at once."""
    if len(text) > MAX_PACK_CHARS:
        message = f"the pack has {len(text):,} characters; a pack holds at most {MAX_PACK_CHARS:,}"
        raise PackError(source, [Problem(1, 1, message)])
    refused = too_deep_or_long(text)
    if refused:
        raise PackError(source, [Problem(*refused)])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = _TOML_POSITION.match(str(error))
        line, col = (int(match["line"]), int(match["col"])) if match else (1, 1)
        what = match["what"] if match else str(error)
        raise PackError(source, [Problem(line, col, f"not valid TOML: {what}")]) from None
    c = Checker(scan(text), text)
    c.keys(data, (), TOP_KEYS, "the pack file")
    header = data.get("pack")
    fields = {"id": "", "title": "", "author": "", "version": "", "description": ""}
    if not isinstance(header, dict):
        c.at_key(
            ("pack",),
            f"a pack needs a [pack] table with {', '.join(PACK_KEYS[:4])}"
            + (f", got {show(header)}" if header is not None else ""),
        )
    else:
        c.keys(header, ("pack",), PACK_KEYS, "[pack]")
        for key in PACK_KEYS:
            fields[key] = c.text(header, ("pack",), key, "[pack]", required=key != "description")
        if fields["version"] and not VERSION.match(fields["version"]):
            c.at_value(
                ("pack", "version"),
                "the version may hold letters, digits, '.', '_', '+' and '-' (e.g. \"1.2\"); "
                f"got {show(fields['version'])}",
            )
        if fields["id"] and not ID.match(fields["id"]):
            c.at_value(
                ("pack", "id"),
                "the pack id may hold lowercase letters, digits, '-', '_' "
                f"and '.', starting with a letter or digit; got {show(fields['id'])}",
            )
    entries = c.tables(data, (), "question", "[[question]] tables")
    if not entries and isinstance(data.get("question", []), list):
        c.at_key(("question",), "a pack needs at least one [[question]]")
    if len(entries) > MAX_QUESTIONS:
        c.at_key(
            entries[MAX_QUESTIONS][0],
            f"a pack holds at most {MAX_QUESTIONS} questions, this one has {len(entries)}",
        )
        entries = entries[:MAX_QUESTIONS]
    items: list[PackItem] = []
    first: dict[str, int] = {}
    for path, raw in entries:
        item = read_item(c, path, raw)
        qid = raw.get("id")
        if isinstance(qid, str):
            if qid in first:
                c.at_value(
                    (*path, "id"),
                    f"duplicate question id {qid!r} (first used on line {first[qid]})",
                )
                continue
            first[qid] = c.positions.value((*path, "id"))[0]
        if item is not None:
            items.append(item)
    if c.problems:
        raise PackError(source, c.problems)
    return Pack(
        id=fields["id"],
        title=fields["title"],
        author=fields["author"],
        version=fields["version"],
        items=tuple(items),
        description=fields["description"],
        source=source,
    )
