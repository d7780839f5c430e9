"""Formula text -> LaTeX structure (lark LALR) -> raw nodes (``nodes``) with every column.

Nothing here evaluates text: the grammar recognises a fixed set of tokens, and unknown
commands (``\\input``, ``\\write18``, ``\\def``) or characters (quotes, backticks, a
Python call's leading underscores) stop the parse with the column, the token and what was
expected there.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import lark
from lark import Transformer, v_args

from ..limits import MAX_FORMULA_LENGTH, MAX_NESTING, MAX_NUMBER_DIGITS
from ..verdict import Unreadable
from .nodes import Frac, Group, Postfix, RawRelation, Script, Tok, Wrap

GRAMMAR = Path(__file__).with_name("grammar.lark")

# Terminal names in lark's "expected" sets, as a reader would write them.
READABLE = {
    "LETTER": "a letter", "DIGIT": "a digit", "GREEK": "\\Theta, \\delta, ...", "LPAR": "(",
    "RPAR": ")", "PENALTY": "\\lambda", "LSQB": "[", "RSQB": "]", "LBRACE": "{", "RBRACE": "}", "COMMA": ",",
    "UNDERSCORE": "_", "CIRCUMFLEX": "^", "REL": "=", "SIGN": "+ or -", "MULOP": "\\cdot",
    "HADAMARD": "\\odot", "PRIME": "'", "FRAC": "\\frac", "PARTIAL": "\\partial", "SUM": "\\sum",
    "NABLA": "\\nabla", "HAT": "\\hat", "BOLD": "\\mathbf", "CAL": "\\mathcal", "FUNC": "\\log, \\exp",
    "OPERATORNAME": "\\operatorname", "TOP": "\\top", "CMP": "> (in [e > 0])", "PRIME_CMD": "\\prime",
    "DOT_ACCENT": "\\dot", "VEC": "\\vec", "BB": "\\mathbb", "DOT": ".", "$END": "the end of the formula",
    "MATRIX_BEGIN": "\\begin{bmatrix}", "MATRIX_END": "\\end{bmatrix}", "MROW": "\\\\ (a new row)", "MCOL": "& (a new column)",
}
ORDER = ("LETTER", "DIGIT", "GREEK", "FRAC", "PARTIAL", "SUM", "LPAR", "RPAR", "LSQB", "RSQB",
         "LBRACE", "RBRACE", "REL", "SIGN", "COMMA", "$END")


def _number(tokens) -> Tok:
    text = "".join(str(t) for t in tokens)
    return Tok("NUMBER", text, tokens[0].column, tokens[0].start_pos)


@v_args(meta=True)
class _Raw(Transformer):
    """Parse tree -> raw structures that keep every token's column."""

    def start(self, meta, children):
        return children[0]

    def relation(self, meta, children):
        sides, rels, spans = [], [], []
        for child in children:
            if isinstance(child, lark.Token):
                rels.append(str(child))
            else:
                sides.append(child[0])
                spans.append(child[1])
        return RawRelation(sides, rels, spans)

    def sum(self, meta, children):
        terms, sign = [], "+"
        for child in children:
            if isinstance(child, lark.Token):
                sign = str(child)
            else:
                terms.append((sign, child))
                sign = "+"
        return terms, (meta.start_pos, meta.end_pos)

    def term(self, meta, children):
        return [child for child in children if not isinstance(child, lark.Token)]

    def product(self, meta, children):
        items, op = [], None
        for child in children:
            if isinstance(child, lark.Token):
                op = str(child)
            else:
                items.append((op, child))
                op = None
        return items

    def postfix(self, meta, children):
        primary, scripts = children[0], children[1:]
        primary = _token(primary)
        return Postfix(primary, scripts, meta.column, meta.start_pos, meta.end_pos)

    def sub(self, meta, children):
        return Script("sub", _token(children[0]))

    def sup(self, meta, children):
        return Script("sup", _token(children[0]))

    def prime(self, meta, children):
        return Script("prime", None)

    def brace_arg(self, meta, children):
        return Group("brace", children[0] if children and children[0] is not None else [],
                     meta.column, meta.start_pos, meta.end_pos)

    def rlist(self, meta, children):
        return [child for child in children if not isinstance(child, lark.Token)]

    def _group(kind):
        def build(self, meta, children):
            items = children[0] if children and children[0] is not None else []
            return Group(kind, items, meta.column, meta.start_pos, meta.end_pos)
        return build

    paren, bracket, brace = _group("paren"), _group("bracket"), _group("brace")

    def mrow(self, meta, children):
        return [child for child in children if not isinstance(child, lark.Token)]

    def matrix(self, meta, children):
        rows = [child for child in children if not isinstance(child, lark.Token)]
        return Group("matrix", rows, meta.column, meta.start_pos, meta.end_pos)

    def frac(self, meta, children):
        return Frac(_token(children[1]), _token(children[2]), meta.column, meta.start_pos)

    def _wrap(kind):
        def build(self, meta, children):
            return Wrap(kind, _token(children[1]), meta.column, meta.start_pos)
        return build

    hat, bold, cal, dot, vec, bb = (_wrap("hat"), _wrap("bold"), _wrap("cal"), _wrap("dot"), _wrap("vec"),
                                    _wrap("bb"))

    def operatorname(self, meta, children):
        word = "".join(str(t) for t in children[1:])
        return Wrap("operatorname", Tok("WORD", word, meta.column, meta.start_pos), meta.column, meta.start_pos)

    def number(self, meta, children):
        return _number(children)

    def _marker(kind):
        def build(self, meta, children):
            token = children[0]
            return Tok(kind, str(token), token.column, token.start_pos)
        return build

    partial, sum_op, nabla, func = _marker("PARTIAL"), _marker("SUM"), _marker("NABLA"), _marker("FUNC")


def _token(item):
    if isinstance(item, lark.Token):
        return Tok(item.type, str(item), item.column, item.start_pos)
    return item


@lru_cache(maxsize=1)
def _lark() -> lark.Lark:
    return lark.Lark(GRAMMAR.read_text(encoding="utf-8"), parser="lalr", propagate_positions=True,
                     maybe_placeholders=True)


def parse_raw(text: str) -> RawRelation:
    """Formula text -> raw structure; every failure is an Unreadable with column and token."""
    if len(text) > MAX_FORMULA_LENGTH:
        raise Unreadable(f"the formula is {len(text)} characters long; at most {MAX_FORMULA_LENGTH} are read", 1, text[:20], ())
    _check_depth(text)
    _check_numbers(text)
    try:
        tree = _lark().parse(_mark_matrices(_without_empty_groups(text)))
    except lark.exceptions.UnexpectedCharacters as error:
        token = _token_at(text, error.pos_in_stream)
        raise Unreadable(f"cannot read {token!r}", error.column, token, _expected(error.allowed)) from None
    except lark.exceptions.UnexpectedToken as error:
        if error.token.type == "$END":
            token, column = "the end of the formula", len(text.rstrip()) + 1
        else:
            token, column = str(error.token), error.column
        raise Unreadable(f"unexpected {token!r}", column, token, _expected(error.expected)) from None
    except lark.exceptions.UnexpectedEOF as error:
        raise Unreadable("the formula ends too early", len(text.rstrip()) + 1, "", _expected(error.expected)) from None
    return _Raw().transform(tree)


_MATRIX = re.compile(r"\\begin\{([bp])matrix\}(.*?)\\end\{\1matrix\}", re.S)


_EMPTY_GROUP = re.compile(r"\{\s*\}")


def _without_empty_groups(text: str) -> str:
    r"""``{}`` (an empty atom, as in ``\left.{}\cdot`` that keeps a broken line's operator
    binary) stands for nothing; blanked out, so every column stays where it was."""
    return _EMPTY_GROUP.sub(lambda match: " " * len(match.group(0)), text)


def _mark_matrices(text: str) -> str:
    """Row breaks and column marks inside a matrix become \\R and ¦, keeping every column."""
    def mark(match):
        return match.group(0).replace("\\\\", "\\R").replace("&", "¦")
    return _MATRIX.sub(mark, text)


def _check_depth(text: str) -> None:
    """Refuse absurd nesting before it reaches the parser (it would only recurse deeply)."""
    depth = 0
    for position, char in enumerate(text):
        depth += char in "({[" and 1 or char in ")}]" and -1 or 0
        if depth > MAX_NESTING:
            raise Unreadable(f"brackets nested more than {MAX_NESTING} deep", position + 1, char, ())


_LONG_NUMBER = re.compile(r"[0-9]{%d,}" % (MAX_NUMBER_DIGITS + 1))


def _check_numbers(text: str) -> None:
    """Refuse numbers longer than any formula needs (SymPy would spend long on them)."""
    found = _LONG_NUMBER.search(text)
    if found:
        raise Unreadable(f"a number of {len(found.group(0))} digits; at most {MAX_NUMBER_DIGITS} are read",
                         found.start() + 1, found.group(0)[:12] + "…", ())


def _token_at(text: str, position: int) -> str:
    match = re.compile(r"\\[A-Za-z]+|\\.|.", re.S).match(text, position)
    return match.group(0) if match else ""


def _expected(names) -> tuple[str, ...]:
    names = set(names or ())
    ordered = [name for name in ORDER if name in names] + sorted(names - set(ORDER))
    readable = []
    for name in ordered:
        shown = READABLE.get(name, name.lower())
        if shown not in readable:
            readable.append(shown)
    return tuple(readable)
