"""Every dataclass of the model and of the GUI modules loaded at start-up has a docstring: without one, ``@dataclass`` makes one from
``inspect.signature`` of the new class when the module is imported, which costs start-up time
(bench/README.md, start-up)."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: the model, and the GUI modules loaded before the main window's first paint
FILES = sorted((ROOT / "model").rglob("*.py")) + [ROOT / "gui" / f"{name}.py" for name in (
    "app", "commands", "date_field", "dialogs", "document", "findings", "io_actions", "locations", "mainwindow",
    "navigation", "page_stack", "recovery", "settings", "widgets", "windows")] + sorted((ROOT / "gui" / "pages").glob("*.py"))


def _is_dataclass_decorator(node: ast.expr) -> bool:
    target = node.func if isinstance(node, ast.Call) else node
    name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
    return name == "dataclass"


def test_every_dataclass_has_a_docstring():
    missing = []
    for path in FILES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.ClassDef) and any(map(_is_dataclass_decorator, node.decorator_list))
                    and ast.get_docstring(node) is None):
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert missing == []
