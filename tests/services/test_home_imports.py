"""Home's data comes before numpy, the engine or any family is imported (they cost a fifth of
start-up): the catalogue is read from its cache, and packs load only where there are some."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import sys
from app.services import open_services
with open_services(sys.argv[1]) as services:
    learner = services.profiles()[0] if services.profiles() else services.create_profile("Ada")
    home = services.home(learner.id)
    print(home.skills_total, "numpy" in sys.modules, "questions.families.base" in sys.modules)
"""


def _home(db: Path, cache: Path) -> list[str]:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache), PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", PROBE, f"sqlite:///{db}"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.split()


def test_home_needs_no_numpy_once_the_catalogue_is_cached(tmp_path: Path) -> None:
    db, cache = tmp_path / "progress.sqlite", tmp_path / "cache"
    cold = _home(db, cache)  # the first start works the catalogue out and writes it
    warm = _home(db, cache)
    assert cold[0] == warm[0] and int(warm[0]) > 100
    assert warm[1:] == ["False", "False"]
