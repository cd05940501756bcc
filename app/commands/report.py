"""`class-report`: accuracy and mastery per learner and topic, as a table or a CSV file."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from app.services.class_report import ReportRow, class_report
from app.services.profiles import Services
from app.store.database import open_database, resolve_url
from app.store.errors import StoreError
from app.store.repository import Repository
from questions.atomic import WriteFailed, write_text
from questions.export.csv_export import inert

HEADER = ("learner", "topic", "attempts", "correct", "accuracy", "mastery")
WRITE_FAILED = 2


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the class-report command (its --db may also come before the command)."""
    report = subparsers.add_parser(
        "class-report", help="accuracy and mastery per learner and topic"
    )
    report.add_argument("--db", dest="report_db", metavar="URL", help="the class's database URL")
    report.add_argument("--csv", metavar="FILE", type=Path, help="also write the rows as CSV")
    report.set_defaults(run=run_report)


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


def format_table(rows: list[ReportRow]) -> str:
    """The rows as a fixed-width table."""
    cells = [HEADER] + [
        (
            r.learner,
            r.topic,
            str(r.attempts),
            str(r.correct),
            _percent(r.accuracy),
            _percent(r.mastery),
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(HEADER))]
    lines = [
        "  ".join(
            c.ljust(w) if i < 2 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in cells
    ]
    return "\n".join(line.rstrip() for line in lines)


def write_csv(rows: list[ReportRow], path: Path) -> None:
    """The rows as CSV (replaced whole or not at all); accuracy and mastery as fractions 0-1,
    accuracy empty with no answers; a learner's name or a topic that a spreadsheet would take
    for a formula is kept as text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for r in rows:
        accuracy = "" if r.accuracy is None else f"{r.accuracy:.4f}"
        writer.writerow(
            [inert(r.learner), inert(r.topic), r.attempts, r.correct, accuracy, f"{r.mastery:.4f}"]
        )
    write_text(path, buffer.getvalue())


def run_report(args: argparse.Namespace) -> int:
    """Print the class report, and write it as CSV if asked."""
    url = resolve_url(getattr(args, "report_db", None) or args.db)
    try:
        with open_database(url, create=False) as database:
            ctx = Services(Repository(database)).ctx  # the content with the class's packs
            rows = class_report(ctx.repo, ctx.utc_now(), ctx.scheduling, ctx.content)
    except StoreError as e:
        print(f"class-report: {e}", file=sys.stderr)
        return 1
    if not rows:
        print("No learners in this database yet.")
    else:
        print(format_table(rows))
    if args.csv is not None:
        try:
            write_csv(rows, args.csv)
        except WriteFailed as e:  # names the file, why, and that the old one is kept
            print(f"class-report: {e}", file=sys.stderr)
            return WRITE_FAILED
        print(f"Wrote {len(rows)} rows to {args.csv}")
    return 0
