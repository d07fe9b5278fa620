"""The package's folders are its layers: a module imports only from its own layer or the ones below.

kernels (problems, settings, clock, urls, output, i18n, …) < model < content < feeds < site <
build < tools < the command line. Read from the source with ``ast``, lazy and type-only imports included,
so a new upward import fails here rather than growing into a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "groundgame"
LAYERS = ["", "model", "content", "feeds", "site", "build", "tools"]  # "" is the kernels at the top of the package
TOP = {"cli": len(LAYERS), "__main__": len(LAYERS)}  # the command line sits above everything


def layer_of(module: str) -> int:
    """``groundgame.feeds.ical`` → 3; ``groundgame.urls`` → 0; ``groundgame.cli`` → the top."""
    parts = module.split(".")[1:]
    if len(parts) == 1:
        return TOP.get(parts[0], 0)
    return LAYERS.index(parts[0]) if parts[0] in LAYERS else 0


def imports(path: Path) -> list[tuple[str, int]]:
    """The groundgame modules ``path`` imports, with their lines (``from groundgame.x import y`` may name a module)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("groundgame"):
            names = [f"{node.module}.{a.name}" for a in node.names]
            subpackage = node.module.count(".") == 1 and node.module.split(".")[1] in LAYERS
            found.extend((n, node.lineno) for n in (names if node.module == "groundgame" or subpackage
                                                    else [node.module]))
        elif isinstance(node, ast.Import):
            found.extend((a.name, node.lineno) for a in node.names if a.name.startswith("groundgame"))
        assert not (isinstance(node, ast.ImportFrom) and node.level), f"{path}: use absolute imports"
    return found


def test_no_module_imports_from_a_layer_above_its_own():
    upward = []
    checked = 0
    for path in sorted(PACKAGE.rglob("*.py")):
        module = "groundgame." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        module = module.removesuffix(".__init__")
        for imported, line in imports(path):
            checked += 1
            if layer_of(imported) > layer_of(module):
                upward.append(f"{path.relative_to(PACKAGE)}:{line}: {module} imports {imported}")
    assert checked > 150
    assert upward == []


def test_every_layer_says_what_belongs_there():
    for name in LAYERS[1:]:
        doc = ast.get_docstring(ast.parse((PACKAGE / name / "__init__.py").read_text("utf-8")))
        assert doc
        assert len(doc) > 60
