"""`class-report`: the class's figures as tables, CSV or JSON; the database is only read."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from app.services.class_report import ClassReport, build_report
from app.services.class_tables import TABLES, csv_text, report_json, table, write_csv
from app.services.profiles import Services
from app.store.class_records import ClassFilter
from app.store.database import resolve_url
from app.store.errors import StoreError
from app.store.reading import open_for_reading
from app.store.repository import Repository
from questions.atomic import WriteFailed

WRITE_FAILED = 2
TEXT_TABLES = (("learner-topics", ""), ("items", "Questions"), ("mistakes", "Mistakes"))


def _day(value: str) -> datetime:
    """A date YYYY-MM-DD as the start of that day in UTC."""
    try:
        return datetime.combine(datetime.strptime(value, "%Y-%m-%d").date(), time(), tzinfo=UTC)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-03-01") from None


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the class-report command (its --db may also come before the command)."""
    report = subparsers.add_parser(
        "class-report",
        help="what the class gets right and wrong: per question, mistake and learner",
    )
    report.add_argument("--db", dest="report_db", metavar="URL", help="the class's database URL")
    output = report.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print every table as JSON")
    output.add_argument(
        "--csv",
        metavar="FILE",
        nargs="?",
        const="-",
        help="print one table as CSV, or write it to FILE",
    )
    report.add_argument(
        "--table", choices=TABLES, default="learner-topics", help="the table --csv gives"
    )
    report.add_argument("--topic", help="count only this topic's answers")
    report.add_argument("--since", type=_day, metavar="YYYY-MM-DD", help="answers from this day")
    report.add_argument("--until", type=_day, metavar="YYYY-MM-DD", help="answers before this day")
    report.set_defaults(run=run_report)


def _cell(value: Any) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def format_table(header: tuple[str, ...], rows: list[list[Any]]) -> str:
    """A table as fixed-width text: text left-aligned, numbers right-aligned."""
    cells = [list(header)] + [[_cell(v) for v in row] for row in rows]
    numeric = [all(not isinstance(r[i], str) for r in rows) for i in range(len(header))]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = [
        "  ".join(
            c.rjust(w) if numeric[i] else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in cells
    ]
    return "\n".join(line.rstrip() for line in lines)


def _percent_rows(rows: list[list[Any]], header: tuple[str, ...]) -> list[list[Any]]:
    """Fractions shown as percentages in the text table."""
    shares = {i for i, h in enumerate(header) if h in ("accuracy", "mastery", "share_right")}
    return [
        [f"{100 * v:.0f}%" if i in shares and isinstance(v, float) else v for i, v in enumerate(r)]
        for r in rows
    ]


def _print_text(report: ClassReport) -> None:
    if not report.learners:
        print("No learners in this database yet.")
        return
    for name, title in TEXT_TABLES:
        header, rows = table(report, name)
        if title:
            print(f"\n{title}")
        print(format_table(header, _percent_rows(rows, header)))


def run_report(args: argparse.Namespace) -> int:
    """Print the class report (or one table as CSV, or all as JSON); write CSV if asked."""
    url = resolve_url(getattr(args, "report_db", None) or args.db)
    f = ClassFilter(args.topic, args.since, args.until)
    try:
        with open_for_reading(url) as database:
            ctx = Services(Repository(database)).ctx  # the content with the class's packs
            report = build_report(database, ctx.utc_now(), ctx.scheduling, ctx.content, f)
    except StoreError as e:
        print(f"class-report: {e}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report_json(report), indent=1))
        return 0
    if args.csv == "-":
        header, rows = table(report, args.table)
        sys.stdout.write(csv_text(header, rows))
        return 0
    _print_text(report)
    if args.csv is not None:
        try:
            count = write_csv(report, args.table, Path(args.csv))
        except WriteFailed as e:  # names the file, why, and that the old one is kept
            print(f"class-report: {e}", file=sys.stderr)
            return WRITE_FAILED
        print(f"Wrote {count} rows to {args.csv}")
    return 0
