"""One symbol with its hat, bold face and scripts -> a node, by the notation's patterns.

``\\hat{w}^0_{j,F}``, ``w_{jF}``, ``\\mathbf{\\hat\\Theta}^0``, ``W^{(l+1)}``, ``(\\delta^l)^T``,
``g'_{2}``, ``e^{-z}``: the head picks the candidate patterns (spellings.py), the number of
indices picks among them, and the superscript is read as the pattern says (iteration in the
neuron notation, layer in the layer notation), or else as a transpose or a power.
"""

from __future__ import annotations

import sympy

from ...notation import Notation
from .. import tree as ast
from ..verdict import Unreadable
from . import scripts as sc
from . import functions
from .markers import OBSERVATION_COUNT, indicator, is_comparison
from .nodes import Group, Marker, Postfix, Script, Tok, Wrap
from .spellings import heads, lookup, other_notation
from .vectors import VECTOR_KINDS, vector, vector_kind

class SymbolReader:
    """Symbols, function names, Σ and ∇ markers for one notation and layout."""

    def __init__(self, notation: Notation, layout: str, text: str, reader, vectors: bool = False):
        self.notation = notation
        self.vectors = vectors          # x_i, z^l_i are observation i's vectors (vectors.py)
        self.matrix_seen = False        # a vector or matrix was read: the formula is in matrix form
        self.layout = layout
        self.text = text
        self.reader = reader
        self.output_name = notation.single_output_name
        self.observation_letters: set[str] = set()
        self.index_letters: dict[str, int] = {}

    # -- wrappers -------------------------------------------------------------------------
    def _unwrap(self, primary, scripts):
        """-> (head token, hat, bold, scripts) through \\hat, \\mathbf, \\vec, \\mathbb, \\mathcal
        and \\dot (whose dot is a derivative: a prime joins the scripts)."""
        hat = bold = False
        while isinstance(primary, Wrap):
            if primary.kind == "operatorname":
                return primary, hat, bold, scripts
            hat |= primary.kind == "hat"
            bold |= primary.kind in ("bold", "vec", "bb")
            if primary.kind == "dot":
                scripts = [Script("prime", None)] + list(scripts)
            inner = primary.inner
            while isinstance(inner, Group):  # \mathbf{{\hat{w}^1}}: braces inside braces
                items = sc.single_product(inner.items[0]) if len(inner.items) == 1 else None
                if not items or len(items) != 1 or not isinstance(items[0], Postfix):
                    raise Unreadable(f"{self._snippet(primary)}: expected one symbol inside", primary.col,
                                     self._snippet(primary), ())
                scripts = list(items[0].scripts) + list(scripts)
                inner = items[0].primary
            primary = inner
        return primary, hat, bold, scripts

    def _snippet(self, node) -> str:
        start = getattr(node, "pos", 0)
        end = getattr(node, "end", start + 12)
        return " ".join(self.text[start:end].split()) or "?"

    # -- symbols ----------------------------------------------------------------------------
    def symbol(self, primary, scripts, raw) -> ast.Node:
        """A symbol of the notation (or a function name, or e^{x}) with its scripts."""
        head_tok, hat, bold, scripts = self._unwrap(primary, list(scripts))
        text = self._snippet(raw)
        if isinstance(head_tok, Wrap):
            word = head_tok.inner.text
            return functions.function_marker(self, word, head_tok.col, scripts, f"\\operatorname{{{word}}}")
        if bold and isinstance(head_tok, Tok) and head_tok.text == "1":
            return self._ones(scripts, raw.col, text)
        if isinstance(head_tok, Tok) and head_tok.kind == "PENALTY":
            return self._penalty(hat or bold, scripts, raw.col, text)
        if not isinstance(head_tok, Tok) or head_tok.kind not in ("LETTER", "GREEK"):
            raise Unreadable(f"{text}: expected a symbol", raw.col, text, heads(self.notation))
        head = head_tok.text
        subs = [s.arg for s in scripts if s.kind == "sub"]
        sups = [s.arg for s in scripts if s.kind == "sup" and sc.plain_text(s.arg) != "\\prime"]
        primes = sum(1 for s in scripts if s.kind == "prime" or s.kind == "sup" and sc.plain_text(s.arg) == "\\prime")
        if len(subs) > 1:
            raise Unreadable(f"{text}: two subscripts", raw.col, text, ())
        array = vector_kind(self, head, hat, bold, subs, sups)
        if array is not None:
            return self._transposed(vector(self, array, subs, sups, raw.col, text), primes)
        if head == "e" and not subs and sups and not hat:
            node = ast.Apply("exp", None, self.reader.argument(sups[0]), col=raw.col)
            return self._scripted(node, sups[1:], text)
        candidates = lookup(self.notation, head, hat)
        # g' has a spelling of its own; an alias such as σ takes its prime as written (σ')
        patterns = [p for p in candidates if p.prime == bool(primes) or p.kind != "g"] \
            or [p for p in candidates if p.kind == "g"]
        if not patterns:
            return self._unknown(head, hat, subs, sups, raw, text)
        if patterns[0].kind == "g":
            return self._function(patterns[0], primes, subs, sups, raw, text)
        return self._transposed(self._value(patterns, head, hat, bold, subs, sups, raw, text), primes)

    @staticmethod
    def _transposed(node, primes: int):
        """A prime on anything but a function is a transpose: W', (a^{l-1})'."""
        for _ in range(primes):
            node = ast.Transpose(node, col=node.col)
        return node

    def _value(self, patterns, head, hat, bold, subs, sups, raw, text):
        if patterns[0].kind == "rate" and (subs or sups):
            raise Unreadable(f"{text}: {head} is the learning rate in the {self.notation.name} notation; "
                             "the error term is written " + ("\\varepsilon_{i,j}" if self.notation.name == "neurons"
                                                             else "\\delta^{l}_{i,j}"),
                             raw.col, text, ())
        return self._sym(patterns, hat, bold, subs[0] if subs else None, sups, raw, text)

    def _unknown(self, head, hat, subs, sups, raw, text):
        if head in OBSERVATION_COUNT and not hat and not subs:
            return self._scripted(ast.Sym("nobs", ((),), (), None, None, head, col=raw.col), sups, text)
        other = other_notation(self.notation, head)
        hint = f"; {head} belongs to the {other} notation (use --notation {other})" if other else ""
        raise Unreadable(f"{text}: unknown symbol {head!r} in the {self.notation.name} notation{hint}",
                         raw.col, head, heads(self.notation))

    def _ones(self, scripts, column, text):
        """\\mathbf{1}, \\vec 1, \\mathbb{1}: the vector of ones (a scalar 1 that sums and ⊙
        broadcast), or with a comparison below it the indicator \\mathbb{1}_{z > 0}."""
        subs = [s.arg for s in scripts if s.kind == "sub"]
        if len(subs) == 1 and isinstance(subs[0], Group) and len(subs[0].items) == 1 \
                and is_comparison(subs[0].items[0]):
            node = indicator(self, subs[0].items[0], column)
        elif subs:
            raise Unreadable(f"{text}: the vector of ones takes no index; an indicator is written "
                             "\\mathbb{1}_{z > 0}", column, text, ())
        else:
            node = ast.Num(sympy.Integer(1), col=column)
        return self.apply_scripts(node, [s for s in scripts if s.kind != "sub"], text)

    def _penalty(self, decorated, scripts, column, text):
        """λ, the weight of the L2 penalty: one number, so no index, hat or bold face (a power
        or a transpose is read as on any scalar)."""
        if decorated or any(s.kind == "sub" for s in scripts):
            raise Unreadable(f"{text}: λ (the weight of the L2 penalty) is one number; write it without "
                             "an index, hat or bold face", column, text, ("\\lambda",))
        node = ast.Sym("penalty", ((),), (), None, None, text, col=column)
        return self.apply_scripts(node, scripts, text)

    def _function(self, pattern, primes, subs, sups, raw, text):
        if len(sups) > 1 or primes > 1:
            raise Unreadable(f"{text}: write the activation as g(x) or g'(x)", raw.col, text, ())
        layer = None
        if subs:
            value = sc.plain_text(subs[0])
            if value is None or not value.isdigit():
                raise Unreadable(f"{text}: the subscript of an activation is its layer number", raw.col, text, ())
            layer = int(value)
        power = self.reader.argument(sups[0]) if sups else None
        return Marker("func", raw.col, func="gp" if primes else "g", layer=layer, power=power)

    def _sym(self, patterns, hat, bold, sub, sups, raw, text) -> ast.Node:
        if sub is None:
            return self._unindexed(patterns, hat, bold, sups, raw, text)
        pattern, fields, options = self._indices(patterns, sub, text, raw.col)
        kind = pattern.kind
        layer, iteration, rest = self._superscripts(pattern, hat, sups, text, raw.col)
        if pattern.sup == "layer" and layer is None:
            raise Unreadable(f"{text}: needs its layer as a superscript", raw.col, text, ())
        if kind == "weight" and fields == ("row", "col"):
            order = (0, 1) if self.layout == "in-out" else (1, 0)
            options = tuple((option[order[0]], option[order[1]]) for option in options)
            fields = ("k", "j")
        self._note_letters(options, fields)
        node = ast.Sym(kind, options, fields, layer, iteration, text, col=raw.col)
        return self._scripted(node, rest, text)

    def _unindexed(self, patterns, hat, bold, sups, raw, text) -> ast.Node:
        pattern = next((p for p in patterns if not p.sub), None) or patterns[0]
        layer, iteration, rest = self._superscripts(pattern, hat, sups, text, raw.col)
        kind = pattern.kind
        if pattern.sub and self.notation.name == "neurons" and kind in ("weight", "threshold"):
            kind = "point" if bold else "generic_w" if kind == "weight" else "generic_theta"
        elif pattern.sub and self.notation.name == "layers" and kind in VECTOR_KINDS:
            if pattern.sup == "layer" and layer is None:
                if kind == "error" and not rest:
                                return Marker("dgrad", raw.col)
                raise Unreadable(f"{text}: needs its layer as a superscript", raw.col, text, ())
            self.matrix_seen = True
        elif pattern.sub:
            raise Unreadable(f"{text}: needs indices, like {pattern.head}_{{{','.join(pattern.sub)}}}",
                             raw.col, text, ())
        node = ast.Sym(kind, ((),), (), layer, iteration, text, col=raw.col)
        return self._scripted(node, rest, text)

    def _indices(self, patterns, sub, text, column):
        least, most = sc.count_chunks(sub), sc.max_chunks(sub)
        if least is None:
            raise Unreadable(f"{text}: the subscript must be letters or numbers, like {{j,F}} or {{14}}",
                             column, text, ())
        for pattern in patterns:
            choices = [pattern.sub] + ([pattern.sub[1:]] if pattern.sub[:1] == ("i",) else [])
            for fields in choices:
                if fields and least <= len(fields) <= most:
                    options = sc.index_options(sub, len(fields), self.output_name, text)
                    if fields[0] == "i":
                        options = tuple(o for o in options if o[0].kind == "letter")
                    if options:
                        return pattern, fields, options
        counts = sorted({len(p.sub) for p in patterns if p.sub})
        raise Unreadable(f"{text}: expected {' or '.join(map(str, counts))} indices", column, text, ())

    def _superscripts(self, pattern, hat, sups, text, column):
        """-> (layer, iteration, remaining superscripts read as transposes or powers)."""
        layer = iteration = None
        rest = list(sups)
        if pattern.sup == "layer" and rest:
            layer, transposes = sc.layer_ref(rest.pop(0), text)
            rest = ["T"] * transposes + rest
        elif self.notation.name == "neurons" and rest and sc.plain_text(rest[0]) in ("0", "1"):
            iteration = sc.plain_text(rest.pop(0))
        elif self.notation.name == "neurons" and rest and pattern.sup == "iteration":
            written = sc.plain_text(rest[0])
            if written is not None and written.isalpha() and written != "T":
                raise Unreadable(f"{text}: the superscript {written} is not an iteration (0 or 1)",
                                 column, text, ("0", "1"))
        if hat and self.notation.name == "layers" and pattern.kind in ("weight", "threshold"):
            iteration = "1"
        return layer, iteration, rest

    def _scripted(self, node, sups, text) -> ast.Node:
        for sup in sups:
            if sup == "T" or sc.plain_text(sup) in ("T", "\\prime"):
                node = ast.Transpose(node, col=node.col)
            else:
                node = ast.Pow(node, self.reader.argument(sup), col=node.col)
        return node

    def apply_scripts(self, node, scripts, where) -> ast.Node:
        """Scripts on a group, number, fraction or function value: ^T or a power only."""
        for script in scripts:
            if script.kind == "prime":
                node = ast.Transpose(node, col=node.col)
                continue
            if script.kind != "sup":
                raise Unreadable(f"{where}: only a power or ^T may follow it", getattr(node, "col", 1),
                                 "_", ("^",))
            node = self._scripted(node, [script.arg], where)
        return node

    # -- letters ------------------------------------------------------------------------------
    def _note_letters(self, options, fields) -> None:
        for option in options:
            for index, field in zip(option, fields):
                if index.kind != "letter":
                    continue
                if field == "i":
                    self.observation_letters.add(index.value)
                else:
                    self.index_letters.setdefault(index.value, index.col)

    def check_letters(self) -> None:
        """A letter is either the observation index or a neuron index, not both."""
        for letter in sorted(self.observation_letters & set(self.index_letters)):
            raise Unreadable(f"{letter} is used both as the observation index and as a neuron index",
                             self.index_letters[letter], letter, ())
