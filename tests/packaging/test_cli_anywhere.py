"""The command line as an installed tool: presets by name, ``presets``, ``--version``, a
catalogue folder of the user's own, and ``app`` (its command, not a running server: the
slow test beside this one starts the installed app)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import pytest
import tomli_w

from planner.cli import main
from planner.cli.app import app_command, app_script, config_file
from planner.model.locations import (
    CATALOGUE_ENV,
    CATALOGUE_FILES,
    DATA_DIR,
    SCENARIOS_DIR,
    use_catalogue,
)

REPO = Path(__file__).resolve().parents[2]
PRESETS = sorted(p.stem for p in (REPO / "scenarios").glob("*.toml"))


@pytest.fixture(autouse=True)
def _bundled_catalogue(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts and ends on the bundled catalogue."""
    # recorded, so the variable the command sets for the server is undone after the test
    monkeypatch.setenv(CATALOGUE_ENV, "")
    use_catalogue(None)
    yield
    use_catalogue(None)


def test_the_checkout_reads_its_own_top_level_folders() -> None:
    """Run from the repository, the files read are the checkout's (the only copy), even
    though the editable install also holds copies made at build time."""
    assert DATA_DIR == REPO / "data"
    assert SCENARIOS_DIR == REPO / "scenarios"
    assert app_script() == REPO / "app.py"
    assert config_file() == REPO / ".streamlit" / "config.toml"


def test_version_comes_from_the_package_metadata(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == f"planner {version('exchange-cost-planner')}\n"


def test_presets_lists_every_preset_with_its_title_and_description(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["presets"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert f"The files are in {SCENARIOS_DIR}: copy one" in lines[-1]
    for stem in PRESETS:
        with (REPO / "scenarios" / f"{stem}.toml").open("rb") as fh:
            data = tomllib.load(fh)
        (i,) = [i for i, line in enumerate(lines) if line.split()[:1] == [stem]]
        assert data["name"] in lines[i]
        below = lines[i + 1]
        assert below.startswith(" ")
        assert below.strip()
        if "description" in data:
            # One line: the description itself, or its start cut at a word with "...".
            shown = below.strip().removesuffix("...")
            assert data["description"].startswith(shown)
            assert len(below.strip()) <= 100


@pytest.mark.parametrize("command", ["report", "validate", "fit"])
def test_a_preset_name_works_wherever_a_file_does(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([command, str(REPO / "scenarios" / "small_office.toml")]) == 0
    by_file = capsys.readouterr().out
    assert main([command, "small_office"]) == 0
    by_name = capsys.readouterr().out
    if command == "validate":  # it names the scenario as the user did
        assert by_name == by_file.replace(
            str(REPO / "scenarios" / "small_office.toml"), "small_office"
        )
    else:
        assert by_name == by_file


def test_simulate_takes_a_preset_name(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--draws", "200", "--seed", "3"]
    assert main(["simulate", str(REPO / "scenarios" / "default.toml"), *args]) == 0
    by_file = capsys.readouterr().out
    assert main(["simulate", "default", *args]) == 0
    assert capsys.readouterr().out == by_file


def test_a_file_wins_over_a_preset_of_the_same_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("default").write_text('name = "My own"\n[organisation]\nusers = 30\n')
    assert main(["report", "default"]) == 0
    assert capsys.readouterr().out.startswith("My own: 30 users")


def test_an_unknown_name_is_one_line_naming_the_presets(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["report", "smal_office"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert line.startswith("planner: error: smal_office: no such scenario file or preset")
    assert all(stem in line for stem in PRESETS)


def test_a_missing_path_still_names_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "nowhere/default.toml"]) == 2
    err = capsys.readouterr().err
    assert "nowhere/default.toml" in err
    assert "no such file" in err


def test_batch_still_takes_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["batch", str(REPO / "scenarios"), "--csv", str(tmp_path / "all.csv")]) == 0
    assert (tmp_path / "all.csv").stat().st_size > 0


def _bundled_users() -> int:
    with (REPO / "data" / "assumptions.toml").open("rb") as fh:
        users: int = tomllib.load(fh)["organisation"]["users"]["value"]
    return users


def _own_catalogue(folder: Path, users: int) -> Path:
    """A copy of the bundled catalogue whose default headcount is ``users``."""
    folder.mkdir()
    for name in CATALOGUE_FILES:
        shutil.copy(REPO / "data" / name, folder / name)
    path = folder / "assumptions.toml"
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    data["organisation"]["users"]["value"] = users
    path.write_text(tomli_w.dumps(data))
    return folder


def _users_line(out: str) -> str:
    return out.splitlines()[0]


def test_catalogue_flag_and_environment_variable_replace_the_bundled_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """default.toml sets no headcount, so it takes the catalogue's: the bundled one's, or 321
    in the user's folder, whether named by the flag (before or after the subcommand) or by
    PLANNER_CATALOGUE; the flag wins over the variable."""
    own = _own_catalogue(tmp_path / "mine", 321)
    other = _own_catalogue(tmp_path / "other", 654)
    assert _bundled_users() not in (321, 654)
    assert main(["report", "default"]) == 0
    assert f"{_bundled_users():,} users" in _users_line(capsys.readouterr().out)
    assert main(["--catalogue", str(own), "report", "default"]) == 0
    assert "321 users" in _users_line(capsys.readouterr().out)
    assert main(["report", "default", "--catalogue", str(own)]) == 0
    assert "321 users" in _users_line(capsys.readouterr().out)
    monkeypatch.setenv(CATALOGUE_ENV, str(other))
    assert main(["report", "default"]) == 0
    assert "654 users" in _users_line(capsys.readouterr().out)
    assert main(["--catalogue", str(own), "report", "default"]) == 0
    assert "321 users" in _users_line(capsys.readouterr().out)


def test_plans_reads_the_users_catalogue(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own = _own_catalogue(tmp_path / "mine", 321)
    plans = own / "plans.toml"
    plans.write_text(plans.read_text().replace("Exchange Online Plan 1", "Our Own Plan 1"))
    assert main(["--catalogue", str(own), "plans"]) == 0
    out = capsys.readouterr().out
    assert "Our Own Plan 1" in out
    assert "Exchange Online Plan 1" not in out


@pytest.mark.parametrize("missing", CATALOGUE_FILES)
def test_a_catalogue_folder_without_a_file_names_it(
    missing: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own = _own_catalogue(tmp_path / "mine", 321)
    (own / missing).unlink()
    assert main(["--catalogue", str(own), "report", "default"]) == 2
    captured = capsys.readouterr()
    (line,) = captured.err.splitlines()
    assert f"catalogue folder {own} has no {missing}" in line
    assert "Traceback" not in captured.err


def test_a_catalogue_that_is_not_a_folder_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--catalogue", str(tmp_path / "nope"), "plans"]) == 2
    assert f"catalogue folder {tmp_path / 'nope'} is not a folder" in capsys.readouterr().err


def test_the_app_command_carries_the_checkouts_streamlit_settings() -> None:
    """Every option of .streamlit/config.toml becomes a flag; one the user gives wins."""
    with (REPO / ".streamlit" / "config.toml").open("rb") as fh:
        settings = tomllib.load(fh)
    command = app_command(["--server.port", "8600", "--server.address=0.0.0.0"])
    assert command[:2] == ["run", str(REPO / "app.py")]
    flags = command[2:]
    for section, options in settings.items():
        for option, value in options.items():
            flag = f"--{section}.{option}"
            if flag == "--server.address":
                assert flag not in flags
                continue
            shown = str(value).lower() if isinstance(value, bool) else str(value)
            assert flags[flags.index(flag) + 1] == shown
    assert flags[-3:] == ["--server.port", "8600", "--server.address=0.0.0.0"]
    assert flags.count("--server.maxUploadSize") == 1


def test_planner_app_hands_over_to_streamlit_with_the_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``planner app`` runs Streamlit's own command line in this process, passing options
    through and the user's catalogue folder as PLANNER_CATALOGUE, absolute."""
    from streamlit.web import cli as streamlit_cli

    seen: dict[str, object] = {}

    def fake_main(args: list[str], prog_name: str) -> None:
        seen.update(args=args, prog_name=prog_name, env=dict(os.environ))
        raise SystemExit(0)

    monkeypatch.setattr(streamlit_cli, "main", fake_main)
    # recorded, so the variable the command sets for the server is undone after the test
    monkeypatch.setenv(CATALOGUE_ENV, "")
    own = _own_catalogue(tmp_path / "mine", 321)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit):
        main(["--catalogue", "mine", "app", "--server.headless", "true"])
    args = seen["args"]
    assert isinstance(args, list)
    assert args[:2] == ["run", str(REPO / "app.py")]
    assert args[-2:] == ["--server.headless", "true"]
    assert seen["prog_name"] == "streamlit"
    env = seen["env"]
    assert isinstance(env, dict)
    assert env[CATALOGUE_ENV] == str(own.resolve())


def test_planner_app_checks_the_catalogue_before_starting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from streamlit.web import cli as streamlit_cli

    def fake_main(*_: object, **__: object) -> None:
        raise AssertionError("the app must not start on a broken catalogue")

    monkeypatch.setattr(streamlit_cli, "main", fake_main)
    own = _own_catalogue(tmp_path / "mine", 321)
    (own / "plans.toml").unlink()
    assert main(["--catalogue", str(own), "app"]) == 2
    assert "has no plans.toml" in capsys.readouterr().err


def test_other_commands_still_refuse_unknown_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["report", "default", "--server.port", "1"])
    assert done.value.code == 2
    assert "unrecognized arguments: --server.port 1" in capsys.readouterr().err


@pytest.mark.parametrize(
    "code",
    [
        "main(['--version'])",
        "main(['presets'])",
        "from planner.cli.app import app_command; app_command([])",
    ],
)
def test_light_commands_load_no_heavy_library(code: str) -> None:
    """``--version``, ``presets`` and the start of ``app`` (before Streamlit replaces the
    process) load none of pandas, plotly, openpyxl, xlsxwriter or streamlit."""
    heavy = ("pandas", "plotly", "openpyxl", "xlsxwriter", "streamlit")
    script = (
        "import sys\n"
        "from planner.cli import main\n"
        "try:\n"
        f"    {code}\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print('LOADED', *[m for m in {heavy!r} if m in sys.modules])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.splitlines()[-1] == "LOADED"


@pytest.mark.parametrize("name", ["planner.cli.app", "planner.cli.presets"])
def test_docstring_examples(name: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0


def test_a_reader_that_leaves_early_gets_no_traceback() -> None:
    """``planner presets | head -1``: the pipe is closed before the command writes (it is
    still importing), so the write fails; the command stops quietly with status 141."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "planner.cli", "presets"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    proc.stdout.close()
    _, err = proc.communicate(timeout=120)
    assert err.decode() == ""
    assert proc.returncode == 141
