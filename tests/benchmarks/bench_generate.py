"""Verified questions per second for each family, one at a time and batched.

    python tests/benchmarks/bench_generate.py [--json] [--batch 1000] [--repeat 5]

"One at a time" calls `question(level, seed)` per seed (a fresh batch of one each time);
"batched" makes n questions in one `generate` call. Both include drawing, the engine pass,
the independent check, screening and writing every question. The figure per family is the
median over repeats of the slowest level. Target: >= 2,000 per second batched for every
numeric family on one core.

Time is this process's CPU time (numpy is held to one thread, so that is time on one core):
other work on a shared machine then cannot make a family look slower than it is.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from questions import registry
from questions.model import Kind

TARGET = 2000.0


def rate(call, count: int, repeat: int) -> float:
    """Median questions per second (CPU time) over `repeat` runs of `call`, which makes `count`."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        call()
        times.append(time.process_time() - start)
    return count / statistics.median(times)


def measure(batch: int, single: int, repeat: int) -> dict[str, dict[str, float]]:
    """Per family: the slowest level's single and batched rates."""
    results: dict[str, dict[str, float]] = {}
    for info in registry.families():
        family = registry.family(info.id)
        singles, batches = [], []
        for level in info.levels:
            family.generate(level, range(10))  # warm up imports and caches
            one_by_one = [(level, s) for s in range(10_000, 10_000 + single)]
            singles.append(
                rate(lambda f=family, q=one_by_one: [f.question(*a) for a in q], single, repeat)
            )
            seeds = range(20_000, 20_000 + batch)
            batches.append(
                rate(lambda f=family, s=seeds, lv=level: f.generate(lv, s), batch, repeat)
            )
        results[info.id] = {
            "single_per_s": round(min(singles), 1),
            "batched_per_s": round(min(batches), 1),
            "numeric": info.kind is Kind.NUMERIC,
        }
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--batch", type=int, default=1000, help="batched n (default 1000)")
    parser.add_argument("--single", type=int, default=100, help="one-at-a-time count")
    parser.add_argument("--repeat", type=int, default=5, help="repeats; medians reported")
    args = parser.parse_args()
    results = measure(args.batch, args.single, args.repeat)
    if args.json:
        out = {
            "families": {
                k: {"single_per_s": v["single_per_s"], "batched_per_s": v["batched_per_s"]}
                for k, v in results.items()
            }
        }
        print(json.dumps(out, indent=2))
        return 0
    print(f"{'family':<24}{'kind':>9}{'single/s':>11}{'batched/s':>11}{'target':>9}")
    for family_id, r in results.items():
        verdict = ("ok" if r["batched_per_s"] >= TARGET else "MISSED") if r["numeric"] else "-"
        kind = "numeric" if r["numeric"] else "other"
        print(
            f"{family_id:<24}{kind:>9}{r['single_per_s']:>11.0f}{r['batched_per_s']:>11.0f}"
            f"{verdict:>9}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
