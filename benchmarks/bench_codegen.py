"""Generated train.py (--style layers) against the hand-written NumPy step in handwritten.py.

For each case: the time of one full-batch gradient-descent step (median of repeated runs,
the two implementations alternated so that both see the same machine load) and the peak
memory that one step allocates (tracemalloc, from a cold start: the generated file's
workspace is allocated inside the measured step). Prints ratios generated / hand-written.

BLAS runs on one thread by default (--blas-threads=1): on a shared machine a multi-threaded
BLAS waits for busy cores and its timings say more about the load than about the code;
--blas-threads=0 leaves the environment as it is.

Run from the repository root:
    python benchmarks/bench_codegen.py [--repeats 15] [--quick] [--blas-threads=N]
"""

from __future__ import annotations

import os
import sys

THREADS = next((arg.split("=", 1)[1] for arg in sys.argv if arg.startswith("--blas-threads=")), "1")
if THREADS != "0":  # must happen before NumPy loads its BLAS
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = THREADS

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import handwritten  # noqa: E402
from symback.codegen import render_training_code  # noqa: E402
from symback.spec import Architecture  # noqa: E402

# (sizes, activations, loss, n, time target, label)
CASES = [
    ((3, 2, 3, 1), ("sigmoid",) * 3, "sse", 1_000, 0.6),
    ((64, 32, 16, 1), ("sigmoid",) * 3, "sse", 10_000, 0.6),
    ((784, 128, 64, 10), ("sigmoid", "sigmoid", "softmax"), "cce", 10_000, 1.0),
]
MEMORY_TARGET = 1.5


def load_generated(sizes, activations, loss, directory: Path):
    """Write the generated train.py for the case and import it as a module."""
    arch = Architecture(sizes[0], tuple(zip(sizes[1:], activations)), loss)
    path = directory / f"train_{arch.shorthand}_{loss}.py"
    path.write_text(render_training_code(arch, "layers"), encoding="utf-8")
    spec = importlib.util.spec_from_file_location(path.stem.replace("-", "_"), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def problem(sizes, loss, n, seed=0):
    """Parameters from the shared initialiser, standard normal inputs, matching targets."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, sizes[0]))
    if loss == "cce":
        y = np.eye(sizes[-1])[rng.integers(0, sizes[-1], n)]
    else:
        y = rng.random(n) if sizes[-1] == 1 else rng.random((n, sizes[-1]))
    return handwritten.init_params(sizes, seed), X, y


def per_call(function, calls: int) -> tuple[float, float]:
    """(wall-clock, CPU) seconds per call over ``calls`` calls."""
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(calls):
        function()
    return (time.perf_counter() - wall) / calls, (time.process_time() - cpu) / calls


def timing(generated, hand, repeats: int) -> tuple[tuple, tuple]:
    """Medians of alternated runs, ((wall, cpu) generated, (wall, cpu) hand-written), seconds.

    Each run repeats the step for about 20 ms so that the clocks' resolution does not count.
    """
    generated(), hand()  # warm up: the workspace, BLAS, caches
    calls = max(1, int(0.02 / max(per_call(hand, 1)[0], 1e-6)))
    ours, theirs = [], []
    for _ in range(repeats):
        theirs.append(per_call(hand, calls))
        ours.append(per_call(generated, calls))
    median = lambda runs: tuple(statistics.median(run[k] for run in runs) for k in (0, 1))
    return median(ours), median(theirs)


def peak(function) -> int:
    """Bytes allocated at the peak of one call."""
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def run_case(case, directory: Path, repeats: int) -> tuple[float, float]:
    sizes, activations, loss, n, target = case
    module = load_generated(sizes, activations, loss, directory)
    params, X, y = problem(sizes, loss, n)
    hand_params = {key: value.copy() for key, value in params.items()}
    hand_step = handwritten.make_step(list(sizes), list(activations), loss)
    lr = 1e-4
    ours, theirs = timing(lambda: module.step(params, X, y, lr), lambda: hand_step(hand_params, X, y, lr), repeats)
    module._SHARED.clear()  # cold start: the workspace counts against the generated step
    memory_ours = peak(lambda: module.step(params, X, y, lr))
    memory_theirs = peak(lambda: hand_step(hand_params, X, y, lr))
    name = f"{'-'.join(map(str, sizes))} {','.join(activations)} {loss} n={n}"
    print(f"{name}\n    time (CPU)  {ours[1] * 1e3:9.3f} ms vs {theirs[1] * 1e3:9.3f} ms   ratio "
          f"{ours[1] / theirs[1]:4.2f}x  (target <= {target}x)\n    time (wall) {ours[0] * 1e3:9.3f} ms vs "
          f"{theirs[0] * 1e3:9.3f} ms   ratio {ours[0] / theirs[0]:4.2f}x\n    peak memory "
          f"{memory_ours / 2**20:7.2f} MiB vs {memory_theirs / 2**20:7.2f} MiB   ratio "
          f"{memory_ours / memory_theirs:4.2f}x  (target <= {MEMORY_TARGET}x)")
    return ours[1] / theirs[1], memory_ours / memory_theirs


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15, help="alternated runs per case (default 15)")
    parser.add_argument("--quick", action="store_true", help="3 repeats, for a smoke test")
    parser.add_argument("--blas-threads", default="1", metavar="N",
                        help="BLAS threads (default 1; 0 leaves the environment as it is)")
    args = parser.parse_args(argv)
    repeats = 3 if args.quick else args.repeats
    print(f"BLAS threads: {os.environ.get('OPENBLAS_NUM_THREADS', 'default') if THREADS != '0' else 'default'}; "
          f"medians of {repeats} alternated runs; ratio = generated / hand-written")
    with tempfile.TemporaryDirectory() as directory:
        for case in CASES:
            run_case(case, Path(directory), repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
