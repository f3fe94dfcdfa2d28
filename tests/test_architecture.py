"""The pipeline is visible in the package: imports go one way, load → model → bank →
{validate, render, outputs} → authoring → adapters; render and outputs never import each
other; the core imports no MkDocs; no import cycles between modules."""

from __future__ import annotations

import ast
from pathlib import Path

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
SHARED = {"problems", "textutil", "sanitize", "safewrite", "urls", "parallel"}
# what each stage may import besides itself and the shared helpers
ALLOWED = {
    "shared": set(),
    "load": set(),
    "model": {"load"},
    "bank": {"load", "model"},
    "validate": {"load", "model", "bank"},
    "render": {"load", "model", "bank"},
    "outputs": {"load", "model", "bank"},
    "authoring": {"load", "model", "bank", "validate", "render", "outputs"},
    "site": {"load", "model", "bank", "validate", "render", "outputs", "authoring"},  # composes them
}
ADAPTERS = {"cli", "build", "__main__", "__init__", "mkdocs_plugin"}


def _stage(module: str) -> str:
    part = module.split(".")[1]
    return "shared" if part in SHARED else part


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def _modules() -> dict[str, Path]:
    out = {}
    for path in GENERATOR.rglob("*.py"):
        rel = path.relative_to(GENERATOR.parent).with_suffix("")
        out[".".join(rel.parts)] = path
    return out


def test_stages_import_one_way():
    wrong = []
    for module, path in _modules().items():
        top = module.split(".")[1] if "." in module else "__init__"
        if top in ADAPTERS:
            continue
        stage = _stage(module)
        for target in _imports(path):
            if target.startswith("mkdocs") or target.startswith("material"):
                wrong.append(f"{module} imports {target} (the core knows no MkDocs)")
            if not target.startswith("generator."):
                continue
            other = _stage(target)
            if other.split(".")[0] in ADAPTERS:
                wrong.append(f"{module} imports the adapter {target}")
            elif other != stage and other != "shared" and other not in ALLOWED[stage]:
                wrong.append(f"{module} ({stage}) imports {target} ({other})")
    assert wrong == []


def test_no_import_cycles():
    modules = _modules()
    graph = {m: {t for t in _imports(p) if t in modules and t != m} for m, p in modules.items()}
    seen, stack, cycles = set(), [], []

    def visit(node: str) -> None:
        if node in stack:
            cycles.append(stack[stack.index(node):] + [node])
            return
        if node in seen:
            return
        seen.add(node)
        stack.append(node)
        for nxt in sorted(graph[node]):
            visit(nxt)
        stack.pop()

    for module in sorted(graph):
        visit(module)
    assert cycles == []


def test_every_package_says_what_it_may_import():
    for init in GENERATOR.glob("*/__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc) > 40, init
