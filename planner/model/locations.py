"""Where the catalogue and the presets are: inside the installed package, in the checkout,
or in a catalogue folder of the user's own.

The wheel carries the checkout's top-level ``data/`` and ``scenarios/`` as
``planner/_bundled/data`` and ``planner/_bundled/scenarios`` (copied at build time, see
``pyproject.toml``), found here through :mod:`importlib.resources`. Run from the checkout
(``uv sync`` installs it editable, the package imported from the repository), there is no
``_bundled`` folder beside the code and the top-level folders themselves are read: they stay
the only copy. A user's folder (``--catalogue DIR`` or ``PLANNER_CATALOGUE``) replaces the
bundled catalogue as a whole and must hold its three files.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from planner.errors import CatalogueError

REPO_DIR = Path(__file__).resolve().parents[2]
"""The checkout's root when running from the repository (elsewhere: unused)."""


def bundled_dir(name: str) -> Path:
    """The folder ``name`` (``data``, ``scenarios``) inside the installed package, or the
    checkout's top-level one when the package runs from the repository."""
    packaged = resources.files("planner").joinpath("_bundled", name)
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    return REPO_DIR / name


DATA_DIR = bundled_dir("data")
SCENARIOS_DIR = bundled_dir("scenarios")
ASSUMPTIONS_FILE = DATA_DIR / "assumptions.toml"
PLANS_FILE = DATA_DIR / "plans.toml"
CATALOGUE_FILES = ("assumptions.toml", "plans.toml", "currencies.toml")
"""What a catalogue folder holds, the bundled one or a user's own."""
CATALOGUE_ENV = "PLANNER_CATALOGUE"
"""Environment variable naming a catalogue folder that replaces the bundled one."""

_chosen_folder: list[Path] = []
"""The folder :func:`use_catalogue` chose (``--catalogue``), if any; it wins over the
environment variable."""


def use_catalogue(folder: str | Path | None) -> None:
    """Read the catalogue from ``folder`` from now on (``None``: back to the environment
    variable, else the bundled folder)."""
    _chosen_folder.clear()
    if folder is not None:
        _chosen_folder.append(Path(folder).expanduser())


def catalogue_dir() -> Path:
    """The catalogue folder in use: ``--catalogue``, else ``PLANNER_CATALOGUE``, else the
    bundled ``data/``."""
    if _chosen_folder:
        return _chosen_folder[0]
    named = os.environ.get(CATALOGUE_ENV, "").strip()
    return Path(named).expanduser() if named else DATA_DIR


def catalogue_file(name: str) -> Path:
    """The file ``name`` of the catalogue folder in use; a user's folder without it is an
    error naming the folder, the file and what the folder must hold."""
    folder = catalogue_dir()
    path = folder / name
    if folder != DATA_DIR and not path.is_file():
        what = "has no" if folder.is_dir() else "is not a folder, so it has no"
        raise CatalogueError(
            f"catalogue folder {folder} {what} {name}; a catalogue folder (--catalogue or "
            f"{CATALOGUE_ENV}) must hold {', '.join(CATALOGUE_FILES)}"
        )
    return path


def check_catalogue() -> Path:
    """The catalogue folder in use, once each of its files is there (else CatalogueError)."""
    for name in CATALOGUE_FILES:
        catalogue_file(name)
    return catalogue_dir()
