"""Tests of the command line's layout: one place joins the app, and its modules form no cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import facts.cli

CLI = Path(facts.cli.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(CLI.parent.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """Return the cli modules a file imports, at its top or inside functions."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            named = {f"{node.module}.{alias.name}" for alias in node.names} & modules
            found |= named or ({node.module} & modules)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names} & modules
    return found


def _graph() -> dict[str, set[str]]:
    files = {_module_name(path): path for path in CLI.rglob("*.py")}
    return {name: _imports(path, set(files)) - {name} for name, path in files.items()}


def test_cli_modules_import_each_other_without_cycles() -> None:
    """No module of facts.cli imports, directly or through others, a module that imports it."""
    graph = _graph()
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, "import cycle: " + " -> ".join((*path[path.index(name) :], name))
        if name in done:
            return
        for imported in sorted(graph[name]):
            visit(imported, (*path, name))
        done.add(name)

    for name in sorted(graph):
        visit(name, ())


def test_only_the_app_module_knows_the_app() -> None:
    """Command modules define functions and sub-apps; cli/app.py alone imports them and joins them."""
    graph = _graph()
    importers = {name for name, imported in graph.items() if "facts.cli.app" in imported}
    assert importers <= {"facts.cli.entry"}


def test_no_cli_file_is_over_400_lines() -> None:
    """Every module of the command line stays short enough to read in one sitting."""
    long = {path.name: n for path in CLI.rglob("*.py") if (n := len(path.read_text().splitlines())) > 400}
    assert long == {}
