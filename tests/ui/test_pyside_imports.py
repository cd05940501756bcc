"""The cheaper PySide6 feature check gives PySide6's own answer for every kind of module."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import PySide6.QtCore  # noqa: F401  (installs PySide6's import hook)

import app.ui.window
from app.ui import pyside_imports

ROOT = Path(__file__).resolve().parents[2]


def upstream(module: ModuleType) -> bool:
    """PySide6's answer: "PySide6" in the module's source (inspect.getsource)."""
    import inspect

    try:
        return "PySide6" in inspect.getsource(module)
    except (TypeError, OSError):
        return False


def test_a_module_using_pyside_is_told_apart_from_one_that_does_not() -> None:
    assert pyside_imports.source_mentions_pyside(app.ui.window, upstream) is True
    assert pyside_imports.source_mentions_pyside(json, upstream) is False
    assert pyside_imports.source_mentions_pyside(sys, upstream) is False  # built in


def _upstream_answers(module: ModuleType) -> bool:
    """Whether PySide6's own check can look at the module (one whose attributes raise on
    inspection, as PyTorch's class registry does, is not the question here)."""
    try:
        upstream(module)
    except Exception:
        return False
    return True


def test_the_answer_is_the_same_as_pyside6s_for_every_loaded_module() -> None:
    modules = [m for m in list(sys.modules.values()) if isinstance(m, ModuleType)]
    differ = [
        m.__name__
        for m in modules
        if _upstream_answers(m)
        and pyside_imports.source_mentions_pyside(m, upstream) != upstream(m)
    ]
    assert differ == []


def test_speed_up_replaces_the_hook_once_and_keeps_it_working() -> None:
    assert pyside_imports.speed_up() is True
    feature = sys.modules[pyside_imports.FEATURE_MODULE]
    installed = feature._mod_uses_pyside
    assert pyside_imports.speed_up() is True
    assert feature._mod_uses_pyside is installed  # not wrapped twice
    assert installed(app.ui.window) is True
    assert installed(json) is False


def test_the_app_starts_in_fusion_and_installs_it_before_the_services_import() -> None:
    script = (
        "import argparse, sys\n"
        "from app.ui.theme import new_application\n"
        "from app.ui.main import start_app\n"
        "app = new_application(sys.argv[:1])\n"
        "print(app.style().name())\n"
        "start_app(argparse.Namespace(db='sqlite://'), app)\n"
        "feature = sys.modules['shibokensupport.feature']\n"
        "print(getattr(feature._mod_uses_pyside, 'reads_bytes', False))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        env={"PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen", "HOME": "/tmp"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert out.stdout.split() == ["fusion", "True"]
