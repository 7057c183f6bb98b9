"""The documentation tells the truth about itself: its links lead somewhere and its commands run.

Read: README.md, SECURITY.md, CHANGELOG.md, benchmarks/README.md and docs/*.md.

* Links: every relative link names a file or folder that exists, and an ``#anchor`` names a
  heading of the target (GitHub's slugs: lower case, punctuation dropped, spaces to hyphens,
  ``-1``, ``-2`` ... for repeats).
* Commands: every ``planner ...`` line in a ``bash``/``sh``/``console`` code block is run, from a
  fresh temporary folder, and must exit with status 0. Paths that exist in the repository are
  made absolute, outputs land in the temporary folder, and the placeholders below stand for a
  reader's own files. ``planner app`` serves until stopped, so it is left to the packaging test.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOC_FILES = sorted(
    [
        REPO / "README.md",
        REPO / "SECURITY.md",
        REPO / "CHANGELOG.md",
        REPO / "benchmarks" / "README.md",
        *(REPO / "docs").glob("*.md"),
    ]
)

# A reader's own files, as the docs name them, and what the test gives in their place.
SCENARIO_PLACEHOLDERS = {"my_scenario.toml": REPO / "scenarios" / "growing_firm.toml"}
CATALOGUE_PLACEHOLDER = "my-catalogue"

SHELL_LANGUAGES = {"bash", "sh", "shell", "console"}
COMMAND_PREFIXES = ("python3 -m uv run --locked ", "python3 -m uv run ", "uv run ")
COMMAND_TIMEOUT_S = 300

FENCE = re.compile(r"^(```|~~~)(.*)$")
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
INLINE_CODE = re.compile(r"`+[^`]*`+")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def relative(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


@dataclass(frozen=True)
class Block:
    """A fenced code block: its language and its lines with their line numbers."""

    language: str
    lines: tuple[tuple[int, str], ...]


def split_blocks(text: str) -> tuple[list[tuple[int, str]], list[Block]]:
    """The prose lines (outside code blocks) and the fenced code blocks of a Markdown text."""
    prose: list[tuple[int, str]] = []
    blocks: list[Block] = []
    fence: str | None = None
    language = ""
    body: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = FENCE.match(line.strip())
        if fence is None and match:
            fence, language, body = match.group(1), match.group(2).strip().lower(), []
        elif fence is not None and line.strip() == fence:
            blocks.append(Block(language, tuple(body)))
            fence = None
        elif fence is not None:
            body.append((number, line))
        else:
            prose.append((number, line))
    return prose, blocks


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: markup and punctuation dropped, spaces to hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link keeps its words
    text = re.sub(r"<[^>]+>", "", text).lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Every heading anchor of a Markdown file, repeats numbered as GitHub numbers them."""
    prose, _ = split_blocks(path.read_text(encoding="utf-8"))
    seen: Counter[str] = Counter()
    found = set()
    for _, line in prose:
        match = HEADING.match(line)
        if not match:
            continue
        base = slug(match.group(2))
        found.add(base if seen[base] == 0 else f"{base}-{seen[base]}")
        seen[base] += 1
    return found


def links(path: Path) -> list[tuple[int, str]]:
    """The relative links of a Markdown file (code spans and code blocks are not links)."""
    prose, _ = split_blocks(path.read_text(encoding="utf-8"))
    found = []
    for number, line in prose:
        for match in LINK.finditer(INLINE_CODE.sub("", line)):
            target = match.group(1)
            if not re.match(r"^[a-z][a-z0-9+.-]*:", target, flags=re.IGNORECASE):
                found.append((number, target))
    return found


def broken_link(source: Path, target: str) -> str | None:
    """Why a link from source does not resolve, or None when it does."""
    address, _, anchor = target.partition("#")
    file = (source.parent / address).resolve() if address else source
    if not file.exists():
        return f"{address} does not exist"
    if not file.is_relative_to(REPO):
        return f"{address} is outside the repository"
    if anchor and (file.suffix != ".md" or anchor not in anchors(file)):
        return f"no heading #{anchor} in {relative(file)}"
    return None


def test_every_document_exists() -> None:
    missing = [relative(p) for p in DOC_FILES if not p.is_file()]
    assert not missing, f"documents missing: {missing}"
    assert len(DOC_FILES) > 4


@pytest.mark.parametrize("path", DOC_FILES, ids=relative)
def test_every_relative_link_resolves(path: Path) -> None:
    broken = [
        f"{relative(path)}:{number}: ({target}) {why}"
        for number, target in links(path)
        if (why := broken_link(path, target)) is not None
    ]
    assert not broken, "broken links:\n" + "\n".join(broken)


def test_the_slugs_follow_github() -> None:
    """Worked from headings GitHub renders: its anchors, copied from the page."""
    assert slug("Paths from today's Exchange") == "paths-from-todays-exchange"
    assert slug("Uncertainty: Monte Carlo, tornado, break-even map") == (
        "uncertainty-monte-carlo-tornado-break-even-map"
    )
    assert slug("The `planner` command") == "the-planner-command"
    assert slug("Install with pipx or uv") == "install-with-pipx-or-uv"


@dataclass(frozen=True)
class Command:
    """One ``planner`` command line shown in the docs."""

    where: str
    env: tuple[tuple[str, str], ...]
    args: tuple[str, ...]


def commands_in(path: Path) -> list[Command]:
    """The ``planner`` lines of a file's shell blocks (``\\`` continuations joined)."""
    _, blocks = split_blocks(path.read_text(encoding="utf-8"))
    found = []
    for block in blocks:
        if block.language not in SHELL_LANGUAGES:
            continue
        pending, start = "", 0
        for number, raw in block.lines:
            line = raw.strip()
            if not pending:
                start = number
            if line.endswith("\\"):
                pending += line[:-1] + " "
                continue
            line, pending = (pending + line).strip(), ""
            command = parse_command(line.removeprefix("$ "))
            if command is not None:
                found.append(Command(f"{relative(path)}:{start}", *command))
    return found


def parse_command(line: str) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]] | None:
    """Environment assignments and arguments of a ``planner`` line; None for any other line."""
    if not line or line.startswith("#"):
        return None
    for prefix in COMMAND_PREFIXES:
        line = line.removeprefix(prefix)
    tokens = shlex.split(line, comments=True)
    env = []
    while tokens and re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", tokens[0]):
        name, _, value = tokens.pop(0).partition("=")
        env.append((name, value))
    if not tokens or tokens[0] != "planner":
        return None
    return tuple(env), tuple(tokens[1:])


ALL_COMMANDS = [command for path in DOC_FILES if path.is_file() for command in commands_in(path)]


def serves_forever(command: Command) -> bool:
    """``planner app`` starts a web server: the packaging test starts and stops it."""
    words = [a for a in command.args if not a.startswith("-")]
    return bool(words) and words[0] == "app"


def test_the_docs_show_commands_and_the_readme_some() -> None:
    """The reader of the README meets the CLI there; a parser that found nothing fails here."""
    assert any(c.where.startswith("README.md:") for c in ALL_COMMANDS)
    assert len(ALL_COMMANDS) >= 10


def resolved(arg: str, folder: Path) -> str:
    """An argument with placeholders replaced and repository paths made absolute."""
    if arg in SCENARIO_PLACEHOLDERS:
        return str(SCENARIO_PLACEHOLDERS[arg])
    if arg.rstrip("/") == CATALOGUE_PLACEHOLDER:
        catalogue = folder / CATALOGUE_PLACEHOLDER
        if not catalogue.exists():
            shutil.copytree(REPO / "data", catalogue)
        return str(catalogue)
    if arg.endswith(".toml") and not (REPO / arg).exists():
        pytest.fail(f"{arg} is neither in the repository nor a known placeholder")
    return str(REPO / arg) if not arg.startswith("-") and (REPO / arg).exists() else arg


def planner_executable() -> list[str]:
    """The ``planner`` script of the environment running the tests."""
    script = Path(sys.executable).parent / "planner"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "planner.cli"]


@pytest.mark.parametrize(
    "command", [c for c in ALL_COMMANDS if not serves_forever(c)], ids=lambda c: c.where
)
def test_every_planner_command_in_the_docs_runs(command: Command, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PLANNER_CATALOGUE"}
    env.update((name, resolved(value, tmp_path)) for name, value in command.env)
    args = [resolved(arg, tmp_path) for arg in command.args]
    result = subprocess.run(
        [*planner_executable(), *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT_S,
        check=False,
    )
    shown = " ".join(command.args)
    assert result.returncode == 0, (
        f"{command.where}: `planner {shown}` exited with {result.returncode}\n"
        f"stdout:\n{result.stdout[-2000:]}\nstderr:\n{result.stderr[-2000:]}"
    )
