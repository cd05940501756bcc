"""Verified questions per second for each family, one at a time and batched.

    python tests/benchmarks/bench_generate.py [--json] [--batch 1000] [--repeat 5]
        [--baseline COMMIT_OR_DIR] [--families id,id]

"One at a time" calls `question(level, seed)` per seed (a fresh batch of one each time);
"batched" makes n questions in one `generate` call. Both include drawing, the engine pass,
the independent check, screening and writing every question. The figure per family is the
median over repeats of the slowest level. Target: >= 2,000 per second batched for every
numeric family on one core.

Time is this process's CPU time (numpy is held to one thread, so that is time on one core):
other work on a shared machine then cannot make a family look slower than it is.

With --baseline, the same measurement runs on an older tree in the same run, family by
family and alternating with this tree `--rounds` times (so load on a shared machine falls on
both alike; each tree's best round counts), and each family's batched rate is printed as a
ratio new/old. The baseline is a directory holding
a checkout, or a commit, exported to a temporary directory with `git archive`; each family
is measured there by this script's `--one` mode, so the old tree needs nothing from it.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.environ.get("BENCH_TREE") or str(Path(__file__).resolve().parents[2]))
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


def measure(
    batch: int, single: int, repeat: int, only: list[str] | None = None
) -> dict[str, dict[str, float]]:
    """Per family: the slowest level's single and batched rates."""
    results: dict[str, dict[str, float]] = {}
    for info in registry.families():
        if only is not None and info.id not in only:
            continue
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


def baseline_tree(baseline: str, scratch: Path) -> Path:
    """The directory of the older tree: `baseline` itself, or that commit exported into scratch."""
    if Path(baseline).is_dir():
        return Path(baseline)
    root = Path(__file__).resolve().parents[2]
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", baseline], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(scratch / "tree", filter="data")
    return scratch / "tree"


def measure_in(tree: Path, family: str, args: argparse.Namespace) -> dict[str, float] | None:
    """One family measured in another tree by this script's --one mode (None if it has none)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--one", family]
    command += ["--batch", str(args.batch), "--single", str(args.single)]
    command += ["--repeat", str(args.repeat)]
    env = {**os.environ, "PYTHONPATH": str(tree), "BENCH_TREE": str(tree)}
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tree)
    if done.returncode != 0:
        return None
    return json.loads(done.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--batch", type=int, default=1000, help="batched n (default 1000)")
    parser.add_argument("--single", type=int, default=100, help="one-at-a-time count")
    parser.add_argument("--repeat", type=int, default=5, help="repeats; medians reported")
    parser.add_argument("--baseline", help="a commit or a checkout to compare with")
    parser.add_argument("--families", help="comma-separated family ids (default all)")
    parser.add_argument("--rounds", type=int, default=2, help="alternations with --baseline")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # one family, as JSON, for --baseline
    args = parser.parse_args()
    only = args.families.split(",") if args.families else None
    if args.one:
        result = measure(args.batch, args.single, args.repeat, [args.one]).get(args.one)
        print(json.dumps(result))
        return 0 if result else 1
    if args.baseline:
        return compare(args, only)
    results = measure(args.batch, args.single, args.repeat, only)
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


def best(
    here: Path, tree: Path, family: str, args: argparse.Namespace
) -> tuple[dict[str, float] | None, dict[str, float] | None]:
    """The family measured here and in the baseline, alternately `--rounds` times; for each
    tree the best round (the one a burst of other work on the machine disturbed least)."""
    runs: dict[Path, list[dict[str, float]]] = {here: [], tree: []}
    for _ in range(args.rounds):
        for where in (here, tree):
            result = measure_in(where, family, args)
            if result is not None:
                runs[where].append(result)
    return tuple(  # type: ignore[return-value]
        max(runs[where], key=lambda r: r["batched_per_s"]) if runs[where] else None
        for where in (here, tree)
    )


def compare(args: argparse.Namespace, only: list[str] | None) -> int:
    """Each family here and in the baseline tree, alternately; the batched ratio new/old."""
    with tempfile.TemporaryDirectory() as scratch:
        tree = baseline_tree(args.baseline, Path(scratch))
        here = Path(__file__).resolve().parents[2]
        print(f"{'family':<24}{'old/s':>9}{'new/s':>9}{'ratio':>8}   (batched, slowest level)")
        slower = []
        for info in registry.families():
            if only is not None and info.id not in only:
                continue
            new, old = best(here, tree, info.id, args)
            if new is None:
                continue
            if old is None:
                print(f"{info.id:<24}{'-':>9}{new['batched_per_s']:>9.0f}{'new':>8}")
                continue
            ratio = new["batched_per_s"] / old["batched_per_s"]
            if ratio < 0.95:
                slower.append(info.id)
            print(
                f"{info.id:<24}{old['batched_per_s']:>9.0f}{new['batched_per_s']:>9.0f}"
                f"{ratio:>8.2f}"
            )
    print("slower than the baseline: " + (", ".join(slower) if slower else "none"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
