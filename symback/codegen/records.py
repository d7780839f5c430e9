"""The plain records of strings that the NumPy templates lay out."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Block:
    """Statements implementing one equation, and the comment lines that name it."""

    comment: tuple[str, ...]
    lines: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Part:
    """What one part of the code (forward, objective, backward) gives the file: its blocks,
    the workspace buffers it writes (name, rows) and the helper templates it calls."""

    blocks: tuple[Block, ...]
    buffers: tuple[tuple[str, int], ...] = ()
    helpers: frozenset[str] = frozenset()


@dataclasses.dataclass(frozen=True)
class TrainingCode:
    """Everything templates/numpy/train_<style>.py.j2 needs, as strings."""

    style: str
    template: str
    shorthand: str
    activations: tuple[str, ...]
    loss: str
    letter: str
    objective_text: str
    network: tuple[str, ...]
    sizes: tuple[int, ...]
    keys: tuple[str, ...]
    helpers: tuple[str, ...]
    buffers: tuple[tuple[str, int], ...]
    forward: tuple[Block, ...]
    unpack_signals: tuple[str, ...]     # a1, a2, a3 = signals
    return_signals: tuple[str, ...]     # return (a1, a2, a3)
    return_prediction: tuple[str, ...]  # return a3.T
    objective: tuple[Block, ...]
    backward: tuple[Block, ...]
    return_gradients: tuple[str, ...]   # return (gW1, gb1, ...)
    targets: str                        # the template part reading the target columns
    target_shape: str
    target_usage: str
    target_checks: tuple[str, ...]
    task: str                           # the template part of predict and the metrics
    mean_objective: bool                # the objective divides by n (mse, bce, cce)
    l2: str = ""                        # λ of the L2 penalty as Python reads it; "" without one
    penalty: tuple[Block, ...] = ()     # the body of _penalty(params): the penalty's value
