"""The generated train.py against its peers, and its memory on a large CSV file.

1. One full-batch step of the layers style (float64, one thread each, alternated runs, medians):
   against the hand-written NumPy step (handwritten.py), PyTorch eager and JAX jit when they can be
   imported (install them for the benchmark only: pip install torch jax), and, on 784-128-64-10,
   against the NumPy floor: the eight matrix products a step cannot avoid, timed alone.
2. The gain of --dtype float32 on the large case.
3. `train.py train` on a CSV file of 1,000,000 rows x 30 columns, one epoch of mini-batches of 256:
   wall time and peak resident memory, against the size of the float64 data array.

Run from the repository root (with a Python that has torch and jax, if any):
    python benchmarks/bench_train.py [--repeats 9] [--quick] [--skip-csv]
"""

from __future__ import annotations

import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"  # before NumPy, torch or jax load their BLAS
os.environ["XLA_FLAGS"] = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"

import argparse  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import handwritten  # noqa: E402
import peers  # noqa: E402
from bench_codegen import load_generated, problem  # noqa: E402

CASES = [  # sizes, activations, loss, n
    ((3, 2, 3, 1), ("sigmoid",) * 3, "sse", 1_000),
    ((64, 32, 16, 1), ("sigmoid",) * 3, "sse", 10_000),
    ((784, 128, 64, 10), ("sigmoid", "sigmoid", "softmax"), "cce", 10_000),
]


def seconds(function, repeats: int) -> list[float]:
    """Per-call times of ``repeats`` runs, each long enough (~20 ms) for the clock."""
    function()
    start = time.perf_counter()
    function()
    calls = max(1, int(0.02 / max(time.perf_counter() - start, 1e-7)))
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            function()
        runs.append((time.perf_counter() - start) / calls)
    return runs


def alternated(functions: dict, repeats: int) -> dict:
    """Median seconds per call of each function, the functions taking turns run by run."""
    runs = {name: [] for name in functions}
    for _ in range(repeats):
        for name, function in functions.items():
            runs[name] += seconds(function, 1)
    return {name: statistics.median(times) for name, times in runs.items()}


def floor(sizes, n, dtype=np.float64):
    """The matrix products of one step alone: X W, a W (forward), d W.T (backward), a.T d."""
    rng = np.random.default_rng(0)
    a = [rng.standard_normal((n, size)).astype(dtype) for size in sizes]
    W = [rng.standard_normal((sizes[l - 1], sizes[l])).astype(dtype) for l in range(1, len(sizes))]
    out = [np.empty((n, size), dtype) for size in sizes]
    grads = [np.empty_like(w) for w in W]

    def products():
        for l in range(1, len(sizes)):
            np.matmul(a[l - 1], W[l - 1], out=out[l])
            np.matmul(a[l - 1].T, a[l], out=grads[l - 1])
        for l in range(len(sizes) - 1, 1, -1):
            np.matmul(a[l], W[l - 1].T, out=out[l - 1])
    return products


def step_case(case, directory: Path, repeats: int):
    sizes, activations, loss, n = case
    module = load_generated(sizes, activations, loss, directory)
    params, X, y = problem(sizes, loss, n)
    hand_params = {key: value.copy() for key, value in params.items()}
    hand = handwritten.make_step(list(sizes), list(activations), loss)
    functions = {"generated": lambda: module.step(params, X, y, 1e-4),
                 "hand-written NumPy": lambda: hand(hand_params, X, y, 1e-4)}
    functions.update(peers.steps(sizes, activations, loss, params, X, y, 1e-4))
    if sizes[0] >= 784:
        functions["NumPy floor (products only)"] = floor(sizes, n)
    times = alternated(functions, repeats)
    print(f"{'-'.join(map(str, sizes))} {','.join(activations)} {loss} n={n}: one full-batch step")
    for name, value in times.items():
        ratio = "" if name == "generated" else f"   generated / this = {times['generated'] / value:5.2f}x"
        print(f"    {name:28s} {value * 1e3:9.3f} ms{ratio}")
    for name in peers.MISSING:
        print(f"    {name:28s} not installed")
    if sizes[0] >= 784:
        float32_gain(module, params, X, y, repeats, times["generated"])


def float32_gain(module, params, X, y, repeats, float64_time):
    single = {key: value.astype(np.float32) for key, value in params.items()}
    X32, y32 = X.astype(np.float32), y.astype(np.float32)
    time32 = statistics.median(seconds(lambda: module.step(single, X32, y32, 1e-4), repeats))
    print(f"    generated, float32           {time32 * 1e3:9.3f} ms   float32 gain = "
          f"{float64_time / time32:5.2f}x")


def csv_case(directory: Path, rows: int, columns: int = 30):
    """train.py train on rows x columns: one epoch of mini-batches of 256."""
    module_path = directory / "train_big.py"
    from symback.codegen import render_training_code
    from symback.spec import Architecture
    arch = Architecture(columns - 1, ((16, "tanh"), (1, "sigmoid")), "bce")
    module_path.write_text(render_training_code(arch), encoding="utf-8")
    data = directory / "big.csv"
    rng = np.random.default_rng(0)
    X = rng.standard_normal((rows, columns - 1))
    y = (X[:, 0] + X[:, 1] > 0).astype(float)
    with open(data, "w") as stream:
        stream.write(",".join([f"x{k}" for k in range(columns - 1)] + ["y"]) + "\n")
        np.savetxt(stream, np.column_stack([X, y]), fmt="%.6g", delimiter=",")
    del X, y
    baseline, _ = child_peak([sys.executable, "-I", "-c", "import numpy"])
    start = time.perf_counter()
    peak, cpu = child_peak([sys.executable, "-I", str(module_path), "train", str(data), "--target", "y",
                            "--batch-size", "256", "--max-iter", "1", "--quiet", "--lr", "0.01"])
    elapsed = time.perf_counter() - start
    array = rows * columns * 8
    print(f"train.py train on {rows:,} x {columns} CSV (read, then one epoch of batches of 256 and "
          f"the objective before and after): {elapsed:.1f} s wall, {cpu:.1f} s CPU\n"
          f"    peak memory {peak / 2**20:.0f} MiB (NumPy alone {baseline / 2**20:.0f} MiB); float64 "
          f"data array {array / 2**20:.0f} MiB; (peak - NumPy alone) / array = "
          f"{(peak - baseline) / array:.2f}x (target <= 2x)")


def child_peak(command) -> tuple[int, float]:
    """(peak resident bytes, CPU seconds) of a child process, measured by a parent of its own
    so that the maximum is the child's alone."""
    code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
            "usage = resource.getrusage(resource.RUSAGE_CHILDREN); "
            "print(usage.ru_maxrss, usage.ru_utime + usage.ru_stime)")
    done = subprocess.run([sys.executable, "-c", code, *command], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(done.stderr)
    peak, cpu = done.stdout.split()[-2:]
    return int(peak) * 1024, float(cpu)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--quick", action="store_true", help="3 repeats, 100,000 CSV rows")
    parser.add_argument("--skip-csv", action="store_true")
    args = parser.parse_args(argv)
    repeats = 3 if args.quick else args.repeats
    print(f"one thread each; medians of {repeats} alternated runs; resource limit: "
          f"{resource.getrlimit(resource.RLIMIT_AS)[0]}")
    with tempfile.TemporaryDirectory() as folder:
        for case in CASES:
            step_case(case, Path(folder), repeats)
        if not args.skip_csv:
            csv_case(Path(folder), 100_000 if args.quick else 1_000_000)
    return 0


if __name__ == "__main__":
    sys.exit(main())
