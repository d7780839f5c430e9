"""verify's layout: no import cycle among its modules (imports inside functions count), and
small modules and functions."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "symback"
SOURCES = sorted((ROOT / "verify").rglob("*.py")) + [ROOT / "commands" / "verify.py"]


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every symback module ``path`` imports, at any depth of its code."""
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")
            base = base[:len(base) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            # ``from .. import tree`` imports the module tree (a package's own parent is loaded
            # first in any case, so it is no edge).
            if node.module:
                found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def _graph() -> dict[str, set[str]]:
    modules = {_module(path): path for path in SOURCES}
    return {name: {target for target in _imports(path) if target in modules and target != name}
            for name, path in modules.items()}


def test_no_import_cycle():
    graph, state, stack = _graph(), {}, []

    def visit(name):
        state[name] = "open"
        stack.append(name)
        for target in sorted(graph[name]):
            if state.get(target) == "open":
                cycle = stack[stack.index(target):] + [target]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target)
        stack.pop()
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name)


@pytest.mark.parametrize("path", SOURCES, ids=[str(p.relative_to(ROOT)) for p in SOURCES])
def test_small_modules_and_functions(path):
    source = path.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= 300
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            assert node.end_lineno - node.lineno + 1 <= 40, node.name
