"""Importing questions an instructor already has into a pack: Moodle XML, GIFT, Aiken, CSV.

`read_questions(path, fmt)` reads a file into Drafts, listing each question it cannot carry
(and each part of one it drops) at its FILE:LINE:COL; `pack_toml(imported)` writes the
drafts as a formatted pack that `read_pack` accepts. Nothing in an imported file is run:
XML is read without DTDs or entities, and a Moodle formula is evaluated by the app's own
expression language.
"""

from __future__ import annotations

from pathlib import Path

from questions.packs.checker import PackError, Problem
from questions.packs.importers.aiken import read_aiken
from questions.packs.importers.csv_import import read_csv
from questions.packs.importers.draft import Draft, Imported
from questions.packs.importers.gift import read_gift
from questions.packs.importers.moodle import read_moodle
from questions.packs.importers.pack_toml import pack_toml
from questions.packs.importers.safe_xml import MAX_BYTES, XmlRefused, parse
from questions.packs.load import file_bytes

FORMATS = ("moodle", "gift", "aiken", "csv")
SUFFIXES = {".xml": "moodle", ".gift": "gift", ".csv": "csv", ".aiken": "aiken"}

__all__ = ["FORMATS", "Draft", "Imported", "guess_format", "pack_toml", "read_questions"]


def guess_format(path: Path, text: str) -> str:
    """The format by suffix; a .txt file is GIFT when it has an answer block, else Aiken."""
    if path.suffix.lower() in SUFFIXES:
        return SUFFIXES[path.suffix.lower()]
    if text.lstrip("\ufeff \n").startswith("<"):
        return "moodle"
    return "gift" if "{" in text and "}" in text else "aiken"


def read_questions(path: str | Path, fmt: str | None = None) -> Imported:
    """The file's questions; PackError (FILE:LINE:COL) when the file cannot be read at all."""
    source = str(path)
    data = file_bytes(path, MAX_BYTES, f"the file is over {MAX_BYTES:,} bytes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise PackError(source, [Problem(line, 1, "expected UTF-8 text")]) from None
    fmt = fmt or guess_format(Path(path), text)
    imported = Imported(source)
    if fmt == "moodle":
        try:
            read_moodle(parse(data), imported)
        except XmlRefused as refused:
            raise PackError(source, [Problem(refused.line, refused.col, str(refused))]) from None
    else:
        {"gift": read_gift, "aiken": read_aiken, "csv": read_csv}[fmt](text, imported)
    return imported
