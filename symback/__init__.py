"""symback: backpropagation derived symbolically, step by step, for a described MLP.

>>> import symback
>>> arch = symback.Architecture(inputs=3, layers=[(2, "sigmoid"), (3, "sigmoid"), (1, "sigmoid")])
>>> derivation = symback.derive(arch)
>>> report = symback.prove(derivation)
"""

from .derive import Derivation, derive
from .errors import ProofError, SpecError, SymbackError
from .model import Model
from .proof import prove
from .spec import DEFAULT, Architecture, Layer, load_toml, parse_shorthand

__all__ = ["Architecture", "Layer", "DEFAULT", "Model", "Derivation", "derive", "prove",
           "load_toml", "parse_shorthand", "SymbackError", "SpecError", "ProofError"]
__version__ = "0.1.0"
