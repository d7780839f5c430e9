"""How long the symbolic proof takes, against the expanded method measured in the same run.

    python benchmarks/bench_proof.py            # the issue's networks and the growth tables
    python benchmarks/bench_proof.py --quick    # small networks only

Prints, per network: parameters, groups, equalities checked, seconds, the process's peak
resident memory so far (MiB), and for small networks the same derivation proved by the expanded
method (every signal substituted, SymPy's diff) with the ratio. Then two growth tables:
depth at fixed width and width at fixed depth, with seconds per parameter group.
"""

from __future__ import annotations

import argparse
import resource
import time

from symback import derive, prove
from symback.spec import parse_shorthand

NETWORKS = [
    ("3-2-3-1", "sigmoid", "sse", True),
    ("4-8-8-1", "sigmoid", "sse", False),
    ("3-4-4-4-4-1", "sigmoid", "sse", False),
    ("3-4-4-4-4-1", "tanh", "sse", False),
    ("3-4-4-4-4-1", "relu", "sse", False),
    ("3-4-4-4-4-1", "sigmoid", "bce", False),
    ("8-16-16-1", "sigmoid", "sse", False),
    ("2-4-3", "tanh,softmax", "cce", True),
    ("784-128-64-10", "sigmoid,sigmoid,softmax", "cce", False),
]
QUICK = {"3-2-3-1", "2-4-3", "4-8-8-1"}


def timed_proof(shorthand: str, activation: str, loss: str, method: str = "symbolic"):
    derivation = derive(parse_shorthand(shorthand, activation, loss))
    start = time.perf_counter()
    report = prove(derivation, method)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # the process so far
    assert report.ok, report
    return derivation, report, seconds, peak


def networks(quick: bool) -> None:
    print(f"{'network':<16}{'act':<24}{'loss':<5}{'params':>8}{'groups':>7}{'checks':>7}"
          f"{'seconds':>9}{'RSS MiB':>8}{'expanded s':>12}{'ratio':>8}")
    for shorthand, activation, loss, with_expanded in NETWORKS:
        if quick and shorthand not in QUICK:
            continue
        derivation, report, seconds, peak = timed_proof(shorthand, activation, loss)
        line = (f"{shorthand:<16}{activation:<24}{loss:<5}{derivation.arch.parameter_count:>8}"
                f"{len(derivation.groups):>7}{len(report.checks):>7}{seconds:>9.2f}{peak / 2**20:>8.0f}")
        if with_expanded:
            expanded = timed_proof(shorthand, activation, loss, "expanded")[2]
            line += f"{expanded:>12.2f}{expanded / seconds:>7.1f}x"
        print(line, flush=True)


def growth(quick: bool) -> None:
    depths = range(1, 5 if quick else 7)
    print("\ndepth at width 4 (sigmoid, sse): seconds per group should stay flat or grow with depth only")
    for depth in depths:
        shorthand = "-".join(["3"] + ["4"] * depth + ["1"])
        derivation, report, seconds, _ = timed_proof(shorthand, "sigmoid", "sse")
        print(f"  {shorthand:<18} groups {len(derivation.groups):>3}  {seconds:6.2f} s  "
              f"{seconds / len(derivation.groups):.3f} s/group", flush=True)
    print("\nwidth at depth 3 (sigmoid, sse): the time must not grow with the width")
    for width in (2, 8, 32) if quick else (2, 8, 32, 128, 512):
        shorthand = f"{width}-{width}-{width}-1"
        derivation, report, seconds, _ = timed_proof(shorthand, "sigmoid", "sse")
        print(f"  {shorthand:<18} params {derivation.arch.parameter_count:>7}  {seconds:6.2f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small networks only")
    args = parser.parse_args()
    networks(args.quick)
    growth(args.quick)


if __name__ == "__main__":
    main()
