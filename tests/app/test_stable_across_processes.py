"""The same seeds give the same questions and the same exported notes in another process.

Two calls in one process share one hash seed, so a set iterated or a `hash()` used as a
seed would pass there and still differ between runs; these tests run the commands in two
processes with different PYTHONHASHSEED and compare what they wrote.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "packs" / "backprop-basics.toml")
SCRIPT = """
import contextlib, io, json, sys
from app.cli import main
from questions import registry

folder = sys.argv[1]
generated = {}
for info in registry.families():
    for level in (1, 2, 3):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(["generate", info.id, "--level", str(level), "--seed", "11",
                         "--count", "3", "--json"])
        generated[f"{info.id}/{level}"] = (code, out.getvalue())
with contextlib.redirect_stdout(io.StringIO()):
    for fmt, name in (("anki", "pack.apkg"), ("csv", "pack.csv"), ("gift", "pack.gift")):
        args = ["pack", "export", sys.argv[2], "--format", fmt, "--variants", "3",
                "--seed", "5", "-o", f"{folder}/{name}"]
        assert main(args) == 0
with open(f"{folder}/generated.json", "w") as f:
    json.dump(generated, f)
"""


def run_in_process(folder: Path, hash_seed: str) -> Path:
    folder.mkdir()
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(folder), EXAMPLE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return folder


def anki_notes(apkg: Path, scratch: Path) -> dict[str, Any]:
    """What Anki keys notes, decks and note types by (guids and ids), and every field."""
    with zipfile.ZipFile(apkg) as archive:
        archive.extract("collection.anki2", scratch)
    db = sqlite3.connect(scratch / "collection.anki2")
    try:
        notes = db.execute("select guid, mid, flds, tags from notes order by guid").fetchall()
        decks = db.execute("select did from cards order by did").fetchall()
        models, deck_table = db.execute("select models, decks from col").fetchone()
    finally:
        db.close()
    return {
        "notes": notes,
        "decks": sorted({d for (d,) in decks}),
        "model ids": sorted(json.loads(models)),
        "deck ids": sorted(json.loads(deck_table)),
    }


def test_family_seeds_and_exports_are_the_same_in_another_process(tmp_path: Path) -> None:
    first = run_in_process(tmp_path / "first", "1")
    second = run_in_process(tmp_path / "second", "2024")
    generated = json.loads((first / "generated.json").read_text())
    assert generated == json.loads((second / "generated.json").read_text())
    assert sum(code == 0 for code, _ in generated.values()) >= 30  # most families, each level
    for name in ("pack.csv", "pack.gift"):
        assert (first / name).read_bytes() == (second / name).read_bytes()
    notes = anki_notes(first / "pack.apkg", tmp_path / "a")
    assert notes == anki_notes(second / "pack.apkg", tmp_path / "b")
    assert len({guid for guid, *_ in notes["notes"]}) == len(notes["notes"]) > 8
