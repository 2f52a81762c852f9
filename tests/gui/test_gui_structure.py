"""The shape of ``gui/``: no import cycle, undo commands only in ``gui/commands.py`` and pushed
only by the Document, no module setting attributes on a main window from outside.

The import graph is read from the source (``ast``): every ``import`` counts, also those inside
functions and under ``TYPE_CHECKING``, because a cycle hidden in a function is still a cycle.
"""
from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

GUI = Path(__file__).resolve().parents[2] / "gui"


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def gui_modules(root: Path = GUI) -> dict[str, Path]:
    return {module_name(p, root): p for p in sorted(root.rglob("*.py"))}


def imported(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of ``known`` that the module ``name`` (file ``path``) imports anywhere."""
    is_package = path.name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[:len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                full = f"{target}.{alias.name}"
                if full in known:
                    out.add(full)
                elif target in known:
                    out.add(target)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name in known)
    out.discard(name)
    return out


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    known = set(modules)
    return {name: imported(name, path, known) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
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
            v, children = work[-1]
            for w in children:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(graph.get(w, ())))))
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        comp.append(w)
                        if w == v:
                            break
                    if len(comp) > 1 or v in graph.get(v, ()):
                        found.append(sorted(comp))
    return found


# ----------------------------------------------------------------------------- the checker itself

@given(st.dictionaries(st.sampled_from("abcdefg"), st.sets(st.sampled_from("abcdefg")), min_size=1))
def test_cycles_are_found_exactly_when_a_module_reaches_itself(edges):
    graph = {k: set(v) - {k} for k, v in edges.items()}
    for targets in list(graph.values()):
        for t in targets:
            graph.setdefault(t, set())

    def reaches(a: str, b: str) -> bool:
        seen, todo = set(), [a]
        while todo:
            x = todo.pop()
            for y in graph[x]:
                if y == b:
                    return True
                if y not in seen:
                    seen.add(y)
                    todo.append(y)
        return False

    in_cycle = {m for comp in cycles(graph) for m in comp}
    assert in_cycle == {m for m in graph if reaches(m, m)}


def test_the_graph_sees_imports_inside_functions_and_relative_ones(tmp_path):
    pkg = tmp_path / "gui"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "a.py").write_text("def f():\n    from .b import thing\n")
    (pkg / "b.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .sub import c\n")
    (pkg / "sub" / "c.py").write_text("from .. import a\n")
    graph = import_graph(gui_modules(pkg))
    assert graph["gui.a"] == {"gui.b"} and graph["gui.b"] == {"gui.sub.c"} and graph["gui.sub.c"] == {"gui.a"}
    assert cycles(graph) == [["gui.a", "gui.b", "gui.sub.c"]]


# ----------------------------------------------------------------------------- gui/ itself

MODULES = gui_modules()


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_gui_module_imports_on_its_own(name):
    assert importlib.import_module(name).__name__ == name


def test_gui_has_no_import_cycle():
    graph = import_graph(MODULES)
    assert graph["gui.findings"] and graph["gui.mainwindow"]     # the graph is not empty by mistake
    assert cycles(graph) == []


def _classes_deriving(tree: ast.AST, base: str) -> list[str]:
    return [n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef)
            and any((isinstance(b, ast.Name) and b.id == base) or (isinstance(b, ast.Attribute) and b.attr == base)
                    for b in n.bases)]


def test_undo_commands_live_in_commands_and_only_the_document_pushes_them():
    commands = {}
    pushes = []
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found = _classes_deriving(tree, "QUndoCommand")
        if found:
            commands[name] = found
        pushes += [name for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                   and n.func.attr == "push"
                   and isinstance(n.func.value, ast.Attribute) and n.func.value.attr == "undo_stack"]
    assert list(commands) == ["gui.commands"] and "ReplaceReportCommand" in commands["gui.commands"]
    assert set(pushes) == {"gui.document"}


WINDOW_NAMES = {"window", "win", "main_window", "target"}


def _window_attribute_targets(tree: ast.AST) -> list[str]:
    """``window.x = …`` / ``self.win.x = …`` / ``window().x = …`` assignments."""
    out = []
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        flat = []
        for t in targets:
            flat += t.elts if isinstance(t, ast.Tuple) else [t]
        for t in flat:
            if not isinstance(t, ast.Attribute):
                continue
            owner = t.value
            if isinstance(owner, ast.Call):
                owner = owner.func
            name = owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(owner, ast.Attribute) else ""
            if name.lstrip("_") in WINDOW_NAMES or name in ("window",):
                out.append(f"{ast.unparse(t)} (line {t.lineno})")
    return out


def test_the_window_check_sees_the_forms_it_forbids():
    src = "window.a = 1\nself.win.b = 2\nx.window().c = 3\nwindow.d, window.e = 4, 5\nself.f = 6\nw = window.g\n"
    assert [s.split(" (")[0] for s in _window_attribute_targets(ast.parse(src))] == [
        "window.a", "self.win.b", "x.window().c", "window.d", "window.e"]


def test_no_module_sets_attributes_on_the_main_window_from_outside():
    found = {name: hits for name, path in MODULES.items() if name != "gui.mainwindow"
             for hits in [_window_attribute_targets(ast.parse(path.read_text(encoding="utf-8")))] if hits}
    assert found == {}
