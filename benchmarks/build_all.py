"""Time a cold full build against a floor and a naive loop, and rebuilds against the cold build.

* **floor**: an empty parameterized notebook (only the parameters cell) executed by Papermill
  once per report, spread over the cores: what any Papermill-based build must pay at least.
* **naive loop**: per report, one after another, the Papermill CLI, then the nbconvert CLI
  (HTML), then pandoc (typst) and typst (PDF).
* **gcm-report build**: ``gcm-report build`` into an empty outputs folder with an empty cache.
* **no-op rebuild**: the same command again, nothing changed (every report is up to date).
* **one changed**: the same command after one params file changed (its reports are rebuilt:
  one per language it lists, ECE's three).

Targets: full build <= 1.3 x the floor, >= 3 x faster than the naive loop, a no-op rebuild well
under 0.1 x the cold build. Prints the timings and the ratios; asserts nothing.

Usage: ``python benchmarks/build_all.py [--repeat N] [--skip-naive] [--naive-reports N]``
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TEMPLATE = ROOT / "notebooks" / "regional_review.ipynb"

FLOOR_SCRIPT = r"""
import json, os, sys
from concurrent.futures import ProcessPoolExecutor
import multiprocessing
import papermill

jobs, work = json.loads(sys.argv[1])

def run(job):
    src, out, params = job
    papermill.execute_notebook(src, out, parameters=params, kernel_name="gcm-report",
                               progress_bar=False, log_output=False)

if __name__ == "__main__":
    # Spawned workers, as `gcm-report build` uses: the same process model on both sides.
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        list(pool.map(run, work))
"""


def _reports() -> list[tuple[int, str]]:
    from gcm_report.pipeline.build import select_params

    return [f.key for f in select_params()]


def _empty_notebook(path: Path) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell('region = "ECE"\nround = 2\ntop_n = 10\nsnapshot_dir = ""')
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)


def _timed(args: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> float:
    start = time.perf_counter()
    proc = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{args[0]} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return time.perf_counter() - start


def floor(work: Path, reports: list[tuple[int, str]], jobs: int) -> float:
    src = work / "empty.ipynb"
    _empty_notebook(src)
    plan = [
        (str(src), str(work / f"floor-{n}-{code}.ipynb"), {"region": code, "round": n})
        for n, code in reports
    ]
    script = work / "floor.py"  # a file, not -c: spawned workers re-import the main module
    script.write_text(FLOOR_SCRIPT)
    return _timed([sys.executable, str(script), json.dumps([jobs, plan])])


def naive(work: Path, reports: list[tuple[int, str]]) -> float:
    import pypandoc

    pandoc = pypandoc.get_pandoc_path()
    start = time.perf_counter()
    for n, code in reports:
        out = work / f"naive-{n}-{code}.ipynb"
        subprocess.run(
            [
                str(BIN / "papermill"),
                str(TEMPLATE),
                str(out),
                "-k",
                "gcm-report",
                "-p",
                "region",
                code,
                "-p",
                "round",
                str(n),
                "--no-progress-bar",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=TEMPLATE.parent,
        )
        subprocess.run(
            [str(BIN / "jupyter-nbconvert"), "--to", "html", "--no-input", str(out)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        typ = out.with_suffix(".typ")
        # Run in the work folder: extracted chart images must sit under typst's root.
        subprocess.run(
            [pandoc, out.name, "-t", "typst", "-s", "--extract-media=.", "-o", typ.name],
            check=True,
            cwd=work,
        )
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2])",
                typ.name,
                out.with_suffix(".pdf").name,
            ],
            check=True,
            cwd=work,
        )
    return time.perf_counter() - start


def naive_scaled(work: Path, reports: list[tuple[int, str]], sample: int) -> float:
    """Time the naive loop on all reports, or on ``sample`` of them scaled to all."""
    if not sample or sample >= len(reports):
        return naive(work, reports)
    # Spread the sample over regions and rounds rather than taking the first ones.
    step = len(reports) / sample
    chosen = [reports[int(i * step)] for i in range(sample)]
    seconds = naive(work, chosen) * len(reports) / len(chosen)
    print(f"(naive loop timed on {len(chosen)} of {len(reports)} reports, scaled)")
    return seconds


def gcm_build(work: Path, jobs: int) -> float:
    """Run ``gcm-report build`` on the benchmark's params and outputs folders; return seconds."""
    env = dict(os.environ, XDG_CACHE_HOME=str(work / "cache"))  # cold: no cached Vega bundle
    env.pop("SOURCE_DATE_EPOCH", None)
    outputs = work / "outputs"
    seconds = _timed(
        [
            str(BIN / "gcm-report"),
            "build",
            "--engine",
            "builtin",
            "--jobs",
            str(jobs),
            "--params",
            str(work / "params"),
            "--outputs",
            str(outputs),
        ],
        env=env,
    )
    built = sorted(p.parent.name for p in outputs.glob("round-*/*/report.pdf"))
    if len(built) != len(_reports()):
        raise SystemExit(f"build produced {len(built)} reports, expected {len(_reports())}")
    return seconds


def _statuses(work: Path) -> dict[str, int]:
    """Count the statuses of the last build in the build log."""
    lines = (work / "outputs" / ".build-log.jsonl").read_text().splitlines()
    last = [json.loads(x) for x in lines]
    started = last[-1]["build_started"], last[-1]["pid"]
    counts: dict[str, int] = {}
    for entry in last:
        if (entry["build_started"], entry["pid"]) == started:
            counts[entry["status"]] = counts.get(entry["status"], 0) + 1
    return counts


def builds(work: Path, jobs: int) -> dict[str, float]:
    """Time a cold build, a no-op rebuild and a rebuild after one params file changed."""
    shutil.copytree(ROOT / "params", work / "params")
    out = {"gcm-report build": gcm_build(work, jobs)}
    out["no-op rebuild"] = gcm_build(work, jobs)
    if _statuses(work) != {"up to date": len(_reports())}:
        raise SystemExit(f"no-op rebuild rebuilt something: {_statuses(work)}")
    changed = work / "params" / "round-2" / "ECE.yml"
    changed.write_text(changed.read_text().replace("top_n: 10", "top_n: 11"))
    out["one changed"] = gcm_build(work, jobs)
    import yaml

    languages = len(yaml.safe_load(changed.read_text())["languages"])
    if _statuses(work).get("built") != languages:
        raise SystemExit(
            f"one-changed rebuild did not rebuild exactly the file's {languages} reports: "
            f"{_statuses(work)}"
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of each measurement (best is kept)"
    )
    parser.add_argument("--skip-naive", action="store_true", help="skip the slow naive loop")
    parser.add_argument(
        "--naive-reports",
        type=int,
        default=0,
        help="time the naive loop on the first N reports only and scale it to all (0: all)",
    )
    args = parser.parse_args()
    from gcm_report.pipeline.execute import ensure_kernel

    ensure_kernel()
    jobs = os.cpu_count() or 1
    reports = _reports()
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            timings = {"floor": floor(work, reports, jobs)} | builds(work, jobs)
            if not args.skip_naive:
                timings["naive loop"] = naive_scaled(work, reports, args.naive_reports)
            for name, seconds in timings.items():
                best[name] = min(best.get(name, float("inf")), seconds)
    print(f"{len(reports)} reports, {jobs} cores, best of {args.repeat}")
    for name, seconds in best.items():
        print(f"  {name:<18} {seconds:7.2f} s")
    cold = best["gcm-report build"]
    print(f"full build / floor       = {cold / best['floor']:.2f}x  (target <= 1.30x)")
    print(f"no-op rebuild / full     = {best['no-op rebuild'] / cold:.3f}x  (target < 0.10x)")
    print(f"one changed / full       = {best['one changed'] / cold:.3f}x")
    if "naive loop" in best:
        speedup = best["naive loop"] / cold
        print(f"naive loop / full build  = {speedup:.2f}x  (target >= 3.00x)")


if __name__ == "__main__":
    main()
