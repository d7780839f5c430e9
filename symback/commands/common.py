"""What every command's arguments share: SPEC and the options that override its fields.

Commands import this module, never ``cli`` (which loads the commands).
"""

from __future__ import annotations

import argparse

from ..spec import Architecture, resolve


def decimal(text: str) -> float:
    """--l2: a plain decimal number (argparse turns the ValueError into one usage line)."""
    value = float(text)
    if not value == value or value in (float("inf"), float("-inf")):
        raise ValueError(text)
    return value


def add_spec_arguments(parser: argparse.ArgumentParser) -> None:
    """SPEC and the options that override its fields, shared by every command."""
    parser.add_argument("spec", nargs="?", metavar="SPEC",
                        help="3-2-3-1 shorthand or a TOML file (default: handout 004's network)")
    parser.add_argument("--activation", metavar="NAMES",
                        help="one activation for every layer or one per layer, comma-separated: "
                             "sigmoid, tanh, relu, leaky_relu, elu, softplus, silu, linear, softmax (output only), "
                             "or one named in the TOML file's [activations.NAME]; default sigmoid")
    parser.add_argument("--loss", metavar="NAME", help="sse (default), mse, bce or cce")
    parser.add_argument("--notation", metavar="NAME", help="neurons (handout 004, default) or layers (handout 000)")
    parser.add_argument("--layout", metavar="NAME",
                        help="in-out (W is n_{l-1} x n_l, z = W^T a + b; default) or out-in (z = W a + b)")
    parser.add_argument("--l2", metavar="LAMBDA", type=decimal,
                        help="add the L2 penalty (LAMBDA/2) sum of w^2 over every weight to the objective "
                             "(thresholds and biases are not penalised); default 0, or the spec's [regularization]")


def architecture(args: argparse.Namespace) -> Architecture:
    """The Architecture that SPEC and the options given describe."""
    return resolve(args.spec, args.activation, args.loss, args.notation, args.layout, args.l2)
