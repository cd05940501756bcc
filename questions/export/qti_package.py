"""What the two QTI exports share: variants grouped per pack question, identifiers, the zip.

A QTI file is a zip (an IMS content package): `imsmanifest.xml` naming each file, and the
XML files themselves. Variants of one pack question (a network question's nudged weights,
a family's seeds) are grouped, so the LMS can draw one variant per slot; each group is one
section of the assessment. The zip is written atomically, with fixed timestamps, so the same
pack and seed give the same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from questions.atomic import write_with
from questions.export.common import BLANK_TAG, flatten, name
from questions.export.matrix_export import cell_questions
from questions.model import AuthoredKey, FamilyKey, Kind, Question

_EPOCH = (1980, 1, 1, 0, 0, 0)  # the zip format's earliest date: the same bytes every time
_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_.-]+")


def group_key(question: Question) -> str:
    """The pack question a variant comes from: `id` of `id/seed-v`, a family at a level."""
    key = question.key
    if isinstance(key, FamilyKey):
        return f"{key.family}/L{key.level}"
    if isinstance(key, AuthoredKey):
        return f"{key.pack}/{key.question.split('/', 1)[0]}"
    return str(key)


CARRIED = (Kind.SINGLE, Kind.MULTIPLE, Kind.NUMERIC, Kind.MATRIX)
"""The kinds QTI export writes (a guided question as one numeric item per blank); a formula
question is not carried: docs/packs.md says so."""


def groups(questions: Sequence[Question], cells: bool = False) -> list[list[Question]]:
    """The flattened questions, the variants of each pack question (and of each of its
    blanks) together, in order of first appearance; with `cells`, a matrix question as one
    numeric question per cell (for formats without several blanks in one question)."""
    out: dict[str, list[Question]] = {}
    for question in flatten(questions):
        parts = [question]
        if cells and question.kind is Kind.MATRIX:
            parts = cell_questions(question)
        for part in parts:
            if part.kind in CARRIED:
                out.setdefault(f"{group_key(part)}#{blank(part)}", []).append(part)
    return list(out.values())


@dataclass(frozen=True)
class Section:
    """A group's part of a QTI file: its title and each variant with its identifier."""

    title: str
    items: tuple[tuple[str, Question], ...]


def sections(
    prefix: str, pack_id: str, questions: Sequence[Question], cells: bool = False
) -> list[Section]:
    """The `groups` as sections: the first variant's title, each variant's `question_id`."""
    return [
        Section(title(group[0]), tuple((question_id(prefix, pack_id, q), q) for q in group))
        for group in groups(questions, cells)
    ]


def blank(question: Question) -> str:
    """Which blank of a guided or matrix question this is ("" for a whole question)."""
    return next((t for t in question.tags if t.startswith(BLANK_TAG)), "")


def identifier(prefix: str, text: str) -> str:
    """An XML NCName made from readable text (QTI identifiers allow no '/', ':' or '@')."""
    return prefix + _UNSAFE_ID.sub("_", text).strip("_")[:60]


def question_id(prefix: str, pack_id: str, question: Question) -> str:
    """An identifier of its own for each question of each pack: the pack id and a checksum
    of the question's key, so two packs imported into one course never share one (an LMS
    matches re-imported items by it) and a re-export names the same question the same."""
    return identifier(prefix, f"{pack_id[:40]}_{zlib.crc32(name(question).encode()):08x}")


def title(question: Question) -> str:
    """A question's title in a QTI file: its export name, which regenerates it."""
    return name(question)


def xml_bytes(root: ET.Element) -> bytes:
    """A document as UTF-8 bytes with its declaration, indented for people reading it."""
    ET.indent(root, space=" ")
    text = ET.tostring(root, encoding="unicode")  # far faster than encoding="utf-8"
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text).encode()


def write_zip(path: Path, files: dict[str, bytes]) -> None:
    """The files as a deflated zip at `path`, replaced atomically."""

    def write(sink: BinaryIO) -> None:
        with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as archive:
            for member, data in files.items():
                info = zipfile.ZipInfo(member, _EPOCH)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, data)

    write_with(path, write)
