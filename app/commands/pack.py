"""`pack validate | preview | export | import`: instructor packs on the command line.

validate lists every problem as FILE:LINE:COL: message (exit 2 if there are any); preview
prints the pack's questions as `generate` does; export writes any format registered in
questions.export.registry (Moodle XML, GIFT, CSV, an Anki .apkg, and the PDF exam with its
answer key that app.cli registers from the Qt side); import makes a pack from Moodle XML,
GIFT, Aiken or the app's own CSV (questions.packs.importers).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections import Counter
from pathlib import Path

from app.commands.catalog import describe
from questions.atomic import WriteFailed, reason
from questions.export.registry import Exporter, ExportJob, exporter, exporters
from questions.packs import Pack, PackError, expand, load_pack, pack_questions
from questions.packs.limits import MAX_VARIANTS, PackLimitError
from questions.packs.network import NetworkQuestionError

USAGE_ERROR = 2
MAX_STUDENTS = 2_000
_UNSEEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_text(text: str) -> str:
    """Pack text made safe to print: control and text-direction characters (which a terminal
    would act on: clear the screen, retitle the window, reorder a line) shown as \\uXXXX."""
    return _UNSEEN.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `pack` with its three subcommands."""
    parser = subparsers.add_parser("pack", help="validate, preview and export instructor packs")
    commands = parser.add_subparsers(dest="pack_command", metavar="ACTION", required=True)

    validate = commands.add_parser("validate", help="list every problem in a pack")
    validate.add_argument("pack", metavar="PACK.toml")
    validate.set_defaults(run=run_validate)

    preview = commands.add_parser("preview", help="show a pack's questions as text")
    preview.add_argument("pack", metavar="PACK.toml")
    preview.add_argument(
        "--seed", type=int, help="show export variants for this seed (default: the pack's own)"
    )
    preview.set_defaults(run=run_preview)

    export = commands.add_parser("export", help="write a pack for Moodle, Anki, a sheet or paper")
    export.add_argument("pack", metavar="PACK.toml")
    formats = [e.id for e in exporters()]
    export.add_argument("--format", required=True, choices=formats, help="what to write")
    export.add_argument(
        "--variants",
        type=int,
        default=1,
        help="variants of each network or family question (default 1; variant 1 of a network "
        "is the network as written); pdf: how many distinct variant sets the students share",
    )
    export.add_argument("--seed", type=int, default=0, help="seed of the variants (default 0)")
    export.add_argument(
        "--students", type=int, help="pdf: one exam per student, each their own variants"
    )
    export.add_argument("-o", "--output", required=True, metavar="OUT", help="file to write")
    export.set_defaults(run=run_export)
    register_import(commands)


def register_import(commands: argparse._SubParsersAction) -> None:
    """Add `pack import FILE -o PACK.toml` (Moodle XML, GIFT, Aiken, the app's CSV)."""
    from questions.packs.importers import FORMATS

    parser = commands.add_parser(
        "import", help="make a pack from Moodle XML, GIFT, Aiken or the app's CSV"
    )
    parser.add_argument("file", metavar="FILE")
    parser.add_argument(
        "--from", dest="fmt", choices=FORMATS, help="the file's format (default: by its suffix)"
    )
    parser.add_argument("-o", "--output", required=True, metavar="PACK.toml", help="pack to write")
    parser.set_defaults(run=run_import)


def _load(path: str) -> Pack | None:
    """The pack, or None after printing its problems to stderr."""
    try:
        return load_pack(path)
    except PackError as error:
        print(terminal_text(str(error)), file=sys.stderr)
        return None


def run_validate(args: argparse.Namespace) -> int:
    """Exit 0 and a summary for a clean pack; exit 2 with every problem listed."""
    try:
        pack = load_pack(args.pack)
    except PackError as error:
        print(terminal_text(str(error)))
        count = len(error.problems)
        print(f"{args.pack}: {count} problem{'s' * (count != 1)}", file=sys.stderr)
        return USAGE_ERROR
    kinds = Counter(type(item).__name__.removesuffix("Item").lower() for item in pack.items)
    summary = ", ".join(f"{n} {kind}" for kind, n in kinds.items())
    print(f"{args.pack}: valid pack {pack.id!r} version {pack.version}: {summary}")
    return 0


def run_preview(args: argparse.Namespace) -> int:
    """The pack's questions as readable text, with answers, mistakes and solutions."""
    pack = _load(args.pack)
    if pack is None:
        return USAGE_ERROR
    if args.seed is not None and args.seed < 0:
        print("backprop-quiz pack preview: --seed must not be negative", file=sys.stderr)
        return USAGE_ERROR
    try:
        questions = pack_questions(pack) if args.seed is None else expand(pack, 1, args.seed)
    except NetworkQuestionError as error:
        print(terminal_text(f"backprop-quiz pack preview: {error}"), file=sys.stderr)
        return USAGE_ERROR
    print(terminal_text(f"# {pack.title} ({pack.id} {pack.version}) by {pack.author}"))
    if pack.description:
        print(terminal_text(pack.description))
    print()
    print(terminal_text("\n\n".join(describe(q) for q in questions)))
    return 0


def _progress(stage: str, done: int, total: int) -> None:
    """Print `stage: done/total` on one stderr line (a new line when piped)."""
    end = "\r" if sys.stderr.isatty() and done < total else "\n"
    print(f"{stage}: {done}/{total}", end=end, file=sys.stderr)


def run_export(args: argparse.Namespace) -> int:
    """Write the pack in the asked format; exit 2 on a bad pack or bad arguments."""
    students = 1 if args.students is None else args.students
    if not (1 <= args.variants <= MAX_VARIANTS and 1 <= students <= MAX_STUDENTS) or args.seed < 0:
        print(
            f"backprop-quiz pack export: --variants must be from 1 to {MAX_VARIANTS}, "
            f"--students from 1 to {MAX_STUDENTS}, and --seed not negative",
            file=sys.stderr,
        )
        return USAGE_ERROR
    chosen = exporter(args.format)
    if args.students is not None and not chosen.per_student:
        which = " or ".join(f"--format {e.id}" for e in exporters() if e.per_student)
        print(f"backprop-quiz pack export: --students is for {which}", file=sys.stderr)
        return USAGE_ERROR
    out = Path(args.output)
    unwritable = _unwritable(out, chosen)
    if unwritable:
        print(f"backprop-quiz pack export: cannot write {out}: {unwritable}", file=sys.stderr)
        return USAGE_ERROR
    pack = _load(args.pack)
    if pack is None:
        return USAGE_ERROR
    try:
        written = chosen.write(ExportJob(pack, out, args.variants, args.seed, students), _progress)
    except (NetworkQuestionError, PackLimitError) as error:
        print(terminal_text(f"backprop-quiz pack export: {error}"), file=sys.stderr)
        return USAGE_ERROR
    except WriteFailed as error:  # the sentence names the file, the reason and what is kept
        print(f"backprop-quiz pack export: {error}", file=sys.stderr)
        return USAGE_ERROR
    except OSError as error:
        print(f"backprop-quiz pack export: cannot write {out}: {reason(error)}", file=sys.stderr)
        return USAGE_ERROR
    said = sys.stderr if _is_stdout(out) else sys.stdout  # never into the file written
    for path, holds in written.files:
        print(f"wrote {path}: {holds}", file=said)
    for note in written.notes:  # what the format could not hold
        print(terminal_text(f"note: {note}"), file=said)
    return 0


def _is_stdout(out: Path) -> bool:
    """True when OUT is where standard output goes (/dev/stdout, or the same pipe or file)."""
    try:
        return os.path.samestat(out.stat(), os.fstat(sys.stdout.fileno()))
    except (OSError, ValueError, AttributeError):  # no such file yet, or stdout is no file
        return False


def _unwritable(out: Path, chosen: Exporter) -> str:
    """Why OUT cannot be written ("" when it can), checked before any work is done."""
    folder = out.parent
    if out.is_dir():
        return "it is a folder"
    if out.exists() and not out.is_file():  # a device or a pipe: written to, not replaced
        if chosen.file_only:
            return chosen.file_only
        return "" if os.access(out, os.W_OK) else "permission denied"
    if not folder.is_dir():
        return f"there is no folder {folder}"
    if not os.access(folder, os.W_OK):
        return f"the folder {folder} is not writable"
    return ""


def run_import(args: argparse.Namespace) -> int:
    """Write the file's questions as a validated pack; list every question left out (and
    every part dropped) as FILE:LINE:COL. Exit 0 when all were carried, 1 when the pack was
    written without some, 2 when nothing could be written."""
    from questions.atomic import write_text
    from questions.packs.importers import pack_toml, read_questions

    try:
        imported = read_questions(args.file, args.fmt)
        text = pack_toml(imported)
    except PackError as error:
        print(terminal_text(str(error)), file=sys.stderr)
        return USAGE_ERROR
    for problem in sorted(imported.left_out + imported.notes):
        print(terminal_text(f"{args.file}:{problem.line}:{problem.col}: {problem.message}"))
    if not text:
        print(f"backprop-quiz pack import: {args.file}: no question to import", file=sys.stderr)
        return USAGE_ERROR
    try:
        write_text(args.output, text)
    except OSError as error:
        print(f"backprop-quiz pack import: {error}", file=sys.stderr)
        return USAGE_ERROR
    left = len(imported.left_out)
    print(
        f"wrote {args.output}: {len(imported.drafts)} questions"
        + (f"; {left} left out (listed above)" if left else ""),
        file=sys.stderr,
    )
    return 1 if left else 0
