"""The package's layout: imports point one way down, no module imports itself back, the core never prints."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "facts"

# cli -> ingest -> extract -> search -> store -> names/errors: a part may import its own or a lower one.
LAYERS = {"cli": 5, "__main__": 5, "ingest": 4, "extract": 3, "search": 2, "store": 1}
CORE = ("ingest", "extract", "search", "store")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> Iterator[str]:
    """Yield every module of facts (or other top-level module) that a file imports, anywhere in it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" else _module_name(path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            yield module
            # `from facts.store import writer` imports the module facts.store.writer
            for alias in node.names:
                yield f"{module}.{alias.name}"


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        graph[name] = {m for m in _imports(path) if m in modules and m != name and m != "facts"}
    return graph


def _layer(module: str) -> int:
    part = module.split(".")[1] if "." in module else ""
    return LAYERS.get(part, 0)


def test_imports_point_down() -> None:
    """No module imports one of a higher part (cli > ingest > extract > search > store > names, errors)."""
    upward = [
        f"{module} imports {target}"
        for module, targets in sorted(_graph().items())
        for target in sorted(targets)
        if _layer(target) > _layer(module)
    ]
    assert upward == []


def test_no_import_cycles() -> None:
    """No chain of imports leads from a module back to itself."""
    graph = _graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the current path, 2 done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


@pytest.mark.parametrize("part", CORE)
def test_the_core_never_prints(part: str) -> None:
    """The core parts import neither typer nor rich: they return data, and the CLI prints it."""
    found = [
        f"{path.relative_to(PACKAGE)} imports {module}"
        for path in sorted((PACKAGE / part).rglob("*.py"))
        for module in _imports(path)
        if module.split(".")[0] in ("typer", "rich", "click")
    ]
    assert found == []
