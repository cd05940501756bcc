"""Make every import after PySide6's cheaper: its feature hook reads source files directly.

Once PySide6.QtCore is imported, every module imported afterwards is asked whether it uses
PySide6 (for `from __feature__ import ...`), by `inspect.getsource` on the whole module:
about 15% of the time the services take to import (SQLAlchemy, numpy and the question
families are some 470 modules, all imported after the window shows). `speed_up()` gives
the same answer, "PySide6" in the module's source, by reading the file's bytes, and keeps
PySide6's own check for anything that is not a plain .py file.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

FEATURE_MODULE = "shibokensupport.feature"
"""Where PySide6 keeps its __feature__ import hook (present once PySide6.QtCore is imported)."""


def source_mentions_pyside(module: ModuleType, fallback: Callable[[ModuleType], bool]) -> bool:
    """True when the module's .py source contains "PySide6"; `fallback` for anything else."""
    spec = getattr(module, "__spec__", None)
    origin = getattr(spec, "origin", None)
    if not isinstance(origin, str) or not origin.endswith(".py"):
        return fallback(module)
    try:
        with open(origin, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return fallback(module)


def speed_up() -> bool:
    """Install the cheaper check (once); False when this PySide6 has no such hook."""
    feature = sys.modules.get(FEATURE_MODULE)
    upstream = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(upstream):
        return False
    if getattr(upstream, "reads_bytes", False):
        return True

    def uses_pyside(module: ModuleType) -> bool:
        return source_mentions_pyside(module, upstream)

    uses_pyside.reads_bytes = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
    return True
