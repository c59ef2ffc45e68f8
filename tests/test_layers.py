"""Imports point one way: the layers of docs/architecture.md, declared once here.

The test reads the source of every production module (nothing is imported, so it also sees imports
inside functions and under TYPE_CHECKING) and fails on an import from a higher layer, an import
between two packages of the same layer, a module in no layer, or a cycle between modules.
"""

from __future__ import annotations

import ast
from pathlib import Path

from kg.settings import PROJECT_ROOT

# Bottom first. A package may import its own modules and packages of lower layers, nothing else.
# A new top-level package or module must be placed here (and in docs/architecture.md).
LAYERS: tuple[tuple[str, ...], ...] = (
    ("cypher",),  # the named .cypher files and their loader
    ("kg",),  # foundation: settings, the Neo4j boundary, the embedded Neo4j, domain rules
    ("identity",),  # accounts, sessions, tokens, roles, CSRF, rate limits: who asks
    # the GraphQL query layer; the synthetic data generator; analysts' guarded Cypher
    ("resolvers", "synthetic", "analyst"),
    ("schema", "loaders"),  # the GraphQL schema; ingestion (files to graph)
    ("edge",),  # the HTTP edge's shared rules: bounds, the error boundary, metrics, logs
    # the HTTP edge: /graphql, the explorer's pages, Sign in with ORCID
    ("graphql_endpoint", "explorer", "orcid_endpoint", "cypher_endpoint"),
    ("server",),  # the Starlette app that mounts the edge
    ("cli",),  # the `kg` command line
)
RANK = {package: rank for rank, packages in enumerate(LAYERS) for package in packages}
NOT_PRODUCTION = {"tests", "benchmarks", "launcher", "docs"}


def production_modules() -> dict[str, Path]:
    """Module name -> source file, for every production module under the project root."""
    modules: dict[str, Path] = {}
    for path in sorted(PROJECT_ROOT.rglob("*.py")):
        parts = path.relative_to(PROJECT_ROOT).parts
        if parts[0] in NOT_PRODUCTION or parts[0].startswith(".") or "node_modules" in parts:
            continue
        if len(parts) > 1 and not (PROJECT_ROOT / parts[0] / "__init__.py").exists():
            continue  # a directory that is not a package (var/, explorer/web/, ...)
        names = list(parts[:-1])
        if parts[-1] != "__init__.py":
            names.append(path.stem)
        modules[".".join(names)] = path
    return modules


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The production modules that `name` imports (the deepest module each import names)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from pkg import module` names a module; `from module import name` does not.
            targets = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = production_modules()
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def top(module: str) -> str:
    return module.partition(".")[0]


def test_every_production_module_is_in_a_layer() -> None:
    unplaced = sorted({top(name) for name in production_modules()} - set(RANK))
    assert not unplaced, f"place these in tests/test_layers.py LAYERS: {unplaced}"


def test_imports_point_down() -> None:
    wrong = []
    for importer, imported in sorted(import_graph().items()):
        for target in sorted(imported):
            a, b = top(importer), top(target)
            if a != b and RANK.get(b, -1) >= RANK.get(a, -1):
                wrong.append(f"{importer} -> {target}")
    assert not wrong, "imports that do not point to a lower layer:\n" + "\n".join(wrong)


def test_no_import_cycle() -> None:
    graph = import_graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target)
        path.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_the_walk_sees_imports() -> None:
    # The checks above pass vacuously if the walk finds nothing; it must see these known arrows.
    graph = import_graph()
    assert "kg.settings" in graph["kg.db"]
    assert "schema" in graph["graphql_endpoint"]
    assert "cli.load" in graph["cli.main"]
    assert len(graph) > 40
