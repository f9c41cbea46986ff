"""Time the data pipeline: a full snapshot build from the raw mirror, and loading the tables.

Targets: ``gcm-report data build`` under 20 s on the 2-core machine; loading the tables one
report needs under 0.2 s. Prints timings; asserts nothing.

Usage: ``python benchmarks/data_build.py [--raw DIR] [--repeat N]``
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LOAD_SCRIPT = r"""
import sys, time
start = time.perf_counter()
import pyarrow.parquet  # read_parquet imports it lazily; report kernels have it preloaded
from gcm_report.data.snapshot import TABLES, Snapshot
imports = time.perf_counter() - start
snap = Snapshot(sys.argv[1])
start = time.perf_counter()
for name in TABLES:
    snap.table(name)
print(time.perf_counter() - start, imports)
"""


def main() -> None:
    from gcm_report.data.snapshot import TABLES, build_snapshot
    from gcm_report.layout import DEFAULT_RAW_DIR

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=DEFAULT_RAW_DIR)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    builds, loads, import_times = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeat):
            target = Path(tmp) / f"snapshot-{i}"
            start = time.perf_counter()
            manifest = build_snapshot(args.raw, target)
            builds.append(time.perf_counter() - start)
            # Loading is measured in fresh processes: what a report kernel pays (imports apart).
            for _ in range(3):
                out = subprocess.run(
                    [sys.executable, "-c", LOAD_SCRIPT, str(target)],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                load, imports = map(float, out.stdout.split())
                loads.append(load)
                import_times.append(imports)
        size = sum(p.stat().st_size for p in target.iterdir())
    rows = sum(t["rows"] for t in manifest["tables"].values())
    print(f"snapshot: {len(TABLES)} tables, {rows:,} rows, {size / 1e6:.2f} MB")
    print(f"data build (best of {args.repeat}): {min(builds):6.2f} s   (target < 20 s)")
    print(
        f"load all {len(TABLES)} tables (a report reads fewer), checksums verified: "
        f"{min(loads):6.3f} s   (target < 0.2 s)"
    )
    print(f"  (one-off imports of pandas/pyarrow in that process: {min(import_times):.2f} s)")


if __name__ == "__main__":
    main()
