"""derive's cost per parameter must not depend on the output activation or the loss.

Runs ``symback derive SPEC --format json`` (default symbolic proof included) as a fresh
process for the same sizes with sigmoid + sse and with softmax + cce, and prints wall and
CPU seconds, microseconds per parameter, peak memory and, per size, the same-run ratio of
the two per-parameter costs (1.0 means the output activation and loss cost nothing extra).
Targets (issue 15): 100-100-10 sigmoid + sse under 5 s, 784-128-64-10 sigmoid + sse under 30 s.

    python benchmarks/bench_derive_cost.py [--skip-big]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = {"sigmoid+sse": ("sigmoid", "sse"), "softmax+cce": ("softmax", "cce")}
SIZES = ["100-100-10", "784-128-64-10"]


def run(sizes: str, output: str, loss: str) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak resident MiB of one cold ``derive`` run."""
    hidden = ["sigmoid"] * (sizes.count("-") - 1)
    argv = [sys.executable, "-m", "symback.cli", "derive", sizes, "--activation", ",".join(hidden + [output]),
            "--loss", loss, "--format", "json"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                   env=dict(os.environ, PYTHONPATH=str(ROOT)))
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024


def parameters(sizes: str) -> int:
    numbers = [int(n) for n in sizes.split("-")]
    return sum(a * b + b for a, b in zip(numbers, numbers[1:]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-big", action="store_true", help="only 100-100-10")
    args = parser.parse_args()
    print(f"{'network':<16}{'output':<14}{'params':>8}{'wall s':>9}{'cpu s':>8}{'us/param':>10}{'peak MiB':>10}")
    for sizes in SIZES[:1] if args.skip_big else SIZES:
        count, cost = parameters(sizes), {}
        for name, (output, loss) in OUTPUTS.items():
            wall, cpu, mib = run(sizes, output, loss)
            cost[name] = cpu / count
            print(f"{sizes:<16}{name:<14}{count:>8}{wall:>9.2f}{cpu:>8.2f}{1e6 * cpu / count:>10.1f}{mib:>10.0f}")
        print(f"{'':<16}sigmoid+sse / softmax+cce per parameter (CPU): {cost['sigmoid+sse'] / cost['softmax+cce']:.2f}")


if __name__ == "__main__":
    main()
