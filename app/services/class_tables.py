"""The class report as tables: the same figures for the Class page, CSV files and JSON.

Each table is a header and rows of plain values (numbers stay numbers); `csv_text` and
`report_json` turn them into what `class-report --csv` and `--json` print and the page's
exports write. A name or skill a spreadsheet would take for a formula is kept as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from app.services.class_report import (
    ClassReport,
    learner_topic_rows,
    mistake_name,
)
from questions.atomic import write_text
from questions.export.csv_export import inert

TABLES = ("learners", "items", "mistakes", "learner-topics")
"""The tables every front end can show and export, by name."""

Table = tuple[tuple[str, ...], list[list[Any]]]


def _when(at: datetime | None) -> str:
    return "" if at is None else at.isoformat(timespec="seconds")


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def learners_table(report: ClassReport) -> Table:
    """One row per learner: answers, share right, mastery per topic, last active, due."""
    header: tuple[str, ...] = (
        "learner",
        "attempts",
        "share_right",
        "mastery",
        "last_active",
        "reviews_due",
    )
    header += tuple(f"mastery:{t}" for t in report.topics)
    rows = [
        [
            r.name,
            r.attempts,
            _round(r.share_right),
            _round(r.overall_mastery),
            _when(r.last_active),
            r.due,
            *(_round(r.mastery[t]) for t in report.topics),
        ]
        for r in report.learners
    ]
    return header, rows


def items_table(report: ClassReport) -> Table:
    """One row per skill: attempts, share right, discrimination, median time, top mistakes."""
    header = (
        "skill",
        "topic",
        "attempts",
        "learners",
        "share_right",
        "discrimination",
        "median_seconds",
        "top_mistakes",
    )
    rows = [
        [
            i.skill,
            i.topic,
            i.attempts,
            i.learners,
            _round(i.share_right),
            _round(i.discrimination, 3),
            round(i.median_seconds, 1),
            "; ".join(f"{mistake_name(m)} ({k} learners)" for m, k in i.top_mistakes),
        ]
        for i in report.items
    ]
    return header, rows


def mistakes_table(report: ClassReport) -> Table:
    """One row per diagnosed mistake, most learners first."""
    header = ("mistake", "name", "learners", "attempts", "skills")
    rows = [[m.mistake, m.name, m.learners, m.attempts, m.skills] for m in report.mistakes]
    return header, rows


def learner_topics_table(report: ClassReport) -> Table:
    """One row per learner and topic (and "all"): answers, right, accuracy, mastery."""
    header = ("learner", "topic", "attempts", "correct", "accuracy", "mastery")
    rows = [
        [r.learner, r.topic, r.attempts, r.correct, _round(r.accuracy), _round(r.mastery)]
        for r in learner_topic_rows(report)
    ]
    return header, rows


_BUILDERS = {
    "learners": learners_table,
    "items": items_table,
    "mistakes": mistakes_table,
    "learner-topics": learner_topics_table,
}


def table(report: ClassReport, name: str) -> Table:
    """One of TABLES by name."""
    return _BUILDERS[name](report)


def csv_text(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A table as CSV: fractions as numbers, nothing empty as "", text made inert."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            [
                ""
                if v is None
                else inert(v)
                if isinstance(v, str)
                else f"{v:.4f}"
                if isinstance(v, float)
                else v
                for v in row
            ]
        )
    return buffer.getvalue()


def write_csv(report: ClassReport, name: str, path: Path) -> int:
    """Write one table to a CSV file, replaced whole or not at all; how many rows."""
    header, rows = table(report, name)
    write_text(path, csv_text(header, rows))
    return len(rows)


def report_json(report: ClassReport) -> dict[str, Any]:
    """Every table as a list of objects, with the filter they were computed for."""
    f = report.filter
    out: dict[str, Any] = {
        "filter": {"topic": f.topic, "since": _when(f.since), "until": _when(f.until)},
        "topics": list(report.topics),
    }
    for name in TABLES:
        header, rows = table(report, name)
        out[name] = [dict(zip(header, row, strict=True)) for row in rows]
    return out
