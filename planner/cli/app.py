"""``planner app``: the web app, started from wherever the package is installed.

The wheel carries the checkout's ``app.py`` and ``.streamlit/config.toml`` as
``ui/_bundled/app.py`` and ``ui/_bundled/streamlit_config.toml``; run from the checkout, the
top-level files themselves are used. Streamlit reads its config file only from the working
folder and the user's home, so the settings travel as ``streamlit run`` flags read from that
one file: ``streamlit run app.py`` in the checkout and ``planner app`` anywhere get the same
server (localhost only, 1 MB uploads, no error details in the browser). An option given on
the command line wins over the file's.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import tomllib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from planner.errors import CatalogueError


def _bundled(name: str, in_checkout: str) -> Path:
    """``ui/_bundled/<name>`` of the installed package, else the checkout's file. The ``ui``
    package is found, not imported: importing it would load Streamlit in this process too."""
    from planner.model.locations import REPO_DIR

    spec = importlib.util.find_spec("ui")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        packaged = Path(folder) / "_bundled" / name
        if packaged.is_file():
            return packaged
    return REPO_DIR / in_checkout


def app_script() -> Path:
    """The Streamlit script of the app."""
    return _bundled("app.py", "app.py")


def config_file() -> Path:
    """The app's Streamlit settings (``.streamlit/config.toml`` of the checkout)."""
    return _bundled("streamlit_config.toml", ".streamlit/config.toml")


def config_flags(settings: Mapping[str, Any], given: Sequence[str], prefix: str = "") -> list[str]:
    """``--section.option value`` for every option of the settings, but those ``given``.

    >>> config_flags({"server": {"address": "127.0.0.1", "headless": False}}, [])
    ['--server.address', '127.0.0.1', '--server.headless', 'false']
    >>> config_flags({"server": {"address": "127.0.0.1"}}, ["--server.address=0.0.0.0"])
    []
    """
    out: list[str] = []
    for key, value in settings.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out += config_flags(value, given, f"{name}.")
            continue
        flag = f"--{name}"
        if any(arg == flag or arg.startswith(f"{flag}=") for arg in given):
            continue
        out += [flag, str(value).lower() if isinstance(value, bool) else str(value)]
    return out


def app_command(extra: Sequence[str]) -> list[str]:
    """The arguments of ``streamlit run <app script> <settings> <extra>`` (after ``streamlit``)."""
    path = config_file()
    try:
        with path.open("rb") as fh:
            settings = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CatalogueError(f"{path}: cannot read the app's settings: {exc}") from exc
    script = app_script()
    if not script.is_file():
        raise CatalogueError(f"{script}: the app's script is missing from the installation")
    flags = config_flags(settings, extra)
    return ["run", str(script), *flags, *extra]


def run(args: argparse.Namespace, extra: Sequence[str]) -> int:
    """Start the app; the catalogue folder in use is checked first (a missing file is named
    here, not later in the browser) and handed to the server by its environment variable.

    Streamlit's own command line runs in this process (``ui.launch``: no child process,
    nothing executed from a string), so Ctrl+C and a service manager's signals reach the
    server directly."""
    from planner.model.locations import CATALOGUE_ENV, DATA_DIR, check_catalogue

    folder = check_catalogue()
    if folder != DATA_DIR:
        os.environ[CATALOGUE_ENV] = str(folder.resolve())
    return int(launcher()(app_command(extra)))


LAUNCHERS = "exchange_cost_planner.launchers"
"""The entry-point group where the package registers its app launcher (``ui.launch``)."""


def launcher() -> Callable[[Sequence[str]], int]:
    """The installed app launcher (``ui.launch:launch``): found through the package's entry
    point rather than imported, because ``planner/`` never imports Streamlit or ``ui``."""
    from importlib.metadata import entry_points

    found = entry_points(group=LAUNCHERS, name="app")
    if not found:
        raise CatalogueError(
            f"no app launcher is installed (entry point {LAUNCHERS}:app); reinstall the package"
        )
    launch: Callable[[Sequence[str]], int] = next(iter(found)).load()
    return launch
