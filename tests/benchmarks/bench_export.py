"""Seconds to export 1,000 variants of a network question to each format.

    python tests/benchmarks/bench_export.py [--json] [--variants 1000] [--repeat 3]

The variants (nudged weights, each verified by central differences) are made once and
timed on their own ("expand"); each format's time is the median over repeats of writing
the file from those questions: Moodle XML, GIFT, CSV, an Anki .apkg, and the PDF exam (one
student per variant, so one page break each) with its answer key, QTI 1.2 for Canvas and a
QTI 3.0 package; then importing 1,000 questions (a Moodle XML file of that many numeric
questions, read and written as two validated packs of 500). Targets: at most 3 s each for
Moodle XML, GIFT, CSV, Anki and both QTI; 2 s for the import; 10 s for the PDF exam. The
table also shows CPU seconds; --json prints the wall-clock seconds only.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.ui.pdf_export import write_exam
from questions.export.anki import write_apkg
from questions.export.csv_export import csv_text
from questions.export.gift import gift
from questions.export.moodle_xml import moodle_xml
from questions.export.qti3 import write_qti3
from questions.export.qti12 import write_qti12
from questions.packs import expand, read_pack
from questions.packs.importers import Imported, pack_toml, read_questions

PACK = """
[pack]
id = "bench"
title = "Export benchmark"
author = "Benchmark"
version = "1"

[[question]]
id = "hidden-weight"
type = "network"
ask = "grad_weights[0][1][0]"

  [question.network]
  inputs = [0.05, 0.10]
  targets = [0.01, 0.99]
  loss = "half_sse"
  learning_rate = 0.5
  layers = [
    { weights = [[0.15, 0.20], [0.25, 0.30]], biases = [0.35, 0.35], activation = "sigmoid" },
    { weights = [[0.40, 0.45], [0.50, 0.55]], biases = [0.60, 0.60], activation = "sigmoid" },
  ]
"""
TARGETS = {
    "moodle_s": 3.0,
    "gift_s": 3.0,
    "csv_s": 3.0,
    "anki_s": 3.0,
    "pdf_s": 10.0,
    "qti12_s": 3.0,
    "qti3_s": 3.0,
    "import_s": 2.0,
}


def timed(call, repeat: int) -> tuple[float, float]:
    """Median wall-clock and median CPU seconds of `repeat` calls (a busy machine shows as
    wall time well above CPU time)."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        call()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def measure(variants: int, repeat: int) -> tuple[float, dict[str, tuple[float, float]]]:
    """(seconds to expand, (wall, CPU) seconds per format)."""
    pack = read_pack(PACK, "bench.toml")
    start = time.perf_counter()
    questions = expand(pack, variants, seed=0)
    expand_s = time.perf_counter() - start
    assert len(questions) == variants
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        results = {
            "moodle_s": timed(
                lambda: (out / "q.xml").write_text(moodle_xml(pack.title, questions)), repeat
            ),
            "gift_s": timed(
                lambda: (out / "q.gift").write_text(gift(pack.title, questions)), repeat
            ),
            "csv_s": timed(lambda: (out / "q.csv").write_text(csv_text(questions)), repeat),
            "anki_s": timed(
                lambda: write_apkg(pack.id, pack.title, questions, out / "q.apkg"), repeat
            ),
            "pdf_s": timed(
                lambda: write_exam(pack.title, [[q] for q in questions], out / "exam.pdf"), repeat
            ),
            "qti12_s": timed(lambda: write_qti12(pack, questions, out / "canvas.zip"), repeat),
            "qti3_s": timed(lambda: write_qti3(pack, questions, out / "qti3.zip"), repeat),
        }
        (out / "import.xml").write_text(moodle_xml(pack.title, questions))
        results["import_s"] = timed(lambda: import_packs(out / "import.xml"), repeat)
    return expand_s, {k: (round(wall, 3), round(cpu, 3)) for k, (wall, cpu) in results.items()}


def import_packs(path: Path) -> list[str]:
    """Read the file's questions and write them as validated packs of at most 500."""
    imported = read_questions(path)
    texts = []
    for start in range(0, len(imported.drafts), 500):
        part = Imported(imported.source, imported.drafts[start : start + 500])
        texts.append(pack_toml(part))
    return texts  # pack_toml validated each with read_pack


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--variants", type=int, default=1000, help="variants (default 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="repeats; medians reported")
    args = parser.parse_args()
    expand_s, results = measure(args.variants, args.repeat)
    if args.json:
        print(json.dumps({name: wall for name, (wall, _) in results.items()}))
        return 0
    print(f"{args.variants} variants of a network question; expanding them took {expand_s:.2f} s")
    print(f"{'format':<10}{'seconds':>9}{'cpu':>7}{'target':>8}")
    for name, (seconds, cpu) in results.items():
        verdict = "ok" if seconds <= TARGETS[name] else "MISSED"
        label = name.removesuffix("_s")
        print(f"{label:<10}{seconds:>9.2f}{cpu:>7.2f}{TARGETS[name]:>8.0f}  {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
