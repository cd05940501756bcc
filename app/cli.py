"""The `backprop-quiz` command: no arguments opens the app; subcommands do headless jobs.

Each module in `app.commands` named below exposes `register(subparsers)`, which adds its
parser with `set_defaults(run=function)`; the function takes the parsed arguments and
returns the exit code.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

COMMAND_MODULES: tuple[str, ...] = ("catalog", "solve", "report", "pack")


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
    for name in COMMAND_MODULES:
        importlib.import_module(f"app.commands.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code.

    With nothing but global options the app opens at once, before any subcommand (and the
    numpy, SQLAlchemy and question modules they import) is loaded: start-up stays fast.
    """
    quick = argparse.ArgumentParser(add_help=False)
    _add_global_options(quick)
    options, rest = quick.parse_known_args(argv)
    if not rest:
        from app.ui.launch import run_app  # the GUI only when asked for

        return run_app(argparse.Namespace(command=None, **vars(options)))
    args = build_parser().parse_args(argv)
    if args.command is None:
        from app.ui.launch import run_app

        return run_app(args)
    try:
        code = int(args.run(args) or 0)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped early (`| head -1`): end quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return 0
    return code


if __name__ == "__main__":
    sys.exit(main())
