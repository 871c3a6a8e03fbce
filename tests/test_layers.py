"""The layers the README's "Layout" writes down, held by a test.

- no import loop among the project's modules;
- ``config/`` configures: it imports no app (``config.urls`` only includes
  the apps' URL modules by name);
- ``api/`` (shared API plumbing) imports no app;
- ``sources`` never imports ``claims``;
- core code of ``claims`` (models, services, selectors, pure modules) never
  imports a face (``api/``, ``admin``, ``tasks``, ``management/``);
- ``django.setup()`` does not import spaCy (only extraction does).
"""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("config", "api", "sources", "claims")
FACES = ("api", "admin", "tasks", "management")


def project_modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts:
                continue
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports_of(name: str, path: Path, known: dict) -> set[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parts, base] if base else parts)
            candidates = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for candidate in candidates:
            while candidate and candidate not in known:
                candidate = candidate.rpartition(".")[0]
            # a package's __init__ re-exporting its own modules is no loop
            if candidate and candidate != name and not name.startswith(candidate + "."):
                targets.add(candidate)
    return targets


def import_graph() -> dict[str, set[str]]:
    known = project_modules()
    return {name: imports_of(name, path, known) for name, path in known.items()}


def loops(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
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

    for node in graph:
        if node not in index:
            visit(node)
    return found


def is_claims_face(module: str) -> bool:
    parts = module.split(".")
    return parts[0] == "claims" and len(parts) > 1 and parts[1] in FACES


def forbidden_arrows(graph: dict[str, set[str]]) -> list[str]:
    wrong = []
    for module, targets in graph.items():
        top = module.split(".")[0]
        for target in targets:
            target_top = target.split(".")[0]
            app = target_top in ("claims", "sources")
            if top == "config" and app and module != "config.urls":
                wrong.append(f"config imports an app: {module} -> {target}")
            if top == "api" and app:
                wrong.append(f"api/ imports an app: {module} -> {target}")
            if top == "sources" and target_top == "claims":
                wrong.append(f"sources imports claims: {module} -> {target}")
            if top == "claims" and not is_claims_face(module) and is_claims_face(target):
                wrong.append(f"core imports a face: {module} -> {target}")
    return sorted(wrong)


def test_there_is_no_import_loop():
    assert loops(import_graph()) == []


def test_no_forbidden_arrow_between_layers():
    assert forbidden_arrows(import_graph()) == []


def test_the_checks_see_a_loop_and_a_forbidden_arrow():
    # the checks themselves can fail
    graph = {"claims.services.a": {"claims.tasks"}, "claims.tasks": {"claims.services.a"}}
    assert loops(graph) == [["claims.services.a", "claims.tasks"]]
    assert forbidden_arrows(graph) == ["core imports a face: claims.services.a -> claims.tasks"]
    assert forbidden_arrows({"sources.x": {"claims.models"}, "config.y": {"sources.models"}}) == [
        "config imports an app: config.y -> sources.models",
        "sources imports claims: sources.x -> claims.models",
    ]


def test_the_graph_sees_the_project():
    graph = import_graph()
    assert "claims.services.recheck" in graph["claims.tasks"]
    assert "api.pagination" in graph["sources.api.views"]


def test_django_setup_does_not_import_spacy():
    probe = (
        "import os, sys, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
        "'config.settings'); os.environ.setdefault('DEBUG', '1'); django.setup(); "
        "import claims.admin, claims.api.urls, claims.tasks; "
        "print('spacy' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr[-2000:]
