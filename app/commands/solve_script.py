"""`backprop-quiz solve --script FILE.toml [--json]`: a tensor script worked forward and back."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from app.present.script_model import script_json, tensor_solution
from app.present.script_text import tensor_text
from engine.script import ScriptFileError, solve_file_text

USAGE_ERROR = 2
LARGEST = 1_000_000
"""The largest script file read, in bytes."""


def solve_script_file(path: str, as_json: bool) -> int:
    """Print the solution of the tensor script in `path`, or its problem (exit status 2)."""
    target = Path(path)
    try:
        if target.stat().st_size > LARGEST:
            return _fail(f"{path}: larger than 1 MB, too large for a script file")
        text = target.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return _fail(f"{path}: not a text file (it is not UTF-8)")
    except OSError as error:
        return _fail(f"{path}: cannot be read: {(error.strerror or 'unknown error').lower()}")
    try:
        solved = solve_file_text(text)
    except ScriptFileError as error:
        place = f":{error.line}:{error.column}" if error.line is not None else ""
        return _fail(f"{path}{place}: {error.detail}")
    if as_json:
        sys.stdout.write(json.dumps(script_json(solved), indent=1) + "\n")
    else:
        sys.stdout.write(tensor_text(tensor_solution(solved)))
    return 0


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return USAGE_ERROR
