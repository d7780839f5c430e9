"""Derivation -> plain records of strings -> templates/numpy/train_<style>.py.j2: a standalone
NumPy training program whose every statement comes from the derivation.

``layers`` (layers.py): handout 000's matrix form, vectorised, written in place into buffers.
``neurons`` (neurons.py): handout 004's form, one statement per neuron. Variable names come
from naming.py, comments from comments.py, line widths from lines.py, the records from
records.py, what is said and checked about targets from targets.py.
"""

from __future__ import annotations

from ..derive import Derivation, derive
from ..errors import SymbackError
from ..limits import MAX_NEURONS_STYLE_PARAMETERS, refuse_above
from ..jinja import render
from ..spec import Architecture
from .layers import LayerWriter
from .neurons import NeuronWriter
from .records import TrainingCode

__all__ = ["STYLES", "check_style", "render_training_code", "training_code", "TrainingCode"]

WRITERS = {"layers": LayerWriter, "neurons": NeuronWriter}
STYLES = tuple(WRITERS)


def render_training_code(arch: Architecture, style: str = "layers") -> str:
    """The whole train.py for ``arch``: deterministic, opening with a do-not-edit header.

    Args:
        arch: the network to train.
        style: ``layers`` (vectorised matrix form) or ``neurons`` (one statement per neuron).
    Returns:
        the text of a Python file that needs only NumPy.
    Raises:
        SymbackError: an unknown style, or ``neurons`` for a network too large to spell out.
    """
    check_style(arch, style)  # before the derivation
    code = training_code(derive(arch), style)
    return render("numpy", f"train_{style}.py.j2", code=code)


def training_code(derivation: Derivation, style: str = "layers") -> TrainingCode:
    """The Derivation as a TrainingCode record (see render_training_code)."""
    check_style(derivation.arch, style)
    return WRITERS[style](derivation).code()


def check_style(arch: Architecture, style: str) -> None:
    """One line (SymbackError) for an unknown style, or
    ``neurons`` for a network over MAX_NEURONS_STYLE_PARAMETERS (one statement per neuron)."""
    if style not in STYLES:
        raise SymbackError(f"--style: {style!r} is not accepted; accepted: {', '.join(STYLES)}")
    if style == "neurons":
        refuse_above(arch, MAX_NEURONS_STYLE_PARAMETERS, "codegen --style neurons (one statement per neuron)",
                     "use --style layers, which writes each layer's matrix code at any size")
