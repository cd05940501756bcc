"""`backprop-quiz` itself: output that cannot be written ends in one clear line and exit 2,
for every subcommand, never in a traceback."""

from __future__ import annotations

import errno
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.services import open_services

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "packs" / "backprop-basics.toml")
NET = str(ROOT / "examples" / "mazur.toml")
FULL = "backprop-quiz: could not write to standard output (the disk is full)\n"


class FullOutput:
    """Standard output on a full disk: every write and flush fails with ENOSPC."""

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    def flush(self) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.fixture
def net() -> str:
    return NET


@pytest.fixture
def class_db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'class.sqlite3'}"
    with open_services(url) as services:
        services.create_profile("Ada")
    return url


COMMANDS = {
    "families": ["families"],
    "families --json": ["families", "--json"],
    "generate": ["generate", "chain-rule", "--count", "2"],
    "generate --json": ["generate", "chain-rule", "--json"],
    "bank": ["bank"],
    "solve": ["solve", "{net}"],
    "solve --json": ["solve", "{net}", "--json"],
    "solve --expr": ["solve", "--expr", "f = x * y", "--at", "x=1,y=2"],
    "class-report": ["class-report", "--db", "{db}"],
    "pack validate": ["pack", "validate", EXAMPLE],
    "pack preview": ["pack", "preview", EXAMPLE],
    "pack export": ["pack", "export", EXAMPLE, "--format", "csv", "-o", "{out}"],
    "--help": ["--help"],
    "pack --help": ["pack", "--help"],
}


@pytest.mark.parametrize("command", COMMANDS)
def test_a_full_standard_output_ends_in_one_line_and_exit_2(
    command: str, net: str, class_db: str, tmp_path: Path, monkeypatch, capsys
) -> None:
    fields = {"net": net, "db": class_db, "out": str(tmp_path / "out.csv")}
    args = [arg.format(**fields) for arg in COMMANDS[command]]
    monkeypatch.setattr(sys, "stdout", FullOutput())
    assert main(args) == 2
    assert capsys.readouterr().err.endswith(FULL)


def test_solve_into_dev_full_says_so_and_exits_2_as_a_process(net: str) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "app", "solve", net],
            cwd=ROOT,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert (done.returncode, done.stderr) == (2, FULL)  # was a traceback and exit 1


def test_help_into_dev_full_says_so_and_exits_2_as_a_process() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "app", "--help"],
            cwd=ROOT,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert (done.returncode, done.stderr) == (2, FULL)


def test_a_usage_error_still_exits_2_with_argparse_s_message(capsys) -> None:
    assert main(["solve", "--no-such-option"]) == 2
    assert "unrecognized arguments: --no-such-option" in capsys.readouterr().err
