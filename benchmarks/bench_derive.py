"""How derivation time grows with the network, beside plain sympy.diff of the nested ŷ.

Prints, per architecture: parameters, symback's derivation time (every group's chains, the
error terms and every gradient's final form and δ form), and, where it finishes within the
time limit, plain ``sympy.diff`` of the fully nested objective with respect to every
parameter, measured in the same run; then the ratio. Also times ``symback derive`` on the
default network as a cold process, and the 784-128-64-10 JSON run with its peak memory.

    python benchmarks/bench_derive.py [--limit SECONDS] [--skip-big]
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import subprocess
import sys
import time
from pathlib import Path

import sympy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from symback import derive, parse_shorthand  # noqa: E402
from symback.listing import gradient_records  # noqa: E402
from symback.model import Model  # noqa: E402
from symback.notation import Namer  # noqa: E402

CASES = [("3-2-3-1", "sigmoid", "sse"), ("4-8-8-1", "sigmoid", "sse"), ("3-4-4-4-4-1", "sigmoid", "sse"),
         ("8-16-16-1", "sigmoid", "sse"), ("64-32-16-1", "sigmoid", "sse"),
         ("784-128-64-10", "sigmoid,sigmoid,softmax", "cce")]


def symback_seconds(arch) -> float:
    """Derivation from scratch to every gradient's final form and δ form, as derive prints
    them (proof excluded; it is timed with the cold runs below)."""
    start = time.perf_counter()
    derivation = derive(arch)
    derivation.error_terms
    for _ in gradient_records(derivation, Namer(derivation.model, arch.notation), with_latex=False):
        pass
    return time.perf_counter() - start


def _plain_diff(shorthand, activation, loss, queue):
    arch = parse_shorthand(shorthand, activation, loss)
    start = time.perf_counter()
    model = Model(arch)
    values = model.realized_signals()
    objective = sympy.Add(*[model.loss_term(sympy.Integer(o)) for o in model.outputs.numbers()]).xreplace(values)
    for parameter in model.parameters:
        sympy.diff(objective, parameter)
    queue.put(time.perf_counter() - start)


def plain_diff_seconds(case, limit: float) -> float | None:
    """sympy.diff of the nested objective for every parameter, in a child killed at ``limit``."""
    queue = multiprocessing.Queue()
    child = multiprocessing.Process(target=_plain_diff, args=(*case, queue))
    child.start()
    child.join(limit)
    if child.is_alive():
        child.kill()
        child.join()
        return None
    return queue.get()


def cold_derive_seconds(repeats: int = 3) -> float:
    """``symback derive`` on the default network as a fresh process (median)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "symback.cli", "derive"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def big_json() -> tuple[float, float]:
    """784-128-64-10 --format json: seconds and peak resident memory of the child (MiB)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "symback.cli", "derive", "784-128-64-10", "--activation",
                    "sigmoid,sigmoid,softmax", "--loss", "cce", "--format", "json"], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=float, default=60.0, help="seconds allowed for plain diff")
    parser.add_argument("--skip-big", action="store_true", help="skip the 784-128-64-10 JSON run")
    args = parser.parse_args()
    print(f"{'network':<16}{'params':>8}{'symback s':>12}{'plain diff s':>15}{'speed-up':>10}  per param (ms)")
    for case in CASES:
        arch = parse_shorthand(*case)
        ours = symback_seconds(arch)
        plain = plain_diff_seconds(case, args.limit) if arch.parameter_count < 20_000 else None
        plain_text = f"{plain:.2f}" if plain is not None else f">{args.limit:.0f}"
        ratio = f"{plain / ours:.0f}x" if plain is not None else f">{args.limit / ours:.0f}x"
        print(f"{case[0]:<16}{arch.parameter_count:>8}{ours:>12.3f}{plain_text:>15}{ratio:>10}"
              f"  {1000 * ours / arch.parameter_count:.3f}")
    print(f"symback derive (default network, cold process, median of 3): {cold_derive_seconds():.2f} s")
    if not args.skip_big:
        seconds, mib = big_json()
        print(f"symback derive 784-128-64-10 --format json: {seconds:.1f} s, peak memory {mib:.0f} MiB")


if __name__ == "__main__":
    main()
