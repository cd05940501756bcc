"""The `backprop-quiz` command: no arguments opens the app; subcommands do headless jobs.

Each module in `app.commands` named below exposes `register(subparsers)`, which adds its
parser with `set_defaults(run=function)`; the function takes the parsed arguments and
returns the exit code.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO

COMMAND_MODULES: tuple[str, ...] = ("catalog", "solve", "report", "pack", "classroom")
EXPORTER_MODULES: tuple[str, ...] = ("app.ui.pdf_format",)
"""Export formats registered outside questions.export (Qt-free modules; Qt loads on use)."""


def _add_global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", help="database URL (default: your data folder)")
    parser.add_argument("--version", action=_Version, help="print the version and exit")


class _Version(argparse.Action):
    """--version, looking the version up only when asked (start-up stays fast)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help=str(kwargs.get("help", "")))

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> None:
        print(f"backprop-quiz {_version()}")
        parser.exit()


def _version() -> str:
    """The installed version ("unknown" in an uninstalled copy)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("backprop-quiz")
    except PackageNotFoundError:
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="backprop-quiz",
        description="Learn backpropagation by doing it. With no command, opens the app.",
    )
    _add_global_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in EXPORTER_MODULES:
        importlib.import_module(module)
    for name in COMMAND_MODULES:
        importlib.import_module(f"app.commands.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code.

    With nothing but global options the app opens at once, before any subcommand (and the
    numpy, SQLAlchemy and question modules they import) is loaded: start-up stays fast.
    Standard output that cannot be written (a full disk) ends in one line on stderr and
    exit 2; a reader that stops early (`| head -1`) ends it quietly, as Unix tools do.
    """
    quick = argparse.ArgumentParser(add_help=False)
    _add_global_options(quick)
    options, rest = quick.parse_known_args(argv)
    if not rest:
        from app.ui.launch import run_app  # the GUI only when asked for

        return run_app(argparse.Namespace(command=None, **vars(options)))
    real_stdout = sys.stdout
    sys.stdout = Output(real_stdout)
    try:
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as done:  # --help, or a usage error (argparse has said which)
            sys.stdout.flush()
            return int(done.code or 0) if not isinstance(done.code, str) else USAGE_ERROR
        if args.command is None:
            from app.ui.launch import run_app

            sys.stdout = real_stdout
            return run_app(args)
        code = int(args.run(args) or 0)
        sys.stdout.flush()
    except BrokenPipeError:
        _discard(real_stdout)
        return 0
    except OutputFailed as failed:
        _discard(real_stdout)
        print(f"backprop-quiz: {failed}", file=sys.stderr)
        return USAGE_ERROR
    finally:
        sys.stdout = real_stdout
    return code


USAGE_ERROR = 2
"""The exit code of a usage error, a bad input file, and output that could not be written."""


class OutputFailed(Exception):
    """Standard output could not be written (a full disk, /dev/full, an I/O error)."""

    def __init__(self, error: OSError) -> None:
        from questions.atomic import reason  # not at the top: the GUI path starts without it

        super().__init__(f"could not write to standard output ({reason(error)})")


class Output:
    """Standard output as the commands see it: a write error other than a closed pipe comes
    out as OutputFailed, so no command's own `except OSError` (meant for its files) takes it
    and app.cli can say what happened."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        """Write to standard output."""
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as error:
            raise OutputFailed(error) from error

    def flush(self) -> None:
        """Flush standard output."""
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise OutputFailed(error) from error

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _discard(stdout: TextIO) -> None:
    """Point standard output at the null device, so what is still buffered (flushed again at
    exit) cannot fail a second time and end in a traceback."""
    with contextlib.suppress(OSError, ValueError, AttributeError):  # no real file (in tests)
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, stdout.fileno())
        finally:
            os.close(devnull)


if __name__ == "__main__":
    sys.exit(main())
