"""The numeric proof (``derive --check numeric``) on wide networks: time, memory, and the gain of
memoising sums over a layer.

Each network is proved numerically in a fresh process twice: as shipped, and with every Σ
evaluated term by term again (the evaluator before sums were memoised), and once
symbolically. Printed: CPU seconds, microseconds per parameter, peak MiB, and the same-run
ratios unmemoised / memoised and numeric / symbolic.

    python benchmarks/bench_numeric.py [--skip-big]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NETWORKS = [("300-64-10", "sigmoid,softmax", "cce"), ("20000-1", "sigmoid", "sse"),
            ("784-128-64-10", "sigmoid,sigmoid,softmax", "cce"), ("1000-999-1", "sigmoid,sigmoid", "sse")]
VARIANTS = ("numeric", "numeric, sums unmemoised", "symbolic")


def one(spec: str, activations: str, loss: str, variant: str) -> None:
    """Runs in the child: prove once, print CPU seconds and peak MiB."""
    import resource
    import time

    from symback import numeric
    from symback.derive import derive
    from symback.proof import prove
    from symback.spec import resolve

    if variant == VARIANTS[1]:  # Σ evaluated term by term every time it is met
        numeric._Evaluator.closed_sum = lambda self, expr, env: self._sum(expr.function, list(expr.limits), env)
    derivation = derive(resolve(spec, activations, loss, None, None, None))
    start = time.process_time()
    report = prove(derivation, variant.split(",")[0])
    assert report.ok, report
    print(time.process_time() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def run(spec: str, activations: str, loss: str, variant: str) -> tuple[float, float]:
    argv = [sys.executable, __file__, "--one", spec, activations, loss, variant]
    done = subprocess.run(argv, cwd=ROOT, check=True, capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))
    cpu, mib = done.stdout.split()
    return float(cpu), float(mib)


def parameters(spec: str) -> int:
    sizes = [int(n) for n in spec.split("-")]
    return sum(a * b + b for a, b in zip(sizes, sizes[1:]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-big", action="store_true", help="only the first two networks")
    parser.add_argument("--one", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one(*args.one)
        return
    print(f"{'network':<16}{'variant':<28}{'params':>10}{'cpu s':>9}{'us/param':>10}{'peak MiB':>10}")
    for spec, activations, loss in NETWORKS[:2] if args.skip_big else NETWORKS:
        count, cpu = parameters(spec), {}
        for variant in VARIANTS:
            cpu[variant], mib = run(spec, activations, loss, variant)
            print(f"{spec:<16}{variant:<28}{count:>10,}{cpu[variant]:>9.2f}{1e6 * cpu[variant] / count:>10.1f}"
                  f"{mib:>10.0f}")
        print(f"{'':<16}unmemoised / memoised: {cpu[VARIANTS[1]] / cpu[VARIANTS[0]]:.2f}; "
              f"numeric / symbolic: {cpu[VARIANTS[0]] / cpu[VARIANTS[2]]:.2f}")


if __name__ == "__main__":
    main()
