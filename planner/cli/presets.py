"""Presets on the command line: ``planner presets`` lists them, and a preset's name is
accepted wherever a scenario file is (``planner report default``).

A name is looked up as a file first, so a file in the working folder called like a preset
(``default``) is still the file; a bare name that is neither is one line naming the presets.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from planner.cli.terminal import print_text, terminal_text
from planner.errors import ScenarioFileError

DESCRIPTION_MAX_CHARS = 100
"""A preset's description is shown on one line of at most this many characters."""


def _looks_like_a_path(text: str) -> bool:
    return text.endswith(".toml") or "/" in text or "\\" in text


def scenario_path(text: str) -> str:
    """The scenario file ``text`` names: an existing file as given, else the bundled preset
    of that name; a bare name that is neither is a ScenarioFileError listing the presets.
    Anything that looks like a path is returned as given, so loading it reports the file."""
    from planner.model.defaults import preset_files

    if Path(text).exists() or _looks_like_a_path(text):
        return text
    presets = preset_files()
    if text in presets:
        return str(presets[text])
    raise ScenarioFileError(
        f"{text}: no such scenario file or preset; presets: {', '.join(presets)} "
        "(`planner presets` describes them)"
    )


def one_line(text: str, limit: int = DESCRIPTION_MAX_CHARS) -> str:
    """``text`` on one line, cut at a word before ``limit`` characters with an ellipsis.

    >>> one_line("A 25-user office.")
    'A 25-user office.'
    >>> one_line("one two three four", limit=12)
    'one two...'
    """
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[: limit - 3].rsplit(" ", 1)[0].rstrip(",;:") + "..."


def preset_lines() -> list[str]:
    """Each preset: its name and scenario title, then its description indented below (the
    inputs summarised when the file has none)."""
    from planner.model.defaults import preset_files
    from planner.model.describe import inputs_summary
    from planner.model.files import load_scenario

    presets = preset_files()
    width = max(len(name) for name in presets) + 2
    lines = []
    for name, path in presets.items():
        scenario = load_scenario(path)
        about = scenario.description or inputs_summary(scenario)
        lines.append(f"{name:<{width}}{terminal_text(scenario.name)}")
        lines.append(f"{'':<{width}}{terminal_text(one_line(about))}")
    folder = next(iter(presets.values())).parent
    lines += [
        "",
        "Use a name wherever a scenario file goes: planner report small_office",
        f"The files are in {terminal_text(str(folder))}: copy one to start a scenario of your own.",
    ]
    return lines


def run(_: argparse.Namespace) -> int:
    """``planner presets``."""
    print_text("\n".join(preset_lines()))
    return 0
