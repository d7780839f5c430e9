"""Shared helpers of the codegen tests: write a generated train.py, run or import it."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from symback.codegen import render_training_code
from symback.spec import Architecture


def architecture(sizes, activations, loss, l2: float = 0.0, custom=()) -> Architecture:
    """``custom``: the spec's own activations (symback.formula.CustomActivation) the layers name."""
    return Architecture(sizes[0], tuple(zip(sizes[1:], activations)), loss, l2=l2,
                        custom_activations=tuple(custom))


def write_generated(directory: Path, sizes, activations, loss, style: str = "layers",
                    l2: float = 0.0, custom=()) -> Path:
    """The generated train.py of one architecture and style, written into ``directory``."""
    arch = architecture(sizes, activations, loss, l2, custom)
    suffix = f"_l2_{l2!r}".replace(".", "p") if l2 else ""
    path = directory / f"train_{arch.shorthand}_{'_'.join(activations)}_{loss}_{style}{suffix}.py"
    path.write_text(render_training_code(arch, style), encoding="utf-8")
    return path


def run_isolated(*args, cwd=None, timeout=120, **options) -> subprocess.CompletedProcess:
    """A fresh interpreter: -I ignores PYTHONPATH, the user site and the current directory."""
    return subprocess.run([sys.executable, "-I", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=timeout, **options)


def load(path: Path):
    """Import a generated file in this process (for API-level checks)."""
    spec = importlib.util.spec_from_file_location(path.stem.replace("-", "_"), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
