"""Anki: an .apkg (genanki) with one note per question variant, the worked solution behind it.

The note type and the deck get ids derived from the pack id, so re-importing an updated
export updates the same deck and note type instead of adding copies; each note's guid is
derived from its question key, so a variant re-imported is the same note. The front shows
the prompt (and the choices), the back the right answer, each mistake and the worked
solution. Pack text is HTML-escaped and '[' written as an entity (no [sound:] or [latex]
tags); math goes to MathJax as \\( ... \\).
"""

from __future__ import annotations

import errno
import html
import itertools
import re
import sqlite3
import tempfile
import time
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path

import genanki

from questions.atomic import atomic_path
from questions.export.common import (
    answer_text,
    flatten,
    mathjax,
    mistake_feedback,
    name,
    solution_html,
)
from questions.export.matrix_export import how_to_answer, mistake_lines
from questions.mistakes import MISTAKES
from questions.model import Kind, Question
from questions.numbers import format_number

FIELDS = ("Key", "Front", "Back")
CSS = ".card { font-family: sans-serif; font-size: 18px; text-align: left; } li { margin: 4px 0; }"
_TAG = re.compile(r"[^A-Za-z0-9_:.-]+")


def stable_id(kind: str, pack_id: str) -> int:
    """A 31-bit id fixed by the pack id (Anki wants ids that do not change between exports)."""
    return (1 << 30) + zlib.crc32(f"backprop-quiz:{kind}:{pack_id}".encode()) % (1 << 30)


def note_model(pack_id: str, title: str) -> genanki.Model:
    """The pack's note type: Key, Front, Back; the back shows the front above a rule."""
    return genanki.Model(
        stable_id("model", pack_id),
        f"Backprop Quiz: {title}",
        fields=[{"name": f} for f in FIELDS],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Front}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Back}}',
            }
        ],
        css=CSS,
    )


def deck_title(title: str) -> str:
    """The pack title as one deck name: '::' would make Anki nest decks, so it becomes ':'."""
    while "::" in title:
        title = title.replace("::", ":")
    return " ".join(title.split())


def write_apkg(pack_id: str, title: str, questions: Sequence[Question], path: str | Path) -> int:
    """Write the .apkg (replaced whole or not at all, see questions.atomic); returns how many
    notes it holds."""
    model = note_model(pack_id, title)
    deck = genanki.Deck(stable_id("deck", pack_id), f"Backprop Quiz::{deck_title(title)}")
    notes = 0
    for q in flatten(questions):
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[name(q), inert(front(q)), inert(back(q))],
                tags=[_TAG.sub("_", t) for t in (*q.tags, q.topic) if t],
                guid=genanki.guid_for(name(q)),
            )
        )
        notes += 1
    with atomic_path(path) as temp:
        write_package(genanki.Package(deck), temp)
    return notes


def write_package(package: genanki.Package, path: Path) -> None:
    """The package as an .apkg at `path`: genanki's write_to_file, but building the collection
    in a folder that is removed afterwards (write_to_file leaves its database in /tmp) and
    turning a failure of SQLite (a full temporary folder) into an OSError that says so."""
    with tempfile.TemporaryDirectory(prefix="backprop-quiz-anki-") as folder:
        collection = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(collection)
        try:
            timestamp = time.time()
            package.write_to_db(
                connection.cursor(), timestamp, itertools.count(int(timestamp * 1000))
            )
            connection.commit()
        except sqlite3.Error as e:
            code = errno.ENOSPC if "full" in str(e) else errno.EIO
            raise OSError(code, f"the deck could not be built in {folder} ({e})") from e
        finally:
            connection.close()
        with zipfile.ZipFile(path, "w") as archive:
            archive.write(collection, "collection.anki2")
            archive.writestr("media", "{}")


def inert(field: str) -> str:
    """A field's HTML with '[' as an entity, so pack text cannot form the [sound:...] or
    [latex] tags Anki acts on (plays, or runs LaTeX on); it still shows as '['."""
    return field.replace("[", "&#91;")


def front(q: Question) -> str:
    """The card's front: the prompt and, for a choice question, the lettered choices."""
    text = f"<div>{mathjax(q.prompt)}</div>"
    if q.choices:
        how = "Select every right choice." if q.kind is Kind.MULTIPLE else "Choose one."
        items = "".join(f"<li>{mathjax(c.text)}</li>" for c in q.choices)
        text += f'<p><i>{how}</i></p><ol type="a">{items}</ol>'
    elif q.answer is not None:
        text += f"<p><i>Give {q.answer.sigfigs} significant figures.</i></p>"
    elif q.matrix is not None:
        text += f"<p><i>{html.escape(how_to_answer(q))}</i></p>"
    return text


def back(q: Question) -> str:
    """The card's back: the answer, why each choice or mistake is wrong, the worked solution."""
    parts = [f"<p><b>Answer:</b> {mathjax(answer_text(q))}</p>"]
    if q.choices:
        items = "".join(
            f"<li>{'✔' if c.correct else '✘'} {mathjax(c.text)}: "
            f"{mathjax(mistake_feedback(c.mistake) or c.explanation)}</li>"
            for c in q.choices
        )
        parts.append(f'<ol type="a">{items}</ol>')
    if q.mistakes and q.answer is not None:
        items = "".join(
            f"<li>{format_number(m.value, q.answer.sigfigs)}: {mathjax(MISTAKES[m.mistake].name)}"
            "</li>"
            for m in q.mistakes
            if m.mistake in MISTAKES
        )
        parts.append(f"<p>Answers that come from a mistake:</p><ul>{items}</ul>")
    if q.matrix_mistakes and q.matrix is not None:
        items = "".join(f"<li>{mathjax(line)}</li>" for line in mistake_lines(q))
        parts.append(f"<p>Matrices that come from a mistake:</p><ul>{items}</ul>")
    solution = solution_html(q)
    if solution:
        parts.append(f"<p><b>Worked solution</b></p>{solution}")
    return "".join(parts)
