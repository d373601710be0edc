"""The code's shape: the engine never imports Streamlit or ui, no import cycles, no long modules.

The same rules as ``../shared/tools/house_check.py``, kept here so the suite fails when the shape
slips, whether or not the shared folder is present.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 400


def _modules() -> dict[str, Path]:
    mods = {}
    for base in ("wijkdata", "ui"):
        for f in (ROOT / base).rglob("*.py"):
            if "migrations" in f.parts:
                continue
            rel = f.relative_to(ROOT).with_suffix("")
            mods[".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)] = f
    return mods


def _imports(name: str, path: Path) -> set[str]:
    """Every module named by an import anywhere in the file (function-level imports included)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                parts = name.split(".")
                base = parts if path.name == "__init__.py" else parts[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def _graph() -> dict[str, set[str]]:
    mods = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in mods.items():
        deps = set()
        for target in _imports(name, path):
            while target and target not in mods:
                target = target.rpartition(".")[0]
            if target and target != name and not name.startswith(target + "."):
                deps.add(target)
        graph[name] = deps
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles() -> None:
    assert _cycles(_graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_engine_module_names_streamlit_or_ui() -> None:
    offenders = [
        f"{name} imports {target}"
        for name, path in _modules().items()
        if name.startswith("wijkdata")
        for target in _imports(name, path)
        if target == "streamlit" or target.startswith(("streamlit.", "ui.")) or target == "ui"
    ]
    assert offenders == []


def test_importing_every_engine_module_loads_no_streamlit() -> None:
    """Import all of wijkdata in a fresh interpreter: streamlit must not be loaded by any of it."""
    names = sorted(n for n in _modules() if n.startswith("wijkdata") and not n.endswith("__main__"))
    assert len(names) > 30
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'streamlit' or m.startswith(('streamlit.', 'ui.')) or m == 'ui')\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)


def test_no_module_over_the_limit() -> None:
    long = {
        str(path.relative_to(ROOT)): n
        for path in _modules().values()
        if not path.name.startswith("demo_data") and (n := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert long == {}


def test_package_inits_import_nothing() -> None:
    """Package __init__ files stay docstrings: an init that imports its modules makes cycles."""
    for init in (ROOT / "wijkdata").rglob("__init__.py"):
        if "migrations" in init.parts:
            continue
        tree = ast.parse(init.read_text(encoding="utf-8"))
        assert not [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))], init
