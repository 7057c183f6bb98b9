"""The package shows the pipeline: stages import only earlier stages, no circles, short functions.

The stage order is model -> engine -> analyses -> outputs -> cli (docs/ARCHITECTURE.md). Every
``import`` and ``from ... import`` is read from the source (module level and inside functions),
so a lazy import cannot hide a circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STAGES = ("model", "engine", "analyses", "outputs", "cli")
MAX_FUNCTION_LINES = 100


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _package_modules() -> dict[str, Path]:
    return {_module_name(p): p for p in (ROOT / "planner").rglob("*.py")}


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The planner modules a file imports (``from planner.x import y`` counts y if a module)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        out |= {n for n in names if n in modules}
    return out


def _graph() -> dict[str, set[str]]:
    modules = _package_modules()
    return {name: _imports(path, modules) - {name} for name, path in modules.items()}


def _stage(module: str) -> int | None:
    parts = module.split(".")
    return STAGES.index(parts[1]) if len(parts) > 1 and parts[1] in STAGES else None


def test_the_listing_shows_the_stages() -> None:
    folders = sorted(p.name for p in (ROOT / "planner").iterdir() if (p / "__init__.py").exists())
    assert folders == sorted(STAGES)
    loose = sorted(p.name for p in (ROOT / "planner").glob("*.py"))
    assert loose == ["__init__.py", "errors.py"]


def test_a_stage_imports_only_earlier_stages() -> None:
    backwards = [
        f"{a} imports {b}"
        for a, targets in _graph().items()
        for b in targets
        if (sa := _stage(a)) is not None and (sb := _stage(b)) is not None and sb > sa
    ]
    assert backwards == []


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle as a path of module names, or None (depth-first search)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node], _ = 1, stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            # A package's __init__ re-exporting its own submodules is not a circle.
            if node.startswith(nxt + ".") or nxt.startswith(node + "."):
                continue
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = 2
        stack.pop()
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_no_import_circle_in_planner() -> None:
    assert _cycle(_graph()) is None


def test_the_circle_finder_finds_a_circle() -> None:
    """The check above can fail: a two-module circle is found."""
    assert _cycle({"a": {"b"}, "b": {"a"}}) == ["a", "b", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def _top_level_imports(path: Path) -> set[str]:
    out: set[str] = set()
    for n in ast.walk(ast.parse(path.read_text())):
        if isinstance(n, ast.Import):
            out |= {a.name.split(".")[0] for a in n.names}
        elif isinstance(n, ast.ImportFrom) and n.module:
            out.add(n.module.split(".")[0])
    return out


def test_planner_never_imports_streamlit() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "planner").rglob("*.py")
        if "streamlit" in _top_level_imports(p)
    ]
    assert offenders == []


@pytest.mark.parametrize("folder", ["planner", "ui"])
def test_no_function_runs_past_a_hundred_lines(folder: str) -> None:
    long_ones = [
        f"{p.relative_to(ROOT)}:{n.lineno} {n.name} ({n.end_lineno - n.lineno + 1} lines)"
        for p in sorted((ROOT / folder).rglob("*.py"))
        for n in ast.walk(ast.parse(p.read_text()))
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
        and n.end_lineno is not None
        and n.end_lineno - n.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long_ones == []


def _planner_imports(path: Path) -> set[str]:
    """Every ``planner.*`` module named by an import in a file (module level or lazy)."""
    out: set[str] = set()
    for n in ast.walk(ast.parse(path.read_text())):
        if isinstance(n, ast.Import):
            out |= {a.name for a in n.names if a.name.startswith("planner")}
        elif isinstance(n, ast.ImportFrom) and n.module and n.module.startswith("planner"):
            out |= {n.module} | {f"{n.module}.{a.name}" for a in n.names}
    return out


def _app_files() -> list[Path]:
    return [ROOT / "app.py", *sorted((ROOT / "ui").rglob("*.py"))]


def test_the_app_never_imports_the_command_line() -> None:
    """The app and the command line are two surfaces over the same stages: what both need
    lives in planner/analyses or planner/outputs, never in planner/cli."""
    offenders = [
        f"{p.relative_to(ROOT)} imports {name}"
        for p in _app_files()
        for name in sorted(_planner_imports(p))
        if name == "planner.cli" or name.startswith("planner.cli.")
    ]
    assert offenders == []


def test_the_command_line_check_sees_a_lazy_import(tmp_path: Path) -> None:
    """The check above can fail: an import inside a function is found."""
    module = tmp_path / "view.py"
    module.write_text("def f():\n    from planner.cli.simulate import run\n")
    assert "planner.cli.simulate" in _planner_imports(module)
    module.write_text("import planner.cli\n")
    assert "planner.cli" in _planner_imports(module)


def _modules_of(package: Path) -> list[str]:
    return sorted(p.stem for p in package.glob("*.py") if not p.stem.startswith("__"))


@pytest.mark.parametrize("stage", ["model", "engine", "analyses"])
def test_each_stage_docstring_names_every_module(stage: str) -> None:
    """The module map at the top of each stage's ``__init__`` stays true: a module added to
    the stage is named there (as ``name``) with what it holds."""
    package = ROOT / "planner" / stage
    doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text())) or ""
    assert [m for m in _modules_of(package) if f"``{m}``" not in doc] == []


def test_the_ui_docstring_names_every_module() -> None:
    doc = ast.get_docstring(ast.parse((ROOT / "ui" / "__init__.py").read_text())) or ""
    words = set(doc.replace(",", " ").replace(":", " ").split())
    assert [m for m in [*_modules_of(ROOT / "ui"), "views"] if m not in words] == []


def test_the_architecture_page_names_every_planner_module() -> None:
    """docs/ARCHITECTURE.md's map names every module of every stage (as ``name.py``)."""
    page = (ROOT / "docs" / "ARCHITECTURE.md").read_text()
    missing = [
        f"planner/{stage}/{m}.py"
        for stage in STAGES
        for m in _modules_of(ROOT / "planner" / stage)
        if f"{m}.py" not in page
    ]
    assert missing == []


CROSS_STAGE_TESTS = {"test_architecture", "test_doctests", "test_notes_everywhere", "test_presets"}
"""Unit tests that cross the stages on purpose and so sit in tests/unit/ itself."""


def _tested_module(folder: str, stem: str) -> Path | None:
    """The module a unit test file mirrors: tests/unit/<stage>/test_<module>[_<aspect>].py
    tests planner/<stage>/<module>.py (test_<stage>*.py: the stage's __init__); tests/unit/ui/
    mirrors ui/."""
    package = ROOT / "ui" if folder == "ui" else ROOT / "planner" / folder
    parts = stem.removeprefix("test_").split("_")
    for k in range(len(parts), 0, -1):
        name = "_".join(parts[:k])
        for path in (package / f"{name}.py", package / "__init__.py"):
            if path.exists() and (path.stem == name or name == folder):
                return path
    return None


def test_unit_tests_mirror_the_modules_they_test() -> None:
    """The layout rule of docs/ARCHITECTURE.md (Tests)."""
    unit = ROOT / "tests" / "unit"
    loose = sorted(p.stem for p in unit.glob("test_*.py") if p.stem not in CROSS_STAGE_TESTS)
    assert loose == [], "unit tests belong in tests/unit/<stage>/, named after their module"
    folders = sorted(p.name for p in unit.iterdir() if (p / "__init__.py").exists())
    assert folders == sorted([*STAGES, "ui"])
    orphans = [
        str(p.relative_to(ROOT))
        for folder in folders
        for p in sorted((unit / folder).glob("test_*.py"))
        if _tested_module(folder, p.stem) is None
    ]
    assert orphans == []


def test_the_layout_rule_finds_the_module() -> None:
    """The check above can fail: a name without a module is found out."""
    assert _tested_module("engine", "test_mix_hand") == ROOT / "planner" / "engine" / "mix.py"
    assert _tested_module("cli", "test_cli_reports") == ROOT / "planner" / "cli" / "__init__.py"
    assert _tested_module("engine", "test_no_such_thing") is None
