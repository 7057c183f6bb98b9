"""The built wheel works on its own: installed into a fresh virtual environment outside the
checkout, with the working directory outside it too, the ``planner`` command finds its bundled
catalogues and presets and starts the web app.

The sdist is built first and the wheel is built from it (``uv build``'s default), so the test
also proves the sdist carries everything the wheel needs. The fresh environment is pinned to
``uv.lock`` (``uv export`` as constraints): CI checks the versions the project locks, and the
uv cache makes the install quick.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import time
import tomllib
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
COMMAND_TIMEOUT_S = 300.0
APP_START_TIMEOUT_S = 120.0


def _uv() -> str:
    """The uv executable: ``uv run`` names itself in ``UV``; else the one on PATH."""
    found = os.environ.get("UV") or shutil.which("uv")
    if not found:
        pytest.fail("uv not found (neither $UV nor uv on PATH): cannot build the wheel")
    return found


def _run(cmd: list[str | Path], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(c) for c in cmd],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT_S,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(
            f"{' '.join(map(str, cmd))} exited with {done.returncode}\n"
            f"--- stdout ---\n{done.stdout}\n--- stderr ---\n{done.stderr}",
            pytrace=False,
        )
    return done.stdout


@dataclass(frozen=True)
class Installed:
    """A fresh environment with the wheel installed, and a working folder outside the repo."""

    bin_dir: Path
    work: Path
    env: dict[str, str]
    dist: Path

    def planner(self, *args: str) -> str:
        return _run([self.bin_dir / "planner", *args], self.work, self.env)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    root = tmp_path_factory.mktemp("wheel")
    assert REPO not in root.resolve().parents, "the install must be outside the checkout"
    uv = _uv()
    env = {
        k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "UV_PROJECT")
    }
    dist, venv, work = root / "dist", root / "venv", root / "work"
    work.mkdir()
    _run([uv, "build", "--quiet", "--out-dir", dist, REPO], root, env)
    constraints = root / "constraints.txt"
    export = [uv, "export", "--quiet", "--frozen", "--no-dev", "--no-emit-project"]
    _run([*export, "--no-hashes", "--project", REPO, "--output-file", constraints], root, env)
    _run([uv, "venv", "--quiet", "--python", sys.executable, venv], root, env)
    python = venv / "bin" / "python"
    wheels = sorted(dist.glob("*.whl"))
    assert len(wheels) == 1, wheels
    _run(
        [uv, "pip", "install", "--quiet", "--python", python, "-c", constraints, wheels[0]],
        root,
        env,
    )
    yield Installed(venv / "bin", work, {**env, "PATH": f"{venv / 'bin'}:{env['PATH']}"}, dist)
    # A full environment is a few hundred MB: do not leave it in the temporary folder.
    shutil.rmtree(root, ignore_errors=True)


def _presets() -> dict[str, str]:
    """Each preset file of the checkout by stem, with its scenario name."""
    out = {}
    for path in sorted((REPO / "scenarios").glob("*.toml")):
        with path.open("rb") as fh:
            out[path.stem] = str(tomllib.load(fh)["name"])
    return out


@pytest.mark.slow
def test_the_archives_carry_the_catalogues_and_presets(installed: Installed) -> None:
    """Both archives hold every data file and preset, byte for byte as in the checkout."""
    wanted = {f"data/{p.name}" for p in (REPO / "data").glob("*.toml")}
    wanted |= {f"scenarios/{p.name}" for p in (REPO / "scenarios").glob("*.toml")}
    assert len(wanted) > 3
    (wheel,) = installed.dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as zf:
        for name in wanted:
            assert zf.read(f"planner/_bundled/{name}") == (REPO / name).read_bytes(), name
    (sdist,) = installed.dist.glob("*.tar.gz")
    with tarfile.open(sdist) as tf:
        members = {m.name.split("/", 1)[1] for m in tf.getmembers() if "/" in m.name}
    assert wanted <= members


@pytest.mark.slow
def test_the_installed_package_runs_from_its_own_files(installed: Installed) -> None:
    """The code that runs is the installed copy, not the checkout (cwd and path are elsewhere)."""
    where = _run(
        [installed.bin_dir / "python", "-c", "import planner, ui; print(planner.__file__)"],
        installed.work,
        installed.env,
    )
    assert REPO not in Path(where.strip()).resolve().parents
    assert installed.bin_dir.parent in Path(where.strip()).resolve().parents


@pytest.mark.slow
def test_version_presets_report_and_fit_work_anywhere(installed: Installed) -> None:
    with (REPO / "pyproject.toml").open("rb") as fh:
        version = tomllib.load(fh)["project"]["version"]
    assert installed.planner("--version").strip() == f"planner {version}"

    listed = installed.planner("presets")
    for stem, name in _presets().items():
        line = next((ln for ln in listed.splitlines() if ln.split()[:1] == [stem]), None)
        assert line is not None, f"{stem} missing from:\n{listed}"
        assert name in line
    # It shows where the installed copies are, to be copied and edited.
    assert f"{installed.bin_dir.parent}/lib/" in listed.splitlines()[-1]

    # The default preset's in-house TCO, as the checkout's engine computes it from the
    # checkout's files: the installed copy must print the same figure from its bundled files.
    from planner.engine.projection import project_scenario
    from planner.engine.summary import summarise
    from planner.model.files import load_scenario

    summary = summarise(project_scenario(load_scenario(REPO / "scenarios" / "default.toml")))
    report = installed.planner("report", "default")
    assert report.startswith(_presets()["default"] + ":")
    # The summary table's first column is 44 characters: the option, maybe marked * or !.
    rows = {ln[:44].rstrip().rstrip("*!"): ln[44:].split() for ln in report.splitlines()}
    for option, tco in zip(summary.options, summary.tco[0], strict=True):
        assert rows[option[:44]][0] == f"{round(float(tco)):,}", option

    fit = installed.planner("fit", "default")
    assert "In-house Exchange" in fit


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _health(port: int) -> bytes:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
            body: bytes = r.read()
            return body.strip()
    except (urllib.error.URLError, OSError):
        return b""


@pytest.mark.slow
def test_planner_app_serves_the_installed_app(installed: Installed) -> None:
    """``planner app`` starts Streamlit on the installed app script until its health check
    answers ok; the server is stopped (its whole process group) whatever happens."""
    port = _free_port()
    log_path = installed.work / "app.log"
    cmd = [
        str(installed.bin_dir / "planner"),
        "app",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
    ]
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            cmd,
            cwd=installed.work,
            env=installed.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + APP_START_TIMEOUT_S
            while _health(port) != b"ok":
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        f"`{' '.join(cmd)}` did not answer ok on /_stcore/health (exit "
                        f"{proc.poll()}):\n{log_path.read_text(errors='replace')}",
                        pytrace=False,
                    )
                time.sleep(0.3)
        finally:
            _stop(proc)
    # The settings of the checkout's .streamlit/config.toml travel with the command.
    assert "127.0.0.1" in log_path.read_text(errors="replace")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Terminate the process group the test started, then kill it if it lingers."""
    for sig, wait_s in ((signal.SIGTERM, 15.0), (signal.SIGKILL, 15.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=wait_s)
            break
        except subprocess.TimeoutExpired:
            continue


@pytest.mark.slow
def test_the_installed_app_renders_the_default_preset(installed: Installed) -> None:
    """The installed app script renders its first page, from the bundled files, without an
    error (Streamlit's AppTest in the fresh environment: the health check alone does not run
    the script)."""
    code = (
        "import os\n"
        "os.environ['PLANNER_GUIDED_START'] = 'off'  # the example's page, as a link opens\n"
        "from streamlit.testing.v1 import AppTest\n"
        "from planner.cli.app import app_script\n"
        "at = AppTest.from_file(str(app_script()), default_timeout=120).run()\n"
        "assert not at.exception, [e.value for e in at.exception]\n"
        "assert not at.error, [e.value for e in at.error]\n"
        "print('METRICS', len(at.metric))\n"
    )
    out = _run([installed.bin_dir / "python", "-c", code], installed.work, installed.env)
    assert int(out.split("METRICS")[-1]) > 0
