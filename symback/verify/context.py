"""What the formulas of one run share: the model and its derivation, the builder, the
comparison, the mistake table, the names of symbols, and the --where ranges."""

from __future__ import annotations

import dataclasses

from ..derive import Derivation
from ..errors import SymbackError
from ..model import Model
from ..notation import Namer
from ..spec import Architecture
from .build import Builder
from .compare import Comparator
from .diagnose import Mutator
from .indices import parse_where
from .subject import Subjects
from .verdict import Unreadable


@dataclasses.dataclass
class Context:
    """Everything shared by the formulas of one run: model, derivation, comparison, options."""

    arch: Architecture
    notation: str
    layout: str
    derivation: Derivation
    builder: Builder
    comparator: Comparator
    mutator: Mutator
    namer: Namer
    subjects: Subjects
    where: dict

    @classmethod
    def create(cls, arch: Architecture, derivation: Derivation, notation: str | None = None,
               layout: str | None = None, method: str = "auto", where=()) -> "Context":
        """Raises SymbackError when --where cannot be read."""
        notation = notation or arch.notation
        layout = layout or arch.layout
        model: Model = derivation.model
        try:
            parsed_where = parse_where(where, notation, model)
        except Unreadable as error:
            raise SymbackError(error.message) from None
        namer = Namer(model, notation, layout=layout)
        return cls(arch, notation, layout, derivation, Builder(model, notation, layout),
                   Comparator(derivation, method), Mutator(model, namer), namer,
                   Subjects(derivation), parsed_where)
