"""Fuzzing the scenario loader: it returns a Scenario or raises a ScenarioError, nothing else.

A fixed budget (``FUZZ``: 300 derandomized examples per test, no example database) keeps CI
stable. Inputs: arbitrary bytes and text, valid files with bytes spliced in, random TOML
tables (mostly real field names, values of every TOML type including nan, inf, -0.0, huge
integers, dates and times), and real field paths set to random values.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import example, given
from hypothesis import strategies as st
from strategies import FUZZ, field_assignments, toml_documents

from planner.errors import ScenarioError
from planner.model.files import from_data, parse_text
from planner.model.scenario import Scenario

pytestmark = pytest.mark.slow  # fuzzing the loader: seconds each

REPO_ROOT = Path(__file__).resolve().parents[2]
PRESETS = sorted((REPO_ROOT / "scenarios").glob("*.toml"))
PRESET_BYTES = [p.read_bytes() for p in PRESETS]


def _load_or_clear_error(load: Any, *args: Any) -> Scenario | None:
    """Call the loader; accept a Scenario or a ScenarioError with a message, nothing else.

    (That every message is one line is tested in test_hostile_files.py; keys with line
    breaks are a known exception there.)
    """
    try:
        result = load(*args)
    except ScenarioError as exc:
        message = str(exc)
    else:
        assert isinstance(result, Scenario)
        return result
    assert message, "an error needs a message"
    return None


def _toml(data: dict[str, Any]) -> str | None:
    """The mapping as TOML text, or None when TOML cannot express it."""
    try:
        return tomli_w.dumps(data)
    except (TypeError, ValueError):
        return None


@FUZZ
@given(st.binary(max_size=4096))
@example(b"")
@example(b"\xff\xfe")
@example(b"\xef\xbb\xbf")
@example(b"[[plans]]\n")
@example(b"[organisation]\nusers = 0x10\n")
def test_arbitrary_bytes(raw: bytes) -> None:
    _load_or_clear_error(parse_text, raw, "fuzz.toml")


@FUZZ
@given(st.text(max_size=2048))
@example("name = '\u0000'")
@example("[a]\n[a]\n")
@example("a.b = 1\na = 2\n")
def test_arbitrary_text(text: str) -> None:
    _load_or_clear_error(parse_text, text, "fuzz.toml")


@FUZZ
@given(
    st.sampled_from(range(len(PRESET_BYTES))),
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=0, max_value=64),
    st.binary(max_size=32),
)
def test_presets_with_bytes_spliced_in(which: int, at: int, cut: int, insert: bytes) -> None:
    raw = PRESET_BYTES[which]
    at %= len(raw) + 1
    _load_or_clear_error(parse_text, raw[:at] + insert + raw[at + cut :], "spliced.toml")


@FUZZ
@given(toml_documents)
def test_random_tables(data: dict[str, Any]) -> None:
    _load_or_clear_error(from_data, data, "fuzz")
    text = _toml(data)
    if text is not None:
        _load_or_clear_error(parse_text, text, "fuzz.toml")


@FUZZ
@given(field_assignments())
@example({"organisation": {"users": -0.0}})
@example({"organisation": {"horizon_years": float("nan")}})
@example({"plans": [{"max_users": 10**30}]})
def test_real_fields_with_random_values(data: dict[str, Any]) -> None:
    _load_or_clear_error(from_data, data, "fuzz")
    text = _toml(data)
    if text is not None:
        _load_or_clear_error(parse_text, text, "fuzz.toml")
