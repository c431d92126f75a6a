"""The house rules a newcomer relies on (issue 12): no import cycle among the project's
packages, and no module too long to read in one sitting.

Imports inside functions count: a cycle held apart by a function-level import is still a
cycle (it only fails later, and in a different order). etl/ is in both rules since its
aggregation, audit, pipeline and XLSX reader were split (the aggregation side imports only the
audit's solver, etl.audit_lp; the attacker's tooling imports aggregation, never the reverse).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("api", "dashboard", "data", "etl", "webcore")
LINE_LIMITED = ("api", "dashboard", "data", "etl")
MAX_LINES = 400  # no exception: data/catalog/, data/schema*.py and etl/ were split to fit


def _modules() -> dict[str, Path]:
    """dotted name -> file, for every module of PACKAGES (migrations included)."""
    out = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            out[name] = path
    return out


def _imported(tree: ast.AST, name: str, is_package: bool, known: set[str]) -> Iterator[str]:
    """Project modules `tree` imports, anywhere in it (functions included)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against this module's package
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from pkg import mod` imports the module pkg.mod; `from mod import x`, mod
            targets = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in known:  # `import a.b.c` where c is an attribute
                target = target.rpartition(".")[0]
            if target and target != name:
                yield target


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {
        name: set(
            _imported(
                ast.parse(path.read_text(encoding="utf-8")), name, path.name == "__init__.py", known
            )
        )
        for name, path in modules.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_checker_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_sees_function_level_imports() -> None:
    tree = ast.parse("def f():\n    from api.errors import ApiError\n")
    assert list(_imported(tree, "api.http", False, {"api.errors", "api.http"})) == ["api.errors"]


def test_no_import_cycle_among_the_project_packages() -> None:
    assert cycles(import_graph()) == []


def test_no_module_over_the_line_limit() -> None:
    long = {
        str(path.relative_to(ROOT)): n
        for name, path in _modules().items()
        if name.split(".")[0] in LINE_LIMITED
        and (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


if __name__ == "__main__":  # python tests/test_architecture.py: print the cycles
    for component in cycles(import_graph()):
        print(" <-> ".join(component))
