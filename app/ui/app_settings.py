"""The app's own settings (database location, theme, text size, last learner, the window's
state): a small JSON file in the platform's user config folder, read leniently and written
atomically."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import platformdirs

from app.ui.theme import DEFAULT_TEXT_SIZE, MAX_TEXT_SIZE, MIN_TEXT_SIZE
from app.ui.window_state import clean_state
from questions.atomic import write_text

APP_NAME = "backprop-quiz"
DEFAULTS: dict[str, Any] = {
    "db": None,
    "dark": False,
    "text_size": DEFAULT_TEXT_SIZE,
    "profile": None,
    "window": None,
}


def config_file() -> Path:
    """Where the app's settings are kept (the platform's user config folder)."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "settings.json"


def load_app_settings(path: Path | None = None) -> dict[str, Any]:
    """The saved settings, defaults for anything missing, unreadable or out of range."""
    source = path or config_file()
    settings = dict(DEFAULTS)
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    if not isinstance(data, dict):
        data = {}
    if isinstance(data.get("db"), str) and data["db"].strip():
        settings["db"] = data["db"]
    if isinstance(data.get("dark"), bool):
        settings["dark"] = data["dark"]
    size = data.get("text_size")
    if (
        isinstance(size, int)
        and not isinstance(size, bool)
        and MIN_TEXT_SIZE <= size <= MAX_TEXT_SIZE
    ):
        settings["text_size"] = size
    if isinstance(data.get("profile"), str):
        settings["profile"] = data["profile"]
    settings["window"] = clean_state(data.get("window")) or None
    settings["config_file"] = str(source)
    return settings


def save_app_settings(settings: dict[str, Any]) -> Path:
    """Write the settings back to their file (replaced whole, never half-written)."""
    target = Path(settings.get("config_file") or config_file())
    target.parent.mkdir(parents=True, exist_ok=True)
    data = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    return write_text(target, json.dumps(data, indent=1))
