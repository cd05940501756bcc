"""The Workbench's files: scripts and networks saved and opened, and drafts kept across restarts.

A script file is the script's text with its values on a first line `# values: x=-2, y=5`; a
network file is its TOML. Drafts (what the three editors hold) are one small JSON file in the
app's data folder, rewritten atomically a moment after typing stops. Nothing read is run.
"""

from __future__ import annotations

import json
from pathlib import Path

import platformdirs

from questions.atomic import write_text

APP_NAME = "backprop-quiz"
LARGEST = 1_000_000
"""The largest file the Workbench opens, in bytes: a script or network is a few lines."""
VALUES = "# values:"
FIELDS = ("script", "values", "network", "tensor")


class FileProblem(Exception):
    """A file could not be read as a script or network; the message is a whole sentence."""


def drafts_file() -> Path:
    """Where the Workbench's drafts are kept (the platform's user-data folder)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "workbench.json"


def load_drafts(path: Path) -> dict[str, str]:
    """The drafts saved last time (only text fields), or nothing when there are none."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        k: v for k, v in data.items() if k in FIELDS and isinstance(v, str) and len(v) < LARGEST
    }


def save_drafts(path: Path, drafts: dict[str, str]) -> None:
    """Write the drafts atomically (raises questions.atomic.WriteFailed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, json.dumps(drafts, ensure_ascii=False, indent=1))


def script_file_text(script: str, values: str) -> str:
    """A script file: the values line, then the script."""
    return f"{VALUES} {values.strip()}\n{script}" if values.strip() else script


def read_text_file(path: str | Path) -> str:
    """A text file's contents; FileProblem says in a sentence why it cannot be read."""
    target = Path(path)
    try:
        if target.stat().st_size > LARGEST:
            raise FileProblem(f"{target.name} is larger than 1 MB, too large for a script.")
        return target.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise FileProblem(f"{target.name} is not a text file (it is not UTF-8).") from None
    except OSError as error:
        reason = error.strerror or "it cannot be read"
        raise FileProblem(f"{target.name} could not be opened: {reason.lower()}.") from None


def split_script_file(text: str) -> tuple[str, str | None]:
    """A script file's script and its values (None when it names none)."""
    first, _, rest = text.partition("\n")
    if first.strip().lower().startswith(VALUES):
        return rest, first.strip()[len(VALUES) :].strip()
    return text, None


def sentence(text: str) -> str:
    """A message as a whole sentence: a capital first letter and a full stop."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
