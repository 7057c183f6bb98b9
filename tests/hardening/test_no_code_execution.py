"""No code runs from user data: no pickle, eval, exec, yaml.load or subprocess in the product.

The product is ``planner/`` (the engine), ``ui/`` and ``app.py`` (the app) and ``pages/`` if
it appears. Two checks, so neither a clever import nor a plain mention slips through:
an AST walk (imports, calls and keywords) and a plain-text scan of the same files.
Scenario files and uploads are parsed by ``tomllib`` and validated by Pydantic only.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def product_files() -> list[Path]:
    """Every Python file of the engine and the app."""
    files = sorted((REPO_ROOT / "planner").rglob("*.py"))
    for folder in ("ui", "pages"):
        files += sorted((REPO_ROOT / folder).rglob("*.py"))
    app = REPO_ROOT / "app.py"
    if app.exists():
        files.append(app)
    return files


FILES = product_files()
IDS = [str(p.relative_to(REPO_ROOT)) for p in FILES]

FORBIDDEN_MODULES = {
    "pickle",
    "_pickle",
    "cPickle",
    "marshal",
    "shelve",
    "dill",
    "cloudpickle",
    "joblib",
    "subprocess",
    "pty",
    "yaml",
    "ruamel",
    "code",
    "codeop",
}
"""Modules that deserialise objects, run processes, parse YAML or run typed-in code."""
FORBIDDEN_BUILTINS = {"eval", "exec", "compile", "__import__", "breakpoint"}
FORBIDDEN_ATTRIBUTES = {"read_pickle", "to_pickle", "unsafe_load", "full_load"}
"""pandas pickles and PyYAML's unsafe loaders, whatever they are called on."""
_OS_RUNNERS = (
    "system",
    "popen",
    "execv",
    "execve",
    "execvp",
    "execvpe",
    "execl",
    "execlp",
    "spawnv",
    "spawnl",
    "posix_spawn",
    "startfile",
)
FORBIDDEN_PAIRS = {
    *(("os", name) for name in _OS_RUNNERS),
    ("yaml", "load"),
    ("np", "load"),
    ("numpy", "load"),
    ("pd", "eval"),
    ("pandas", "eval"),
}
"""``os.system`` and friends, ``yaml.load``, ``np.load`` (pickles), ``pd.eval``."""
FORBIDDEN_TEXT = re.compile(
    r"\b(pickle|cPickle|marshal|shelve|dill|cloudpickle|subprocess)\b"
    r"|(?<![\w.])(eval|exec)\s*\("
    r"|yaml\.(safe_|unsafe_|full_)?load"
    r"|os\.(system|popen)"
    r"|allow_pickle"
)


def test_the_scan_sees_the_product() -> None:
    names = set(IDS)
    assert "planner/model/files.py" in names
    assert "planner/engine/projection.py" in names
    assert "planner/cli/terminal.py" in names
    assert "app.py" in names


def _problems(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[str] = []
    for node in ast.walk(tree):
        where = f"line {getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Import):
            found += [
                f"{where}: import {a.name}"
                for a in node.names
                if a.name.split(".")[0] in FORBIDDEN_MODULES
            ]
        elif isinstance(node, ast.ImportFrom):
            if node.module and node.module.split(".")[0] in FORBIDDEN_MODULES:
                found.append(f"{where}: from {node.module} import ...")
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in FORBIDDEN_BUILTINS:
                found.append(f"{where}: {func.id}(...)")
            if isinstance(func, ast.Attribute):
                owner = func.value.id if isinstance(func.value, ast.Name) else ""
                if func.attr in FORBIDDEN_ATTRIBUTES or (owner, func.attr) in FORBIDDEN_PAIRS:
                    found.append(f"{where}: {owner or '...'}.{func.attr}(...)")
            found += [f"{where}: allow_pickle=" for k in node.keywords if k.arg == "allow_pickle"]
        elif isinstance(node, ast.Name) and node.id in FORBIDDEN_BUILTINS:
            found.append(f"{where}: {node.id} (passed around)")
    return found


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_no_code_runs_from_data(path: Path) -> None:
    assert _problems(path) == []


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_no_dangerous_name_is_even_mentioned(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    hits = [
        f"line {i}: {line.strip()}"
        for i, line in enumerate(lines, 1)
        if FORBIDDEN_TEXT.search(line)
    ]
    assert hits == []


STYLESHEET = ("ui/page.py", "PAGE_STYLE")
"""The one HTML the app sends: the page's fixed stylesheet, a module constant of this file."""


def _is_the_stylesheet(path: Path, call: ast.Call) -> bool:
    """``st.html(PAGE_STYLE)`` in ui/page.py, nothing else."""
    where, name = STYLESHEET
    return (
        str(path.relative_to(REPO_ROOT)) == where
        and len(call.args) == 1
        and not call.keywords
        and isinstance(call.args[0], ast.Name)
        and call.args[0].id == name
    )


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_html_is_never_rendered_unescaped(path: Path) -> None:
    """Scenario and plan names are typed by users: rendered as raw HTML they become markup.

    So no ``unsafe_allow_html=True``, ``st.html`` or ``components.html`` in the app, except
    the page's stylesheet: a fixed text (checked below), never built from anything typed.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    hits: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        hits += [
            f"line {node.lineno}: unsafe_allow_html"
            for k in node.keywords
            if k.arg == "unsafe_allow_html"
            and not (isinstance(k.value, ast.Constant) and k.value.value is False)
        ]
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "html"
            and not _is_the_stylesheet(path, node)
        ):
            hits.append(f"line {node.lineno}: .html(...)")
    assert hits == []


def test_the_stylesheet_is_a_fixed_text_of_css_only() -> None:
    """PAGE_STYLE is assigned once, at module level, a plain string: one <style> element
    with no other tag, and nothing that loads or runs anything (url(), @import,
    expression(), javascript:)."""
    where, name = STYLESHEET
    tree = ast.parse((REPO_ROOT / where).read_text(encoding="utf-8"))
    assigned = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign | ast.AnnAssign)
        and any(
            isinstance(t, ast.Name) and t.id == name
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
        )
    ]
    assert len(assigned) == 1
    assert assigned[0] in tree.body
    value = assigned[0].value
    assert isinstance(value, ast.Constant)
    assert isinstance(value.value, str)
    css = value.value
    assert css.startswith("<style>")
    assert css.endswith("</style>")
    inner = css.removeprefix("<style>").removesuffix("</style>")
    assert "<" not in inner  # no other tag
    assert ">" not in inner
    assert not re.search(r"url\(|@import|expression\(|javascript:|\\", inner, re.IGNORECASE)
