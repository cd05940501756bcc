"""The one list of export formats: each an `Exporter` (id, label, suffix, write) registered here.

The command line's `--format` choices, the Author page's format chooser and the tests all read
`exporters()`. The file formats register in `questions.export` (its `__init__`, so every reader
of this module sees them); the PDF exam registers from the Qt side (app.ui.pdf_format). An
exporter's `write(job, progress)` does the whole job, from the pack to the files, reporting
`progress(stage, done, total)` within each of the `stages(job)` it declares, in order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from questions.atomic import write_text
from questions.export.common import flatten
from questions.model import Question
from questions.packs import Pack, expand

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total): how far an export is within one of its stages."""

Stages = tuple[tuple[str, int], ...]
"""An export's stages in order, each with how many steps it reports."""

WriteQuestions = Callable[[Pack, Sequence[Question], Path], int]
"""Write expanded questions to one file; returns how many items (questions, notes) it holds."""


@dataclass(frozen=True)
class ExportJob:
    """Everything an export needs, as data (a worker thread never sees a widget)."""

    pack: Pack
    path: Path
    variants: int = 1
    seed: int = 0
    students: int = 1


@dataclass(frozen=True)
class Written:
    """What an export wrote: each file with what it holds ("18 questions", "4 pages ...")."""

    files: tuple[tuple[Path, str], ...]
    notes: tuple[str, ...] = ()
    """What the format could not hold ("GIFT cannot hold hints: 3 dropped, from …")."""

    def sentence(self) -> str:
        """One sentence for a status line: Wrote pack.csv: 18 questions (and any notes)."""
        wrote = " and ".join(f"{path.name}: {holds}" for path, holds in self.files)
        return " ".join([f"Wrote {wrote}.", *(f"{note}." for note in self.notes)])


@dataclass(frozen=True)
class Exporter:
    """One export format: its id (`--format`), the chooser's label, the file suffix, the
    function doing the job, and the stages that function reports."""

    id: str
    label: str
    suffix: str
    write: Callable[[ExportJob, Progress], Written]
    stages: Callable[[ExportJob], Stages]
    per_student: bool = False
    """Whether the job's `students` count (one exam each) applies."""
    file_only: str = ""
    """Why OUT must be a file name, not a device or pipe ("" when either will do)."""
    write_questions: WriteQuestions | None = None
    """For a one-file format: write questions expanded elsewhere (write_export)."""


_EXPORTERS: dict[str, Exporter] = {}


def register(exporter: Exporter) -> Exporter:
    """Add a format to the list (registering an id again replaces it); returns the exporter."""
    _EXPORTERS[exporter.id] = exporter
    return exporter


def exporters() -> tuple[Exporter, ...]:
    """Every registered format, in the order registered."""
    return tuple(_EXPORTERS.values())


def exporter(fmt: str) -> Exporter:
    """The format with this id; a ValueError naming the formats there are when it is unknown."""
    try:
        return _EXPORTERS[fmt]
    except KeyError:
        known = ", ".join(_EXPORTERS)
        raise ValueError(f"unknown export format {fmt!r}; formats are {known}") from None


Notes = Callable[[Sequence[Question]], tuple[str, ...]]
"""What a format cannot hold of these questions, in words for the export summary."""


def question_file(
    fmt: str,
    label: str,
    suffix: str,
    write: WriteQuestions,
    unit: str = "questions",
    notes: Notes | None = None,
) -> Exporter:
    """A format writing a pack's expanded questions (`variants` of each) to one file."""

    def stages(job: ExportJob) -> Stages:
        return (("expanding questions", len(job.pack.items)), ("writing the file", 1))

    def run(job: ExportJob, progress: Progress) -> Written:
        questions = expand(
            job.pack, job.variants, job.seed, lambda d, n: progress("expanding questions", d, n)
        )
        count = write(job.pack, questions, job.path)
        progress("writing the file", 1, 1)
        said = notes(questions) if notes is not None else ()
        return Written(((job.path, f"{count} {unit}"),), said)

    return Exporter(fmt, label, suffix, run, stages, write_questions=write)


def text_file(
    render: Callable[[str, Sequence[Question]], str],
    count: Callable[[Sequence[Question]], int] | None = None,
) -> WriteQuestions:
    """Write the text `render(title, questions)` makes, atomically; count the questions it
    holds (each blank of a guided question one; `count` when the format leaves some out)."""

    def write(pack: Pack, questions: Sequence[Question], path: Path) -> int:
        write_text(path, render(pack.title, questions))
        return count(questions) if count is not None else len(flatten(questions))

    return write


def overall(stages: Stages, report: Callable[[int, int], None]) -> Progress:
    """A Progress that reports the whole job as (done, total) over all its stages (one bar)."""
    start: dict[str, int] = {}
    total = 0
    for stage, steps in stages:
        start[stage] = total
        total += steps
    return lambda stage, done, _n: report(start.get(stage, 0) + done, total)
